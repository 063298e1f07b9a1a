import { KubeApiError } from '@ebb/kube';
import { X509Certificate } from 'node:crypto';
import { pemFilesOfSecret, type SecretLike } from './cert-secret.js';
import { ensureSecretCertificates, SECRET_WRITE_ATTEMPTS, type SecretClient } from './secret-cert-store.js';

const DAY = 24 * 60 * 60 * 1000;
const names = { dnsNames: ['webhook.ebb-system.svc'], ipAddresses: [] };
const start = new Date('2026-06-01T00:00:00Z');
const at = (days: number): Date => new Date(start.getTime() + days * DAY);

/** An in-memory Secret store with the API server's compare-and-swap, and scripted interference. */
class FakeSecrets implements SecretClient {
  secret: SecretLike | undefined;
  version = 0;
  writes = 0;
  /** Runs before a write is checked: another replica getting there first. */
  beforeWrite: (() => void) | undefined;

  get(): Promise<SecretLike | undefined> {
    return Promise.resolve(this.secret === undefined ? undefined : structuredClone(this.secret));
  }

  create(secret: SecretLike): Promise<SecretLike> {
    this.interfere();
    if (this.secret !== undefined) return Promise.reject(new KubeApiError(409, 'AlreadyExists', 'secrets "webhook-certs" already exists'));
    return Promise.resolve(this.store(secret));
  }

  update(secret: SecretLike): Promise<SecretLike> {
    this.interfere();
    if (secret.metadata?.resourceVersion !== String(this.version)) return Promise.reject(new KubeApiError(409, 'Conflict', 'the object has been modified'));
    return Promise.resolve(this.store(secret));
  }

  store(secret: SecretLike): SecretLike {
    this.version += 1;
    this.writes += 1;
    this.secret = { ...structuredClone(secret), metadata: { ...secret.metadata, resourceVersion: String(this.version) } };
    return structuredClone(this.secret);
  }

  private interfere(): void {
    const interfere = this.beforeWrite;
    this.beforeWrite = undefined;
    interfere?.();
  }
}

const options = (client: SecretClient, now: Date): Parameters<typeof ensureSecretCertificates>[0] => ({ client, namespace: 'ebb-system', name: 'webhook-certs', subjectNames: names, now });

describe('ensureSecretCertificates', () => {
  it('creates the Secret with a CA and a serving certificate it signed when there is none', async () => {
    const secrets = new FakeSecrets();
    const result = await ensureSecretCertificates(options(secrets, at(0)));
    expect(result).toMatchObject({ plan: { action: 'recreate' }, stored: true, conflicts: 0 });
    const stored = pemFilesOfSecret(secrets.secret);
    expect(stored).toEqual({ ca: result.certificates.ca, serving: result.certificates.serving });
    const serving = new X509Certificate(stored.serving?.certPem ?? '');
    expect(serving.checkIssued(new X509Certificate(stored.ca?.certPem ?? ''))).toBe(true);
    expect(serving.subjectAltName).toBe('DNS:webhook.ebb-system.svc');
    expect(secrets.secret?.metadata).toEqual({ name: 'webhook-certs', namespace: 'ebb-system', resourceVersion: '1' });
  });

  it('fills the empty Secret deploy/ ships, keeping its labels', async () => {
    const secrets = new FakeSecrets();
    secrets.store({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'webhook-certs', namespace: 'ebb-system', labels: { a: 'b' } }, type: 'Opaque' });
    const result = await ensureSecretCertificates(options(secrets, at(0)));
    expect(result).toMatchObject({ plan: { action: 'recreate' }, stored: true });
    expect(secrets.secret?.metadata).toEqual({ name: 'webhook-certs', namespace: 'ebb-system', labels: { a: 'b' }, resourceVersion: '2' });
  });

  it('reuses valid certificates without writing', async () => {
    const secrets = new FakeSecrets();
    const first = await ensureSecretCertificates(options(secrets, at(0)));
    const again = await ensureSecretCertificates(options(secrets, at(59)));
    expect(again).toMatchObject({ plan: { action: 'reuse' }, stored: false, conflicts: 0 });
    expect(again.certificates.serving).toEqual(first.certificates.serving);
    expect(secrets.writes).toBe(1);
  });

  it('renews only the serving certificate in the last third of its life, keeping the CA', async () => {
    const secrets = new FakeSecrets();
    const first = await ensureSecretCertificates(options(secrets, at(0)));
    const renewed = await ensureSecretCertificates(options(secrets, at(61)));
    expect(renewed).toMatchObject({ plan: { action: 'renew-serving' }, stored: true });
    expect(renewed.certificates.ca).toEqual(first.certificates.ca);
    expect(renewed.certificates.serving.certPem).not.toBe(first.certificates.serving.certPem);
    expect(pemFilesOfSecret(secrets.secret).serving).toEqual(renewed.certificates.serving);
  });

  it.each([
    { name: 'creating a Secret another replica created first (409 AlreadyExists)', existing: false },
    { name: 'updating a Secret another replica filled first (409 Conflict)', existing: true },
  ])('on $name, serves what the other replica stored', async ({ existing }) => {
    const secrets = new FakeSecrets();
    if (existing) secrets.store({ metadata: { name: 'webhook-certs', namespace: 'ebb-system' } });
    const other = new FakeSecrets();
    const winner = await ensureSecretCertificates(options(other, at(0)));
    secrets.beforeWrite = () => secrets.store({ ...other.secret, metadata: { ...other.secret?.metadata, resourceVersion: String(secrets.version) } });
    const result = await ensureSecretCertificates(options(secrets, at(0)));
    expect(result).toMatchObject({ plan: { action: 'reuse' }, stored: false, conflicts: 1 });
    expect(result.certificates.ca).toEqual(winner.certificates.ca);
    expect(result.certificates.serving).toEqual(winner.certificates.serving);
  });

  it(`gives up after ${SECRET_WRITE_ATTEMPTS} lost races, with the last conflict`, async () => {
    const secrets: SecretClient = {
      get: () => Promise.resolve({ metadata: { name: 'webhook-certs', resourceVersion: '1' } }),
      create: () => Promise.reject(new Error('unused')),
      update: () => Promise.reject(new KubeApiError(409, 'Conflict', 'the object has been modified')),
    };
    await expect(ensureSecretCertificates(options(secrets, at(0)))).rejects.toThrow('the object has been modified');
  });

  it('passes other API errors on', async () => {
    const secrets: SecretClient = {
      get: () => Promise.reject(new KubeApiError(403, 'Forbidden', 'secrets "webhook-certs" is forbidden')),
      create: () => Promise.reject(new Error('unused')),
      update: () => Promise.reject(new Error('unused')),
    };
    await expect(ensureSecretCertificates(options(secrets, at(0)))).rejects.toThrow('secrets "webhook-certs" is forbidden');
  });
});
