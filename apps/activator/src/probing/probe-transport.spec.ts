// The probe transport against real servers on 127.0.0.1.
import { createServer as createHttpServer, type IncomingHttpHeaders } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { Endpoint } from '@ebb/dataplane';
import { probeEndpoint, probeStatusPasses } from './probe-transport.js';
import { ProbeKind, TCP_PROBE, type ProbeSpec } from './probe-spec.js';

const servers: Server[] = [];
const sockets = new Set<Socket>();
const seen: { url: string; headers: IncomingHttpHeaders }[] = [];

async function listen(server: Server): Promise<Endpoint> {
  servers.push(server);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { address: '127.0.0.1', port: (server.address() as AddressInfo).port, protocol: 'http1' };
}

/** An HTTP server answering `status` for /status/<n>, recording what it saw. */
function statusServer(): Server {
  return createHttpServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    res.statusCode = Number(new URL(req.url ?? '/', 'http://probe').pathname.split('/')[2] ?? 200);
    res.end('x');
  });
}

/** A free port with nothing listening on it. */
async function closedEndpoint(): Promise<Endpoint> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return { address: '127.0.0.1', port, protocol: 'http1' };
}

const http = (path: string, headers: Record<string, string> = {}): ProbeSpec => ({ kind: ProbeKind.http, path, headers });

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

describe('probeStatusPasses', () => {
  it.each([
    { name: '199', status: 199, want: false },
    { name: '200', status: 200, want: true },
    { name: '302', status: 302, want: true },
    { name: '399', status: 399, want: true },
    { name: '400', status: 400, want: false },
    { name: '503', status: 503, want: false },
  ])('$name', ({ status, want }) => {
    expect(probeStatusPasses(status)).toBe(want);
  });
});

describe('probeEndpoint', () => {
  let httpEndpoint: Endpoint;
  let silentEndpoint: Endpoint;
  let refusing: Endpoint;

  beforeAll(async () => {
    httpEndpoint = await listen(statusServer());
    silentEndpoint = await listen(createTcpServer(() => undefined));
    refusing = await closedEndpoint();
  });

  it.each<{ name: string; endpoint: () => Endpoint; spec: ProbeSpec; want: boolean }>([
    { name: 'TCP: a listening port passes', endpoint: () => httpEndpoint, spec: TCP_PROBE, want: true },
    { name: 'TCP: a refused connection fails', endpoint: () => refusing, spec: TCP_PROBE, want: false },
    { name: 'HTTP: 200 passes', endpoint: () => httpEndpoint, spec: http('/status/200'), want: true },
    { name: 'HTTP: 302 passes', endpoint: () => httpEndpoint, spec: http('/status/302'), want: true },
    { name: 'HTTP: 503 fails', endpoint: () => httpEndpoint, spec: http('/status/503'), want: false },
    { name: 'HTTP: a refused connection fails', endpoint: () => refusing, spec: http('/'), want: false },
    { name: 'HTTP: a server that never answers fails at the timeout', endpoint: () => silentEndpoint, spec: http('/'), want: false },
  ])('$name', async ({ endpoint, spec, want }) => {
    expect(await probeEndpoint(endpoint(), spec, 200)).toBe(want);
  });

  it('sends the path and headers of the spec', async () => {
    seen.length = 0;
    expect(await probeEndpoint(httpEndpoint, http('/status/201?x=1', { 'x-probe': 'yes', 'user-agent': 'ebb-activator-probe' }), 1000)).toBe(true);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ url: '/status/201?x=1', headers: { 'x-probe': 'yes', 'user-agent': 'ebb-activator-probe' } });
  });
});
