// pods/proxy against a real local cluster: pods running the echo example (a small Node HTTP
// server that answers with what it received), one on a mapped host port and one binding its pod
// IP; requests go through the API server over HTTPS (and through kubectl) and the pod's answer
// comes back. Also the failures: unknown pod (404), no IP (503), nothing listening (503).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ImageStore } from '@ebb/image-store';
import { apiRequest, exampleDir, kubectl, startLocalCluster, waitFor, type ApiAnswer, type LocalCluster, type PodView } from '@ebb/testing';

const NS = 'proxy-spec';

/** What the echo server answers. */
interface Echo {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly hostname: string;
}

let cluster: LocalCluster;
let work: string;

function echoPod(name: string, options: { podIP?: boolean; nodeName?: string } = {}): unknown {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NS, ...(options.podIP === true ? { annotations: { 'local.ebb.dev/port-mapping': 'pod-ip' } } : {}) },
    spec: {
      ...(options.nodeName === undefined ? {} : { nodeName: options.nodeName }),
      terminationGracePeriodSeconds: 1,
      containers: [
        {
          name: 'echo',
          image: 'dev.local/echo',
          ports: [{ name: 'http', containerPort: 8080 }],
          readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 1 },
          env: options.podIP === true ? [{ name: 'HOST', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }] : [],
        },
      ],
    },
  };
}

async function running(name: string): Promise<PodView> {
  return waitFor(
    async () => {
      const answer = await apiRequest(cluster, { path: `/api/v1/namespaces/${NS}/pods/${name}` });
      const pod = answer.json as PodView;
      return pod.status?.phase === 'Running' && (pod.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True') ? pod : undefined;
    },
    { description: `pod ${name} ready`, timeoutMs: 60_000, intervalMs: 100 },
  );
}

function proxyPath(pod: string, rest: string): string {
  return `/api/v1/namespaces/${NS}/pods/${pod}/proxy${rest}`;
}

function echoOf(answer: ApiAnswer): Echo {
  expect({ status: answer.status, body: answer.status === 200 ? '' : answer.body }).toEqual({ status: 200, body: '' });
  return answer.json as Echo;
}

beforeAll(async () => {
  cluster = await startLocalCluster();
  work = await mkdtemp(path.join(tmpdir(), 'ebb-pod-proxy-'));
  await ImageStore.open(cluster.dataDir).add('dev.local/echo', exampleDir('echo'));
  expect((await apiRequest(cluster, { method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } } })).status).toBe(201);
  for (const [name, options] of [
    ['mapped', {}],
    ['own-ip', { podIP: true }],
    ['unplaced', { nodeName: 'no-such-node' }],
  ] as const) {
    expect((await apiRequest(cluster, { method: 'POST', path: `/api/v1/namespaces/${NS}/pods`, body: echoPod(name, options) })).status).toBe(201);
  }
  await running('mapped');
  await running('own-ip');
}, 90_000);

afterAll(async () => {
  await cluster?.dispose();
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

describe('pods/proxy', () => {
  it('proxies a GET with its path and query to a pod on a mapped host port, without the caller credentials and hop-by-hop headers', async () => {
    const pod = await running('mapped');
    const mapped = JSON.parse(pod.metadata.annotations?.['local.ebb.dev/ports'] ?? '{}') as Record<string, number>;
    expect(mapped['8080/TCP']).not.toBe(8080);
    const answer = await apiRequest(cluster, { path: proxyPath('mapped:8080', '/some/where?x=1&y=two'), headers: { 'x-request-id': 'r-1', connection: 'x-hop', 'x-hop': 'must-go', 'proxy-authorization': 'Basic c2VjcmV0' } });
    const echo = echoOf(answer);
    expect({ method: echo.method, path: echo.path, query: echo.query, hostname: echo.hostname }).toEqual({ method: 'GET', path: '/some/where', query: { x: '1', y: 'two' }, hostname: 'mapped' });
    expect(echo.headers['x-request-id']).toBe('r-1');
    expect(echo.headers['host']).toBe(`${pod.status?.podIP ?? ''}:${mapped['8080/TCP'] ?? 0}`);
    for (const gone of ['authorization', 'x-hop', 'proxy-authorization']) expect(echo.headers[gone]).toBeUndefined();
    expect(answer.headers['content-type']).toBe('application/json');
  });

  it('streams a POST body to the pod and the pod status back', async () => {
    const answer = await apiRequest(cluster, { method: 'POST', path: proxyPath('mapped:http', '/submit?status=202'), body: 'hello pod', headers: { 'content-type': 'text/plain' } });
    expect(answer.status).toBe(202);
    expect(answer.json).toMatchObject({ method: 'POST', path: '/submit', body: 'hello pod', headers: { 'content-type': 'text/plain' } });
  });

  it('reaches a pod that binds its own pod IP at its containerPort, by default on its first port', async () => {
    const pod = await running('own-ip');
    expect(echoOf(await apiRequest(cluster, { path: proxyPath('own-ip', '/') }))).toMatchObject({ method: 'GET', path: '/', hostname: 'own-ip', headers: { host: `${pod.status?.podIP ?? ''}:8080` } });
  });

  it('answers through kubectl get --raw', async () => {
    const result = await kubectl(cluster, ['get', '--raw', proxyPath('mapped:8080', '/via-kubectl')]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ method: 'GET', path: '/via-kubectl' });
  });

  it.each([
    { name: 'an unknown pod', pod: 'nope:8080', status: 404, reason: 'NotFound', message: 'pods "nope" not found' },
    { name: 'a pod without an IP', pod: 'unplaced:8080', status: 503, reason: 'ServiceUnavailable', message: 'pod has no IP' },
    { name: 'a port nothing listens on', pod: 'mapped:9', status: 503, reason: 'ServiceUnavailable', message: expect.stringMatching(/^error trying to reach service: connect ECONNREFUSED 127\.[\d.]+:9$/) as unknown },
  ])('answers $status for $name with a Status', async ({ pod, status, reason, message }) => {
    const answer = await apiRequest(cluster, { path: proxyPath(pod, '/') });
    expect(answer.status).toBe(status);
    expect(answer.json).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason, code: status, message });
  });

  it('requires authentication and RBAC as pods/proxy', async () => {
    expect((await apiRequest(cluster, { path: proxyPath('mapped:8080', '/'), token: null })).status).toBe(401);
    const review = await apiRequest(cluster, {
      method: 'POST',
      path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { namespace: NS, verb: 'create', resource: 'pods', subresource: 'proxy' } } },
    });
    expect(review.json).toMatchObject({ status: { allowed: true } });
  });

  it('lists pods/proxy in discovery', async () => {
    const list = (await apiRequest(cluster, { path: '/api/v1' })).json as { resources: { name: string; kind: string; verbs: string[] }[] };
    expect(list.resources.find((r) => r.name === 'pods/proxy')).toEqual(expect.objectContaining({ kind: 'PodProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] }));
  });
});
