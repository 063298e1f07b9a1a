// Cluster mode of the webhook's certificates: the CA and serving certificate live in one Secret
// that every replica shares. Each check reads the Secret, plans as the folder mode does
// (reuse / renew the serving certificate / recreate) and, when something was made, creates or
// updates the Secret as a compare-and-swap. Replicas that race (both create the Secret → 409
// AlreadyExists, or both update the same resourceVersion → 409 Conflict) lose gracefully: the
// loser reads the Secret again and serves what the winner stored.
import { isKubeApiError } from '@ebb/kube';
import type { SubjectNames } from '../webhook-config.js';
import { decideCertificates, type EnsuredCertificates } from './cert-keeper.js';
import { makeCertSecret, pemFilesOfSecret, type SecretLike } from './cert-secret.js';

/** The Secret calls this needs (a `ResourceClient` of core/v1 secrets fits). */
export interface SecretClient {
  get(namespace: string, name: string): Promise<SecretLike | undefined>;
  create(secret: SecretLike): Promise<SecretLike>;
  update(secret: SecretLike): Promise<SecretLike>;
}

/** Where the Secret is, what the serving certificate must say, and the time of the check. */
export interface SecretCertOptions {
  readonly client: SecretClient;
  readonly namespace: string;
  readonly name: string;
  readonly subjectNames: SubjectNames;
  readonly now: Date;
}

/** How often a lost race is retried before giving up (each retry reads the winner's Secret). */
export const SECRET_WRITE_ATTEMPTS = 5;

/** What {@link ensureSecretCertificates} did: `stored` is false when the Secret was kept as it was. */
export interface SecretCertResult extends EnsuredCertificates {
  readonly stored: boolean;
  /** How many lost races it took (0 when the first write won or nothing was written). */
  readonly conflicts: number;
}

/** Makes sure the Secret holds a valid CA and serving certificate at `options.now` and returns them. */
export async function ensureSecretCertificates(options: SecretCertOptions): Promise<SecretCertResult> {
  for (let conflicts = 0; ; conflicts += 1) {
    const current = await options.client.get(options.namespace, options.name);
    const decided = await decideCertificates(pemFilesOfSecret(current), options.subjectNames, options.now);
    const result = { plan: decided.plan, certificates: decided.certificates, conflicts };
    if (!decided.made.ca && !decided.made.serving) return { ...result, stored: false };
    const secret = makeCertSecret({ namespace: options.namespace, name: options.name, ...decided.certificates, current });
    try {
      await (current === undefined ? options.client.create(secret) : options.client.update(secret));
      return { ...result, stored: true };
    } catch (error) {
      if (!isKubeApiError(error, 409) || conflicts + 1 >= SECRET_WRITE_ATTEMPTS) throw error;
    }
  }
}
