import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { KUBECONFIG_NAME, loadCredentials, renderKubeconfig, servingNames, writePrivateFile, type Credentials } from './credentials.js';

const DNS_NAMES = ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local'];
const NOW = new Date('2026-11-26T01:00:00Z');

describe('servingNames', () => {
  it.each([
    { name: 'loopback', host: '127.0.0.1', ipAddresses: ['127.0.0.1'] },
    { name: 'localhost', host: 'localhost', ipAddresses: ['127.0.0.1'] },
    { name: 'all IPv4 interfaces', host: '0.0.0.0', ipAddresses: ['127.0.0.1'] },
    { name: 'all IPv6 interfaces', host: '::', ipAddresses: ['127.0.0.1'] },
    { name: 'a LAN address', host: '192.168.1.20', ipAddresses: ['127.0.0.1', '192.168.1.20'] },
    { name: 'IPv6 loopback', host: '::1', ipAddresses: ['127.0.0.1', '::1'] },
  ])('$name', ({ host, ipAddresses }) => {
    expect(servingNames(host)).toEqual({ dnsNames: DNS_NAMES, ipAddresses });
  });
});

describe('renderKubeconfig', () => {
  const ca = { certPem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n', keyPem: 'unused' };
  const config = parse(renderKubeconfig('https://127.0.0.1:6443', { ca, adminToken: 'tok-123' })) as Record<string, unknown>;
  it.each([
    { name: 'apiVersion', key: 'apiVersion', value: 'v1' },
    { name: 'kind', key: 'kind', value: 'Config' },
    { name: 'current-context', key: 'current-context', value: KUBECONFIG_NAME },
    {
      name: 'cluster with server and base64 CA',
      key: 'clusters',
      value: [{ name: 'ebb-local', cluster: { server: 'https://127.0.0.1:6443', 'certificate-authority-data': Buffer.from(ca.certPem).toString('base64') } }],
    },
    { name: 'user with the admin token', key: 'users', value: [{ name: 'ebb-local', user: { token: 'tok-123' } }] },
    { name: 'context', key: 'contexts', value: [{ name: 'ebb-local', context: { cluster: 'ebb-local', user: 'ebb-local', namespace: 'default' } }] },
  ])('$name', ({ key, value }) => {
    expect(config[key]).toEqual(value);
  });
});

describe('loadCredentials', () => {
  let dataDir = '';
  let first: Credentials;
  let second: Credentials;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'ebb-credentials-'));
    first = await loadCredentials(dataDir, '127.0.0.1', NOW);
    second = await loadCredentials(dataDir, '192.168.1.20', NOW);
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it.each([
    { name: 'CA certificate', read: (c: Credentials): string => c.ca.certPem },
    { name: 'CA key', read: (c: Credentials): string => c.ca.keyPem },
    { name: 'admin token', read: (c: Credentials): string => c.adminToken },
    { name: 'service-account key', read: (c: Credentials): string => c.serviceAccountKey },
  ])('keeps the $name across starts', ({ read }) => {
    expect(read(second)).toBe(read(first));
    expect(read(first)).not.toBe('');
  });

  it.each([
    { name: 'admin token', file: 'admin-token', read: (c: Credentials): string => `${c.adminToken}\n`, mode: 0o600 },
    { name: 'service-account key', file: 'service-account.key', read: (c: Credentials): string => `${c.serviceAccountKey}\n`, mode: 0o600 },
    { name: 'CA certificate (public)', file: 'ca.crt', read: (c: Credentials): string => c.ca.certPem, mode: 0o644 },
    { name: 'CA key', file: 'ca.key', read: (c: Credentials): string => c.ca.keyPem, mode: 0o600 },
  ])('stores the $name under pki/ with mode $mode', async ({ file, read, mode }) => {
    const full = path.join(dataDir, 'pki', file);
    expect(await readFile(full, 'utf8')).toBe(read(first));
    expect((await stat(full)).mode & 0o777).toBe(mode);
  });

  it.each([
    { name: 'first start, 127.0.0.1', pick: (): Credentials => first, ip: '127.0.0.1', valid: true },
    { name: 'second start, 127.0.0.1', pick: (): Credentials => second, ip: '127.0.0.1', valid: true },
    { name: 'second start, its listen address', pick: (): Credentials => second, ip: '192.168.1.20', valid: true },
    { name: 'first start, not the later address', pick: (): Credentials => first, ip: '192.168.1.20', valid: false },
  ])('serving certificate: $name', ({ pick, ip, valid }) => {
    const credentials = pick();
    const serving = new X509Certificate(credentials.serving.certPem);
    const ca = new X509Certificate(credentials.ca.certPem);
    expect(serving.checkIP(ip) !== undefined).toBe(valid);
    expect(serving.checkHost('kubernetes.default.svc')).toBe('kubernetes.default.svc');
    expect(serving.checkIssued(ca)).toBe(true);
    expect(serving.verify(ca.publicKey)).toBe(true);
    expect(ca.ca).toBe(true);
    expect(new Date(serving.validFrom).getTime()).toBeLessThanOrEqual(NOW.getTime());
    expect(new Date(serving.validTo).getTime()).toBeGreaterThan(NOW.getTime());
  });

  it.each([{ name: 'a new serving key at every start' }])('$name', () => {
    expect(second.serving.keyPem).not.toBe(first.serving.keyPem);
  });
});

describe('writePrivateFile', () => {
  it.each([
    { name: 'new file', content: 'hello\n' },
    { name: 'empty content', content: '' },
  ])('$name', async ({ content }) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ebb-private-'));
    try {
      const file = path.join(dir, 'secret');
      await writePrivateFile(file, 'old');
      await writePrivateFile(file, content);
      expect(await readFile(file, 'utf8')).toBe(content);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
