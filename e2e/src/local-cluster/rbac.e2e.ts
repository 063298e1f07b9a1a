import { apiRequest, kubectl, startLocalCluster, type KubectlResult, type LocalCluster } from '@ebb/testing';

/**
 * RBAC enforcement by the local cluster's API server, driven by the real kubectl with
 * service-account tokens: denied with Kubernetes' Forbidden text until a Role and RoleBinding
 * grant access (in that namespace only), a ClusterRoleBinding granting everywhere, resourceNames
 * limits, `kubectl auth can-i`, the default bootstrap policy, the admin kubeconfig keeping full
 * access, and anonymous requests (with --insecure-anonymous) allowed only the public paths.
 */
const NS = 'e2e-rbac';
const OTHER = 'e2e-rbac-other';
const RBAC_V1 = 'rbac.authorization.k8s.io/v1';

let cluster: LocalCluster;

async function run(args: readonly string[], input?: string): Promise<KubectlResult> {
  return kubectl(cluster, args, input === undefined ? {} : { input });
}

/** kubectl with a service account's token instead of the kubeconfig's admin token. */
async function as(token: string, args: readonly string[]): Promise<KubectlResult> {
  return run(['--token', token, ...args]);
}

async function applyAsAdmin(...objects: unknown[]): Promise<void> {
  const result = await run(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
  expect(result).toMatchObject({ code: 0 });
}

/** Creates a ServiceAccount in NS and returns a token for it (POST serviceaccounts/<name>/token). */
async function serviceAccountToken(name: string): Promise<string> {
  await applyAsAdmin({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: NS } });
  const issued = await apiRequest(cluster, {
    method: 'POST',
    path: `/api/v1/namespaces/${NS}/serviceaccounts/${name}/token`,
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } },
  });
  expect(issued.status).toBe(201);
  return (issued.json as { status: { token: string } }).status.token;
}

function user(name: string): string {
  return `system:serviceaccount:${NS}:${name}`;
}

function forbidden(message: string): string {
  return `Error from server (Forbidden): ${message}\n`;
}

function role(name: string, rules: unknown[]): unknown {
  return { apiVersion: RBAC_V1, kind: 'Role', metadata: { name, namespace: NS }, rules };
}

function roleBinding(name: string, roleRef: { kind: string; name: string }, account: string): unknown {
  return { apiVersion: RBAC_V1, kind: 'RoleBinding', metadata: { name, namespace: NS }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef }, subjects: [{ kind: 'ServiceAccount', name: account }] };
}

beforeAll(async () => {
  cluster = await startLocalCluster({ extraArgs: ['--insecure-anonymous'] });
  await applyAsAdmin({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: OTHER } });
  await applyAsAdmin(
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'allowed', namespace: NS }, data: { a: '1' } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'hidden', namespace: NS }, data: { b: '2' } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'elsewhere', namespace: OTHER }, data: { c: '3' } },
  );
}, 60_000);

afterAll(async () => {
  await cluster.dispose();
});

