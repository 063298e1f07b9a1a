import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { kubectl, readKubeconfig } from './local-cluster.js';

const CA_PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

function kubeconfig(cluster: Record<string, string>, user: Record<string, string>): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: local',
    '  cluster:',
    ...Object.entries(cluster).map(([key, value]) => `    ${key}: ${value}`),
    'users:',
    '- name: admin',
    '  user:',
    ...Object.entries(user).map(([key, value]) => `    ${key}: ${value}`),
    'contexts:',
    '- name: local',
    '  context: {cluster: local, user: admin}',
    'current-context: local',
    '',
  ].join('\n');
}

describe('the local-cluster harness', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ebb-local-cluster-spec-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the server, the CA (decoded to PEM) and the token of a kubeconfig', () => {
    const file = path.join(dir, 'kubeconfig');
    writeFileSync(file, kubeconfig({ server: 'https://127.0.0.1:6443', 'certificate-authority-data': Buffer.from(CA_PEM).toString('base64') }, { token: 'abc123' }));
    expect(readKubeconfig(file)).toEqual({ server: 'https://127.0.0.1:6443', token: 'abc123', caPem: CA_PEM });
  });

  it.each<{ name: string; cluster: Record<string, string>; user: Record<string, string> }>([
    { name: 'no token', cluster: { server: 'https://127.0.0.1:6443', 'certificate-authority-data': 'Zm9v' }, user: { username: 'x' } },
    { name: 'no CA', cluster: { server: 'https://127.0.0.1:6443' }, user: { token: 'abc' } },
    { name: 'no server', cluster: { 'certificate-authority-data': 'Zm9v' }, user: { token: 'abc' } },
  ])('refuses a kubeconfig with $name', ({ cluster, user }) => {
    const file = path.join(dir, 'kubeconfig');
    writeFileSync(file, kubeconfig(cluster, user));
    expect(() => readKubeconfig(file)).toThrow(`${file}: missing server, token or certificate-authority-data`);
  });

  it('reports a kubectl binary that cannot be started as exit 127 with the reason', async () => {
    const previous = process.env['EBB_KUBECTL_BIN'];
    process.env['EBB_KUBECTL_BIN'] = path.join(dir, 'no-such-kubectl');
    try {
      const result = await kubectl({ kubeconfigPath: path.join(dir, 'kubeconfig'), cacheDir: dir }, ['version']);
      expect(result.code).toBe(127);
      expect(result.stderr).toContain('ENOENT');
    } finally {
      if (previous === undefined) delete process.env['EBB_KUBECTL_BIN'];
      else process.env['EBB_KUBECTL_BIN'] = previous;
    }
  });
});
