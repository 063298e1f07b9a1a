// forward() and forwardUpgrade() between real node:http / node:http2 servers on 127.0.0.1.
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import { createServer as createH2Server, type Http2Server } from 'node:http2';
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { Endpoint } from '../endpoints/endpoints.js';
import { forward, ForwardOutcome, type ForwardOptions } from './forward.js';
import type { RequestTimeouts } from './timeouts.js';
import { forwardUpgrade } from './upgrade.js';
import { UpstreamPool } from './upstream-pool.js';

const servers: (Server | Http2Server)[] = [];
const sockets = new Set<Socket>();
const pool = new UpstreamPool();

afterAll(async () => {
  pool.close();
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

async function listen<S extends Server | Http2Server>(server: S): Promise<number> {
  servers.push(server);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function backend(handler: RequestListener): Promise<Endpoint> {
  return { address: '127.0.0.1', port: await listen(createServer(handler)), protocol: 'http1' };
}

interface Ended {
  status: number;
  outcome: string;
  kind?: string;
}

/** A gateway that forwards everything to `target`; `ended` collects onEnd reports. */
async function gateway(target: Endpoint, timeouts: Partial<RequestTimeouts> = {}, extra: Partial<ForwardOptions> = {}): Promise<{ port: number; ended: Ended[] }> {
  const ended: Ended[] = [];
  const options: ForwardOptions = {
    pool,
    timeouts: { totalMs: 10_000, responseStartMs: 0, idleMs: 0, ...timeouts },
    onEnd: (status, outcome, kind) => ended.push({ status, outcome, ...(kind ? { kind } : {}) }),
    ...extra,
  };
  const server = createServer((req, res) => forward(req, res, target, options));
  server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => forwardUpgrade({ req, socket, head }, target, { headers: extra.headers }));
  return { port: await listen(server), ended };
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  complete: boolean;
  chunks: { at: number; text: string }[];
}

function call(port: number, options: { path?: string; method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const req = request({ host: '127.0.0.1', port, path: options.path ?? '/', method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      const chunks: { at: number; text: string }[] = [];
      res.on('data', (c: Buffer) => chunks.push({ at: Date.now() - started, text: c.toString('utf8') }));
      const done = (): void => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: chunks.map((c) => c.text).join(''), complete: res.complete, chunks });
      res.on('end', done);
      res.on('error', done);
      res.on('aborted', done);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const echo: RequestListener = (req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString('utf8')));
  req.on('end', () => {
    res.writeHead(201, { 'content-type': 'application/json', 'x-backend': 'yes' });
    res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body }));
  });
};

