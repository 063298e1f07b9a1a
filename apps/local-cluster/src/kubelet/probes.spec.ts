// Probes against real local HTTP and TCP servers; exec through a stand-in RunningContainer.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import type { V1Pod, V1Probe } from '@kubernetes/client-node';
import { encodePodPorts, POD_PORTS_ANNOTATION } from '@ebb/workloads';
import { pino } from 'pino';
import { GRPC_UNSUPPORTED, execCheck, httpGetCheck, probeUrl, ProbeWorker, resolveProbePort, runLifecycleHandler, runProbeAction, tcpSocketCheck, type ProbeResult, type ProbeTarget } from './probes.js';
import type { RunningContainer } from './runtime/runtime.js';

const silent = pino({ level: 'silent' });

function running(exec: RunningContainer['exec'] = () => Promise.resolve({ exitCode: 0, output: '', timedOut: false })): RunningContainer {
  return { id: 'process://1', startedAt: new Date(), exited: new Promise(() => undefined), signal: () => undefined, exec };
}

/** A pod whose container port 8080 (named `http`) is mapped to `hostPort`. */
function target(hostPort: number, exec?: RunningContainer['exec']): ProbeTarget {
  const pod: V1Pod = { metadata: { name: 'web-1', namespace: 'shop', annotations: { [POD_PORTS_ANNOTATION]: encodePodPorts({ '8080/TCP': hostPort }) } }, spec: { containers: [] } };
  return { pod, container: { name: 'app', ports: [{ name: 'http', containerPort: 8080 }, { name: 'admin', containerPort: 9090 }] }, podIP: '127.0.0.1', running: running(exec) };
}

interface TestServer {
  readonly server: Server;
  readonly port: number;
  status: number;
  /** Answer nothing (to test timeouts). */
  hang: boolean;
  readonly requests: { url: string; headers: IncomingHttpHeaders }[];
}

async function httpServer(): Promise<TestServer> {
  const state = { status: 200, hang: false, requests: [] as TestServer['requests'] };
  const server = createServer((req, res) => {
    state.requests.push({ url: req.url ?? '', headers: req.headers });
    if (!state.hang) res.writeHead(state.status, { location: '/elsewhere' }).end('body');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(state, { server, port: (server.address() as AddressInfo).port });
}

async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!check()) throw new Error('condition not reached');
}

describe('probe ports and URLs', () => {
  it.each<[string, number | string, number | { error: string }]>([
    ['a mapped number', 8080, 41000],
    ['an unmapped number', 7000, 7000],
    ['a name of a mapped port', 'http', 41000],
    ['a name of an unmapped port', 'admin', 9090],
    ['a number as a string', '7001', 7001],
    ['an unknown name', 'nope', { error: 'invalid port number: nope' }],
    ['out of range', 70000, { error: 'invalid port number: 70000' }],
  ])('%s', (_name, port, expected) => {
    expect(resolveProbePort(port, target(41000))).toEqual(expected);
  });

  it.each<[string, Partial<V1Probe['httpGet']>, string, string]>([
    ['default path and scheme', {}, '127.0.0.2', 'http://127.0.0.2:8081/'],
    ['path with query', { path: '/healthz?full=1' }, '127.0.0.2', 'http://127.0.0.2:8081/healthz?full=1'],
    ['https', { scheme: 'HTTPS', path: '/ready' }, '127.0.0.2', 'https://127.0.0.2:8081/ready'],
    ['IPv6 host', { path: '/' }, '::1', 'http://[::1]:8081/'],
  ])('URL: %s', (_name, action, host, expected) => {
    expect(probeUrl({ port: 8081, ...action }, host, 8081).href).toBe(expected);
  });
});

