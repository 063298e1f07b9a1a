// The gateway app against a real local cluster: CRDs applied, Ingresses, Revisions,
// selector-less Services and hand-made EndpointSlices pointing at backend servers started here
// on 127.0.0.1; the networking app runs in-process and is called over real HTTP.
import { apiRequest, endpointSliceManifest, freePort, kubectl, LocalServers, privateServiceManifest, revisionManifest, startAppUnderTest, startLocalCluster, waitFor, type AppUnderTest, type LocalCluster } from '@ebb/testing';
import { createHash } from 'node:crypto';
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import { createServer as createH2Server, type Http2Server } from 'node:http2';
import { connect, type Socket } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { networkingApp } from './app.js';
import { ingressHash } from './routing-table/ingress-hash.js';

const SLOW_MS = 30_000;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const NS = 'default';
const local = new LocalServers();
/** Raw client sockets a test opened, destroyed at the end even when it failed. */
const clients = new Set<Socket>();

const listen = (server: Server | Http2Server): Promise<number> => local.listen(server);

/** A WebSocket accept key (RFC 6455 §4.2.2). */
function acceptKey(key: string): string {
  return createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
}

/** Unmasks one short client text frame (≤ 125 bytes) and returns its text. */
function readClientFrame(frame: Buffer): string {
  const length = (frame[1] ?? 0) & 0x7f;
  const mask = frame.subarray(2, 6);
  const payload = frame.subarray(6, 6 + length);
  return Buffer.from(payload.map((b, i) => b ^ (mask[i % 4] ?? 0))).toString('utf8');
}

