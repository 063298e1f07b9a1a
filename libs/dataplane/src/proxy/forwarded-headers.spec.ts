import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { clientAddress, forwardRequestHeaders, forwardRequestRawHeaders, forwardResponseHeaders, makeForwarded, type ClientInfo, type ForwardHeaderOptions } from './forwarded-headers.js';

const CLIENT: ClientInfo = { address: '::ffff:10.0.0.7', proto: 'http' };

interface HeaderCase {
  name: string;
  incoming: IncomingHttpHeaders;
  client?: ClientInfo;
  options?: ForwardHeaderOptions;
  want: OutgoingHttpHeaders;
}

const CASES: HeaderCase[] = [
    {
      name: 'a first hop: X-Forwarded-* and Forwarded set, hop-by-hop dropped',
      incoming: { host: 'hello.default.localhost', connection: 'keep-alive', 'keep-alive': 'timeout=5', te: 'trailers', accept: '*/*' },
      want: {
        host: 'hello.default.localhost',
        accept: '*/*',
        'x-forwarded-for': '10.0.0.7',
        'x-forwarded-proto': 'http',
        'x-forwarded-host': 'hello.default.localhost',
        forwarded: 'for=10.0.0.7;host=hello.default.localhost;proto=http',
      },
    },
    {
      name: 'a second hop: the client appended, existing proto/host kept, Forwarded for both hops',
      incoming: { host: 'h', 'x-forwarded-for': '1.2.3.4', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'outer' },
      want: {
        host: 'h',
        'x-forwarded-for': '1.2.3.4, 10.0.0.7',
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'outer',
        forwarded: 'for=1.2.3.4;host=outer;proto=https, for=10.0.0.7',
      },
    },
    {
      name: 'an IPv6 client is quoted in Forwarded; an existing Forwarded is kept',
      incoming: { host: 'h' },
      client: { address: 'fd00::5', proto: 'http' },
      want: { host: 'h', 'x-forwarded-for': 'fd00::5', 'x-forwarded-proto': 'http', 'x-forwarded-host': 'h', forwarded: 'for="[fd00::5]";host=h;proto=http' },
    },
    {
      name: 'headers named by Connection are dropped; set headers win; host rewritten',
      incoming: { host: 'h', connection: 'x-secret, close', 'x-secret': 's', forwarded: 'for=9.9.9.9', 'knative-serving-revision': 'spoofed' },
      options: { set: { 'Knative-Serving-Revision': 'hello-00001' }, host: 'inner' },
      want: { host: 'inner', forwarded: 'for=9.9.9.9', 'knative-serving-revision': 'hello-00001', 'x-forwarded-for': '10.0.0.7', 'x-forwarded-proto': 'http', 'x-forwarded-host': 'h' },
    },
    {
      name: 'an upgrade keeps Connection and Upgrade',
      incoming: { host: 'h', connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-key': 'k' },
      options: { keepUpgrade: true },
      want: { host: 'h', connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-key': 'k', 'x-forwarded-for': '10.0.0.7', 'x-forwarded-proto': 'http', 'x-forwarded-host': 'h', forwarded: 'for=10.0.0.7;host=h;proto=http' },
    },
];

/** A header object as a raw list with capitalised names (as clients send them). */
function toRaw(headers: IncomingHttpHeaders): string[] {
  return Object.entries(headers).flatMap(([name, value]) => [name.replace(/(^|-)[a-z]/g, (c) => c.toUpperCase()), String(value)]);
}

/** A raw list as a header object with lower-cased names. */
function fromRaw(raw: readonly string[]): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (let i = 0; i < raw.length; i += 2) out[(raw[i] as string).toLowerCase()] = raw[i + 1];
  return out;
}

describe('forwardRequestHeaders', () => {
  it.each(CASES)('$name', ({ incoming, client, options, want }) => {
    expect(forwardRequestHeaders(incoming, client ?? CLIENT, options)).toEqual(want);
  });
});

describe('forwardRequestRawHeaders', () => {
  it.each(CASES)('$name, on a raw list', ({ incoming, client, options, want }) => {
    const raw = forwardRequestRawHeaders(toRaw(incoming), client ?? CLIENT, options);
    expect(fromRaw(raw)).toEqual(want);
    expect(raw.length / 2).toBe(Object.keys(want).length);
  });

  it('keeps repeated headers and joins repeated X-Forwarded-For before appending the client', () => {
    const raw = ['Host', 'h', 'Cookie', 'a=1', 'X-Forwarded-For', '1.1.1.1', 'Cookie', 'b=2', 'x-forwarded-for', '2.2.2.2'];
    expect(forwardRequestRawHeaders(raw, CLIENT)).toEqual([
      'Host',
      'h',
      'Cookie',
      'a=1',
      'Cookie',
      'b=2',
      'x-forwarded-for',
      '1.1.1.1, 2.2.2.2, 10.0.0.7',
      'x-forwarded-proto',
      'http',
      'x-forwarded-host',
      'h',
      'forwarded',
      'for=1.1.1.1;host=h;proto=http, for=2.2.2.2, for=10.0.0.7',
    ]);
  });
});

describe('small helpers', () => {
  it.each([
    { name: 'IPv4-mapped', address: '::ffff:127.0.0.1', want: '127.0.0.1' },
    { name: 'plain IPv4', address: '127.0.0.1', want: '127.0.0.1' },
    { name: 'IPv6', address: '::1', want: '::1' },
    { name: 'unknown', address: undefined, want: '' },
  ])('clientAddress of $name', ({ address, want }) => {
    expect(clientAddress(address)).toBe(want);
  });

  it('makeForwarded puts host and proto on the first element only', () => {
    expect(makeForwarded(['1.1.1.1', '::1'], 'h', 'https')).toBe('for=1.1.1.1;host=h;proto=https, for="[::1]"');
  });

  it('forwardResponseHeaders drops hop-by-hop and pseudo-headers, keeps repeated ones', () => {
    expect(forwardResponseHeaders(['Content-Type', 'text/plain', 'Connection', 'keep-alive', 'Set-Cookie', 'a=1', 'Transfer-Encoding', 'chunked', ':status', '200', 'Set-Cookie', 'b=2'])).toEqual([
      'Content-Type',
      'text/plain',
      'Set-Cookie',
      'a=1',
      'Set-Cookie',
      'b=2',
    ]);
  });
});
