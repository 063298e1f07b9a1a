// Table tests of the TLS Secret copies (ISTIO.md §5; cases from net-istio's secret_test.go) and of
// reading a certificate's DNS SANs, with certificates made in the test by @ebb/pki.
import type { Ingress } from '@ebb/api';
import { createCa, createServingCert, type PemPair } from '@ebb/pki';
import {
  categorizeSecrets,
  certDnsNames,
  copiesSelector,
  copiedSecretName,
  dnsSansOf,
  isWildcard,
  makeSecretCopy,
  makeWildcardSecretCopy,
  secretCopies,
  shortenedLabelValue,
  targetSecretAnnotations,
  wildcardSecretCopyName,
  type SecretLike,
  type TLSSecret,
} from './secret.js';

const LONG_NAME = 'a-really-long-secret-name-that-exceeds-a-length-of-63-characters';
const LONG_NAME_LABEL = 'a-really-long-secret-name-that-exceeds-a-length-of-63--16521092';
const NAME_LABEL = 'networking.internal.knative.dev/originSecretName';
const NAMESPACE_LABEL = 'networking.internal.knative.dev/originSecretNamespace';
const UID_LABEL = 'networking.internal.knative.dev/certificate-uid';

const INGRESS: Ingress = { metadata: { name: 'ingress', namespace: 'knative-serving' } };

function origin(name: string, namespace: string, extra: Partial<SecretLike> = {}): SecretLike {
  return { metadata: { name, namespace, uid: '1234', ...extra.metadata }, data: { 'test-data': 'YWJjZA==' }, ...(extra.type === undefined ? {} : { type: extra.type }) };
}

describe('names', () => {
  it('copies of non-wildcard Secrets are <ingress>-<originUID>', () => {
    expect(copiedSecretName(INGRESS, origin('test-secret', 'knative-serving'))).toBe('ingress-1234');
  });

  it('the shared copy of a wildcard Secret is <ns>--<name>-wildcard', () => {
    expect(wildcardSecretCopyName('test-secret', 'knative-serving')).toBe('knative-serving--test-secret-wildcard');
  });

  it.each([
    ['a-secret', 'a-secret'],
    ['x'.repeat(63), 'x'.repeat(63)],
    [LONG_NAME, LONG_NAME_LABEL],
  ])('label value of %s', (name, want) => {
    const label = shortenedLabelValue(name);
    expect(label).toBe(want);
    expect(label.length).toBeLessThanOrEqual(63);
  });

  it.each([
    ['a-secret', undefined],
    [LONG_NAME, { [NAME_LABEL]: LONG_NAME }],
  ])('annotations of %s', (name, want) => {
    expect(targetSecretAnnotations(name)).toEqual(want);
  });
});

describe('makeSecretCopy (net-istio TestMakeSecrets)', () => {
  it.each<[string, SecretLike, SecretLike]>([
    [
      'plain copy with the three labels (certificate-uid empty when the origin has none)',
      origin('test-secret', 'knative-serving'),
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'ingress-1234', namespace: 'istio-system', labels: { [UID_LABEL]: '', [NAME_LABEL]: 'test-secret', [NAMESPACE_LABEL]: 'knative-serving' } },
        data: { 'test-data': 'YWJjZA==' },
      },
    ],
    [
      'a name over 63 characters: hashed label, full name in an annotation',
      origin(LONG_NAME, 'knative-serving'),
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
          name: 'ingress-1234',
          namespace: 'istio-system',
          labels: { [UID_LABEL]: '', [NAME_LABEL]: LONG_NAME_LABEL, [NAMESPACE_LABEL]: 'knative-serving' },
          annotations: { [NAME_LABEL]: LONG_NAME },
        },
        data: { 'test-data': 'YWJjZA==' },
      },
    ],
    [
      'certificate-uid and type copied from the origin',
      origin('test-secret', 'knative-serving', { metadata: { labels: { [UID_LABEL]: 'cert-uid', other: 'dropped' } }, type: 'kubernetes.io/tls' }),
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'ingress-1234', namespace: 'istio-system', labels: { [UID_LABEL]: 'cert-uid', [NAME_LABEL]: 'test-secret', [NAMESPACE_LABEL]: 'knative-serving' } },
        data: { 'test-data': 'YWJjZA==' },
        type: 'kubernetes.io/tls',
      },
    ],
  ])('%s', (_name, from, want) => {
    expect(makeSecretCopy(INGRESS, from, 'istio-system')).toEqual(want);
  });

  it('the wildcard copy carries the same labels under its shared name (net-istio TestMakeWildcardSecrets)', () => {
    expect(makeWildcardSecretCopy(origin('test-secret', 'knative-serving'), 'istio-system')).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'knative-serving--test-secret-wildcard', namespace: 'istio-system', labels: { [UID_LABEL]: '', [NAME_LABEL]: 'test-secret', [NAMESPACE_LABEL]: 'knative-serving' } },
      data: { 'test-data': 'YWJjZA==' },
    });
  });
});