describe('probe checks', () => {
  let http: TestServer;
  beforeEach(async () => {
    http = await httpServer();
  });
  afterEach(async () => {
    http.server.closeAllConnections();
    await new Promise((resolve) => http.server.close(resolve));
  });

  it.each([
    [200, { ok: true, message: '' }],
    [302, { ok: true, message: '' }],
    [399, { ok: true, message: '' }],
    [404, { ok: false, message: 'HTTP probe failed with statuscode: 404' }],
    [500, { ok: false, message: 'HTTP probe failed with statuscode: 500' }],
  ])('httpGet answered %d', async (status, expected) => {
    http.status = status;
    await expect(httpGetCheck({ port: 'http', path: '/healthz' }, target(http.port), 1000)).resolves.toEqual(expected);
  });

  it('httpGet sends the path, the kubelet headers and the probe headers', async () => {
    await httpGetCheck({ port: 8080, path: '/ready', httpHeaders: [{ name: 'X-Probe', value: 'yes' }, { name: 'Accept', value: 'text/plain' }] }, target(http.port), 1000);
    expect(http.requests.map((r) => [r.url, r.headers['x-probe'], r.headers.accept])).toEqual([['/ready', 'yes', 'text/plain']]);
    expect(http.requests[0]?.headers['user-agent']).toMatch(/^kube-probe\/1\.\d+$/);
  });

  it('httpGet fails with the connect error on a closed port', async () => {
    const port = await closedPort();
    const check = await httpGetCheck({ port }, { ...target(1), podIP: '127.0.0.1' }, 1000);
    expect(check.ok).toBe(false);
    expect(check.message).toMatch(new RegExp(`^Get "http://127.0.0.1:${port}/": .*ECONNREFUSED`));
  });

  it('httpGet fails when the answer does not come within the timeout', async () => {
    http.hang = true;
    const check = await httpGetCheck({ port: 8080 }, target(http.port), 50);
    expect(check).toEqual({ ok: false, message: `Get "http://127.0.0.1:${http.port}/": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` });
  });

  it.each<[string, V1Probe, string]>([
    ['an httpGet host that makes no URL', { httpGet: { port: 8080, host: 'a b' } }, 'Invalid URL'],
    ['no handler at all', {}, 'missing probe handler for app'],
    ['gRPC', { grpc: { port: 9090 } }, GRPC_UNSUPPORTED],
  ])('a probe with %s fails without throwing', async (_name, probe, message) => {
    await expect(runProbeAction(probe, target(http.port), 100)).resolves.toEqual({ ok: false, message });
  });

  it('tcpSocket succeeds on a listening port and fails on a closed one', async () => {
    await expect(tcpSocketCheck({ port: 'http' }, target(http.port), 1000)).resolves.toEqual({ ok: true, message: '' });
    const port = await closedPort();
    const refused = await tcpSocketCheck({ port }, target(1), 1000);
    expect(refused.ok).toBe(false);
    expect(refused.message).toMatch(new RegExp(`^dial tcp 127.0.0.1:${port}: .*ECONNREFUSED`));
  });

  it.each<[string, Awaited<ReturnType<RunningContainer['exec']>>, { ok: boolean; message: string }]>([
    ['exit 0', { exitCode: 0, output: 'fine', timedOut: false }, { ok: true, message: 'fine' }],
    ['exit 1', { exitCode: 1, output: 'not ready', timedOut: false }, { ok: false, message: 'not ready' }],
    ['timed out', { exitCode: 137, output: '', timedOut: true }, { ok: false, message: 'command "cat /tmp/ready" timed out' }],
  ])('exec %s', async (_name, result, expected) => {
    const calls: [readonly string[], number][] = [];
    const check = await execCheck({ command: ['cat', '/tmp/ready'] }, target(1, (argv, timeoutMs) => (calls.push([argv, timeoutMs]), Promise.resolve(result))), 2000);
    expect(check).toEqual(expected);
    expect(calls).toEqual([[['cat', '/tmp/ready'], 2000]]);
  });
});

