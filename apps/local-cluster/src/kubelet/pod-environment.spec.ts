// Drives the env and volume code through the real client-node CoreV1Api against a tiny local
// HTTP server standing in for the API server (ConfigMaps, Secrets, TokenRequests).
import { createServer, type Server } from 'node:http';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig, type V1Container, type V1Pod } from '@kubernetes/client-node';
import { pino } from 'pino';
import { preparePodVolumes, resolveContainerEnv, type PodEnvironmentDeps, type PodVolumes } from './pod-environment.js';
import { ContainerStartError } from './runtime/runtime.js';

interface FakeApi {
  readonly configMaps: Map<string, { data?: Record<string, string> }>;
  readonly secrets: Map<string, { data?: Record<string, string> }>;
  readonly tokenRequests: { path: string; body: unknown }[];
  /** How long each issued token lives, from the test clock's now. */
  tokenLifeMs: number;
}

const NOW = new Date('2026-01-01T00:00:00.000Z');

function startFakeApi(api: FakeApi): Promise<Server> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const [status, payload] = answer(api, req.method ?? '', req.url ?? '', body);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function answer(api: FakeApi, method: string, url: string, body: string): [number, unknown] {
  const path = url.split('?')[0] ?? '';
  const read = /^\/api\/v1\/namespaces\/shop\/(configmaps|secrets)\/([^/]+)$/.exec(path);
  if (method === 'GET' && read) {
    const object = (read[1] === 'configmaps' ? api.configMaps : api.secrets).get(read[2] ?? '');
    if (object) return [200, { apiVersion: 'v1', kind: read[1] === 'configmaps' ? 'ConfigMap' : 'Secret', metadata: { name: read[2], namespace: 'shop' }, ...object }];
  }
  if (method === 'POST' && /^\/api\/v1\/namespaces\/shop\/serviceaccounts\/[^/]+\/token$/.test(path)) {
    api.tokenRequests.push({ path, body: JSON.parse(body) });
    const expirationTimestamp = new Date(NOW.getTime() + api.tokenLifeMs).toISOString();
    return [201, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {}, status: { token: `token-${api.tokenRequests.length}`, expirationTimestamp } }];
  }
  return [404, { apiVersion: 'v1', kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404, message: `${path} not found` }];
}

function kubeConfigFor(server: Server): KubeConfig {
  const kubeConfig = new KubeConfig();
  const { port } = server.address() as AddressInfo;
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'local', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
    users: [{ name: 'kubelet', token: 'x' }],
    contexts: [{ name: 'local', cluster: 'local', user: 'kubelet' }],
    currentContext: 'local',
  });
  return kubeConfig;
}

const pod = (spec: Partial<NonNullable<V1Pod['spec']>>): V1Pod => ({
  metadata: { name: 'web-1', namespace: 'shop', uid: 'uid-1', labels: { app: 'web' } },
  spec: { serviceAccountName: 'builder', containers: [{ name: 'app' }], ...spec },
  status: { podIP: '127.0.0.7' },
});

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('condition not reached');
}

