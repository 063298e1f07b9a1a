import { connect, createServer, type Server, type Socket } from 'node:net';
import { pino } from 'pino';
import type { Backend } from './backends.js';
import { TcpProxy } from './tcp-proxy.js';

const HOST = '127.0.0.1';
const logger = pino({ level: 'silent' });
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A backend server on 127.0.0.1; `handle` runs per connection. */
async function backendServer(handle: (socket: Socket) => void): Promise<Backend> {
  const server = createServer({ allowHalfOpen: true }, handle);
  await new Promise<void>((resolve) => server.listen({ host: HOST, port: 0 }, resolve));
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  cleanups.push(() => closeServer(server, sockets));
  return { host: HOST, port: (server.address() as { port: number }).port };
}

function closeServer(server: Server, sockets: Set<Socket>): Promise<void> {
  for (const socket of sockets) socket.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A backend that writes its name and ends. */
function named(name: string): Promise<Backend> {
  return backendServer((socket) => socket.end(name));
}

/** A port nothing listens on. */
async function deadPort(): Promise<Backend> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen({ host: HOST, port: 0 }, resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return { host: HOST, port };
}

async function proxyTo(backends: () => readonly Backend[]): Promise<TcpProxy> {
  const proxy = await TcpProxy.listen({ host: HOST, port: 0, backends, logger });
  cleanups.push(() => proxy.close());
  return proxy;
}

/** Connects, sends `input` (then ends, if asked), and resolves with everything received and how it ended. */
function exchange(port: number, input = '', end = true): Promise<{ received: string; error?: string }> {
  return new Promise((resolve) => {
    const socket = connect({ host: HOST, port, allowHalfOpen: true });
    let received = '';
    let error: string | undefined;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    socket.on('close', () => resolve(error === undefined ? { received } : { received, error }));
    socket.on('end', () => socket.end());
    socket.on('connect', () => (end ? socket.end(input) : socket.write(input)));
  });
}

describe('TcpProxy', () => {
  it('sends connections round robin across the backends', async () => {
    const backends = [await named('a'), await named('b'), await named('c')];
    const proxy = await proxyTo(() => backends);
    const answers: string[] = [];
    for (let i = 0; i < 6; i++) answers.push((await exchange(proxy.port)).received);
    expect(answers).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
  });

  it('passes a half-close through: the backend answers after the client ended its side', async () => {
    const backend = await backendServer((socket) => {
      let total = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (total += chunk));
      socket.on('end', () => socket.end(`got ${total.length} bytes: ${total.slice(0, 5)}`));
    });
    const proxy = await proxyTo(() => [backend]);
    const payload = 'hello'.repeat(50_000);
    expect(await exchange(proxy.port, payload)).toEqual({ received: 'got 250000 bytes: hello' });
  });

  it('pipes bytes both ways while both sides stay open', async () => {
    const backend = await backendServer((socket) => socket.pipe(socket));
    const proxy = await proxyTo(() => [backend]);
    const echoed = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: HOST, port: proxy.port });
      socket.setEncoding('utf8');
      socket.once('data', (chunk: string) => {
        resolve(chunk);
        socket.destroy();
      });
      socket.on('error', reject);
      socket.write('ping');
    });
    expect(echoed).toBe('ping');
  });

  it('tries the next backend when one refuses', async () => {
    const backends = [await deadPort(), await named('live')];
    const proxy = await proxyTo(() => backends);
    const answers = [await exchange(proxy.port), await exchange(proxy.port), await exchange(proxy.port)];
    expect(answers).toEqual([{ received: 'live' }, { received: 'live' }, { received: 'live' }]);
  });

  it.each([
    { name: 'no backend', backends: (): Promise<Backend[]> => Promise.resolve([]) },
    { name: 'only refusing backends', backends: async (): Promise<Backend[]> => [await deadPort(), await deadPort()] },
  ])('resets the client when there is $name', async ({ backends }) => {
    const list = await backends();
    const proxy = await proxyTo(() => list);
    expect(await exchange(proxy.port, 'hello', false)).toEqual({ received: '', error: 'ECONNRESET' });
  });

  it('reads the backends for every connection', async () => {
    const [a, b] = [await named('a'), await named('b')];
    let current = [a];
    const proxy = await proxyTo(() => current);
    expect((await exchange(proxy.port)).received).toBe('a');
    current = [b];
    expect((await exchange(proxy.port)).received).toBe('b');
  });

  it('on close stops listening and ends open connections', async () => {
    const backend = await backendServer(() => undefined);
    const proxy = await TcpProxy.listen({ host: HOST, port: 0, backends: () => [backend], logger });
    const open = exchange(proxy.port, 'hi', false);
    await new Promise((resolve) => setImmediate(resolve));
    await proxy.close();
    expect((await open).received).toBe('');
    expect(await exchange(proxy.port)).toEqual({ received: '', error: 'ECONNREFUSED' });
  });

  it('rejects with EADDRINUSE when the port is taken', async () => {
    const first = await proxyTo(() => []);
    await expect(TcpProxy.listen({ host: HOST, port: first.port, backends: () => [], logger })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
