import type { KubeConfig } from '@kubernetes/client-node';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubeRequest } from './client.js';
import { DEFAULT_SERVICEACCOUNT_DIR, inClusterServer, kubeConfigFromEnvironment, leaseIdentity, namespaceFromEnvironment, TOKEN_FILE_PROVIDER } from './in-cluster.js';
import { Informer } from './informer.js';
import { FakeApiServer } from './testing/fake-api-server.js';
import { captureLogger, until } from './testing/support.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ebb-in-cluster-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The same KubeConfig (and so the same authenticators) pointed at a plain-http fake server. */
function pointAt(kubeConfig: KubeConfig, server: string): void {
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'in-cluster', server, skipTLSVerify: true }],
    users: kubeConfig.getUsers(),
    contexts: kubeConfig.getContexts(),
    currentContext: kubeConfig.getCurrentContext(),
  });
}

describe('inClusterServer', () => {
  it.each([
    { name: 'IPv4', host: '10.96.0.1', port: '443', want: 'https://10.96.0.1:443' },
    { name: 'IPv6 in brackets', host: 'fd00:10:96::1', port: '443', want: 'https://[fd00:10:96::1]:443' },
    { name: 'host name', host: 'kubernetes.default.svc', port: '6443', want: 'https://kubernetes.default.svc:6443' },
    { name: 'plain-http port still https', host: '10.0.0.1', port: '8080', want: 'https://10.0.0.1:8080' },
  ])('$name', ({ host, port, want }) => {
    expect(inClusterServer(host, port)).toBe(want);
  });
});

describe('kubeConfigFromEnvironment', () => {
  it('loads the first file of a KUBECONFIG list, before any in-cluster variables', () => {
    const file = join(dir, 'config');
    writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{name: c, cluster: {server: "https://127.0.0.1:7443", insecure-skip-tls-verify: true}}]',
        'users: [{name: u, user: {token: abc}}]',
        'contexts: [{name: x, context: {cluster: c, user: u}}]',
        'current-context: x',
      ].join('\n'),
    );
    const kubeConfig = kubeConfigFromEnvironment({ KUBECONFIG: `${file}:${join(dir, 'missing')}`, KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' });
    expect([kubeConfig.getCurrentCluster()?.server, kubeConfig.getCurrentUser()?.token]).toEqual(['https://127.0.0.1:7443', 'abc']);
  });

  it('names KUBECONFIG and the file when the file cannot be read', () => {
    const missing = join(dir, 'missing');
    expect(() => kubeConfigFromEnvironment({ KUBECONFIG: missing })).toThrow(new RegExp(`^KUBECONFIG=${missing}: ENOENT`));
  });

  it.each([
    { name: 'the pod mount', env: {}, wantDir: DEFAULT_SERVICEACCOUNT_DIR },
    { name: 'EBB_SERVICEACCOUNT_DIR', env: { EBB_SERVICEACCOUNT_DIR: '/tmp/sa' }, wantDir: '/tmp/sa' },
  ])('in-cluster from $name', ({ env, wantDir }) => {
    const kubeConfig = kubeConfigFromEnvironment({ KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443', ...env });
    expect(kubeConfig.getCurrentCluster()).toEqual({ name: 'in-cluster', server: 'https://[fd00::1]:443', caFile: `${wantDir}/ca.crt`, skipTLSVerify: false });
    expect(kubeConfig.getCurrentUser()).toEqual({ name: 'in-cluster', authProvider: { name: TOKEN_FILE_PROVIDER, config: { path: `${wantDir}/token` } } });
  });

  it('sends the token file as it is now: a rotated token is used by the next request and the next watch', async () => {
    const server = await FakeApiServer.start('/api/v1/pods');
    try {
      writeFileSync(join(dir, 'token'), 'first-token\n');
      const kubeConfig = kubeConfigFromEnvironment({ KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: '443', EBB_SERVICEACCOUNT_DIR: dir });
      pointAt(kubeConfig, server.url);
      const informer = new Informer(kubeConfig, { path: '/api/v1/pods', initialBackoffMs: 5, maxBackoffMs: 10 }, captureLogger().logger);
      await informer.start();
      await until(() => server.openWatches === 1);
      await kubeRequest(kubeConfig, { method: 'GET', path: '/api/v1/pods' });

      // The kubelet rotates by writing a new file and renaming it over the old one.
      writeFileSync(join(dir, 'token.new'), 'second-token');
      renameSync(join(dir, 'token.new'), join(dir, 'token'));
      await kubeRequest(kubeConfig, { method: 'GET', path: '/api/v1/pods' });
      server.dropWatches();
      await until(() => server.requestsOf('watch').length === 2);
      informer.stop();

      expect(server.requests.map((r) => `${r.query.get('watch') === 'true' ? 'watch' : 'get'} ${r.authorization}`)).toEqual([
        'get Bearer first-token',
        'watch Bearer first-token',
        'get Bearer first-token',
        'get Bearer second-token',
        'watch Bearer second-token',
      ]);
    } finally {
      await server.close();
    }
  });

  it('picks up a token rewritten in place', async () => {
    const server = await FakeApiServer.start('/api/v1/pods');
    try {
      const tokenFile = join(dir, 'token');
      writeFileSync(tokenFile, 'aaaa');
      const kubeConfig = kubeConfigFromEnvironment({ KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: '443', EBB_SERVICEACCOUNT_DIR: dir });
      pointAt(kubeConfig, server.url);
      await kubeRequest(kubeConfig, { method: 'GET', path: '/api/v1/pods' });
      writeFileSync(tokenFile, 'bbbbbb');
      await kubeRequest(kubeConfig, { method: 'GET', path: '/api/v1/pods' });
      expect(server.requests.map((r) => r.authorization)).toEqual(['Bearer aaaa', 'Bearer bbbbbb']);
    } finally {
      await server.close();
    }
  });
});

describe('leaseIdentity', () => {
  it('is the pod name and a fresh UUID, different on every call', () => {
    const [a, b] = [leaseIdentity({ HOSTNAME: 'controller-7d9f' }), leaseIdentity({ HOSTNAME: 'controller-7d9f' })];
    expect(a).toMatch(/^controller-7d9f_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(b).not.toBe(a);
  });
});

describe('namespaceFromEnvironment', () => {
  it.each([
    { name: 'EBB_SYSTEM_NAMESPACE wins', env: { EBB_SYSTEM_NAMESPACE: 'custom' }, file: 'from-file\n', want: 'custom' },
    { name: 'the service account namespace file', env: {}, file: 'from-file\n', want: 'from-file' },
    { name: 'ebb-system without either', env: {}, file: undefined, want: 'ebb-system' },
    { name: 'an empty variable is unset', env: { EBB_SYSTEM_NAMESPACE: '' }, file: undefined, want: 'ebb-system' },
  ])('$name', ({ env, file, want }) => {
    if (file !== undefined) writeFileSync(join(dir, 'namespace'), file);
    expect(namespaceFromEnvironment({ EBB_SERVICEACCOUNT_DIR: dir, ...env })).toBe(want);
  });
});
