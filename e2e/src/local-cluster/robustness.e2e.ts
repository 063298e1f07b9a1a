import { apiRequest, namespaceReady, parsePrometheusText, startLocalCluster, type ApiAnswer, type ExitStatus, type LocalCluster } from '@ebb/testing';
import { request as httpsRequest } from 'node:https';
import { Agent } from 'node:https';

/**
 * The local cluster's API server under abuse, over raw HTTPS: a kill -9 in the middle of a
 * stream of creates loses no acknowledged object; a clean stop and restart keep the CA, the
 * token and the objects; bad bodies, names and sizes are refused with Kubernetes' statuses and
 * store nothing; requests without a valid token are 401 while the probes stay open.
 */
const MIB = 1024 * 1024;

let cluster: LocalCluster;

interface Status {
  kind?: string;
  status?: string;
  reason?: string;
  code?: number;
  message?: string;
  details?: { causes?: { field?: string }[] };
}

interface List {
  metadata: { resourceVersion: string };
  items: { metadata: { name: string; resourceVersion: string } }[];
}

function configMap(name: string, namespace: string, data: Record<string, string> = { a: '1' }): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data };
}

function deployment(name: string, namespace: string, spec: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } }, ...spec },
  };
}

async function createNamespace(name: string): Promise<void> {
  const answer = await apiRequest(cluster, { method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } });
  expect(answer).toMatchObject({ status: 201 });
  await namespaceReady(cluster, name);
}

async function list(path: string): Promise<List> {
  const answer = await apiRequest(cluster, { path });
  expect(answer).toMatchObject({ status: 200 });
  return answer.json as List;
}

beforeAll(async () => {
  cluster = await startLocalCluster();
  await createNamespace('bad-input');
}, 60_000);

afterAll(async () => {
  await cluster?.dispose();
});

describe('crash safety', () => {
  it('keeps every acknowledged create of a 1,000-create stream across a kill -9 in the middle', async () => {
    await createNamespace('crash');
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    const acknowledged = new Set<string>();
    const refused: ApiAnswer[] = [];
    let next = 0;
    let killed: Promise<ExitStatus> | undefined;
    const writer = async (): Promise<void> => {
      while (next < 1000 && !killed) {
        const name = `item-${String(next++).padStart(4, '0')}`;
        let answer: ApiAnswer;
        try {
          answer = await apiRequest(cluster, { method: 'POST', path: '/api/v1/namespaces/crash/configmaps', body: configMap(name, 'crash'), agent });
        } catch {
          return; // the server is gone
        }
        if (answer.status === 201) acknowledged.add(name);
        else refused.push(answer);
        if (acknowledged.size >= 300 && !killed) killed = cluster.kill();
      }
    };
    try {
      await Promise.all(Array.from({ length: 4 }, writer));
    } finally {
      agent.destroy();
    }
    expect(refused).toEqual([]);
    expect(killed).toBeDefined();
    expect(await killed).toEqual({ code: null, signal: 'SIGKILL' });
    expect(acknowledged.size).toBeGreaterThanOrEqual(300);
    expect(acknowledged.size).toBeLessThan(1000);

    const before = { token: cluster.token, caPem: cluster.caPem };
    cluster = await cluster.restart();
    expect({ token: cluster.token, caPem: cluster.caPem }).toEqual(before);
    const stored = await list('/api/v1/namespaces/crash/configmaps');
    const names = new Set(stored.items.map((item) => item.metadata.name));
    expect([...acknowledged].filter((name) => !names.has(name))).toEqual([]);
    // At most the 4 requests in flight at the kill may have been stored without an answer.
    expect(names.size - acknowledged.size).toBeLessThanOrEqual(4);

    const newest = Math.max(...stored.items.map((item) => Number(item.metadata.resourceVersion)));
    const after = await apiRequest(cluster, { method: 'POST', path: '/api/v1/namespaces/crash/configmaps', body: configMap('after-restart', 'crash') });
    expect(after.status).toBe(201);
    expect(Number((after.json as List['items'][number]).metadata.resourceVersion)).toBeGreaterThan(newest);
  }, 180_000);

  it('exits 0 on SIGTERM and keeps its CA, token and objects across a restart', async () => {
    const created = await apiRequest(cluster, { method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: configMap('kept', 'default', { kept: 'yes' }) });
    expect(created.status).toBe(201);
    const before = { token: cluster.token, caPem: cluster.caPem, port: cluster.port, dataDir: cluster.dataDir };
    expect(await cluster.stop()).toEqual({ code: 0, signal: null });
    cluster = await cluster.restart();
    expect({ token: cluster.token, caPem: cluster.caPem, port: cluster.port, dataDir: cluster.dataDir }).toEqual(before);
    const kept = await apiRequest(cluster, { path: '/api/v1/namespaces/default/configmaps/kept' });
    expect(kept.status).toBe(200);
    expect(kept.json).toEqual(created.json);
  }, 90_000);
});