describe('forward over HTTP/1.1', () => {
  it('sends method, path, body and forwarding headers, and returns status, headers and body', async () => {
    const gw = await gateway(await backend(echo), {}, { headers: { set: { 'Knative-Serving-Revision': 'hello-00001' } } });
    const answer = await call(gw.port, { method: 'POST', path: '/a/b?c=d', headers: { host: 'hello.default.localhost', 'x-custom': '1', connection: 'keep-alive' }, body: 'payload' });
    expect(answer.status).toBe(201);
    expect(answer.headers['x-backend']).toBe('yes');
    const seen = JSON.parse(answer.body) as { method: string; url: string; body: string; headers: Record<string, string> };
    expect(seen).toMatchObject({ method: 'POST', url: '/a/b?c=d', body: 'payload' });
    expect(seen.headers).toMatchObject({
      host: 'hello.default.localhost',
      'x-custom': '1',
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'http',
      'x-forwarded-host': 'hello.default.localhost',
      forwarded: 'for=127.0.0.1;host=hello.default.localhost;proto=http',
      'knative-serving-revision': 'hello-00001',
    });
    expect(gw.ended).toEqual([{ status: 201, outcome: ForwardOutcome.completed }]);
  });

  it('streams the response as the backend writes it', async () => {
    const gw = await gateway(
      await backend((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('first;');
        setTimeout(() => res.end('second'), 300);
      }),
    );
    const answer = await call(gw.port);
    expect(answer.body).toBe('first;second');
    expect(answer.chunks[0]?.text).toBe('first;');
    expect(answer.chunks.length).toBeGreaterThanOrEqual(2);
  });

  it('sends the head of a silent streaming response before its body', async () => {
    let release: () => void = () => undefined;
    const gw = await gateway(
      await backend((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.flushHeaders();
        release = () => res.end('late');
      }),
    );
    const head = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: gw.port, path: '/', agent: false }, resolve);
      req.on('error', reject);
      req.end();
    });
    expect(head.statusCode).toBe(200);
    const body = new Promise<string>((resolve) => {
      let text = '';
      head.on('data', (c: Buffer) => (text += c.toString('utf8')));
      head.on('end', () => resolve(text));
    });
    release();
    expect(await body).toBe('late');
  });

  it('keeps repeated request headers, and frames a bodiless POST with content-length 0', async () => {
    const seen: { headers: string[]; method: string }[] = [];
    const gw = await gateway(
      await backend((req, res) => {
        seen.push({ method: req.method ?? '', headers: req.rawHeaders });
        res.end('ok');
      }),
    );
    // A raw request: node's own client would frame even an empty POST body.
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(gw.port, '127.0.0.1', () => socket.write('POST / HTTP/1.1\r\nHost: h\r\nX-Tag: a\r\nX-Tag: b\r\nConnection: close\r\n\r\n'));
      let text = '';
      socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(reply.startsWith('HTTP/1.1 200')).toBe(true);
    const pairs = (seen[0]?.headers ?? []).flatMap((value, i, all) => (i % 2 === 0 ? [`${value.toLowerCase()}: ${all[i + 1] ?? ''}`] : []));
    expect(pairs).toEqual(expect.arrayContaining(['x-tag: a', 'x-tag: b', 'content-length: 0']));
    expect(pairs).not.toContain('transfer-encoding: chunked');
  });

  it('answers 502 naming the endpoint when the upstream refuses the connection', async () => {
    const closed = await listen(createServer());
    await new Promise((resolve) => servers.pop()?.close(resolve));
    const gw = await gateway({ address: '127.0.0.1', port: closed, protocol: 'http1' });
    const answer = await call(gw.port);
    expect(answer.status).toBe(502);
    expect(answer.body).toBe(`upstream error: ECONNREFUSED talking to 127.0.0.1:${closed}: connect ECONNREFUSED 127.0.0.1:${closed}`);
    expect(gw.ended).toEqual([{ status: 502, outcome: ForwardOutcome.upstreamError }]);
  });
});

describe('forward timeouts (API.md §10)', () => {
  const sleepy = (ms: number): RequestListener => (_req, res) => {
    const timer = setTimeout(() => res.end('late'), ms);
    res.on('close', () => clearTimeout(timer));
  };

  it('answers 504 "request timeout" at the total deadline when nothing was written', async () => {
    const gw = await gateway(await backend(sleepy(5000)), { totalMs: 300 });
    const answer = await call(gw.port);
    expect({ status: answer.status, body: answer.body }).toEqual({ status: 504, body: 'request timeout' });
    expect(gw.ended).toEqual([{ status: 504, outcome: ForwardOutcome.timedOut, kind: 'total' }]);
  });

  it('keeps the status and cuts the body at the total deadline once the response started', async () => {
    const gw = await gateway(
      await backend((_req, res) => {
        res.writeHead(200);
        res.write('begun;');
        const timer = setTimeout(() => res.end('never'), 5000);
        res.on('close', () => clearTimeout(timer));
      }),
      { totalMs: 300 },
    );
    const answer = await call(gw.port);
    expect({ status: answer.status, body: answer.body }).toEqual({ status: 200, body: 'begun;' });
    expect(gw.ended).toEqual([{ status: 200, outcome: ForwardOutcome.timedOut, kind: 'total' }]);
  });

  it('drops the connection of a sized response cut at the deadline, so the client sees it incomplete', async () => {
    const gw = await gateway(
      await backend((_req, res) => {
        res.writeHead(200, { 'content-length': '100' });
        res.write('begun;');
        const timer = setTimeout(() => res.end('x'.repeat(94)), 5000);
        res.on('close', () => clearTimeout(timer));
      }),
      { totalMs: 300 },
    );
    const answer = await call(gw.port);
    expect({ status: answer.status, body: answer.body, complete: answer.complete }).toEqual({ status: 200, body: 'begun;', complete: false });
  });

  it('answers 504 at the response-start deadline', async () => {
    const gw = await gateway(await backend(sleepy(5000)), { responseStartMs: 200 });
    const answer = await call(gw.port);
    expect({ status: answer.status, body: answer.body }).toEqual({ status: 504, body: 'request timeout' });
    expect(gw.ended[0]?.kind).toBe('responseStart');
  });

  it('cuts a response that stays idle longer than the idle timeout, but not one that keeps writing', async () => {
    const gw = await gateway(
      await backend((req, res) => {
        res.writeHead(200);
        let n = 0;
        const interval = setInterval(() => {
          n += 1;
          if (req.url === '/steady' && n >= 6) {
            clearInterval(interval);
            res.end('end');
          } else if (req.url === '/steady' || n === 1) res.write(`${n};`);
        }, 100);
        res.on('close', () => clearInterval(interval));
      }),
      { idleMs: 350 },
    );
    const steady = await call(gw.port, { path: '/steady' });
    expect(steady.body).toBe('1;2;3;4;5;end');
    const stalled = await call(gw.port, { path: '/stall' });
    expect({ status: stalled.status, body: stalled.body }).toEqual({ status: 200, body: '1;' });
  });
});

