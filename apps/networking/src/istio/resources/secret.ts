// The TLS Secrets net-istio copies next to the gateway pods (ISTIO.md §5, NI resources/secret.go):
// Istio's gateways read a server certificate only from their own namespace, so a certificate an
// Ingress names elsewhere is copied there — as `<ingress>-<originUID>`, or for a wildcard
// certificate once per origin as `<originNs>--<originName>-wildcard` — with labels pointing back
// to the origin. Also: reading a certificate's DNS SANs, which decide "wildcard".
import { X509Certificate } from 'node:crypto';
import { NetworkingInternalLabels, type Ingress, type IngressSpec } from '@ebb/api';
import { adler32 } from './adler32.js';
import { compareStrings } from './hosts.js';

/** An IngressTLS entry (`spec.tls[i]`). */
export type IngressTLS = NonNullable<IngressSpec['tls']>[number];

/** The parts of a core/v1 Secret read and written here (V1Secret from @kubernetes/client-node fits). */
export interface SecretLike {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly uid?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  /** Values base64-encoded, as the API holds them. */
  readonly data?: Readonly<Record<string, string>>;
  readonly type?: string;
}

/** A TLS Secret an Ingress names, with the DNS SANs of its certificate already read ({@link certDnsNames}). */
export interface TLSSecret {
  readonly secret: SecretLike;
  readonly dnsNames: readonly string[];
}

/** The key of the certificate in a kubernetes.io/tls Secret. */
export const TLS_CERT_KEY = 'tls.crt';
/** Longest label value (and DNS-1123 label). */
const MAX_LABEL_LENGTH = 63;

/** `<secretNamespace>/<secretName>` of a TLS entry: the key of its Secret in lookups. */
export function secretKey(tls: IngressTLS): string {
  return `${tls.secretNamespace ?? ''}/${tls.secretName ?? ''}`;
}

/** `<namespace>/<name>` of a Secret. */
export function keyOfSecret(secret: SecretLike): string {
  return `${secret.metadata?.namespace ?? ''}/${secret.metadata?.name ?? ''}`;
}

/** Whether a certificate is a wildcard one: some DNS SAN starts with `*.`. */
export function isWildcard(dnsNames: readonly string[]): boolean {
  return dnsNames.some((name) => name.startsWith('*.'));
}

/** The name of an Ingress's copy of a non-wildcard Secret: `<ingressName>-<originUID>`. */
export function copiedSecretName(ingress: Ingress, origin: SecretLike): string {
  return `${ingress.metadata?.name ?? ''}-${origin.metadata?.uid ?? ''}`;
}

/** The name of the shared copy of a wildcard Secret: `<originNamespace>--<originName>-wildcard`. */
export function wildcardSecretCopyName(originName: string, originNamespace: string): string {
  return `${originNamespace}--${originName}-wildcard`;
}

/** A label value of at most 63 characters: a longer one becomes its head, `-` and its decimal adler32. */
export function shortenedLabelValue(value: string): string {
  if (value.length <= MAX_LABEL_LENGTH) return value;
  const checksum = String(adler32(value));
  return `${value.slice(0, MAX_LABEL_LENGTH - checksum.length - 1)}-${checksum}`;
}

/** The labels of a copy: origin name (shortened) and namespace, and the origin's certificate-uid label ('' when it has none). */
export function targetSecretLabels(origin: SecretLike): Record<string, string> {
  return {
    [NetworkingInternalLabels.OriginSecretName]: shortenedLabelValue(origin.metadata?.name ?? ''),
    [NetworkingInternalLabels.OriginSecretNamespace]: origin.metadata?.namespace ?? '',
    [NetworkingInternalLabels.CertificateUid]: origin.metadata?.labels?.[NetworkingInternalLabels.CertificateUid] ?? '',
  };
}

/**
 * The labels that find the copies of a TLS entry's Secret in a gateway Service namespace (what
 * FinalizeKind and mesh-only mode delete): origin name (shortened) and namespace.
 */
export function copiesSelector(tls: IngressTLS): Record<string, string> {
  return {
    [NetworkingInternalLabels.OriginSecretName]: shortenedLabelValue(tls.secretName ?? ''),
    [NetworkingInternalLabels.OriginSecretNamespace]: tls.secretNamespace ?? '',
  };
}

/** The annotations of a copy: the full origin name under the name label's key when the label had to be shortened, else none. */
export function targetSecretAnnotations(originName: string): Record<string, string> | undefined {
  return originName.length > MAX_LABEL_LENGTH ? { [NetworkingInternalLabels.OriginSecretName]: originName } : undefined;
}

