import { apiRequest, kubectl, startLocalCluster, type KubectlResult, type LocalCluster } from '@ebb/testing';

/**
 * kubectl's generator commands (`kubectl create namespace|configmap|secret|...`, `create token`,
 * `auth whoami`) send protobuf bodies and never fall back to JSON: the local cluster decodes
 * them. Driven by the real, unmodified kubectl; `get -o json` proves the values arrived.
 */
const NS = 'e2e-protobuf';
const PROTOBUF = 'application/vnd.kubernetes.protobuf';

let cluster: LocalCluster;

async function run(args: readonly string[]): Promise<KubectlResult> {
  return kubectl(cluster, args);
}

/** Runs kubectl, expects exit 0 and returns stdout. */
async function ok(args: readonly string[]): Promise<string> {
  const result = await run(args);
  expect(result).toMatchObject({ code: 0 });
  return result.stdout;
}

async function getJson(resource: string, namespace = NS): Promise<unknown> {
  return JSON.parse(await ok(['get', resource, '-n', namespace, '-o', 'json'])) as unknown;
}

beforeAll(async () => {
  cluster = await startLocalCluster();
  expect(await run(['create', 'namespace', NS])).toMatchObject({ code: 0, stdout: `namespace/${NS} created\n` });
}, 60_000);

afterAll(async () => {
  await cluster?.dispose();
});

describe('kubectl create (protobuf bodies)', () => {
  it.each([
    { name: 'configmap', args: ['create', 'configmap', 'c', '--from-literal=a=b'], stdout: 'configmap/c created\n' },
    { name: 'secret generic', args: ['create', 'secret', 'generic', 's', '--from-literal=p=q'], stdout: 'secret/s created\n' },
    { name: 'serviceaccount', args: ['create', 'sa', 'builder'], stdout: 'serviceaccount/builder created\n' },
    { name: 'deployment', args: ['create', 'deployment', 'web', '--image=nginx', '--replicas=2', '--port=80'], stdout: 'deployment.apps/web created\n' },
    { name: 'service clusterip', args: ['create', 'service', 'clusterip', 'web', '--tcp=80:8080'], stdout: 'service/web created\n' },
    { name: 'role', args: ['create', 'role', 'r', '--verb=get', '--resource=pods'], stdout: 'role.rbac.authorization.k8s.io/r created\n' },
    { name: 'rolebinding', args: ['create', 'rolebinding', 'rb', '--role=r', '--user=u'], stdout: 'rolebinding.rbac.authorization.k8s.io/rb created\n' },
    { name: 'clusterrole', args: ['create', 'clusterrole', 'pb-reader', '--verb=get,list', '--resource=configmaps'], stdout: 'clusterrole.rbac.authorization.k8s.io/pb-reader created\n' },
    {
      name: 'clusterrolebinding',
      args: ['create', 'clusterrolebinding', 'pb-readers', '--clusterrole=pb-reader', `--serviceaccount=${NS}:builder`],
      stdout: 'clusterrolebinding.rbac.authorization.k8s.io/pb-readers created\n',
    },
  ])('$name', async ({ args, stdout }) => {
    expect(await run([...args, '-n', NS])).toMatchObject({ code: 0, stdout });
  });

  it.each([
    { name: 'namespace', resource: `namespace/${NS}`, expected: { metadata: { name: NS }, status: { phase: 'Active' } } },
    { name: 'configmap', resource: 'configmap/c', expected: { data: { a: 'b' } } },
    { name: 'secret', resource: 'secret/s', expected: { data: { p: 'cQ==' } } },
    { name: 'serviceaccount', resource: 'serviceaccount/builder', expected: { metadata: { name: 'builder', namespace: NS } } },
    {
      name: 'deployment',
      resource: 'deployment/web',
      expected: {
        metadata: { labels: { app: 'web' } },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'web' } },
          template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }] }] } },
        },
      },
    },
    {
      name: 'service',
      resource: 'service/web',
      expected: { spec: { type: 'ClusterIP', selector: { app: 'web' }, ports: [{ name: '80-8080', port: 80, protocol: 'TCP', targetPort: 8080 }] } },
    },
    { name: 'role', resource: 'role/r', expected: { rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] } },
    {
      name: 'rolebinding',
      resource: 'rolebinding/rb',
      expected: { roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' }, subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'u' }] },
    },
    { name: 'clusterrole', resource: 'clusterrole/pb-reader', expected: { rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }] } },
    {
      name: 'clusterrolebinding',
      resource: 'clusterrolebinding/pb-readers',
      expected: { roleRef: { kind: 'ClusterRole', name: 'pb-reader' }, subjects: [{ kind: 'ServiceAccount', name: 'builder', namespace: NS }] },
    },
  ])('get -o json shows the $name values', async ({ resource, expected }) => {
    expect(await getJson(resource)).toMatchObject(expected);
  });

  it('--dry-run=server creates nothing', async () => {
    expect(await run(['create', 'namespace', 'pb-ghost', '--dry-run=server'])).toMatchObject({ code: 0, stdout: 'namespace/pb-ghost created (server dry run)\n' });
    expect(await run(['get', 'namespace', 'pb-ghost'])).toMatchObject({ code: 1, stderr: expect.stringContaining('namespaces "pb-ghost" not found') as unknown });
  });
});

describe('kubectl create token and auth whoami (protobuf bodies)', () => {
  it('auth whoami names the kubeconfig user', async () => {
    const review = JSON.parse(await ok(['auth', 'whoami', '-o', 'json'])) as unknown;
    expect(review).toMatchObject({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview', status: { userInfo: { groups: expect.arrayContaining(['system:authenticated']) as unknown } } });
  });

  it('create token issues a token that authenticates as the service account', async () => {
    const token = (await ok(['create', 'token', 'builder', '-n', NS, '--duration=1h'])).trim();
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const username = await ok(['--token', token, 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}']);
    expect(username).toBe(`system:serviceaccount:${NS}:builder`);
  });
});

describe('protobuf bodies the server cannot decode', () => {
  it.each([
    {
      name: 'a kind it has no schema for → 415',
      body: Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0x09, 0x0a, 0x02, 0x76, 0x31, 0x12, 0x03, 0x46, 0x6f, 0x6f]),
      expected: { status: 415, json: { reason: 'UnsupportedMediaType', message: 'no kind "Foo" is registered for version "v1"' } },
    },
    {
      name: 'bytes without the k8s prefix → 400',
      body: Buffer.from('not protobuf'),
      expected: { status: 400, json: { reason: 'BadRequest', message: 'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]' } },
    },
    {
      name: 'a truncated body → 400',
      body: Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0x09, 0x0a]),
      expected: { status: 400, json: { reason: 'BadRequest', message: 'unexpected EOF' } },
    },
  ])('$name', async ({ body, expected }) => {
    const answer = await apiRequest(cluster, { method: 'POST', path: `/api/v1/namespaces/${NS}/configmaps`, body, headers: { 'content-type': PROTOBUF } });
    expect(answer).toMatchObject(expected);
  });
});
