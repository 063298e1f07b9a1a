// The webhook's certificates as a Kubernetes Secret (cluster mode, EBB_WEBHOOK_CERT_SECRET):
// which keys hold what — Knative's ca-cert.pem, server-cert.pem and server-key.pem, plus
// ca-key.pem so a replica can renew the serving certificate under the same CA (and caBundle) —
// and the pure conversions between a Secret and the PEM pairs cert-keeper plans with.
import type { KubeObjectLike } from '@ebb/kube';
import type { PemPair } from '@ebb/pki';
import type { PemFiles } from './cert-files.js';

/** The Secret's data keys. */
export const SECRET_KEYS = {
  caCert: 'ca-cert.pem',
  caKey: 'ca-key.pem',
  servingCert: 'server-cert.pem',
  servingKey: 'server-key.pem',
} as const;

/** The parts of a core/v1 Secret this file reads and writes (the rest is kept as read). */
export interface SecretLike extends KubeObjectLike {
  type?: string;
  /** Base64-encoded values. */
  data?: Record<string, string>;
}

function decoded(data: Readonly<Record<string, string>>, key: string): string | undefined {
  const value = data[key];
  if (value === undefined || value === '') return undefined;
  return Buffer.from(value, 'base64').toString('utf8');
}

function pairOf(data: Readonly<Record<string, string>>, certKey: string, keyKey: string): PemPair | undefined {
  const certPem = decoded(data, certKey);
  const keyPem = decoded(data, keyKey);
  return certPem === undefined || keyPem === undefined ? undefined : { certPem, keyPem };
}

/** The PEM pairs a Secret holds (a pair is undefined when a key of it is missing or empty; no Secret: none). */
export function pemFilesOfSecret(secret: SecretLike | undefined): PemFiles {
  const data = secret?.data ?? {};
  return { ca: pairOf(data, SECRET_KEYS.caCert, SECRET_KEYS.caKey), serving: pairOf(data, SECRET_KEYS.servingCert, SECRET_KEYS.servingKey) };
}

/** What {@link makeCertSecret} stores and where. */
export interface CertSecretInput {
  readonly namespace: string;
  readonly name: string;
  readonly ca: PemPair;
  readonly serving: PemPair;
  /** The Secret as read (kept: its metadata with resourceVersion, labels, type and other keys), or undefined to create one. */
  readonly current: SecretLike | undefined;
}

const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/**
 * The Secret holding `ca` and `serving`: the current one with the four keys set (its
 * resourceVersion makes the update a compare-and-swap), or a new Opaque Secret.
 */
export function makeCertSecret(input: CertSecretInput): SecretLike {
  const certData = {
    [SECRET_KEYS.caCert]: base64(input.ca.certPem),
    [SECRET_KEYS.caKey]: base64(input.ca.keyPem),
    [SECRET_KEYS.servingCert]: base64(input.serving.certPem),
    [SECRET_KEYS.servingKey]: base64(input.serving.keyPem),
  };
  if (input.current !== undefined) return { ...input.current, data: { ...input.current.data, ...certData } };
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name: input.name, namespace: input.namespace }, type: 'Opaque', data: certData };
}
