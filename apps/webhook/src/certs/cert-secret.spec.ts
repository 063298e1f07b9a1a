import { makeCertSecret, pemFilesOfSecret, SECRET_KEYS } from './cert-secret.js';

const b64 = (text: string): string => Buffer.from(text).toString('base64');
const ca = { certPem: 'CA CERT', keyPem: 'CA KEY' };
const serving = { certPem: 'SERVING CERT', keyPem: 'SERVING KEY' };
const full = { 'ca-cert.pem': b64('CA CERT'), 'ca-key.pem': b64('CA KEY'), 'server-cert.pem': b64('SERVING CERT'), 'server-key.pem': b64('SERVING KEY') };

describe('SECRET_KEYS', () => {
  it("are Knative's three keys plus the CA key", () => {
    expect(SECRET_KEYS).toEqual({ caCert: 'ca-cert.pem', caKey: 'ca-key.pem', servingCert: 'server-cert.pem', servingKey: 'server-key.pem' });
  });
});

describe('pemFilesOfSecret', () => {
  it.each([
    { name: 'no Secret', secret: undefined, files: { ca: undefined, serving: undefined } },
    { name: 'a Secret without data (as deploy/ ships it)', secret: { metadata: { name: 'webhook-certs' } }, files: { ca: undefined, serving: undefined } },
    { name: 'all four keys', secret: { data: full }, files: { ca, serving } },
    { name: 'a CA without its key', secret: { data: { ...full, 'ca-key.pem': '' } }, files: { ca: undefined, serving } },
    { name: "Knative's three keys only", secret: { data: { 'ca-cert.pem': full['ca-cert.pem'], 'server-cert.pem': full['server-cert.pem'], 'server-key.pem': full['server-key.pem'] } }, files: { ca: undefined, serving } },
  ])('reads $name', ({ secret, files }) => {
    expect(pemFilesOfSecret(secret)).toEqual(files);
  });
});

describe('makeCertSecret', () => {
  it.each([
    {
      name: 'a new Opaque Secret when there is none',
      current: undefined,
      want: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'webhook-certs', namespace: 'ebb-system' }, type: 'Opaque', data: full },
    },
    {
      name: 'the current Secret with the keys set, keeping its metadata, type and other keys',
      current: {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'webhook-certs', namespace: 'ebb-system', resourceVersion: '42', labels: { 'app.kubernetes.io/name': 'webhook' } },
        type: 'Opaque',
        data: { other: b64('kept'), 'server-cert.pem': b64('OLD') },
      },
      want: {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'webhook-certs', namespace: 'ebb-system', resourceVersion: '42', labels: { 'app.kubernetes.io/name': 'webhook' } },
        type: 'Opaque',
        data: { other: b64('kept'), ...full },
      },
    },
  ])('makes $name', ({ current, want }) => {
    expect(makeCertSecret({ namespace: 'ebb-system', name: 'webhook-certs', ca, serving, current })).toEqual(want);
  });

  it('round-trips through pemFilesOfSecret', () => {
    expect(pemFilesOfSecret(makeCertSecret({ namespace: 'n', name: 's', ca, serving, current: undefined }))).toEqual({ ca, serving });
  });
});
