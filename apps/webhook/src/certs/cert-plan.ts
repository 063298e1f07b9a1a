import type { SubjectNames } from '../webhook-config.js';

/** What the files on disk say about one certificate and its key. */
export interface CertFacts {
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** The private key beside it belongs to this certificate. */
  readonly keyMatches: boolean;
}

/** Facts about the CA certificate. */
export interface CaFacts extends CertFacts {
  /** Its basic constraints say it is a CA. */
  readonly isCa: boolean;
}

/** Facts about the serving certificate. */
export interface ServingFacts extends CertFacts {
  /** Issued and signed by the CA on disk. */
  readonly issuedByCa: boolean;
  readonly subjectNames: SubjectNames;
}

/** The certificates found in the cert folder; `undefined` when missing or unreadable. */
export interface CertState {
  readonly ca: CaFacts | undefined;
  readonly serving: ServingFacts | undefined;
}

/** What to do with the certificates on disk. */
export const CERT_ACTIONS = {
  /** Both are valid for a while yet: serve them. */
  reuse: 'reuse',
  /** Keep the CA, issue a new serving certificate. */
  renewServing: 'renew-serving',
  /** Make a new CA and a new serving certificate. */
  recreate: 'recreate',
} as const;
/** One of {@link CERT_ACTIONS}. */
export type CertAction = (typeof CERT_ACTIONS)[keyof typeof CERT_ACTIONS];

/** The decision of {@link planCertificates} and why. */
export interface CertPlan {
  readonly action: CertAction;
  readonly reason: string;
}

/** A certificate is renewed once less than this part of its lifetime remains. */
export const RENEW_WHEN_REMAINING = 1 / 3;

/** Why a certificate cannot be kept at `now`, or undefined when it can. */
export function whyNotKeep(facts: CertFacts, now: Date): string | undefined {
  if (!facts.keyMatches) return 'its key does not match';
  if (facts.notBefore.getTime() > now.getTime()) return `it is not valid before ${facts.notBefore.toISOString()}`;
  const lifetime = facts.notAfter.getTime() - facts.notBefore.getTime();
  const remaining = facts.notAfter.getTime() - now.getTime();
  if (remaining <= 0) return `it expired at ${facts.notAfter.toISOString()}`;
  if (remaining < lifetime * RENEW_WHEN_REMAINING) return `it expires at ${facts.notAfter.toISOString()}, within the last third of its lifetime`;
  return undefined;
}

function sameNames(a: SubjectNames, b: SubjectNames): boolean {
  const key = (names: SubjectNames): string => [...names.dnsNames.map((n) => `dns:${n}`), ...names.ipAddresses.map((n) => `ip:${n}`)].sort().join(',');
  return key(a) === key(b);
}

function whyNotKeepServing(serving: ServingFacts, wanted: SubjectNames, now: Date): string | undefined {
  if (!serving.issuedByCa) return 'it was not issued by the CA';
  if (!sameNames(serving.subjectNames, wanted)) return 'its subject alternative names differ from the wanted ones';
  return whyNotKeep(serving, now);
}

/**
 * Decides, from what is on disk, whether to keep the certificates, renew the serving one, or
 * start over with a new CA. `wanted` are the names the serving certificate must carry.
 */
export function planCertificates(state: CertState, wanted: SubjectNames, now: Date): CertPlan {
  if (state.ca === undefined) return { action: CERT_ACTIONS.recreate, reason: 'no readable CA certificate and key' };
  if (!state.ca.isCa) return { action: CERT_ACTIONS.recreate, reason: 'the CA certificate is not a CA' };
  const caProblem = whyNotKeep(state.ca, now);
  if (caProblem !== undefined) return { action: CERT_ACTIONS.recreate, reason: `the CA certificate cannot be kept: ${caProblem}` };
  if (state.serving === undefined) return { action: CERT_ACTIONS.renewServing, reason: 'no readable serving certificate and key' };
  const servingProblem = whyNotKeepServing(state.serving, wanted, now);
  if (servingProblem !== undefined) return { action: CERT_ACTIONS.renewServing, reason: `the serving certificate cannot be kept: ${servingProblem}` };
  return { action: CERT_ACTIONS.reuse, reason: 'the CA and serving certificates are valid' };
}
