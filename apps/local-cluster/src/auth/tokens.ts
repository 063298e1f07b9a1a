// Bearer tokens: one admin token (the kubeconfig's user) and service-account tokens for pods,
// signed with an HMAC key kept in the data directory. A service-account token names the account
// and its uid; it is accepted only while that ServiceAccount exists with that uid.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Who a request is from. */
export interface UserInfo {
  readonly username: string;
  readonly uid?: string;
  readonly groups: readonly string[];
}

/** The kubeconfig's user: a cluster admin, as kubeadm's `kubernetes-admin`. */
export const ADMIN_USER: UserInfo = { username: 'ebb-admin', groups: ['system:masters', 'system:authenticated'] };
/** A request without a token, when `--insecure-anonymous` allows it. */
export const ANONYMOUS_USER: UserInfo = { username: 'system:anonymous', groups: ['system:unauthenticated'] };
/** The API server's own controllers (garbage collector, namespace and CRD controllers). */
export const SYSTEM_USER: UserInfo = { username: 'system:apiserver', groups: ['system:masters'] };

/**
 * The cluster's own components, which reach the API server over HTTPS like any client. Both are
 * cluster admins: the local cluster has no Node authorizer, so the kubelet cannot be narrowed to
 * its node's objects as on Kubernetes.
 */
export const CONTROLLER_MANAGER_USER: UserInfo = { username: 'system:kube-controller-manager', groups: ['system:masters', 'system:authenticated'] };
/** The kubelet of node `name`. */
export function kubeletUser(node: string): UserInfo {
  return { username: `system:node:${node}`, groups: ['system:nodes', 'system:masters', 'system:authenticated'] };
}

const SA_PREFIX = 'ebbsa';

/** What a service-account token carries; `expiresAt` in Unix seconds (no expiry when unset). */
export interface ServiceAccountClaims {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  readonly expiresAt?: number;
}

/** A new random secret (admin token or signing key), hex. */
export function newSecret(): string {
  return randomBytes(32).toString('hex');
}

function sign(key: string, payload: string): string {
  return createHmac('sha256', key).update(payload).digest('base64url');
}

/** A token for a ServiceAccount: `ebbsa.<claims>.<hmac>`. */
export function issueServiceAccountToken(key: string, claims: ServiceAccountClaims): string {
  const payload = Buffer.from(JSON.stringify({ ns: claims.namespace, name: claims.name, uid: claims.uid, exp: claims.expiresAt })).toString('base64url');
  return `${SA_PREFIX}.${payload}.${sign(key, payload)}`;
}

/** The claims of a well-signed, unexpired service-account token (at `nowSeconds`), else undefined. */
export function verifyServiceAccountToken(key: string, token: string, nowSeconds: number): ServiceAccountClaims | undefined {
  const [prefix, payload, signature, ...rest] = token.split('.');
  if (prefix !== SA_PREFIX || payload === undefined || signature === undefined || rest.length > 0) return undefined;
  if (!sameSecret(sign(key, payload), signature)) return undefined;
  const claims = decodeClaims(payload);
  return claims !== undefined && (claims.expiresAt === undefined || claims.expiresAt > nowSeconds) ? claims : undefined;
}

function decodeClaims(payload: string): ServiceAccountClaims | undefined {
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { ns?: unknown; name?: unknown; uid?: unknown; exp?: unknown };
    if (typeof claims.ns !== 'string' || typeof claims.name !== 'string' || typeof claims.uid !== 'string') return undefined;
    if (claims.exp !== undefined && typeof claims.exp !== 'number') return undefined;
    return { namespace: claims.ns, name: claims.name, uid: claims.uid, ...(claims.exp === undefined ? {} : { expiresAt: claims.exp }) };
  } catch {
    return undefined;
  }
}

/** The user a service account authenticates as. */
export function serviceAccountUser(claims: ServiceAccountClaims): UserInfo {
  return {
    username: `system:serviceaccount:${claims.namespace}:${claims.name}`,
    uid: claims.uid,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${claims.namespace}`, 'system:authenticated'],
  };
}

/** True when `given` equals `secret`, in constant time. */
export function sameSecret(secret: string, given: string): boolean {
  const a = Buffer.from(secret);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
