// The gateway's serving modes (issue 8) against a real local cluster and a real nats-server:
// ServerlessServices in Proxy and Serve mode, an `activator` Service in the system namespace
// whose hand-made EndpointSlice points at a fake activator, Revisions with selector-less
// `<rev>-private` Services and EndpointSlices pointing at backend servers on 127.0.0.1, and the
// networking app in-process. Covers: Proxy → activator with the revision headers, the switch to
// Serve (and back) without dropping an in-flight request, the effective mode (no SKS, or Serve
// without a ready pod → activator), the per-pod queue of a containerConcurrency 1 revision, and
// the per-second Stats on `ebb.v1.metrics.<ns>.<rev>` for what the gateway serves to pods only,
// and a proxied request sent on to another activator when the one it picked has gone away.
import { decode, type Stat } from '@ebb/messaging';
import { drainUntilReleased, endpointSliceManifest, freePort, kubectl, LocalServers, NatsServer, privateServiceManifest, revisionManifest, startAppUnderTest, startLocalCluster, waitFor, type AppUnderTest, type LocalCluster, type SliceOptions } from '@ebb/testing';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { networkingApp } from './app.js';

const SLOW_MS = 30_000;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const NS = 'default';
const SYSTEM_NS = 'ebb-system';
const INSTANCE = 'gateway-test';
const local = new LocalServers();

/** What a backend saw: requests in flight now, the most at once, every request's headers, and the held ones. */
interface Seen {
  current: number;
  max: number;
  requests: IncomingHttpHeaders[];
  /** Ends every request held on /hold (200 `<name> held`). */
  release(): void;
  /** Requests waiting on /hold now. */
  held(): number;
}

/** A backend named `name`: answers `<name> <url>` after `delayMs`, holds /hold until released, counts concurrency. */
function backend(name: string, delayMs = 0): { server: Server; seen: Seen } {
  const waiting: (() => void)[] = [];
  const seen: Seen = {
    current: 0,
    max: 0,
    requests: [],
    release: () => waiting.splice(0).forEach((end) => end()),
    held: () => waiting.length,
  };
  const server = createServer((req, res) => {
    seen.current += 1;
    seen.max = Math.max(seen.max, seen.current);
    seen.requests.push(req.headers);
    const end = (text: string): void => {
      seen.current -= 1;
      res.end(text);
    };
    if (req.url === '/hold') waiting.push(() => end(`${name} held`));
    else setTimeout(() => end(`${name} ${req.url ?? ''}`), delayMs);
  });
  return { server, seen };
}

const listen = (server: Server): Promise<number> => local.listen(server);
const revision = (name: string, spec: Record<string, unknown> = {}): object => revisionManifest(NS, name, spec);
const privateService = (revisionName: string): object => privateServiceManifest(NS, revisionName);
/** A hand-made EndpointSlice of `service` in `namespace` (default NS) with one endpoint 127.0.0.1:`port`. */
const slice = (service: string, port: number, options: SliceOptions & { namespace?: string } = {}): object => endpointSliceManifest(options.namespace ?? NS, service, port, options);

function sks(revisionName: string, mode: 'Serve' | 'Proxy'): object {
  return {
    apiVersion: 'networking.internal.knative.dev/v1alpha1',
    kind: 'ServerlessService',
    metadata: { name: revisionName, namespace: NS },
    spec: { mode, numActivators: 0, objectRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: `${revisionName}-deployment` } },
  };
}

/**
 * An Ingress routing `<host>.default.localhost` wholly to `revisionName`. Its split names the
 * revision only in a header of its own (`x-split`), so the Knative-Serving-* headers a backend
 * sees come from the gateway's proxy mode, not from appendHeaders.
 */
function ingress(host: string, revisionName: string): object {
  return {
    apiVersion: 'networking.internal.knative.dev/v1alpha1',
    kind: 'Ingress',
    metadata: { name: host, namespace: NS, annotations: { 'networking.knative.dev/ingress.class': 'ebb.ingress.networking.knative.dev' } },
    spec: {
      httpOption: 'Enabled',
      rules: [
        {
          hosts: [`${host}.${NS}.localhost`],
          visibility: 'ExternalIP',
          http: { paths: [{ splits: [{ serviceName: revisionName, serviceNamespace: NS, servicePort: 80, percent: 100, appendHeaders: { 'x-split': revisionName } }] }] },
        },
      ],
    },
  };
}

interface Answer {
  status: number;
  body: string;
}

