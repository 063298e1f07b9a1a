// The activator app against a real local cluster and a real nats-server: Revisions,
// selector-less `<rev>-private` Services and hand-made EndpointSlices pointing at backend servers
// started here on 127.0.0.1; the activator runs in-process and is called over real HTTP with the
// revision headers the gateway sets. Covers: a request held while the revision has no pod, the
// poke, forwarding the moment the slice turns ready; forwarding to a not-ready pod as soon as the
// activator's own probe of it passes (before the slice turns ready), and never to a not-ready pod
// whose probe does not pass; the bounded buffer; containerConcurrency 1 under concurrent
// clients; timeouts while waiting; retries of refused connections; Stats on NATS.
import { drainUntilReleased, endpointSliceManifest, freePort, kubectl, NatsServer, startAppUnderTest, startLocalCluster, waitFor, type AppUnderTest, type LocalCluster } from '@ebb/testing';
import { decode, type Poke, type Stat } from '@ebb/messaging';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { activatorApp } from './app.js';

const SLOW_MS = 30_000;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const NS = 'default';
const servers: Server[] = [];
const sockets = new Set<Socket>();

async function listen(server: Server, host = '127.0.0.1', port = 0): Promise<number> {
  servers.push(server);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return (server.address() as AddressInfo).port;
}

/** A backend that answers after `delayMs` and records the most requests it held at once. */
function backend(name: string, delayMs = 0): { server: Server; stats: { current: number; max: number; seen: number; proxyHeader: string[] } } {
  const stats = { current: 0, max: 0, seen: 0, proxyHeader: [] as string[] };
  const server = createServer((req, res) => {
    stats.current += 1;
    stats.seen += 1;
    stats.max = Math.max(stats.max, stats.current);
    stats.proxyHeader.push(String(req.headers['k-proxy-request']));
    setTimeout(() => {
      stats.current -= 1;
      res.end(`${name} ${req.url ?? ''}`);
    }, delayMs);
  });
  return { server, stats };
}

function revision(name: string, spec: Record<string, unknown> = {}): object {
  return { apiVersion: 'serving.knative.dev/v1', kind: 'Revision', metadata: { name, namespace: NS }, spec: { containers: [{ image: 'dev.local/hello' }], ...spec } };
}

function privateService(revisionName: string): object {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: `${revisionName}-private`, namespace: NS }, spec: { ports: [{ name: 'http', port: 80 }] } };
}

function slice(revisionName: string, port: number, options: { suffix?: string; address?: string; ready?: boolean } = {}): object {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: `${revisionName}-private-${options.suffix ?? 'hand'}`, namespace: NS, labels: { 'kubernetes.io/service-name': `${revisionName}-private` } },
    addressType: 'IPv4',
    endpoints: [{ addresses: [options.address ?? '127.0.0.1'], conditions: { ready: options.ready ?? true } }],
    ports: [{ name: 'http', port, protocol: 'TCP' }],
  };
}