describe('ProbeWorker', () => {
  let http: TestServer;
  const workers: ProbeWorker[] = [];
  beforeEach(async () => {
    http = await httpServer();
  });
  afterEach(async () => {
    for (const worker of workers.splice(0)) worker.stop();
    http.server.closeAllConnections();
    await new Promise((resolve) => http.server.close(resolve));
  });

  function worker(kind: 'readiness' | 'liveness' | 'startup', probe: V1Probe, changes: [ProbeResult, string][], logger = silent): ProbeWorker {
    const created = new ProbeWorker({ kind, probe: { periodSeconds: 1, ...probe }, target: target(http.port), onChange: (result, message) => changes.push([result, message]), logger, secondMs: 10 });
    workers.push(created);
    return created;
  }

  it('readiness flips to success, then to failure after the failure threshold, reporting only flips', async () => {
    const changes: [ProbeResult, string][] = [];
    const readiness = worker('readiness', { httpGet: { port: 8080, path: '/ready' }, failureThreshold: 2 }, changes);
    expect(readiness.result).toBe('failure');
    readiness.start();
    await until(() => changes.length === 1);
    expect(readiness.result).toBe('success');
    await until(() => http.requests.length >= 3);
    http.status = 503;
    await until(() => changes.length === 2);
    expect(changes).toEqual([
      ['success', ''],
      ['failure', 'HTTP probe failed with statuscode: 503'],
    ]);
  });

  it('a failed liveness probe reports once and stops probing (the container will be restarted)', async () => {
    http.status = 500;
    const changes: [ProbeResult, string][] = [];
    const liveness = worker('liveness', { httpGet: { port: 'http' }, failureThreshold: 3 }, changes);
    expect(liveness.result).toBe('success');
    liveness.start();
    await until(() => changes.length === 1);
    expect(changes).toEqual([['failure', 'HTTP probe failed with statuscode: 500']]);
    expect(http.requests).toHaveLength(3);
  });

  it('a startup probe stops once it succeeds', async () => {
    const changes: [ProbeResult, string][] = [];
    const startup = worker('startup', { tcpSocket: { port: 8080 } }, changes);
    expect(startup.result).toBe('unknown');
    startup.start();
    await until(() => changes.length === 1);
    expect(changes).toEqual([['success', '']]);
    expect(startup.result).toBe('success');
  });

  it('stop() ends probing', async () => {
    const readiness = worker('readiness', { httpGet: { port: 8080 } }, []);
    readiness.start();
    await until(() => http.requests.length >= 2);
    readiness.stop();
    const seen = http.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(http.requests.length).toBeLessThanOrEqual(seen + 1);
  });

  it('a gRPC probe fails with a clear message, logged once', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
    const changes: [ProbeResult, string][] = [];
    const liveness = worker('liveness', { grpc: { port: 9090 }, failureThreshold: 2 }, changes, logger);
    liveness.start();
    await until(() => changes.length === 1);
    expect(changes).toEqual([['failure', GRPC_UNSUPPORTED]]);
    expect(lines.filter((line) => line.includes(GRPC_UNSUPPORTED))).toHaveLength(1);
  });
});

describe('runLifecycleHandler', () => {
  let http: TestServer;
  beforeEach(async () => {
    http = await httpServer();
  });
  afterEach(async () => {
    http.server.closeAllConnections();
    await new Promise((resolve) => http.server.close(resolve));
  });

  it('runs an httpGet hook against the mapped port', async () => {
    await runLifecycleHandler({ httpGet: { port: 'http', path: '/shutdown' } }, target(http.port), 1000);
    expect(http.requests.map((r) => r.url)).toEqual(['/shutdown']);
  });

  it('runs an exec hook in the container', async () => {
    const calls: (readonly string[])[] = [];
    await runLifecycleHandler({ exec: { command: ['sh', '-c', 'drain'] } }, target(1, (argv) => (calls.push(argv), Promise.resolve({ exitCode: 0, output: '', timedOut: false }))), 1000);
    expect(calls).toEqual([['sh', '-c', 'drain']]);
  });

  it.each([
    ['a sleep longer than the timeout', { sleep: { seconds: 3600 } }],
    ['a hanging httpGet', { httpGet: { port: 8080 } }],
    ['an exec that rejects', { exec: { command: ['x'] } }],
  ])('never rejects and ends by the timeout: %s', async (_name, handler) => {
    http.hang = true;
    await expect(runLifecycleHandler(handler, target(http.port, () => Promise.reject(new Error('no such container'))), 50)).resolves.toBeUndefined();
  });
});
