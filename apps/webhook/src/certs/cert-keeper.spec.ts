import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureCertificates } from './cert-keeper.js';

const DAY = 24 * 60 * 60 * 1000;
const names = { dnsNames: ['webhook.ebb-system.svc', 'localhost'], ipAddresses: ['127.0.0.1'] };
const start = new Date('2026-06-01T00:00:00Z');
const at = (days: number): Date => new Date(start.getTime() + days * DAY);

describe('ensureCertificates', () => {
  let root: string;
  let dir: string;
  const files = async (): Promise<Record<string, string>> => {
    const entries = await Promise.all(['ca.crt', 'ca.key', 'tls.crt', 'tls.key'].map(async (f) => [f, await readFile(path.join(dir, f), 'utf8')]));
    return Object.fromEntries(entries) as Record<string, string>;
  };

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'ebb-webhook-certs-'));
    dir = path.join(root, 'nested', 'certs');
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('creates the folder, a CA and a serving certificate it signed, for the wanted names', async () => {
    const { plan, certificates } = await ensureCertificates({ dir, subjectNames: names, now: at(0) });
    expect(plan).toEqual({ action: 'recreate', reason: 'no readable CA certificate and key' });
    const written = await files();
    const ca = new X509Certificate(written['ca.crt'] ?? '');
    const serving = new X509Certificate(written['tls.crt'] ?? '');
    expect(ca.ca).toBe(true);
    expect(serving.ca).toBe(false);
    expect(serving.checkIssued(ca) && serving.verify(ca.publicKey)).toBe(true);
    expect(serving.subjectAltName).toBe('DNS:webhook.ebb-system.svc, DNS:localhost, IP Address:127.0.0.1');
    expect(serving.validToDate).toEqual(at(90));
    expect(certificates).toMatchObject({ serving: { certPem: written['tls.crt'], keyPem: written['tls.key'] }, notAfter: at(90) });
  });

  it('reuses valid certificates byte for byte', async () => {
    await ensureCertificates({ dir, subjectNames: names, now: at(0) });
    const before = await files();
    const { plan } = await ensureCertificates({ dir, subjectNames: names, now: at(59) });
    expect(plan.action).toBe('reuse');
    expect(await files()).toEqual(before);
  });

  it('renews only the serving certificate once a third of its life remains', async () => {
    await ensureCertificates({ dir, subjectNames: names, now: at(0) });
    const before = await files();
    const { plan, certificates } = await ensureCertificates({ dir, subjectNames: names, now: at(61) });
    expect(plan.action).toBe('renew-serving');
    const after = await files();
    expect(after['ca.crt']).toBe(before['ca.crt']);
    expect(after['tls.crt']).not.toBe(before['tls.crt']);
    expect(after['tls.key']).not.toBe(before['tls.key']);
    expect(certificates.notAfter).toEqual(at(151));
  });

  it('renews the serving certificate when the wanted names change', async () => {
    await ensureCertificates({ dir, subjectNames: names, now: at(0) });
    const { plan } = await ensureCertificates({ dir, subjectNames: { dnsNames: ['other.svc'], ipAddresses: [] }, now: at(1) });
    expect(plan.action).toBe('renew-serving');
    expect(new X509Certificate(await readFile(path.join(dir, 'tls.crt'))).subjectAltName).toBe('DNS:other.svc');
  });

  it('starts over when the CA file is garbage', async () => {
    await ensureCertificates({ dir, subjectNames: names, now: at(0) });
    await writeFile(path.join(dir, 'ca.crt'), 'garbage');
    const { plan } = await ensureCertificates({ dir, subjectNames: names, now: at(1) });
    expect(plan.action).toBe('recreate');
    expect(new X509Certificate(await readFile(path.join(dir, 'ca.crt'))).ca).toBe(true);
  });

  it('renews a serving certificate whose key was replaced', async () => {
    await ensureCertificates({ dir, subjectNames: names, now: at(0) });
    await writeFile(path.join(dir, 'tls.key'), await readFile(path.join(dir, 'ca.key')));
    const { plan } = await ensureCertificates({ dir, subjectNames: names, now: at(1) });
    expect(plan).toEqual({ action: 'renew-serving', reason: 'the serving certificate cannot be kept: its key does not match' });
  });
});
