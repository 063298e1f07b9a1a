// Authorization of every authenticated request with Kubernetes' RBAC (the pure authorizer in
// @ebb/apimachinery) against the stored Roles, ClusterRoles and their bindings, and the
// `selfsubjectaccessreviews` endpoint (`kubectl auth can-i`) that asks the same question.
// The RBAC objects are read once and kept until a store watch reports a change to one of them.
import {
  authorize,
  badRequest,
  forbiddenError,
  invalid,
  isPlainObject,
  parseFieldSelector,
  RBAC_GROUP,
  rfc3339Seconds,
  type AuthorizationAttributes,
  type AuthorizationDecision,
  type JsonObject,
  type RbacObjects,
  type ResourceRequest,
} from '@ebb/apimachinery';
import type { UserInfo } from '../auth/tokens.js';
import type { Store, StoreWatch } from '../storage/store.js';
import type { OperationContext, WriteResult } from './operations.js';

const RBAC_RESOURCES = ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'] as const;
const AUTHORIZATION_V1 = 'authorization.k8s.io/v1';

/** The RBAC policy of a store, cached until one of the four RBAC resources changes. */
export class RbacAuthorizer {
  private cached: RbacObjects | undefined;
  private watches: StoreWatch[] = [];

  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
  ) {}

  /** Follows changes to the RBAC resources; until started, every request reads the store. */
  start(): void {
    const after = this.store.currentRevision();
    const forget = (): void => {
      this.cached = undefined;
    };
    this.watches = RBAC_RESOURCES.map((resource) => this.store.watch({ group: RBAC_GROUP, resource, after }, forget));
    this.cached = undefined;
  }

  stop(): void {
    for (const watch of this.watches) watch.stop();
    this.watches = [];
    this.cached = undefined;
  }

  /** The stored RBAC objects (cached while watched). */
  policy(): RbacObjects {
    if (this.cached !== undefined) return this.cached;
    const list = (resource: (typeof RBAC_RESOURCES)[number]): RbacObjects['roles'] => this.store.list(RBAC_GROUP, resource).items;
    const objects: RbacObjects = { roles: list('roles'), clusterRoles: list('clusterroles'), roleBindings: list('rolebindings'), clusterRoleBindings: list('clusterrolebindings') };
    if (this.watches.length > 0) this.cached = objects;
    return objects;
  }

  /** Kubernetes' decision for `attrs`. */
  decide(attrs: AuthorizationAttributes): AuthorizationDecision {
    return authorize(attrs, this.policy());
  }

  /** Throws the 403 Forbidden Kubernetes answers when `attrs` is not allowed. */
  check(attrs: AuthorizationAttributes): void {
    const decision = this.decide(attrs);
    if (!decision.allowed) throw forbiddenError(attrs, decision.reason);
  }

  /** POST selfsubjectaccessreviews: whether the caller may do what the spec describes. */
  selfSubjectAccessReview(ctx: OperationContext, body: unknown): WriteResult {
    const review = isPlainObject(body) ? body : {};
    if (review.kind !== undefined && review.kind !== 'SelfSubjectAccessReview') {
      throw badRequest(`the kind in the data (${JSON.stringify(review.kind)}) does not match the expected kind (SelfSubjectAccessReview)`);
    }
    const spec = isPlainObject(review.spec) ? review.spec : {};
    const decision = this.decide(reviewAttributes(ctx.user, spec));
    const status: JsonObject = { allowed: decision.allowed };
    if (decision.reason !== '') status.reason = decision.reason;
    const metadata = isPlainObject(review.metadata) ? (review.metadata as JsonObject) : {};
    const answer: JsonObject = {
      kind: 'SelfSubjectAccessReview',
      apiVersion: AUTHORIZATION_V1,
      metadata: { ...metadata, creationTimestamp: rfc3339Seconds(this.now()) },
      spec: spec as JsonObject,
      status,
    };
    return { code: 201, body: answer, warnings: [] };
  }
}

function field(object: Record<string, unknown>, key: string): string {
  const value = object[key];
  return typeof value === 'string' ? value : '';
}

/** The attributes a SelfSubjectAccessReview spec asks about; 422 unless exactly one kind is given. */
function reviewAttributes(user: UserInfo, spec: Record<string, unknown>): AuthorizationAttributes {
  const resource = isPlainObject(spec.resourceAttributes) ? spec.resourceAttributes : undefined;
  const nonResource = isPlainObject(spec.nonResourceAttributes) ? spec.nonResourceAttributes : undefined;
  const base = { user, apiGroup: '', resource: '', subresource: '', name: '', namespace: '', path: '' };
  if (resource !== undefined && nonResource === undefined) {
    const attrs = { apiGroup: field(resource, 'group'), resource: field(resource, 'resource'), subresource: field(resource, 'subresource'), name: field(resource, 'name') };
    return { ...base, ...attrs, verb: field(resource, 'verb'), namespace: field(resource, 'namespace'), resourceRequest: true };
  }
  if (nonResource !== undefined && resource === undefined) return { ...base, verb: field(nonResource, 'verb'), path: field(nonResource, 'path'), resourceRequest: false };
  const cause =
    resource === undefined
      ? { reason: 'FieldValueInvalid' as const, field: 'spec.resourceAttributes', message: 'Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified' }
      : { reason: 'FieldValueInvalid' as const, field: 'spec.nonResourceAttributes', message: 'Invalid value: "object": cannot be specified in combination with resourceAttributes' };
  throw invalid({ kind: 'SelfSubjectAccessReview', group: 'authorization.k8s.io', name: '', causes: [cause] });
}

/** A path segment Kubernetes accepts as a name (not `.`/`..`, no `/` or `%`). */
function validName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !name.includes('/') && !name.includes('%');
}

/** The name a list or watch is limited to by `fieldSelector=metadata.name=<name>`, as the apiserver's RequestInfo reads it. */
function selectedName(query: URLSearchParams): string {
  const text = query.get('fieldSelector');
  if (text === null) return '';
  try {
    const terms = parseFieldSelector(text).requirements.filter((r) => r.field === 'metadata.name' && r.operator !== '!=');
    const name = terms.length === 1 ? (terms[0]?.value ?? '') : '';
    return validName(name) ? name : '';
  } catch {
    return '';
  }
}

/** What one HTTP request asks, for the authorizer: a resource request, or a path with the lower-case method as its verb. */
export function requestAttributes(input: { user: UserInfo; method: string; url: URL; request: ResourceRequest | undefined }): AuthorizationAttributes {
  const { user, method, url, request } = input;
  const none = { user, apiGroup: '', resource: '', subresource: '', name: '', namespace: '' };
  if (request === undefined) return { ...none, verb: method.toLowerCase(), resourceRequest: false, path: url.pathname };
  const listing = (request.verb === 'list' || request.verb === 'watch') && request.name === '';
  const name = listing ? selectedName(url.searchParams) : request.name;
  // `/api/v1/namespaces/<name>` is in the namespace it names, as Kubernetes' RequestInfo reads it.
  const isNamespace = request.group === '' && request.resource === 'namespaces' && request.name !== '';
  const namespace = isNamespace ? request.name : request.namespace;
  return { ...none, verb: request.verb, resourceRequest: true, apiGroup: request.group, resource: request.resource, subresource: request.subresource, name, namespace, path: url.pathname };
}