describe('a service account with a Role and RoleBinding', () => {
  let token: string;
  beforeAll(async () => {
    token = await serviceAccountToken('builder');
  });

  it('is forbidden to list configmaps before any binding, with kubectl\'s Forbidden text', async () => {
    expect(await as(token, ['get', 'configmaps', '-n', NS])).toEqual({
      code: 1,
      stdout: '',
      stderr: forbidden(`configmaps is forbidden: User "${user('builder')}" cannot list resource "configmaps" in API group "" in the namespace "${NS}"`),
    });
    expect(await as(token, ['auth', 'can-i', 'list', 'configmaps', '-n', NS])).toMatchObject({ code: 1, stdout: 'no\n' });
  });

  it('may list them in the Role\'s namespace once bound (kubectl apply), and only there', async () => {
    await applyAsAdmin(role('cm-reader', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }]), roleBinding('builder-reads', { kind: 'Role', name: 'cm-reader' }, 'builder'));
    const listed = await as(token, ['get', 'configmaps', '-n', NS, '-o', 'name']);
    expect(listed).toMatchObject({ code: 0 });
    expect(listed.stdout.split('\n')).toEqual(expect.arrayContaining(['configmap/allowed', 'configmap/hidden']));
    expect(await as(token, ['auth', 'can-i', 'list', 'configmaps', '-n', NS])).toMatchObject({ code: 0, stdout: 'yes\n' });
    expect(await as(token, ['get', 'configmaps', '-n', OTHER])).toEqual({
      code: 1,
      stdout: '',
      stderr: forbidden(`configmaps is forbidden: User "${user('builder')}" cannot list resource "configmaps" in API group "" in the namespace "${OTHER}"`),
    });
    expect(await as(token, ['auth', 'can-i', 'list', 'configmaps', '-n', OTHER])).toMatchObject({ code: 1, stdout: 'no\n' });
  });

  it('is still forbidden what the Role does not grant', async () => {
    expect(await as(token, ['delete', 'configmap', 'hidden', '-n', NS])).toEqual({
      code: 1,
      stdout: '',
      stderr: forbidden(`configmaps "hidden" is forbidden: User "${user('builder')}" cannot delete resource "configmaps" in API group "" in the namespace "${NS}"`),
    });
    expect(await as(token, ['get', 'secrets', '-n', NS])).toMatchObject({ code: 1, stderr: expect.stringContaining('cannot list resource "secrets"') as unknown });
    expect(await as(token, ['get', 'namespaces'])).toEqual({
      code: 1,
      stdout: '',
      stderr: forbidden(`namespaces is forbidden: User "${user('builder')}" cannot list resource "namespaces" in API group "" at the cluster scope`),
    });
  });

  it('loses access when the RoleBinding is deleted', async () => {
    expect(await run(['delete', 'rolebinding', 'builder-reads', '-n', NS])).toMatchObject({ code: 0 });
    expect(await as(token, ['get', 'configmaps', '-n', NS])).toMatchObject({ code: 1, stderr: expect.stringContaining('Error from server (Forbidden)') as unknown });
  });
});

describe('a ClusterRoleBinding', () => {
  it('grants its ClusterRole in every namespace', async () => {
    const token = await serviceAccountToken('watcher');
    expect(await as(token, ['get', 'configmaps', '-n', OTHER])).toMatchObject({ code: 1 });
    await applyAsAdmin({
      apiVersion: RBAC_V1,
      kind: 'ClusterRoleBinding',
      metadata: { name: 'e2e-watcher-views' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'ServiceAccount', name: 'watcher', namespace: NS }],
    });
    expect(await as(token, ['get', 'configmap', 'elsewhere', '-n', OTHER, '-o', 'name'])).toMatchObject({ code: 0, stdout: 'configmap/elsewhere\n' });
    expect(await as(token, ['get', 'configmaps', '-A', '-o', 'name'])).toMatchObject({ code: 0, stdout: expect.stringContaining('configmap/allowed') as unknown });
    expect(await as(token, ['auth', 'can-i', 'watch', 'deployments.apps', '-n', 'default'])).toMatchObject({ code: 0, stdout: 'yes\n' });
    // view reads no Secrets and writes nothing.
    expect(await as(token, ['auth', 'can-i', 'get', 'secrets', '-n', OTHER])).toMatchObject({ code: 1, stdout: 'no\n' });
    expect(await as(token, ['auth', 'can-i', 'create', 'configmaps', '-n', OTHER])).toMatchObject({ code: 1, stdout: 'no\n' });
  });
});

describe('resourceNames', () => {
  it('limit a Role to the objects it names', async () => {
    const token = await serviceAccountToken('picker');
    await applyAsAdmin(role('one-cm', [{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['allowed'], verbs: ['get', 'list'] }]), roleBinding('picker-one', { kind: 'Role', name: 'one-cm' }, 'picker'));
    expect(await as(token, ['get', 'configmap', 'allowed', '-n', NS, '-o', 'name'])).toMatchObject({ code: 0, stdout: 'configmap/allowed\n' });
    expect(await as(token, ['get', 'configmap', 'hidden', '-n', NS])).toEqual({
      code: 1,
      stdout: '',
      stderr: forbidden(`configmaps "hidden" is forbidden: User "${user('picker')}" cannot get resource "configmaps" in API group "" in the namespace "${NS}"`),
    });
    expect(await as(token, ['get', 'configmaps', '-n', NS])).toMatchObject({ code: 1, stderr: expect.stringContaining('cannot list resource "configmaps"') as unknown });
    expect(await as(token, ['auth', 'can-i', 'get', 'configmap/allowed', '-n', NS])).toMatchObject({ code: 0, stdout: 'yes\n' });
    expect(await as(token, ['auth', 'can-i', 'get', 'configmap/hidden', '-n', NS])).toMatchObject({ code: 1, stdout: 'no\n' });
  });
});

