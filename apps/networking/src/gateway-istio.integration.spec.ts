// The gateway acting as an Istio ingress gateway (EBB_GATEWAY_ISTIO_GATEWAYS) against a real
// local cluster: Ebb's CRDs and the VirtualService CRD of deploy/components/istio applied,
// VirtualServices as net-istio writes them (ISTIO.md §3.3), an Ebb-class Ingress, Revisions with
// selector-less `<rev>-private` Services and hand-made EndpointSlices pointing at backend servers
// started here on 127.0.0.1; the networking app runs in-process and is called over real HTTP.
// No Istio and no NATS (the gateway's Stats go nowhere). Covers: a VirtualService host forwarded
// with the route's and the destination's set headers and the rewritten Host; net-istio's probe
// answered with the hash its route sets (and a changed VirtualService followed); a host an
// Ingress also claims served by the Ingress; a VirtualService of another Gateway not served.
import { endpointSliceManifest, freePort, kubectl, LocalServers, privateServiceManifest, revisionManifest, startAppUnderTest, startLocalCluster, waitFor, type AppUnderTest, type LocalCluster } from '@ebb/testing';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { networkingApp } from './app.js';

const SLOW_MS = 30_000;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const NS = 'default';
const GATEWAY = 'knative-serving/knative-ingress-gateway';
const local = new LocalServers();

/** What a backend saw of one request. */
interface Seen {
  readonly backend: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

/** A backend that answers with what it saw, as JSON, and counts its requests. */
function backend(name: string): { server: Server; seen: Seen[] } {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const got = { backend: name, url: req.url ?? '', headers: req.headers };
    seen.push(got);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(got));
  });
  return { server, seen };
}

const destination = (revisionName: string, set?: Record<string, string>): object => ({
  destination: { host: `${revisionName}.${NS}.svc.cluster.local`, port: { number: 80 } },
  weight: 100,
  ...(set === undefined ? {} : { headers: { request: { set } } }),
});

/** A `-ingress` VirtualService as net-istio writes one for external hosts (probe route first, one match per host), with header sets and a Host rewrite on the plain route. */
function virtualService(name: string, hosts: string[], hash: string, gateway = GATEWAY): object {
  const matches = (extra: object = {}): object[] => hosts.map((host) => ({ gateways: [gateway], authority: { prefix: host }, ...extra }));
  return {
    apiVersion: 'networking.istio.io/v1beta1',
    kind: 'VirtualService',
    metadata: { name, namespace: NS },
    spec: {
      hosts,
      gateways: [gateway],
      http: [
        { match: matches({ headers: { 'K-Network-Hash': { exact: 'override' } } }), route: [destination('vs-00001')], headers: { request: { set: { 'K-Network-Hash': hash } } }, retries: {} },
        {
          match: matches(),
          route: [destination('vs-00001', { 'X-Destination': 'vs-00001', 'X-Both': 'destination' })],
          headers: { request: { set: { 'X-Route': 'plain', 'X-Both': 'route' } } },
          rewrite: { authority: `vs-00001.${NS}.svc.cluster.local` },
          retries: {},
        },
      ],
    },
  };
}

