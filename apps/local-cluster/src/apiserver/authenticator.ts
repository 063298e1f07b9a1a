// Bearer-token authentication: the admin token from the data directory, the in-memory tokens of
// the cluster's own components (controllers, kubelet), or a service-account token whose
// ServiceAccount still exists with the uid it was issued for.
import type { IncomingMessage } from 'node:http';
import type { Store } from '../storage/store.js';
import { ADMIN_USER, ANONYMOUS_USER, sameSecret, serviceAccountUser, verifyServiceAccountToken, type UserInfo } from '../auth/tokens.js';

/** Authenticates requests. */
export class Authenticator {
  constructor(
    private readonly secrets: { adminToken: string; serviceAccountKey: string },
    private readonly store: Store,
    private readonly allowAnonymous: boolean,
    private readonly components: ReadonlyMap<string, UserInfo> = new Map(),
  ) {}

  /** The user of a request; undefined means 401. */
  authenticate(req: IncomingMessage): UserInfo | undefined {
    const header = req.headers.authorization;
    if (header === undefined) return this.allowAnonymous ? ANONYMOUS_USER : undefined;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match === null) return undefined;
    const token = match[1] ?? '';
    const known = this.knownToken(token);
    if (known !== undefined) return known;
    const claims = verifyServiceAccountToken(this.secrets.serviceAccountKey, token, Math.floor(Date.now() / 1000));
    if (claims === undefined) return undefined;
    const account = this.store.get({ group: '', resource: 'serviceaccounts', namespace: claims.namespace, name: claims.name });
    if (account === undefined || account.metadata.uid !== claims.uid) return undefined;
    return serviceAccountUser(claims);
  }

  /** The admin or a cluster component, by its token. */
  private knownToken(token: string): UserInfo | undefined {
    if (sameSecret(this.secrets.adminToken, token)) return ADMIN_USER;
    for (const [secret, user] of this.components) if (sameSecret(secret, token)) return user;
    return undefined;
  }
}