describe('the admin kubeconfig and the default policy', () => {
  it('keeps full access (system:masters)', async () => {
    expect(await run(['get', 'namespaces', '-o', 'name'])).toMatchObject({ code: 0, stdout: expect.stringContaining(`namespace/${NS}`) as unknown });
    expect(await run(['auth', 'can-i', '*', '*', '--all-namespaces'])).toMatchObject({ code: 0, stdout: 'yes\n' });
    expect(await run(['auth', 'can-i', 'get', '/metrics'])).toMatchObject({ code: 0, stdout: 'yes\n' });
  });

  it.each([
    { name: 'cluster-admin', kind: 'clusterrolebinding', subjects: 'Group/system:masters' },
    { name: 'system:discovery', kind: 'clusterrolebinding', subjects: 'Group/system:authenticated' },
    { name: 'system:basic-user', kind: 'clusterrolebinding', subjects: 'Group/system:authenticated' },
    { name: 'system:public-info-viewer', kind: 'clusterrolebinding', subjects: 'Group/system:authenticated Group/system:unauthenticated' },
  ])('creates the $kind $name at start, labelled as Kubernetes labels it', async ({ name, kind, subjects }) => {
    const labels = await run(['get', kind, name, '-o', 'jsonpath={.metadata.labels.kubernetes\\.io/bootstrapping}']);
    expect(labels).toMatchObject({ code: 0, stdout: 'rbac-defaults' });
    const bound = await run(['get', kind, name, '-o', 'jsonpath={range .subjects[*]}{.kind}/{.name} {end}']);
    expect(bound.stdout.trim()).toBe(subjects);
    expect(await run(['get', 'clusterrole', name, '-o', 'name'])).toMatchObject({ code: 0, stdout: `clusterrole.rbac.authorization.k8s.io/${name}\n` });
  });

  it('lets any service account read discovery and ask who it is, but not read /metrics', async () => {
    const token = await serviceAccountToken('nobody');
    expect(await as(token, ['api-resources', '--api-group=apps', '-o', 'name'])).toMatchObject({ code: 0, stdout: expect.stringContaining('deployments.apps') as unknown });
    expect(await as(token, ['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'])).toMatchObject({ code: 0, stdout: user('nobody') });
    const metrics = await apiRequest(cluster, { path: '/metrics', token });
    expect(metrics).toMatchObject({ status: 403, json: { kind: 'Status', reason: 'Forbidden', message: `forbidden: User "${user('nobody')}" cannot get path "/metrics"`, code: 403 } });
  });
});

describe('anonymous requests (--insecure-anonymous)', () => {
  it.each([
    { name: 'the namespace list', path: '/api/v1/namespaces', message: 'namespaces is forbidden: User "system:anonymous" cannot list resource "namespaces" in API group "" at the cluster scope', details: { kind: 'namespaces' } },
    { name: 'one namespace', path: `/api/v1/namespaces/${NS}`, message: `namespaces "${NS}" is forbidden: User "system:anonymous" cannot get resource "namespaces" in API group "" in the namespace "${NS}"`, details: { name: NS, kind: 'namespaces' } },
    { name: 'discovery', path: '/apis', message: 'forbidden: User "system:anonymous" cannot get path "/apis"', details: {} },
  ])('get 403 Forbidden on $name', async ({ path, message, details }) => {
    const answer = await apiRequest(cluster, { path, token: null });
    expect(answer).toMatchObject({ status: 403 });
    expect(answer.json).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Forbidden', details, code: 403 });
  });

  it.each([{ path: '/version' }, { path: '/healthz' }, { path: '/readyz' }, { path: '/livez' }])('get 200 on $path', async ({ path }) => {
    expect((await apiRequest(cluster, { path, token: null })).status).toBe(200);
  });
});
