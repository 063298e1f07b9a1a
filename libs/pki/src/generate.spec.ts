import { X509Certificate, createPrivateKey } from 'node:crypto';
import { createCa, createServingCert } from './generate.js';

const now = new Date('2026-11-26T00:00:00Z');
const validity = { now, lifetimeMs: 24 * 60 * 60 * 1000 };

describe('createCa', () => {
  it('makes a self-signed CA with the given common name, backdated by a minute', async () => {
    const ca = await createCa('test-ca', validity);
    const cert = new X509Certificate(ca.certPem);
    expect(cert.ca).toBe(true);
    expect(cert.subject).toBe('CN=test-ca');
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.validFromDate.toISOString()).toBe('2026-11-25T23:59:00.000Z');
    expect(cert.validToDate.toISOString()).toBe('2026-11-27T00:00:00.000Z');
    expect(cert.checkPrivateKey(createPrivateKey(ca.keyPem))).toBe(true);
  });
});

describe('createServingCert', () => {
  it('signs a server certificate for the DNS names and IPs, verifiable with the CA', async () => {
    const ca = await createCa('test-ca', validity);
    const serving = await createServingCert(ca, { dnsNames: ['a.example', 'localhost'], ipAddresses: ['127.0.0.1'] }, validity);
    const cert = new X509Certificate(serving.certPem);
    expect(cert.ca).toBe(false);
    expect(cert.subject).toBe('CN=a.example');
    expect(cert.verify(new X509Certificate(ca.certPem).publicKey)).toBe(true);
    expect(cert.subjectAltName).toBe('DNS:a.example, DNS:localhost, IP Address:127.0.0.1');
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkPrivateKey(createPrivateKey(serving.keyPem))).toBe(true);
  });

  it('names an IP-only certificate after its first address', async () => {
    const ca = await createCa('test-ca', validity);
    const serving = await createServingCert(ca, { dnsNames: [], ipAddresses: ['127.0.0.2'] }, validity);
    expect(new X509Certificate(serving.certPem).subject).toBe('CN=127.0.0.2');
  });
});