describe('copiesSelector', () => {
  it.each([
    ['a-secret', { [NAME_LABEL]: 'a-secret', [NAMESPACE_LABEL]: 'a-namespace' }],
    [LONG_NAME, { [NAME_LABEL]: LONG_NAME_LABEL, [NAMESPACE_LABEL]: 'a-namespace' }],
  ])('finds the copies of %s by their labels', (name, want) => {
    expect(copiesSelector({ hosts: ['h'], secretName: name, secretNamespace: 'a-namespace' })).toEqual(want);
  });

  it('matches the labels a copy carries', () => {
    const copy = makeSecretCopy(INGRESS, origin(LONG_NAME, 'a-namespace'), 'istio-system');
    expect(copy.metadata?.labels).toMatchObject(copiesSelector({ secretName: LONG_NAME, secretNamespace: 'a-namespace' }));
  });
});

describe('secretCopies: which Secrets need copying', () => {
  const plain: TLSSecret = { secret: origin('plain', 'certs'), dnsNames: ['a.example.com'] };
  const wildcard: TLSSecret = { secret: origin('wild', 'certs'), dnsNames: ['*.example.com'] };
  const inGatewayNs: TLSSecret = { secret: origin('local', 'istio-system'), dnsNames: ['b.example.com'] };
  const names = (copies: SecretLike[]): string[] => copies.map((s) => `${s.metadata?.namespace ?? ''}/${s.metadata?.name ?? ''}`);

  it.each<[string, TLSSecret[], string[], string[]]>([
    ['a Secret already in the gateway namespace is not copied', [inGatewayNs], ['istio-system'], []],
    ['a Secret elsewhere is copied as <ingress>-<uid>', [plain], ['istio-system'], ['istio-system/ingress-1234']],
    ['a wildcard Secret is copied under its shared name', [wildcard], ['istio-system'], ['istio-system/certs--wild-wildcard']],
    ['one copy per gateway namespace', [plain], ['istio-system', 'gw-ns', 'istio-system'], ['istio-system/ingress-1234', 'gw-ns/ingress-1234']],
    ['ordered by origin', [wildcard, inGatewayNs, plain], ['istio-system'], ['istio-system/ingress-1234', 'istio-system/certs--wild-wildcard']],
    ['no gateway Services: nothing', [plain, wildcard], [], []],
  ])('%s', (_name, secrets, namespaces, want) => {
    expect(names(secretCopies({ ingress: INGRESS, secrets, gatewayNamespaces: namespaces }))).toEqual(want);
  });
});

describe('isWildcard / categorizeSecrets (net-istio TestCategorizeSecrets)', () => {
  it.each<[string[], boolean]>([
    [['*.example.com'], true],
    [['example.com', '*.example.com'], true],
    [['test.example.com'], false],
    [['*example.com'], false],
    [[], false],
  ])('%j → %s', (sans, want) => {
    expect(isWildcard(sans)).toBe(want);
  });

  it('splits the wildcard certificates from the others', () => {
    const wild: TLSSecret = { secret: origin('w', 'ns'), dnsNames: ['*.example.com'] };
    const plain: TLSSecret = { secret: origin('p', 'ns'), dnsNames: ['test.example.com'] };
    expect(categorizeSecrets([wild, plain])).toEqual({ nonWildcard: [plain], wildcard: [wild] });
  });
});

describe('dnsSansOf / certDnsNames', () => {
  const validity = { now: new Date(), lifetimeMs: 3_600_000 };
  let wildcardCert: PemPair;
  let ipOnlyCert: PemPair;

  beforeAll(async () => {
    const ca = await createCa('test-ca', validity);
    wildcardCert = await createServingCert(ca, { dnsNames: ['example.com', '*.example.com'], ipAddresses: ['10.0.0.1'] }, validity);
    ipOnlyCert = await createServingCert(ca, { dnsNames: [], ipAddresses: ['10.0.0.2'] }, validity);
  });

  const tlsSecret = (pem: string | undefined): SecretLike => ({
    metadata: { name: 'secret0', namespace: 'ns' },
    ...(pem === undefined ? {} : { data: { 'tls.crt': Buffer.from(pem).toString('base64') } }),
  });

  it('reads the DNS SANs in certificate order, skipping IP SANs', () => {
    expect(dnsSansOf(wildcardCert.certPem)).toEqual(['example.com', '*.example.com']);
  });

  it('reads them from a Secret (base64 tls.crt) and sees a wildcard certificate', () => {
    const names = certDnsNames(tlsSecret(wildcardCert.certPem));
    expect(names).toEqual(['example.com', '*.example.com']);
    expect(isWildcard(names)).toBe(true);
  });

  it.each<[string, () => string | undefined, string]>([
    ['no tls.crt', () => undefined, 'failed to decode PEM data for secret ns/secret0'],
    ['not a certificate', () => '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n', 'failed to parse certificate for secret ns/secret0'],
    ['no DNS names', () => ipOnlyCert.certPem, 'certificate should have DNS names, but it has 0'],
  ])('refuses a Secret with %s', (_name, pem, message) => {
    expect(() => certDnsNames(tlsSecret(pem()))).toThrow(message);
  });
});
