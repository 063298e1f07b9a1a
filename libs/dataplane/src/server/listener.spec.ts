import { Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { ServerResponse } from 'node:http';
import { answerText, DataPlaneListener } from './listener.js';

/** GET / on the listener; resolves with the status and body (status 0: the connection failed). */
function get(port: number, agent: Agent | false = false): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', () => resolve({ status: 0, body }));
    });
    req.on('error', () => resolve({ status: 0, body: '' }));
    req.end();
  });
}

interface Holding {
  readonly listener: DataPlaneListener;
  readonly waiting: ServerResponse[];
  readonly upgraded: Socket[];
  readonly inFlight: () => number;
  /** Answers the i-th request and counts it done at once, as the apps count theirs. */
  readonly answer: (i: number, status: number, body: string) => void;
}

/** A listener whose requests wait until the test answers them. */
async function holdingListener(): Promise<Holding> {
  const waiting: ServerResponse[] = [];
  const upgraded: Socket[] = [];
  let answered = 0;
  const listener = await DataPlaneListener.open({
    host: '127.0.0.1',
    port: 0,
    onRequest: (_req, res) => waiting.push(res),
    onUpgrade: (_req, socket) => upgraded.push(socket as Socket),
    onError: () => undefined,
  });
  const answer = (i: number, status: number, body: string): void => {
    waiting[i]!.writeHead(status).end(body);
    answered += 1;
  };
  return { listener, waiting, upgraded, inFlight: () => waiting.length - answered, answer };
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('DataPlaneListener', () => {
  it('serves on the port it reports and refuses a port in use', async () => {
    const { listener, waiting, answer } = await holdingListener();
    const got = get(listener.port!);
    await until(() => waiting.length === 1);
    answer(0, 200, 'hello');
    expect(await got).toEqual({ status: 200, body: 'hello' });
    await expect(DataPlaneListener.open({ host: '127.0.0.1', port: listener.port!, onRequest: () => undefined, onError: () => undefined })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await listener.drain({ boundMs: 0, inFlight: () => 0 });
  });

  it('lets a request in flight finish, closes idle keep-alive and upgraded connections, and reports nothing left', async () => {
    const { listener, waiting, inFlight, upgraded, answer } = await holdingListener();
    const port = listener.port!;
    const keepAlive = new Agent({ keepAlive: true });
    const idle = get(port, keepAlive);
    await until(() => waiting.length === 1);
    answer(0, 200, 'first');
    expect(await idle).toEqual({ status: 200, body: 'first' });
    const raw = connect(port, '127.0.0.1');
    raw.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n');
    const rawClosed = new Promise((resolve) => raw.once('close', resolve));
    await until(() => upgraded.length === 1);
    const slow = get(port);
    await until(() => waiting.length === 2);

    let atBound = 0;
    const drained = listener.drain({ boundMs: 5000, inFlight, atBound: () => (atBound += 1) });
    setTimeout(() => answer(1, 200, 'slow'), 100);
    expect(await slow).toEqual({ status: 200, body: 'slow' });
    expect(await drained).toBe(0);
    expect(atBound).toBe(1);
    await rawClosed;
    expect(await get(port)).toEqual({ status: 0, body: '' });
    keepAlive.destroy();
  });

  it('stops waiting at the bound, lets atBound answer what waits, and reports what was left', async () => {
    const { listener, waiting, inFlight, answer } = await holdingListener();
    const stuck = [get(listener.port!), get(listener.port!)];
    await until(() => waiting.length === 2);
    const left = await listener.drain({ boundMs: 100, inFlight, atBound: () => answer(0, 503, 'shutting down') });
    expect(left).toBe(1);
    expect(await Promise.all(stuck)).toEqual(expect.arrayContaining([{ status: 503, body: 'shutting down' }, { status: 0, body: '' }]));
  });
});

describe('answerText', () => {
  it('answers plain text with its length and extra headers, once, and not after the response began', async () => {
    const { listener, waiting } = await holdingListener();
    const got = new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve) => {
      request({ host: '127.0.0.1', port: listener.port!, path: '/', agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      }).end();
    });
    await until(() => waiting.length === 1);
    answerText(waiting[0]!, 503, 'queue is full ✓', { 'x-extra': 'yes' });
    answerText(waiting[0]!, 200, 'ignored');
    expect(await got).toMatchObject({ status: 503, body: 'queue is full ✓', headers: { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(Buffer.byteLength('queue is full ✓')), 'x-extra': 'yes' } });
    await listener.drain({ boundMs: 0, inFlight: () => 0 });
  });
});
