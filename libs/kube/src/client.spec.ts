import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiErrorOf, isKubeApiError, kubeConfigFor, kubeRequest, loadKubeConfig } from './client.js';
import { FakeApiServer } from './testing/fake-api-server.js';

const CA_PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('kubeConfigFor', () => {
  it.each([
    {
      name: 'https with CA and token',
      options: { server: 'https://127.0.0.1:6443', caPem: CA_PEM, token: 'tok' },
      want: { cluster: { name: 'ebb', server: 'https://127.0.0.1:6443', skipTLSVerify: false, caData: Buffer.from(CA_PEM).toString('base64') }, user: { name: 'ebb', token: 'tok' } },
    },
    {
      name: 'plain http, no token, own name',
      options: { server: 'http://127.0.0.1:8080', caPem: '', token: '', name: 'local' },
      want: { cluster: { name: 'local', server: 'http://127.0.0.1:8080', skipTLSVerify: true }, user: { name: 'local' } },
    },
  ])('$name', ({ options, want }) => {
    const kubeConfig = kubeConfigFor(options);
    expect(kubeConfig.getCurrentCluster()).toEqual(want.cluster);
    expect(kubeConfig.getCurrentUser()).toEqual(want.user);
    expect(kubeConfig.getCurrentContext()).toBe(want.cluster.name);
  });
});

describe('loadKubeConfig', () => {
  it('reads a kubeconfig file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ebb-kube-'));
    try {
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
      const kubeConfig = loadKubeConfig(file);
      expect(kubeConfig.getCurrentCluster()?.server).toBe('https://127.0.0.1:7443');
      expect(kubeConfig.getCurrentUser()?.token).toBe('abc');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('apiErrorOf', () => {
  it.each([
    { name: 'a Status', status: 404, text: '{"kind":"Status","code":404,"reason":"NotFound","message":"pods \\"a\\" not found"}', want: [404, 'NotFound', 'pods "a" not found'] },
    { name: 'plain text', status: 502, text: 'bad gateway', want: [502, '', 'bad gateway'] },
    { name: 'empty body', status: 500, text: '', want: [500, '', 'HTTP 500'] },
  ])('$name', ({ status, text, want }) => {
    const error = apiErrorOf(status, text);
    expect([error.statusCode, error.reason, error.message]).toEqual(want);
    expect(isKubeApiError(error, status)).toBe(true);
  });
});

describe('kubeRequest', () => {
  let server: FakeApiServer;
  beforeAll(async () => {
    server = await FakeApiServer.start('/api/v1/namespaces');
    server.respond = (r) => (r.path === '/api/v1/namespaces/x' ? { status: 200, body: { kind: 'Namespace', metadata: { name: 'x' } } } : undefined);
  });
  afterAll(() => server.close());

  it('sends the bearer token and decodes JSON', async () => {
    const kubeConfig = kubeConfigFor({ server: server.url, caPem: '', token: 'tok' });
    await expect(kubeRequest(kubeConfig, { method: 'GET', path: '/api/v1/namespaces/x', query: { a: 'b', skipped: undefined } })).resolves.toEqual({ kind: 'Namespace', metadata: { name: 'x' } });
    const request = server.requests.at(-1);
    expect([request?.authorization, request?.query.toString()]).toEqual(['Bearer tok', 'a=b']);
  });

  it('throws a KubeApiError for a non-2xx answer', async () => {
    const kubeConfig = kubeConfigFor({ server: server.url, caPem: '', token: 'tok' });
    const failure = kubeRequest(kubeConfig, { method: 'DELETE', path: '/api/v1/namespaces/missing' });
    await expect(failure).rejects.toMatchObject({ name: 'KubeApiError', statusCode: 404, reason: 'NotFound' });
  });
});