/** A copy of `origin` named `name` in `namespace`: same data and type, labels pointing back to the origin. */
function copyOf(origin: SecretLike, name: string, namespace: string): SecretLike {
  const annotations = targetSecretAnnotations(origin.metadata?.name ?? '');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace, labels: targetSecretLabels(origin), ...(annotations === undefined ? {} : { annotations }) },
    ...(origin.data === undefined ? {} : { data: { ...origin.data } }),
    ...(origin.type === undefined ? {} : { type: origin.type }),
  };
}

/** The Ingress's copy of a non-wildcard Secret in a gateway Service's namespace (`<ingressName>-<originUID>`). */
export function makeSecretCopy(ingress: Ingress, origin: SecretLike, targetNamespace: string): SecretLike {
  return copyOf(origin, copiedSecretName(ingress, origin), targetNamespace);
}

/** The shared copy of a wildcard Secret in a gateway Service's namespace (`<originNs>--<originName>-wildcard`). */
export function makeWildcardSecretCopy(origin: SecretLike, targetNamespace: string): SecretLike {
  const name = wildcardSecretCopyName(origin.metadata?.name ?? '', origin.metadata?.namespace ?? '');
  return copyOf(origin, name, targetNamespace);
}

/** What {@link secretCopies} needs. */
export interface SecretCopiesInput {
  readonly ingress: Ingress;
  /** Every Secret the Ingress's `spec.tls` names, with its certificate's DNS SANs. */
  readonly secrets: readonly TLSSecret[];
  /** The namespaces of the selected external gateway Services. */
  readonly gatewayNamespaces: readonly string[];
}

/**
 * The copies to apply when the Ingress's TLS is handled: every Secret into every gateway Service
 * namespace other than its own (wildcard certificates as their shared copy), each once, ordered
 * by origin `<namespace>/<name>`, then target namespace.
 */
export function secretCopies(input: SecretCopiesInput): SecretLike[] {
  const copies = new Map<string, SecretLike>();
  const origins = [...input.secrets].sort((a, b) => compareStrings(keyOfSecret(a.secret), keyOfSecret(b.secret)));
  for (const origin of origins) {
    for (const namespace of input.gatewayNamespaces) {
      if (namespace === origin.secret.metadata?.namespace) continue;
      const copy = isWildcard(origin.dnsNames) ? makeWildcardSecretCopy(origin.secret, namespace) : makeSecretCopy(input.ingress, origin.secret, namespace);
      if (!copies.has(keyOfSecret(copy))) copies.set(keyOfSecret(copy), copy);
    }
  }
  return [...copies.values()];
}

/** Splits the wildcard certificates from the others. */
export function categorizeSecrets(secrets: readonly TLSSecret[]): { nonWildcard: TLSSecret[]; wildcard: TLSSecret[] } {
  return { nonWildcard: secrets.filter((s) => !isWildcard(s.dnsNames)), wildcard: secrets.filter((s) => isWildcard(s.dnsNames)) };
}

/** One `DNS:` entry of Node's subjectAltName text: a bare name, or a JSON-quoted one when it holds special characters. */
const DNS_ENTRY = /(?:^|, )DNS:("(?:[^"\\]|\\.)*"|[^,]*)/g;

/** The DNS SANs of a PEM certificate, in certificate order (none: []); throws when the PEM is not a certificate. */
export function dnsSansOf(pemCert: string): string[] {
  const sans = new X509Certificate(pemCert).subjectAltName ?? '';
  return [...sans.matchAll(DNS_ENTRY)].map((m) => {
    const value = m[1] ?? '';
    return value.startsWith('"') ? (JSON.parse(value) as string) : value;
  });
}

/**
 * The DNS SANs of a TLS Secret's `tls.crt` (net-istio's GetHostsFromCertSecret): throws when the
 * certificate is missing or unreadable, or has no DNS names.
 */
export function certDnsNames(secret: SecretLike): string[] {
  const where = keyOfSecret(secret);
  const pem = Buffer.from(secret.data?.[TLS_CERT_KEY] ?? '', 'base64').toString('utf8');
  if (!pem.includes('-----BEGIN')) throw new Error(`failed to decode PEM data for secret ${where}`);
  let names: string[];
  try {
    names = dnsSansOf(pem);
  } catch (error) {
    throw new Error(`failed to parse certificate for secret ${where}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (names.length === 0) throw new Error(`certificate should have DNS names, but it has 0`);
  return names;
}