/** A backend named `name`: echoes what it saw as JSON, sleeps on /sleep, streams on /stream, echoes WebSocket text frames. */
function backend(name: string): Server {
  const server = createServer((req, res) => {
    if (req.url === '/sleep') {
      const timer = setTimeout(() => res.end('slept'), 5000);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    if (req.url === '/stream') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('one;');
      setTimeout(() => res.write('two;'), 200);
      setTimeout(() => res.end('three'), 400);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ backend: name, url: req.url, headers: req.headers }));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Socket) => {
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptKey(String(req.headers['sec-websocket-key']))}\r\n\r\n`);
    socket.on('data', (frame: Buffer) => {
      const reply = Buffer.from(`${name} echo: ${readClientFrame(frame)}`, 'utf8');
      socket.write(Buffer.concat([Buffer.from([0x81, reply.length]), reply]));
    });
  });
  return server;
}

const revision = (name: string, spec: Record<string, unknown> = {}): object => revisionManifest(NS, name, spec);
const privateService = (revisionName: string): object => privateServiceManifest(NS, revisionName);
const slice = (revisionName: string, port: number, portName = 'http'): object => endpointSliceManifest(NS, `${revisionName}-private`, port, { portName });

function split(revisionName: string, percent: number): object {
  return { serviceName: revisionName, serviceNamespace: NS, servicePort: 80, percent, appendHeaders: { 'Knative-Serving-Revision': revisionName, 'Knative-Serving-Namespace': NS } };
}

function ingress(name: string, host: string, splits: object[]): { metadata: { name: string; namespace: string; annotations: Record<string, string> }; spec: object } & Record<string, unknown> {
  return {
    apiVersion: 'networking.internal.knative.dev/v1alpha1',
    kind: 'Ingress',
    metadata: { name, namespace: NS, annotations: { 'networking.knative.dev/ingress.class': 'ebb.ingress.networking.knative.dev' } },
    spec: {
      httpOption: 'Enabled',
      rules: [
        { hosts: [`${host}.${NS}.localhost`], visibility: 'ExternalIP', http: { paths: [{ splits }] } },
        { hosts: [`${host}.${NS}`, `${host}.${NS}.svc`, `${host}.${NS}.svc.cluster.local`], visibility: 'ClusterLocal', http: { paths: [{ splits }] } },
      ],
    },
  };
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  chunks: string[];
}

function call(port: number, host: string, urlPath = '/', headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: urlPath, headers: { host, ...headers }, agent: false }, (res) => {
      const chunks: string[] = [];
      res.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: chunks.join(''), chunks }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the networking gateway on a local cluster', () => {
  let cluster: LocalCluster;
  let app: AppUnderTest;
  let gatewayPort: number;
  const ingresses = [
    ingress('hello', 'hello', [split('hello-00001', 80), split('hello-00002', 20)]),
    ingress('slow', 'slow', [split('slow-00001', 100)]),
    ingress('empty', 'empty', [split('empty-00001', 100)]),
    ingress('grpcish', 'grpcish', [split('grpcish-00001', 100)]),
  ];

  beforeAll(async () => {
    cluster = await startLocalCluster();
    const applied = await kubectl(cluster, ['apply', '-f', path.join(ROOT, 'deploy', 'base', 'crds')]);
    expect(applied.code).toBe(0);
    const one = await listen(backend('one'));
    const two = await listen(backend('two'));
    const h2 = createH2Server((req, res) => res.end(`h2 backend saw HTTP/${req.httpVersion} ${req.url} for ${String(req.headers[':authority'])}`));
    const h2Port = await listen(h2);
    const objects = [
      revision('hello-00001'),
      revision('hello-00002'),
      revision('slow-00001', { timeoutSeconds: 1 }),
      revision('empty-00001'),
      revision('grpcish-00001'),
      ...['hello-00001', 'hello-00002', 'slow-00001', 'empty-00001', 'grpcish-00001'].map(privateService),
      slice('hello-00001', one),
      slice('hello-00002', two),
      slice('slow-00001', one),
      slice('grpcish-00001', h2Port, 'h2c'),
      ...ingresses,
    ];
    const created = await kubectl(cluster, ['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }) });
    expect(created).toMatchObject({ code: 0, stderr: '' });
    gatewayPort = await freePort();
    app = await startAppUnderTest(networkingApp, { KUBECONFIG: cluster.kubeconfigPath, EBB_SYSTEM_NAMESPACE: 'default', EBB_GATEWAY_HOST: '127.0.0.1', EBB_GATEWAY_PORT: String(gatewayPort), EBB_NATS_URL: 'nats://127.0.0.1:1' });
    await waitFor(async () => ((await app.get('/readyz')).body as { checks?: { informers?: boolean } }).checks?.informers === true, { description: 'informers synced', timeoutMs: 20_000 });
  }, 90_000);

  afterAll(async () => {
    await app?.app.shutdown('test over');
    for (const socket of clients) socket.destroy();
    await local.closeAll();
    await cluster?.dispose();
  }, SLOW_MS);

  it('marks each Ingress Ready once the gateway answers its hash probe', async () => {
    for (const want of ingresses) {
      const status = await waitFor(
        async () => {
          const got = await apiRequest(cluster, { path: `/apis/networking.internal.knative.dev/v1alpha1/namespaces/${NS}/ingresses/${want.metadata.name}` });
          const object = got.json as { metadata: { generation: number }; status?: { observedGeneration?: number; conditions?: { type: string; status: string }[] } };
          const ready = object.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
          return ready && object.status?.observedGeneration === object.metadata.generation ? object.status : undefined;
        },
        { description: `Ingress ${want.metadata.name} Ready`, timeoutMs: 15_000 },
      );
      expect(status).toMatchObject({
        observedGeneration: 1,
        publicLoadBalancer: { ingress: [{ domainInternal: 'networking.default.svc.cluster.local' }] },
        privateLoadBalancer: { ingress: [{ domainInternal: 'networking.default.svc.cluster.local' }] },
      });
      expect(status.conditions?.map((c) => `${c.type}=${c.status}`)).toEqual(['LoadBalancerReady=True', 'NetworkConfigured=True', 'Ready=True']);
    }
    const probe = await call(gatewayPort, 'hello.default.localhost', '/', { 'K-Network-Probe': 'probe' });
    expect({ status: probe.status, hash: probe.headers['k-network-hash'] }).toEqual({ status: 200, hash: ingressHash(ingresses[0] as never) });
    expect((await call(gatewayPort, 'nobody.localhost', '/', { 'K-Network-Probe': 'probe' })).status).toBe(404);
  }, SLOW_MS);

  it('routes by host (external and cluster-local, any port) and sets appendHeaders, X-Forwarded-* and Forwarded', async () => {
    for (const host of ['hello.default.localhost:8080', 'hello.default.svc.cluster.local']) {
      const answer = await call(gatewayPort, host, '/some/path?q=1', { 'x-forwarded-proto': 'https' });
      expect(answer.status).toBe(200);
      const seen = JSON.parse(answer.body) as { backend: string; url: string; headers: Record<string, string> };
      expect(seen.url).toBe('/some/path?q=1');
      const revisionName = seen.backend === 'one' ? 'hello-00001' : 'hello-00002';
      expect(seen.headers).toMatchObject({
        host,
        'knative-serving-revision': revisionName,
        'knative-serving-namespace': 'default',
        'x-forwarded-for': '127.0.0.1',
        'x-forwarded-proto': 'https',
        'x-forwarded-host': host,
        forwarded: `for=127.0.0.1;host=${host};proto=https`,
      });
    }
  }, SLOW_MS);

  it('answers 404 with a clear body for an unknown host, and 503 for a revision without ready endpoints', async () => {
    expect(await call(gatewayPort, 'nope.default.localhost')).toMatchObject({ status: 404, body: 'no route for host "nope.default.localhost"' });
    expect(await call(gatewayPort, 'empty.default.localhost')).toMatchObject({ status: 503, body: 'no ready endpoints for revision "default/empty-00001"' });
  }, SLOW_MS);

  it('splits traffic 80/20 by weight', async () => {
    const counts: Record<string, number> = { one: 0, two: 0 };
    for (let i = 0; i < 1000; i += 50) {
      const answers = await Promise.all(Array.from({ length: 50 }, () => call(gatewayPort, 'hello.default.localhost')));
      for (const a of answers) counts[(JSON.parse(a.body) as { backend: string }).backend] = (counts[(JSON.parse(a.body) as { backend: string }).backend] ?? 0) + 1;
    }
    expect(counts['one']! + counts['two']!).toBe(1000);
    expect(Math.abs(counts['one']! - 800)).toBeLessThan(60);
  }, SLOW_MS);

  it('answers 504 "request timeout" after the revision timeoutSeconds (1 s) when the backend sleeps', async () => {
    expect(await call(gatewayPort, 'slow.default.localhost', '/sleep')).toMatchObject({ status: 504, body: 'request timeout' });
  }, SLOW_MS);

  it('streams a response chunk by chunk', async () => {
    const answer = await call(gatewayPort, 'slow.default.localhost', '/stream');
    expect(answer.body).toBe('one;two;three');
    expect(answer.chunks.length).toBeGreaterThanOrEqual(3);
  }, SLOW_MS);

  it('passes a WebSocket through and echoes', async () => {
    // A minimal RFC 6455 client on a raw socket, so the Host header can name the route.
    const key = createHash('sha1').update('ebb').digest('base64').slice(0, 22) + '==';
    const socket = connect(gatewayPort, '127.0.0.1');
    clients.add(socket);
    let received = Buffer.alloc(0);
    const handshake = await new Promise<string>((resolve, reject) => {
      socket.on('data', (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        const end = received.indexOf('\r\n\r\n');
        if (end >= 0) {
          const head = received.subarray(0, end).toString('utf8');
          received = received.subarray(end + 4);
          socket.removeAllListeners('data');
          resolve(head);
        }
      });
      socket.on('error', reject);
      socket.write(`GET /ws HTTP/1.1\r\nHost: slow.default.localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    });
    expect(handshake).toMatch(/^HTTP\/1.1 101 Switching Protocols\r\n/);
    expect(handshake).toContain(`Sec-WebSocket-Accept: ${acceptKey(key)}`);
    const mask = Buffer.from([1, 2, 3, 4]);
    const payload = Buffer.from('hi', 'utf8').map((b, i) => b ^ (mask[i % 4] ?? 0));
    const reply = await new Promise<string>((resolve) => {
      const check = (): void => {
        if (received.length >= 2 && received.length >= 2 + (received[1] ?? 0)) resolve(received.subarray(2, 2 + (received[1] ?? 0)).toString('utf8'));
      };
      socket.on('data', (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        check();
      });
      check();
      socket.write(Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, payload]));
    });
    socket.destroy();
    expect(reply).toBe('one echo: hi');
  }, SLOW_MS);

  it('speaks h2c to a revision whose port is named h2c', async () => {
    expect(await call(gatewayPort, 'grpcish.default.localhost', '/x')).toMatchObject({ status: 200, body: 'h2 backend saw HTTP/2.0 /x for grpcish.default.localhost' });
  }, SLOW_MS);

  it('counts requests by code on /metrics', async () => {
    const metrics = (await app.get('/metrics')).body as string;
    expect(metrics).toMatch(/ebb_gateway_requests_total\{code="200"\} \d+/);
    expect(metrics).toMatch(/ebb_gateway_requests_total\{code="404"\} \d+/);
    expect(metrics).toMatch(/ebb_gateway_request_duration_seconds_bucket/);
  }, SLOW_MS);
});
