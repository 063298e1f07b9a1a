import { PassThrough } from 'node:stream';
import { readBoundedBody } from './request-body.js';

describe('readBoundedBody', () => {
  const bytes = (n: number): Buffer => Buffer.alloc(n, 0x78);
  /** A request body stream with the headers readBoundedBody looks at. */
  const request = (headers: Record<string, string> = {}): PassThrough & { headers: Record<string, string> } => Object.assign(new PassThrough(), { headers });

  // `ends: false`: the body never ends, so only giving up past limit + discard settles the read.
  it.each<{ name: string; chunks: readonly number[]; ends: boolean; limit: number; discard: number; body: string | undefined; length?: string }>([
    { name: 'a body within the limit', chunks: [3, 4], ends: true, limit: 8, discard: 4, body: 'xxxxxxx' },
    { name: 'a body of exactly the limit', chunks: [8], ends: true, limit: 8, discard: 4, body: 'xxxxxxxx' },
    { name: 'an empty body', chunks: [], ends: true, limit: 8, discard: 4, body: '' },
    { name: 'a body over the limit: drained to its end', chunks: [6, 6], ends: true, limit: 8, discard: 4, body: undefined },
    { name: 'a body with no room: drained to its end', chunks: [2, 2], ends: true, limit: 0, discard: 8, body: undefined },
    { name: 'a body past limit and discard: cut before it ends', chunks: [8, 5], ends: false, limit: 8, discard: 4, body: undefined },
    { name: 'a body announced within the limit', chunks: [3, 4], ends: true, limit: 8, discard: 4, body: 'xxxxxxx', length: '7' },
    { name: 'a body announced over the limit: drained to its end, none kept', chunks: [2, 2], ends: true, limit: 8, discard: 8, body: undefined, length: '12' },
    { name: 'a body announced over the limit: cut after discard bytes', chunks: [5], ends: false, limit: 8, discard: 4, body: undefined, length: '12' },
  ])('$name', async ({ chunks, ends, limit, discard, body, length }) => {
    const stream = request(length === undefined ? {} : { 'content-length': length });
    let settled = false;
    const read = readBoundedBody(stream as never, { limit, discard }).finally(() => (settled = true));
    for (const size of chunks) stream.write(bytes(size));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(!ends);
    if (ends) stream.end();
    expect((await read)?.toString('utf8')).toBe(body);
    expect(stream.listenerCount('data')).toBe(0);
  });

  it('cuts the connection once limit + discard bytes came', async () => {
    const stream = request();
    const read = readBoundedBody(stream as never, { limit: 8, discard: 4 });
    stream.write(bytes(12));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stream.destroyed).toBe(false);
    stream.write(bytes(1));
    await expect(read).resolves.toBeUndefined();
    expect(stream.destroyed).toBe(true);
  });

  it('rejects when the client goes away before the body ends', async () => {
    const stream = request();
    const read = readBoundedBody(stream as never, { limit: 8, discard: 4 });
    stream.write(bytes(2));
    stream.destroy();
    await expect(read).rejects.toThrow('the client closed the connection before the body ended');
  });
});
