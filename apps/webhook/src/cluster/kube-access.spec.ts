import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadWebhookKubeConfig } from './kube-access.js';

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('loadWebhookKubeConfig', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ebb-webhook-sa-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("uses the pod's service-account token and CA from its folder", async () => {
    await writeFile(path.join(dir, 'token'), 'sa-token\n');
    await writeFile(path.join(dir, 'ca.crt'), CA);
    const kubeConfig = loadWebhookKubeConfig({ kind: 'in-cluster', server: 'https://127.0.0.1:6443', serviceAccountDir: dir });
    expect(kubeConfig.getCurrentCluster()).toMatchObject({ server: 'https://127.0.0.1:6443', caFile: path.join(dir, 'ca.crt') });
    // The token file is read per request and again after the kubelet rotates it (@ebb/kube's in-cluster spec proves it).
    expect(kubeConfig.getCurrentUser()).toMatchObject({ authProvider: { config: { path: path.join(dir, 'token') } } });
  });

  it('reads a kubeconfig file', async () => {
    const file = path.join(dir, 'kubeconfig');
    await writeFile(
      file,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'c', cluster: { server: 'https://10.1.2.3:443' } }],
        users: [{ name: 'u', user: { token: 'file-token' } }],
        contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
        'current-context': 'x',
      }),
    );
    const kubeConfig = loadWebhookKubeConfig({ kind: 'kubeconfig', path: file });
    expect(kubeConfig.getCurrentCluster()?.server).toBe('https://10.1.2.3:443');
    expect(kubeConfig.getCurrentUser()).toMatchObject({ token: 'file-token' });
  });
});
