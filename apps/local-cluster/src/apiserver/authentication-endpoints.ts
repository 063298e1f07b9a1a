// The two authentication.k8s.io endpoints: TokenRequest (`serviceaccounts/<name>/token`), how
// pods (through the kubelet) and users get a service-account token, and SelfSubjectReview
// (`kubectl auth whoami`), which says who a request authenticates as.
import { badRequest, invalid, isPlainObject, notFound, rfc3339Seconds, type JsonObject } from '@ebb/apimachinery';
import { issueServiceAccountToken } from '../auth/tokens.js';
import type { ItemTarget, OperationContext, WriteResult } from './operations.js';
import type { ResourceService } from './resource-service.js';

const AUTHENTICATION_V1 = 'authentication.k8s.io/v1';
/** Default lifetime of a requested token (Kubernetes' one hour). */
const DEFAULT_EXPIRATION_SECONDS = 3600;
const MIN_EXPIRATION_SECONDS = 600;
const MAX_EXPIRATION_SECONDS = 2 ** 32;
/** The audience tokens carry when the request names none: the API server's own. */
export const DEFAULT_AUDIENCES = ['https://kubernetes.default.svc.cluster.local'];

function checkedKind(body: unknown, kind: string): Record<string, unknown> {
  const object = isPlainObject(body) ? body : {};
  if (object.kind !== undefined && object.kind !== kind) throw badRequest(`the kind in the data (${JSON.stringify(object.kind)}) does not match the expected kind (${kind})`);
  return object;
}

function expirationSeconds(name: string, spec: Record<string, unknown>): number {
  const value = spec.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS;
  const detail =
    typeof value !== 'number' || !Number.isInteger(value)
      ? 'must be an integer'
      : value < MIN_EXPIRATION_SECONDS
        ? 'may not specify a duration less than 10 minutes'
        : value > MAX_EXPIRATION_SECONDS
          ? 'may not specify a duration larger than 2^32 seconds'
          : undefined;
  if (detail === undefined) return value as number;
  throw invalid({ kind: 'TokenRequest', group: 'authentication.k8s.io', name, causes: [{ reason: 'FieldValueInvalid', field: 'spec.expirationSeconds', message: `Invalid value: ${JSON.stringify(value)}: ${detail}` }] });
}

/** TokenRequest and SelfSubjectReview. */
export class AuthenticationEndpoints {
  constructor(
    private readonly service: ResourceService,
    private readonly signingKey: string,
  ) {}

  /** POST serviceaccounts/<name>/token: a token for an existing ServiceAccount. */
  tokenRequest(target: ItemTarget, body: unknown): WriteResult {
    const request = checkedKind(body, 'TokenRequest');
    const account = this.service.store.get({ group: '', resource: 'serviceaccounts', namespace: target.namespace, name: target.name });
    if (account === undefined) throw notFound({ plural: 'serviceaccounts', group: '' }, target.name);
    const spec = isPlainObject(request.spec) ? request.spec : {};
    const seconds = expirationSeconds(target.name, spec);
    const now = this.service.now();
    const expires = new Date(now.getTime() + seconds * 1000);
    const token = issueServiceAccountToken(this.signingKey, { namespace: target.namespace, name: target.name, uid: account.metadata.uid ?? '', expiresAt: Math.floor(expires.getTime() / 1000) });
    const audiences = Array.isArray(spec.audiences) && spec.audiences.length > 0 ? spec.audiences : DEFAULT_AUDIENCES;
    const answer: JsonObject = {
      kind: 'TokenRequest',
      apiVersion: AUTHENTICATION_V1,
      metadata: { name: target.name, namespace: target.namespace, creationTimestamp: rfc3339Seconds(now) },
      spec: { audiences: audiences as string[], expirationSeconds: seconds, boundObjectRef: (spec.boundObjectRef ?? null) as JsonObject | null },
      status: { token, expirationTimestamp: rfc3339Seconds(expires) },
    };
    return { code: 201, body: answer, warnings: [] };
  }

  /** POST selfsubjectreviews: who the caller is. */
  selfSubjectReview(ctx: OperationContext, body: unknown): WriteResult {
    checkedKind(body, 'SelfSubjectReview');
    const { user } = ctx;
    const userInfo: JsonObject = { username: user.username, groups: [...user.groups] };
    if (user.uid !== undefined) userInfo.uid = user.uid;
    const answer: JsonObject = { kind: 'SelfSubjectReview', apiVersion: AUTHENTICATION_V1, metadata: { creationTimestamp: rfc3339Seconds(this.service.now()) }, status: { userInfo } };
    return { code: 201, body: answer, warnings: [] };
  }
}
