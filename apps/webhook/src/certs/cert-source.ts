// Where the webhook keeps its certificates, behind one interface for the admission server:
// the folder (EBB_WEBHOOK_CERT_DIR, one replica or local use) or a Secret every replica shares
// (EBB_WEBHOOK_CERT_SECRET, in a cluster). Both keep valid certificates and renew by the same plan.
import type { SubjectNames } from '../webhook-config.js';
import { ensureCertificates, type EnsuredCertificates } from './cert-keeper.js';
import { ensureSecretCertificates, type SecretClient } from './secret-cert-store.js';

/** A place that keeps the webhook's certificates valid. */
export interface CertSource {
  /** Log fields that say where (`certDir`, or `secret` as namespace/name). */
  readonly location: Readonly<Record<string, string>>;
  /** Makes sure valid certificates are stored at `now` and returns the ones to serve with. */
  ensure(now: Date): Promise<EnsuredCertificates>;
}

/** The certificates in a folder (ca.crt, ca.key, tls.crt, tls.key). */
export function folderCertSource(dir: string, subjectNames: SubjectNames): CertSource {
  return { location: { certDir: dir }, ensure: (now) => ensureCertificates({ dir, subjectNames, now }) };
}

/** Where {@link secretCertSource} keeps the certificates. */
export interface SecretLocation {
  readonly namespace: string;
  readonly name: string;
  readonly subjectNames: SubjectNames;
}

/** The certificates in a Secret shared by every replica. */
export function secretCertSource(client: SecretClient, where: SecretLocation): CertSource {
  return {
    location: { secret: `${where.namespace}/${where.name}` },
    ensure: (now) => ensureSecretCertificates({ client, ...where, now }),
  };
}