describe('pod environment', () => {
  let api: FakeApi;
  let server: Server;
  let deps: PodEnvironmentDeps;
  let podDir: string;
  const opened: PodVolumes[] = [];

  beforeEach(async () => {
    api = {
      configMaps: new Map([['cfg', { data: { MODE: 'prod', 'app.conf': 'v1' } }]]),
      secrets: new Map([['creds', { data: { PASSWORD: Buffer.from('s3cret').toString('base64') } }]]),
      tokenRequests: [],
      tokenLifeMs: 3_600_000,
    };
    server = await startFakeApi(api);
    deps = { kubeConfig: kubeConfigFor(server), logger: pino({ level: 'silent' }), clock: () => NOW };
    podDir = await mkdtemp(join(tmpdir(), 'ebb-pod-'));
  });

  afterEach(async () => {
    for (const volumes of opened.splice(0)) volumes.close();
    await new Promise((resolve) => server.close(resolve));
    await rm(podDir, { recursive: true, force: true });
  });

  async function prepare(spec: Partial<NonNullable<V1Pod['spec']>>): Promise<PodVolumes> {
    const volumes = await preparePodVolumes(pod(spec), podDir, deps);
    opened.push(volumes);
    return volumes;
  }

  it('resolves env from the API: envFrom, key refs, downward API and expansion', async () => {
    const container: V1Container = {
      name: 'app',
      envFrom: [{ configMapRef: { name: 'cfg' } }],
      env: [
        { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'PASSWORD' } } },
        { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        { name: 'URL', value: 'http://$(POD_IP)/$(MODE)' },
      ],
    };
    await expect(resolveContainerEnv(pod({}), container, deps)).resolves.toEqual({ MODE: 'prod', 'app.conf': 'v1', PASSWORD: 's3cret', POD_IP: '127.0.0.7', URL: 'http://127.0.0.7/prod' });
  });

  it.each<[string, V1Container, string]>([
    ['missing ConfigMap', { name: 'app', envFrom: [{ configMapRef: { name: 'nope' } }] }, 'configmap "nope" not found'],
    ['missing Secret key', { name: 'app', env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'creds', key: 'nope' } } }] }, "couldn't find key nope in Secret shop/creds"],
  ])('env: %s is a CreateContainerConfigError', async (_name, container, message) => {
    const failure = resolveContainerEnv(pod({}), container, deps);
    await expect(failure).rejects.toBeInstanceOf(ContainerStartError);
    await expect(failure).rejects.toMatchObject({ reason: 'CreateContainerConfigError', message });
  });

  it('materialises volumes, mounts and their env', async () => {
    const container: V1Container = {
      name: 'app',
      volumeMounts: [
        { name: 'config', mountPath: '/etc/app' },
        { name: 'scratch', mountPath: '/scratch', subPath: 'cache' },
        { name: 'creds', mountPath: '/secrets', readOnly: false },
      ],
    };
    const volumes = await prepare({
      containers: [container],
      volumes: [
        { name: 'config', configMap: { name: 'cfg', items: [{ key: 'app.conf', path: 'app.conf' }] } },
        { name: 'scratch', emptyDir: {} },
        { name: 'creds', secret: { secretName: 'creds', defaultMode: 0o400 } },
      ],
    });
    const root = join(podDir, 'volumes');
    expect(await readFile(join(root, 'config', 'app.conf'), 'utf8')).toBe('v1');
    expect(await readFile(join(root, 'creds', 'PASSWORD'), 'utf8')).toBe('s3cret');
    expect((await stat(join(root, 'creds', 'PASSWORD'))).mode & 0o777).toBe(0o400);
    expect(volumes.mountsFor(container)).toEqual([
      { hostPath: join(root, 'config'), containerPath: '/etc/app', readOnly: true },
      { hostPath: join(root, 'scratch', 'cache'), containerPath: '/scratch', readOnly: false },
      { hostPath: join(root, 'creds'), containerPath: '/secrets', readOnly: true },
    ]);
    expect((await stat(join(root, 'scratch', 'cache'))).isDirectory()).toBe(true);
    expect(volumes.envFor(container)).toEqual({ EBB_VOLUME_CONFIG: join(root, 'config'), EBB_VOLUME_SCRATCH: join(root, 'scratch', 'cache'), EBB_VOLUME_CREDS: join(root, 'creds') });
  });

  it.each([
    ['ConfigMap', { name: 'v', configMap: { name: 'nope' } }, 'configmap "nope" not found'],
    ['Secret', { name: 'v', secret: { secretName: 'nope' } }, 'secret "nope" not found'],
  ])('a missing %s volume source is a CreateContainerConfigError', async (_kind, volume, message) => {
    await expect(prepare({ volumes: [volume] })).rejects.toMatchObject({ name: 'ContainerStartError', reason: 'CreateContainerConfigError', message });
  });

  it('refresh rewrites files whose ConfigMap changed and keeps them when it disappears', async () => {
    const volumes = await prepare({ volumes: [{ name: 'config', configMap: { name: 'cfg' } }] });
    const file = join(podDir, 'volumes', 'config', 'app.conf');
    api.configMaps.set('cfg', { data: { 'app.conf': 'v2' } });
    await volumes.refresh();
    expect(await readFile(file, 'utf8')).toBe('v2');
    await expect(stat(join(podDir, 'volumes', 'config', 'MODE'))).rejects.toThrow('ENOENT');
    api.configMaps.delete('cfg');
    await volumes.refresh();
    expect(await readFile(file, 'utf8')).toBe('v2');
  });

  it('a second preparation (kubelet restart) drops files of keys that are gone', async () => {
    await prepare({ volumes: [{ name: 'config', configMap: { name: 'cfg' } }] });
    api.configMaps.set('cfg', { data: { 'app.conf': 'v3' } });
    await prepare({ volumes: [{ name: 'config', configMap: { name: 'cfg' } }] });
    expect(await readdir(join(podDir, 'volumes', 'config'))).toEqual(['app.conf']);
  });

  it('projects a bound service-account token, announces its folder, and renews it at 80 % of its life', async () => {
    api.tokenLifeMs = 250;
    const container: V1Container = { name: 'app', volumeMounts: [{ name: 'kube-api-access', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount/' }] };
    const volumes = await prepare({
      containers: [container],
      volumes: [{ name: 'kube-api-access', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 600, audience: 'api' } }, { downwardAPI: { items: [{ path: 'namespace', fieldRef: { fieldPath: 'metadata.namespace' } }] } }] } }],
    });
    const dir = join(podDir, 'volumes', 'kube-api-access');
    expect(await readFile(join(dir, 'namespace'), 'utf8')).toBe('shop');
    expect(api.tokenRequests[0]).toEqual({
      path: '/api/v1/namespaces/shop/serviceaccounts/builder/token',
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { audiences: ['api'], expirationSeconds: 600, boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'web-1', uid: 'uid-1' } } },
    });
    expect(volumes.envFor(container)).toEqual({ EBB_VOLUME_KUBE_API_ACCESS: dir, EBB_SERVICEACCOUNT_DIR: dir });
    await until(async () => (await readFile(join(dir, 'token'), 'utf8')) === 'token-2');
    volumes.close();
    const renewals = api.tokenRequests.length;
    await new Promise((resolve) => setTimeout(resolve, 600));
    // A renewal already in flight when close() ran may still land; none is scheduled after it.
    expect(api.tokenRequests.length).toBeLessThanOrEqual(renewals + 1);
  });
});