describe('forward to h2c and upgrades', () => {
  it('speaks HTTP/2 cleartext with prior knowledge to an h2c endpoint', async () => {
    const h2 = createH2Server((req, res) => {
      res.setHeader('x-http-version', req.httpVersion);
      res.end(`h2 ${req.method} ${req.url} ${String(req.headers[':authority'])} ${String(req.headers['x-forwarded-for'])}`);
    });
    const target: Endpoint = { address: '127.0.0.1', port: await listen(h2), protocol: 'h2c' };
    const gw = await gateway(target);
    const answer = await call(gw.port, { path: '/x', headers: { host: 'hello.example' } });
    expect(answer.status).toBe(200);
    expect(answer.headers['x-http-version']).toBe('2.0');
    expect(answer.body).toBe('h2 GET /x hello.example 127.0.0.1');
  });

  it('pipes a WebSocket-style upgrade both ways', async () => {
    const upstream = createServer();
    upstream.on('upgrade', (req: IncomingMessage, socket) => {
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nupgrade: echo\r\nconnection: Upgrade\r\nx-seen-xff: ${String(req.headers['x-forwarded-for'])}\r\n\r\n`);
      socket.on('data', (chunk: Buffer) => socket.write(`echo:${chunk.toString('utf8')}`));
    });
    const gw = await gateway({ address: '127.0.0.1', port: await listen(upstream), protocol: 'http1' });
    const socket = connect(gw.port, '127.0.0.1');
    sockets.add(socket);
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('utf8');
      if (received.endsWith('\r\n\r\n')) socket.write('ping');
    });
    socket.write('GET /ws HTTP/1.1\r\nhost: h\r\nconnection: Upgrade\r\nupgrade: echo\r\n\r\n');
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (received.includes('echo:ping')) {
          clearInterval(check);
          resolve();
        }
      }, 10);
    });
    socket.destroy();
    expect(received).toMatch(/^HTTP\/1.1 101 Switching Protocols\r\n/);
    expect(received).toContain('x-seen-xff: 127.0.0.1');
    expect(received.endsWith('echo:ping')).toBe(true);
  });

  it('answers an upgrade with 502 when the upstream is down', async () => {
    const closed = await listen(createServer());
    await new Promise((resolve) => servers.pop()?.close(resolve));
    const gw = await gateway({ address: '127.0.0.1', port: closed, protocol: 'http1' });
    const socket = connect(gw.port, '127.0.0.1');
    sockets.add(socket);
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
    socket.write('GET /ws HTTP/1.1\r\nhost: h\r\nconnection: Upgrade\r\nupgrade: websocket\r\n\r\n');
    await new Promise((resolve) => socket.on('close', resolve));
    expect(received).toMatch(/^HTTP\/1.1 502 Bad Gateway\r\n/);
    expect(received).toContain(`upstream error: ECONNREFUSED talking to 127.0.0.1:${closed}`);
  });
});
