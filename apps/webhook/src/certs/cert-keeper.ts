import { X509Certificate } from 'node:crypto';
import type { SubjectNames } from '../webhook-config.js';
import { CERT_FILES, inspectPemFiles, readPemFiles } from './cert-files.js';
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

async function issueServing(options: CertKeeperOptions, ca: PemPair): Promise<ServingCertificates> {
  const serving = await createServingCert(ca, options.subjectNames, { now: options.now, lifetimeMs: SERVING_LIFETIME_MS });
  await writePemPair(options.dir, CERT_FILES.serving, serving);
  return toServing(ca, serving);
}

/**
 * Makes sure the cert folder holds a valid CA and serving certificate at `options.now`: keeps
 * valid ones, renews the serving certificate in the last third of its life (or when its names
 * changed), and starts over with a new CA when the CA is missing, invalid or ageing.
 */
export async function ensureCertificates(options: CertKeeperOptions): Promise<EnsuredCertificates> {
  const files = await readPemFiles(options.dir);
  const state = inspectPemFiles(files);
  const plan = planCertificates(state, options.subjectNames, options.now);
  if (plan.action === CERT_ACTIONS.reuse && files.ca && files.serving && state.serving) {
    return { plan, certificates: { ca: files.ca, serving: files.serving, notBefore: state.serving.notBefore, notAfter: state.serving.notAfter } };
  }
  if (plan.action === CERT_ACTIONS.renewServing && files.ca) return { plan, certificates: await issueServing(options, files.ca) };
  const ca = await createCa(CA_COMMON_NAME, { now: options.now, lifetimeMs: CA_LIFETIME_MS });
  await writePemPair(options.dir, CERT_FILES.ca, ca);
  return { plan: { ...plan, action: CERT_ACTIONS.recreate }, certificates: await issueServing(options, ca) };
}