describe('bad input over raw HTTPS', () => {
  const configmaps = '/api/v1/namespaces/bad-input/configmaps';
  const deployments = '/apis/apps/v1/namespaces/bad-input/deployments';
  const subdomain =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

  it.each([
    { name: 'a body that is not JSON', path: configmaps, body: 'this is { not json', status: 400, reason: 'BadRequest', message: [] as string[], field: undefined },
    {
      name: 'a Secret posted to the configmaps URL',
      path: configmaps,
      body: JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'wrong-kind', namespace: 'bad-input' }, data: {} }),
      status: 400,
      reason: 'BadRequest',
      message: ['Secret', 'ConfigMap'],
      field: undefined,
    },
    {
      name: 'a name that is not a DNS-1123 subdomain',
      path: configmaps,
      body: JSON.stringify(configMap('Not_A_Name', 'bad-input')),
      status: 422,
      reason: 'Invalid',
      message: [`ConfigMap "Not_A_Name" is invalid: metadata.name: Invalid value: "Not_A_Name": ${subdomain}`],
      field: 'metadata.name',
    },
    {
      name: 'a 4 MiB object (the limit is 3 MiB)',
      path: configmaps,
      body: JSON.stringify(configMap('huge', 'bad-input', { big: 'x'.repeat(4 * MIB) })),
      status: 413,
      reason: 'RequestEntityTooLarge',
      message: [],
      field: undefined,
    },
    {
      name: 'an unknown top-level field with fieldValidation=Strict',
      path: `${configmaps}?fieldValidation=Strict`,
      body: JSON.stringify({ ...configMap('strict', 'bad-input'), color: 'blue' }),
      status: 400,
      reason: 'BadRequest',
      message: ['strict decoding error: unknown field "color"'],
      field: undefined,
    },
    {
      name: 'an unknown nested field with fieldValidation=Strict',
      path: `${deployments}?fieldValidation=Strict`,
      body: JSON.stringify(deployment('strict-web', 'bad-input', { colour: 'blue' })),
      status: 400,
      reason: 'BadRequest',
      message: ['strict decoding error: unknown field "spec.colour"'],
      field: undefined,
    },
  ])('refuses $name with $status $reason and stores nothing', async ({ path, body, status, reason, message, field }) => {
    const answer = await apiRequest(cluster, { method: 'POST', path, body, timeoutMs: 60_000 });
    expect(answer.status).toBe(status);
    expect(answer.json).toMatchObject({ kind: 'Status', status: 'Failure', reason, code: status });
    const refusal = answer.json as Status;
    for (const part of message) expect(refusal.message).toContain(part);
    if (field) expect(refusal.details?.causes).toContainEqual(expect.objectContaining({ field }));
    // Only what the controllers put into every namespace (the CA bundle), nothing of the request.
    expect((await list(configmaps)).items.map((item) => item.metadata.name)).toEqual(['kube-root-ca.crt']);
    expect((await list(deployments)).items).toEqual([]);
  }, 90_000);
});