function call(port: number, host: string, urlPath = '/'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: urlPath, headers: { host: `${host}.${NS}.localhost` }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** `clients` concurrent calls, `rounds` times over; every answer in order. */
async function burst(port: number, host: string, clients: number, rounds: number): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (let round = 0; round < rounds; round += 1) {
    answers.push(...(await Promise.all(Array.from({ length: clients }, (_, i) => call(port, host, `/${round}-${i}`)))));
  }
  return answers;
}

describe('the gateway serving modes on a local cluster with NATS', () => {
  let cluster: LocalCluster;
  let nats: NatsServer;
  let watcher: NatsConnection;
  let app: AppUnderTest;
  let port: number;
  const stats: { subject: string; stat: Stat }[] = [];
  const activator = backend('activator');
  const pods = {
    p: backend('p-pod'),
    n: backend('n-pod'),
    e: backend('e-pod'),
    c1: backend('c-pod-1', 100),
    c2: backend('c-pod-2', 100),
    s: backend('s-pod', 50),
  };

  async function apply(objects: object[]): Promise<void> {
    const result = await kubectl(cluster, ['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }) });
    expect(result).toMatchObject({ code: 0, stderr: '' });
  }

  /** Calls `host` until the answer's body starts with `prefix` (the upstream switched), and returns it. */
  function reaches(host: string, prefix: string): Promise<Answer> {
    return waitFor(
      async () => {
        const got = await call(port, host);
        return got.status === 200 && got.body.startsWith(prefix) ? got : undefined;
      },
      { description: `${host} answered by ${prefix}`, timeoutMs: 10_000 },
    );
  }

  beforeAll(async () => {
    [cluster, nats] = await Promise.all([startLocalCluster(), NatsServer.start()]);
    const crds = await kubectl(cluster, ['apply', '-f', path.join(ROOT, 'deploy', 'base', 'crds')]);
    expect(crds.code).toBe(0);
    watcher = await connect({ servers: nats.url });
    watcher.subscribe('ebb.v1.metrics.>', {
      callback: (_error, msg) => {
        const decoded = decode('stat', msg.data);
        if (decoded.ok) stats.push({ subject: msg.subject, stat: decoded.message });
      },
    });
    await watcher.flush();
    const ports = {
      activator: await listen(activator.server),
      p: await listen(pods.p.server),
      n: await listen(pods.n.server),
      e: await listen(pods.e.server),
      c1: await listen(pods.c1.server),
      s: await listen(pods.s.server),
    };
    await apply([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: SYSTEM_NS } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'activator', namespace: SYSTEM_NS }, spec: { ports: [{ name: 'http', port: 80 }] } },
      slice('activator', ports.activator, { namespace: SYSTEM_NS }),
      revision('p-00001'),
      revision('n-00001'),
      revision('e-00001'),
      revision('c-00001', { containerConcurrency: 1 }),
      revision('s-00001'),
      ...['p-00001', 'n-00001', 'e-00001', 'c-00001', 's-00001'].map(privateService),
      slice('p-00001-private', ports.p),
      slice('n-00001-private', ports.n),
      slice('e-00001-private', ports.e, { ready: false }),
      slice('c-00001-private', ports.c1),
      slice('s-00001-private', ports.s),
      sks('p-00001', 'Proxy'),
      sks('e-00001', 'Serve'),
      sks('c-00001', 'Serve'),
      sks('s-00001', 'Serve'),
      ingress('p', 'p-00001'),
      ingress('n', 'n-00001'),
      ingress('e', 'e-00001'),
      ingress('c', 'c-00001'),
      ingress('s', 's-00001'),
    ]);
    port = await freePort();
    app = await startAppUnderTest(networkingApp, {
      KUBECONFIG: cluster.kubeconfigPath,
      EBB_SYSTEM_NAMESPACE: SYSTEM_NS,
      EBB_GATEWAY_HOST: '127.0.0.1',
      EBB_GATEWAY_PORT: String(port),
      EBB_NATS_URL: nats.url,
      HOSTNAME: INSTANCE,
    });
    await waitFor(async () => (await app.get('/readyz')).status === 200, { description: 'gateway ready (informers synced, NATS connected)', timeoutMs: 20_000 });
  }, 90_000);

  afterAll(async () => {
    activator.seen.release();
    for (const pod of Object.values(pods)) pod.seen.release();
    await app?.app.shutdown('test over');
    await watcher?.close();
    await local.closeAll();
    await nats?.dispose();
    await cluster?.dispose();
  }, SLOW_MS);

  it('sends a Proxy-mode revision to the activator with the revision headers, and switches to Serve and back without dropping an in-flight request', async () => {
    const before = activator.seen.requests.length;
    expect(await reaches('p', 'activator')).toEqual({ status: 200, body: 'activator /' });
    expect(activator.seen.requests.slice(before).at(-1)).toMatchObject({
      host: 'p.default.localhost',
      'knative-serving-namespace': NS,
      'knative-serving-revision': 'p-00001',
      'x-split': 'p-00001',
    });
    expect(pods.p.seen.requests).toEqual([]);

    // Proxy → Serve while the activator holds a request.
    const inActivator = call(port, 'p', '/hold');
    await waitFor(() => activator.seen.held() === 1, { description: 'the activator holding one request' });
    await apply([sks('p-00001', 'Serve')]);
    expect(await reaches('p', 'p-pod')).toEqual({ status: 200, body: 'p-pod /' });
    expect(pods.p.seen.requests.at(-1)).toMatchObject({ host: 'p.default.localhost', 'x-split': 'p-00001' });
    expect(pods.p.seen.requests.at(-1)).not.toHaveProperty('knative-serving-revision');
    activator.seen.release();
    expect(await inActivator).toEqual({ status: 200, body: 'activator held' });

    // Serve → Proxy while the pod holds a request.
    const inPod = call(port, 'p', '/hold');
    await waitFor(() => pods.p.seen.held() === 1, { description: 'the pod holding one request' });
    await apply([sks('p-00001', 'Proxy')]);
    expect(await reaches('p', 'activator')).toEqual({ status: 200, body: 'activator /' });
    pods.p.seen.release();
    expect(await inPod).toEqual({ status: 200, body: 'p-pod held' });
  }, SLOW_MS);

  it('sends a revision without a ServerlessService to the activator even with a ready pod', async () => {
    const before = activator.seen.requests.length;
    const answers = await burst(port, 'n', 5, 2);
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 10 }, () => 200));
    expect(answers.every((a) => a.body.startsWith('activator /'))).toBe(true);
    expect(activator.seen.requests.slice(before).map((h) => h['knative-serving-revision'])).toEqual(Array.from({ length: 10 }, () => 'n-00001'));
    expect(pods.n.seen.requests).toEqual([]);
  }, SLOW_MS);

  it('sends a Serve-mode revision without a ready pod to the activator, and to the pod once it is ready', async () => {
    const before = activator.seen.requests.length;
    expect(await call(port, 'e')).toEqual({ status: 200, body: 'activator /' });
    expect(activator.seen.requests.slice(before)).toEqual([expect.objectContaining({ 'knative-serving-namespace': NS, 'knative-serving-revision': 'e-00001' })]);
    expect(pods.e.seen.requests).toEqual([]);
    await apply([slice('e-00001-private', (pods.e.server.address() as AddressInfo).port, { ready: true })]);
    expect(await reaches('e', 'e-pod')).toEqual({ status: 200, body: 'e-pod /' });
  }, SLOW_MS);

  it('never lets a containerConcurrency 1 pod hold two requests under 10 concurrent clients, with one pod and then two', async () => {
    await reaches('c', 'c-pod-1');
    const one = await burst(port, 'c', 10, 3);
    expect(one.map((a) => a.status)).toEqual(Array.from({ length: 30 }, () => 200));
    expect(pods.c1.seen.max).toBe(1);
    expect(pods.c1.seen.requests.length).toBeGreaterThanOrEqual(30);
    expect(activator.seen.requests.filter((h) => h['knative-serving-revision'] === 'c-00001')).toEqual([]);

    await apply([slice('c-00001-private', await listen(pods.c2.server), { suffix: 'second' })]);
    await waitFor(async () => (await burst(port, 'c', 4, 1)).every((a) => a.status === 200) && pods.c2.seen.requests.length > 0, { description: 'the second pod in use', timeoutMs: 10_000 });
    const [firstBefore, secondBefore] = [pods.c1.seen.requests.length, pods.c2.seen.requests.length];
    pods.c1.seen.max = 0;
    pods.c2.seen.max = 0;
    const two = await burst(port, 'c', 10, 3);
    expect(two.map((a) => a.status)).toEqual(Array.from({ length: 30 }, () => 200));
    expect({ first: pods.c1.seen.max, second: pods.c2.seen.max }).toEqual({ first: 1, second: 1 });
    expect(pods.c1.seen.requests.length - firstBefore).toBeGreaterThan(0);
    expect(pods.c2.seen.requests.length - secondBefore).toBeGreaterThan(0);
    expect(pods.c1.seen.requests.length - firstBefore + pods.c2.seen.requests.length - secondBefore).toBe(30);
  }, SLOW_MS);

  it('publishes a Stat for a revision it serves to pods, none for one it sends to the activator', async () => {
    const subject = `ebb.v1.metrics.${NS}.s-00001`;
    const from = stats.length;
    const answers = await Promise.all([burst(port, 's', 5, 2), burst(port, 'n', 5, 2)]);
    expect(answers.flat().map((a) => a.status)).toEqual(Array.from({ length: 20 }, () => 200));
    const counted = await waitFor(() => stats.slice(from).find((s) => s.subject === subject && s.stat.requestCount > 0), { description: `a Stat on ${subject} counting requests`, timeoutMs: 5000 });
    expect(counted.stat).toMatchObject({ v: 1, instance: INSTANCE, averageProxiedConcurrency: 0, proxiedRequestCount: 0 });
    expect(counted.stat.averageConcurrency).toBeGreaterThan(0);
    // The zero Stat of the next second: every Stat of the period with the traffic has arrived by then.
    await waitFor(() => stats.slice(stats.indexOf(counted) + 1).find((s) => s.subject === subject && s.stat.requestCount === 0), { description: `the next Stat on ${subject}`, timeoutMs: 5000 });
    const total = stats.slice(from).filter((s) => s.subject === subject).reduce((sum, s) => sum + s.stat.requestCount, 0);
    expect(total).toBe(10);
    expect(stats.filter((s) => s.subject === `ebb.v1.metrics.${NS}.n-00001`)).toEqual([]);
  }, SLOW_MS);

  it('lets a request held by a pod finish when the pod leaves the ready endpoints (scale-down)', async () => {
    const inPod = call(port, 's', '/hold');
    await waitFor(() => pods.s.seen.held() === 1, { description: 'the pod holding one request' });
    await apply([slice('s-00001-private', (pods.s.server.address() as AddressInfo).port, { ready: false })]);
    await waitFor(async () => (await call(port, 's')).body.startsWith('activator'), { description: 'serve fallback to activator' });
    pods.s.seen.release();
    expect(await inPod).toEqual({ status: 200, body: 's-pod held' });
  }, SLOW_MS);

  it('sends a proxied request to another activator when the one it picked has gone away', async () => {
    const second = backend('activator-2');
    const secondPort = await listen(second.server);
    await apply([slice('activator', secondPort, { namespace: SYSTEM_NS, suffix: 'second' })]);
    // The gateway knows the second activator (and holds keep-alive connections to it)...
    await reaches('n', 'activator-2');
    // ...which then dies: its connections close and new ones are refused.
    second.server.closeAllConnections();
    await new Promise((resolve) => second.server.close(resolve));
    const answers = await burst(port, 'n', 5, 4);
    expect(answers.map((a) => `${a.status} ${a.body.split(' ')[0] ?? ''}`)).toEqual(Array.from({ length: 20 }, () => '200 activator'));
    expect((await kubectl(cluster, ['delete', 'endpointslice', 'activator-second', '-n', SYSTEM_NS])).code).toBe(0);
  }, SLOW_MS);

  it('after SIGTERM drains only until the gateway Service stops listing it, not the whole drain period', async () => {
    const podIp = '127.0.0.78';
    const listed = (ready: boolean): object => endpointSliceManifest(SYSTEM_NS, 'networking', 8080, { address: podIp, ready, suffix: 'drain' });
    await apply([listed(true)]);
    const draining = await startAppUnderTest(networkingApp, {
      KUBECONFIG: cluster.kubeconfigPath,
      EBB_SYSTEM_NAMESPACE: SYSTEM_NS,
      EBB_GATEWAY_HOST: '127.0.0.1',
      EBB_GATEWAY_PORT: String(await freePort()),
      EBB_NATS_URL: nats.url,
      EBB_DRAIN_SECONDS: '30',
      POD_IP: podIp,
    });
    await waitFor(async () => (await draining.get('/readyz')).status === 200, { description: 'second gateway ready', timeoutMs: 20_000 });
    const drain = await drainUntilReleased(draining, { holdMs: 2000, release: () => apply([listed(false)]) });
    expect(drain.stoppedBeforeRelease).toBe(false);
    expect(drain.elapsedMs).toBeLessThan(10_000);
    expect(drain.endedBy).toContain('condition');
  }, SLOW_MS);
});