function ingress(name: string, host: string, revisionName: string): object {
  return {
    apiVersion: 'networking.internal.knative.dev/v1alpha1',
    kind: 'Ingress',
    metadata: { name, namespace: NS, annotations: { 'networking.knative.dev/ingress.class': 'ebb.ingress.networking.knative.dev' } },
    spec: { httpOption: 'Enabled', rules: [{ hosts: [host], visibility: 'ExternalIP', http: { paths: [{ splits: [{ serviceName: revisionName, serviceNamespace: NS, servicePort: 80, percent: 100 }] }] } }] },
  };
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function call(port: number, host: string, urlPath = '/', headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: urlPath, headers: { host, ...headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** net-istio's prober (ISTIO.md §4): GET /healthz on `<host>:80` with its three headers. */
function netIstioProbe(port: number, host: string): Promise<Answer> {
  return call(port, `${host}:80`, '/healthz', { 'K-Network-Probe': 'probe', 'K-Network-Hash': 'override', 'User-Agent': 'Knative-Ingress-Probe' });
}

describe('the gateway acting as an Istio ingress gateway on a local cluster', () => {
  let cluster: LocalCluster;
  let app: AppUnderTest;
  let port: number;
  const vsBackend = backend('vs-pod');
  const ingressBackend = backend('ingress-pod');

  async function apply(objects: object[]): Promise<void> {
    const result = await kubectl(cluster, ['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }) });
    expect(result).toMatchObject({ code: 0, stderr: '' });
  }

  beforeAll(async () => {
    cluster = await startLocalCluster();
    for (const crds of [path.join(ROOT, 'deploy', 'base', 'crds'), path.join(ROOT, 'deploy', 'components', 'istio', 'crds', 'virtualservices.networking.istio.io.yaml')]) {
      expect((await kubectl(cluster, ['apply', '-f', crds])).code).toBe(0);
    }
    const ports = { vs: await local.listen(vsBackend.server), ingress: await local.listen(ingressBackend.server) };
    await apply([
      revisionManifest(NS, 'vs-00001'),
      revisionManifest(NS, 'ing-00001'),
      privateServiceManifest(NS, 'vs-00001'),
      privateServiceManifest(NS, 'ing-00001'),
      endpointSliceManifest(NS, 'vs-00001-private', ports.vs),
      endpointSliceManifest(NS, 'ing-00001-private', ports.ingress),
      virtualService('hello-ingress', ['hello.example.com', 'shared.example.com'], 'hash-1'),
      virtualService('other-ingress', ['other.example.com'], 'hash-other', 'knative-serving/knative-local-gateway'),
      ingress('shared', 'shared.example.com', 'ing-00001'),
    ]);
    port = await freePort();
    app = await startAppUnderTest(networkingApp, {
      KUBECONFIG: cluster.kubeconfigPath,
      EBB_SYSTEM_NAMESPACE: NS,
      EBB_GATEWAY_HOST: '127.0.0.1',
      EBB_GATEWAY_PORT: String(port),
      EBB_NATS_URL: 'nats://127.0.0.1:1',
      EBB_GATEWAY_ISTIO_GATEWAYS: GATEWAY,
    });
    await waitFor(async () => ((await app.get('/readyz')).body as { checks?: { informers?: boolean } }).checks?.informers === true, { description: 'informers synced (VirtualServices too)', timeoutMs: 20_000 });
  }, 90_000);

  afterAll(async () => {
    await app?.app.shutdown('test over');
    await local.closeAll();
    await cluster?.dispose();
  }, SLOW_MS);

  it("forwards a VirtualService host to its revision with the route's and the destination's headers and the rewritten Host", async () => {
    const answer = await waitFor(
      async () => {
        const got = await call(port, 'hello.example.com:80', '/some/path?q=1');
        return got.status === 200 ? got : undefined;
      },
      { description: 'hello.example.com served', timeoutMs: 10_000 },
    );
    const seen = JSON.parse(answer.body) as Seen;
    expect(seen).toMatchObject({ backend: 'vs-pod', url: '/some/path?q=1' });
    expect(seen.headers).toMatchObject({ host: `vs-00001.${NS}.svc.cluster.local`, 'x-route': 'plain', 'x-destination': 'vs-00001', 'x-both': 'destination' });
    expect(seen.headers).not.toHaveProperty('k-network-hash');
  }, SLOW_MS);

  it("answers net-istio's probe with the hash its route sets, without calling the backend, and follows a changed VirtualService", async () => {
    const before = vsBackend.seen.length;
    const probe = await netIstioProbe(port, 'hello.example.com');
    expect({ status: probe.status, hash: probe.headers['k-network-hash'] }).toEqual({ status: 200, hash: 'hash-1' });
    await apply([virtualService('hello-ingress', ['hello.example.com', 'shared.example.com'], 'hash-2')]);
    await waitFor(async () => (await netIstioProbe(port, 'hello.example.com')).headers['k-network-hash'] === 'hash-2', { description: 'the new hash served', timeoutMs: 10_000 });
    expect(vsBackend.seen.length).toBe(before);
  }, SLOW_MS);

  it('serves a host an Ebb-class Ingress also claims from the Ingress, and no host of a VirtualService on another Gateway', async () => {
    const shared = await call(port, 'shared.example.com');
    expect({ status: shared.status, backend: (JSON.parse(shared.body) as Seen).backend }).toEqual({ status: 200, backend: 'ingress-pod' });
    expect(await call(port, 'other.example.com')).toMatchObject({ status: 404, body: 'no route for host "other.example.com"' });
    expect((await netIstioProbe(port, 'other.example.com')).status).toBe(404);
  }, SLOW_MS);
});