/** Opens a watch stream and resolves once its response headers arrive (the watch is then registered). */
async function openWatch(path: string): Promise<{ destroy: () => void }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(`${cluster.url}${path}`, { ca: cluster.caPem, headers: { authorization: `Bearer ${cluster.token}` } }, (res) => {
      res.resume();
      resolve({ destroy: () => req.destroy() });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('authentication', () => {
  it.each([
    { name: 'no token', token: null },
    { name: 'a wrong token', token: 'not-the-token' },
  ])('answers 401 Unauthorized to a request with $name', async ({ token }) => {
    const answer = await apiRequest(cluster, { path: '/api/v1/namespaces', token });
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Unauthorized', code: 401 });
  });

  it.each([{ path: '/readyz' }, { path: '/healthz' }, { path: '/livez' }, { path: '/version' }])('serves $path without a token', async ({ path }) => {
    expect((await apiRequest(cluster, { path, token: null })).status).toBe(200);
  });

  it('issues service-account tokens that authenticate as the account while it exists', async () => {
    const account = await apiRequest(cluster, { method: 'POST', path: '/api/v1/namespaces/default/serviceaccounts', body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'builder' } } });
    expect(account.status).toBe(201);
    const issued = await apiRequest(cluster, {
      method: 'POST',
      path: '/api/v1/namespaces/default/serviceaccounts/builder/token',
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } },
    });
    expect(issued).toMatchObject({ status: 201, json: { kind: 'TokenRequest', spec: { expirationSeconds: 3600 }, status: { token: expect.any(String) as unknown } } });
    const token = (issued.json as { status: { token: string } }).status.token;

    const review = await apiRequest(cluster, { method: 'POST', path: '/apis/authentication.k8s.io/v1/selfsubjectreviews', token, body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } });
    expect(review.json).toMatchObject({
      kind: 'SelfSubjectReview',
      status: { userInfo: { username: 'system:serviceaccount:default:builder', groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'] } },
    });
    // Authenticated (403 from RBAC, not 401): the account has no binding (rbac.e2e.ts covers grants).
    expect((await apiRequest(cluster, { path: '/api/v1/namespaces/default/configmaps', token })).status).toBe(403);

    expect((await apiRequest(cluster, { method: 'DELETE', path: '/api/v1/namespaces/default/serviceaccounts/builder' })).status).toBe(200);
    expect((await apiRequest(cluster, { path: '/api/v1/namespaces/default/configmaps', token })).status).toBe(401);
  });

  it.each([
    { name: 'a missing account', path: '/api/v1/namespaces/default/serviceaccounts/nobody/token', spec: {}, status: 404, message: 'serviceaccounts "nobody" not found' },
    {
      name: 'a lifetime under ten minutes',
      path: '/api/v1/namespaces/default/serviceaccounts/default-sa/token',
      spec: { expirationSeconds: 60 },
      status: 422,
      message: 'TokenRequest.authentication.k8s.io "default-sa" is invalid: spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes',
    },
  ])('refuses a token for $name', async ({ path, spec, status, message }) => {
    await apiRequest(cluster, { method: 'POST', path: '/api/v1/namespaces/default/serviceaccounts', body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default-sa' } } });
    const answer = await apiRequest(cluster, { method: 'POST', path, body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec } });
    expect(answer).toMatchObject({ status, json: { kind: 'Status', message } });
  });

  it('serves /metrics to an authenticated client: requests by verb, resource and code, open watches, storage size', async () => {
    expect((await apiRequest(cluster, { path: '/metrics', token: null })).status).toBe(401);
    await apiRequest(cluster, { path: '/api/v1/namespaces/default/configmaps/not-there' });
    const watch = await openWatch('/api/v1/namespaces/default/configmaps?watch=1');
    try {
      const answer = await apiRequest(cluster, { path: '/metrics' });
      expect(answer.status).toBe(200);
      const samples = parsePrometheusText(answer.body);
      const value = (name: string, labels: Record<string, string> = {}): number | undefined =>
        samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
      expect(value('apiserver_request_total', { verb: 'get', resource: 'configmaps', code: '404' })).toBeGreaterThanOrEqual(1);
      expect(value('apiserver_request_duration_seconds_count', { verb: 'get', resource: 'configmaps' })).toBeGreaterThanOrEqual(1);
      expect(value('apiserver_longrunning_requests')).toBeGreaterThanOrEqual(1);
      expect(value('apiserver_storage_size_bytes')).toBeGreaterThan(0);
    } finally {
      watch.destroy();
    }
  });

  it('reports a Kubernetes version', async () => {
    const answer = await apiRequest(cluster, { path: '/version', token: null });
    expect(answer.json).toMatchObject({ major: '1', gitVersion: expect.stringMatching(/^v1\.\d+\.\d+/) as unknown });
  });
});