async function apply(cluster: LocalCluster, objects: object[]): Promise<void> {
  const result = await kubectl(cluster, ['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }) });
  expect(result).toMatchObject({ code: 0, stderr: '' });
}

interface Answer {
  status: number;
  body: string;
}

function call(port: number, revisionName: string | undefined, urlPath = '/'): Promise<Answer> {
  const headers: Record<string, string> = revisionName === undefined ? {} : { 'Knative-Serving-Namespace': NS, 'Knative-Serving-Revision': revisionName };
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: urlPath, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the activator on a local cluster with NATS', () => {
  let cluster: LocalCluster;
  let nats: NatsServer;
  let watcher: NatsConnection;
  let app: AppUnderTest;
  let port: number;
  const pokes: { subject: string; poke: Poke }[] = [];
  const stats: { subject: string; stat: Stat }[] = [];

  beforeAll(async () => {
    [cluster, nats] = await Promise.all([startLocalCluster(), NatsServer.start()]);
    const crds = await kubectl(cluster, ['apply', '-f', path.join(ROOT, 'deploy', 'base', 'crds')]);
    expect(crds.code).toBe(0);
    watcher = await connect({ servers: nats.url });
    watcher.subscribe('ebb.v1.poke.>', {
      callback: (_error, msg) => {
        const decoded = decode('poke', msg.data);
        if (decoded.ok) pokes.push({ subject: msg.subject, poke: decoded.message });
      },
    });
    watcher.subscribe('ebb.v1.metrics.>', {
      callback: (_error, msg) => {
        const decoded = decode('stat', msg.data);
        if (decoded.ok) stats.push({ subject: msg.subject, stat: decoded.message });
      },
    });
    await watcher.flush();
    const names = ['cold-00001', 'full-00001', 'one-00001', 'slow-00001', 'retry-00001', 'stats-00001', 'probed-00001', 'mute-00001'];
    await apply(cluster, [
      revision('cold-00001'),
      revision('full-00001'),
      revision('one-00001', { containerConcurrency: 1 }),
      revision('slow-00001', { timeoutSeconds: 1 }),
      revision('retry-00001', { containerConcurrency: 2 }),
      revision('stats-00001'),
      revision('probed-00001'),
      revision('mute-00001', {
        timeoutSeconds: 1,
        containers: [{ image: 'dev.local/hello', readinessProbe: { httpGet: { path: '/ready', port: 8080, httpHeaders: [{ name: 'X-Probe', value: 'ebb' }] } } }],
      }),
      ...names.map(privateService),
    ]);
    port = await freePort();
    app = await startAppUnderTest(activatorApp, {
      KUBECONFIG: cluster.kubeconfigPath,
      EBB_NATS_URL: nats.url,
      EBB_SYSTEM_NAMESPACE: NS,
      EBB_ACTIVATOR_HOST: '127.0.0.1',
      EBB_ACTIVATOR_PORT: String(port),
      EBB_ACTIVATOR_QUEUE_DEPTH: '10',
      HOSTNAME: 'activator-test',
    });
    await waitFor(async () => (await app.get('/readyz')).status === 200, { description: 'activator ready (informers synced, NATS connected)', timeoutMs: 20_000 });
  }, 90_000);

  afterAll(async () => {
    await app?.app.shutdown('test over');
    await watcher?.close();
    for (const socket of sockets) socket.destroy();
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    await nats?.dispose();
    await cluster?.dispose();
  }, SLOW_MS);

  it('answers 400 without the revision headers, 404 for an unknown revision, 200 to its own probe', async () => {
    expect(await call(port, undefined)).toEqual({ status: 400, body: 'the activator needs the Knative-Serving-Namespace and Knative-Serving-Revision headers naming the revision' });
    expect(await call(port, 'nobody-00001')).toEqual({ status: 404, body: 'revision "default/nobody-00001" not found' });
    const probe = await new Promise<Answer>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/', headers: { 'K-Network-Probe': 'activator' }, agent: false }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(probe).toEqual({ status: 200, body: 'activator' });
  });

  it('holds a request while the revision has no ready pod, pokes, and forwards it the moment the slice turns ready', async () => {
    const { server, stats: seen } = backend('cold');
    const backendPort = await listen(server);
    // Not ready and nothing listening: the activator's probes of it fail.
    await apply(cluster, [slice('cold-00001', await freePort(), { ready: false })]);
    const pending = call(port, 'cold-00001', '/hello');
    const poke = await waitFor(() => pokes.find((p) => p.subject === 'ebb.v1.poke.default.cold-00001'), { description: 'a poke for cold-00001', timeoutMs: 5000 });
    expect(poke.poke).toMatchObject({ v: 1, instance: 'activator-test', bufferedRequests: 1 });
    expect(seen.seen).toBe(0);
    const metrics = (await app.get('/metrics')).body as string;
    expect(metrics).toMatch(/ebb_activator_revision_buffered_requests\{namespace="default",revision="cold-00001"\} 1/);
    await apply(cluster, [slice('cold-00001', backendPort, { ready: true })]);
    expect(await pending).toEqual({ status: 200, body: 'cold /hello' });
    expect(seen.proxyHeader).toEqual(['activator']);
    const first = stats.find((s) => s.subject === 'ebb.v1.metrics.default.cold-00001');
    expect(first?.stat).toMatchObject({ v: 1, instance: 'activator-test', averageConcurrency: 1, requestCount: 1, averageProxiedConcurrency: 0, proxiedRequestCount: 0 });
  }, SLOW_MS);

  it('forwards a waiting request to a not-ready pod as soon as its probe passes, before the slice turns ready', async () => {
    const { server, stats: seen } = backend('probed');
    const backendPort = await freePort();
    await apply(cluster, [slice('probed-00001', backendPort, { ready: false })]);
    const pending = call(port, 'probed-00001', '/early');
    const started = new Promise<void>((resolve) => setTimeout(() => void listen(server, '127.0.0.1', backendPort).then(() => resolve()), 500));
    expect(await pending).toEqual({ status: 200, body: 'probed /early' });
    await started;
    expect(seen.proxyHeader).toEqual(['activator']);
    const live = await kubectl(cluster, ['get', 'endpointslice', 'probed-00001-private-hand', '-n', NS, '-o', 'jsonpath={.endpoints[0].conditions.ready}']);
    expect(live).toMatchObject({ code: 0, stdout: 'false' });
    const metrics = (await app.get('/metrics')).body as string;
    expect(metrics).toMatch(/ebb_activator_probes_total\{result="ok"\} [1-9]/);
    expect(metrics).toMatch(/ebb_activator_probes_total\{result="fail"\} [1-9]/);
  }, SLOW_MS);

  it('answers 503 with a clear body and counts it when the revision buffer is full', async () => {
    const held = Array.from({ length: 10 }, () => call(port, 'full-00001'));
    await waitFor(async () => /ebb_activator_revision_buffered_requests\{namespace="default",revision="full-00001"\} 10/.test((await app.get('/metrics')).body as string), { description: '10 requests buffered', timeoutMs: 5000 });
    expect(await call(port, 'full-00001')).toEqual({ status: 503, body: 'activator buffer for revision "default/full-00001" is full (10 requests waiting)' });
    expect((await app.get('/metrics')).body as string).toMatch(/ebb_activator_rejected_requests_total\{reason="buffer-full"\} 1/);
    const { server } = backend('full');
    await apply(cluster, [slice('full-00001', await listen(server))]);
    expect((await Promise.all(held)).map((a) => a.status)).toEqual(Array.from({ length: 10 }, () => 200));
  }, SLOW_MS);

  it('never lets a containerConcurrency 1 pod hold two requests under 10 concurrent clients', async () => {
    const { server, stats: seen } = backend('one', 20);
    await apply(cluster, [slice('one-00001', await listen(server))]);
    await waitFor(async () => (await call(port, 'one-00001')).status === 200, { description: 'one-00001 serving', timeoutMs: 5000 });
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => call(port, 'one-00001', `/${i}`)));
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 10 }, () => 200));
    expect(seen.max).toBe(1);
  }, SLOW_MS);

  it('answers 504 "request timeout" to a request still waiting at the revision timeout, and it leaves the queue', async () => {
    expect(await call(port, 'slow-00001')).toEqual({ status: 504, body: 'request timeout' });
    const metrics = (await app.get('/metrics')).body as string;
    expect(metrics).not.toMatch(/revision="slow-00001"/);
    expect(metrics).toMatch(/ebb_activator_requests_total\{code="504"\} 1/);
  }, SLOW_MS);

  it('retries a request on another pod when a pod refuses the connection', async () => {
    const { server, stats: seen } = backend('good');
    const goodPort = await listen(server, '127.0.0.2');
    await apply(cluster, [slice('retry-00001', await freePort(), { suffix: 'refusing', address: '127.0.0.1' }), slice('retry-00001', goodPort, { suffix: 'good', address: '127.0.0.2' })]);
    await waitFor(async () => (await call(port, 'retry-00001')).status === 200, { description: 'retry-00001 serving', timeoutMs: 5000 });
    const answers = await Promise.all(Array.from({ length: 4 }, () => call(port, 'retry-00001')));
    expect(answers).toEqual(Array.from({ length: 4 }, () => ({ status: 200, body: 'good /' })));
    expect(seen.seen).toBe(5);
  }, SLOW_MS);

  it('publishes per-second Stats for what it proxies on ebb.v1.metrics.<ns>.<rev>', async () => {
    const before = stats.length;
    const { server } = backend('steady', 1500);
    await apply(cluster, [slice('stats-00001', await listen(server))]);
    await waitFor(async () => /ebb_activator_requests_total/.test((await app.get('/metrics')).body as string), { description: 'metrics' });
    const answer = call(port, 'stats-00001', '/steady');
    const periodic = await waitFor(() => stats.slice(before).find((s) => s.subject === 'ebb.v1.metrics.default.stats-00001' && s.stat.averageConcurrency > 0.5 && s.stat.windowSeconds > 0.5), {
      description: 'a periodic stat showing the request in flight',
      timeoutMs: 5000,
    });
    expect(periodic.stat).toMatchObject({ v: 1, instance: 'activator-test', averageProxiedConcurrency: 0, proxiedRequestCount: 0 });
    expect((await answer).status).toBe(200);
  }, SLOW_MS);

  it('sends nothing but probes to a not-ready pod whose probe never passes: the request times out 504', async () => {
    const probes: { url: string; probeHeader: string; proxyHeader: string | undefined }[] = [];
    const mute = createServer((req) => probes.push({ url: req.url ?? '', probeHeader: String(req.headers['x-probe']), proxyHeader: req.headers['k-proxy-request'] as string | undefined }));
    await apply(cluster, [slice('mute-00001', await listen(mute), { ready: false })]);
    expect(await call(port, 'mute-00001', '/never')).toEqual({ status: 504, body: 'request timeout' });
    expect(probes.length).toBeGreaterThanOrEqual(2);
    expect(new Set(probes.map((p) => JSON.stringify(p)))).toEqual(new Set([JSON.stringify({ url: '/ready', probeHeader: 'ebb' })]));
  }, SLOW_MS);

  it('after SIGTERM drains only until the activator Service stops listing it, not the whole drain period', async () => {
    const podIp = '127.0.0.77';
    const listed = (ready: boolean): object => endpointSliceManifest(NS, 'activator', 8012, { address: podIp, ready, suffix: 'drain' });
    await apply(cluster, [listed(true)]);
    const draining = await startAppUnderTest(activatorApp, {
      KUBECONFIG: cluster.kubeconfigPath,
      EBB_NATS_URL: nats.url,
      EBB_SYSTEM_NAMESPACE: NS,
      EBB_ACTIVATOR_HOST: '127.0.0.1',
      EBB_ACTIVATOR_PORT: String(await freePort()),
      EBB_DRAIN_SECONDS: '30',
      POD_IP: podIp,
    });
    await waitFor(async () => (await draining.get('/readyz')).status === 200, { description: 'second activator ready', timeoutMs: 20_000 });
    const drain = await drainUntilReleased(draining, { holdMs: 2000, release: () => apply(cluster, [listed(false)]) });
    expect(drain.stoppedBeforeRelease).toBe(false);
    expect(drain.readyzWhileDraining).toBe(503);
    // Well within the 30 s period: the slice change, the 1 s settle, the close.
    expect(drain.elapsedMs).toBeLessThan(10_000);
    expect(drain.endedBy).toContain('condition');
  }, SLOW_MS);
});
