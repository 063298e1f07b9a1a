import { X509Certificate } from 'node:crypto';
import type { SubjectNames } from '../webhook-config.js';
import { CERT_FILES, inspectPemFiles, readPemFiles, type PemFiles } from './cert-files.js';
import { CERT_ACTIONS, planCertificates, type CertPlan } from './cert-plan.js';
import { createCa, createServingCert, writePemPair, type PemPair } from '@ebb/pki';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Common name of the CA the webhook makes for itself. */
export const CA_COMMON_NAME = 'ebb-webhook-ca';
/** Lifetime of a new CA: ten years (a new CA means a new caBundle for the webhook configurations). */
export const CA_LIFETIME_MS = 3650 * DAY_MS;
/** Lifetime of a new serving certificate: 90 days, renewed once 30 remain. */
export const SERVING_LIFETIME_MS = 90 * DAY_MS;

/** The certificates the HTTPS server serves with. */
export interface ServingCertificates {
  readonly ca: PemPair;
  readonly serving: PemPair;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/** Where the certificates live and what they must say. */
export interface CertKeeperOptions {
  readonly dir: string;
  readonly subjectNames: SubjectNames;
  readonly now: Date;
}

/** What {@link ensureCertificates} decided and the certificates to serve with now. */
export interface EnsuredCertificates {
  readonly plan: CertPlan;
  readonly certificates: ServingCertificates;
}

function toServing(ca: PemPair, serving: PemPair): ServingCertificates {
  const cert = new X509Certificate(serving.certPem);
  return { ca, serving, notBefore: cert.validFromDate, notAfter: cert.validToDate };
}

/** What {@link decideCertificates} decided, the certificates to serve with, and which pairs are new. */
export interface DecidedCertificates extends EnsuredCertificates {
  /** Which pairs were made anew and must be stored. */
  readonly made: { readonly ca: boolean; readonly serving: boolean };
}

/**
 * Plans from the stored PEM pairs (a folder's files or a Secret's keys) and makes what the plan
 * asks for in memory: nothing (reuse), a new serving certificate signed by the stored CA, or a
 * new CA and serving certificate. The caller stores the pairs marked in `made`.
 */
export async function decideCertificates(files: PemFiles, subjectNames: SubjectNames, now: Date): Promise<DecidedCertificates> {
  const state = inspectPemFiles(files);
  const plan = planCertificates(state, subjectNames, now);
  if (plan.action === CERT_ACTIONS.reuse && files.ca && files.serving && state.serving) {
    const certificates = { ca: files.ca, serving: files.serving, notBefore: state.serving.notBefore, notAfter: state.serving.notAfter };
    return { plan, certificates, made: { ca: false, serving: false } };
  }
  const validity = { now, lifetimeMs: SERVING_LIFETIME_MS };
  if (plan.action === CERT_ACTIONS.renewServing && files.ca) {
    const serving = await createServingCert(files.ca, subjectNames, validity);
    return { plan, certificates: toServing(files.ca, serving), made: { ca: false, serving: true } };
  }
  const ca = await createCa(CA_COMMON_NAME, { now, lifetimeMs: CA_LIFETIME_MS });
  const serving = await createServingCert(ca, subjectNames, validity);
  return { plan: { ...plan, action: CERT_ACTIONS.recreate }, certificates: toServing(ca, serving), made: { ca: true, serving: true } };
}

/**
 * Makes sure the cert folder holds a valid CA and serving certificate at `options.now`: keeps
 * valid ones, renews the serving certificate in the last third of its life (or when its names
 * changed), and starts over with a new CA when the CA is missing, invalid or ageing.
 */
export async function ensureCertificates(options: CertKeeperOptions): Promise<EnsuredCertificates> {
  const decided = await decideCertificates(await readPemFiles(options.dir), options.subjectNames, options.now);
  // The CA first: a serving certificate on disk is only kept when the CA beside it signed it.
  if (decided.made.ca) await writePemPair(options.dir, CERT_FILES.ca, decided.certificates.ca);
  if (decided.made.serving) await writePemPair(options.dir, CERT_FILES.serving, decided.certificates.serving);
  return { plan: decided.plan, certificates: decided.certificates };
}
