// Kubernetes' RBAC authorizer (plugin/pkg/auth/authorizer/rbac): a request is allowed when a
// ClusterRoleBinding, or a RoleBinding in the request's namespace, names the user (User, Group
// or ServiceAccount subject) and its role has a rule matching the verb and the resource (API
// group, resource[/subresource], name) or the non-resource path. The `system:masters` group is
// allowed everything before RBAC is asked, as kube-apiserver's privileged-group authorizer does.
// A ClusterRole with an `aggregationRule` has the rules of the ClusterRoles its selectors match
// (what Kubernetes' clusterrole-aggregation controller writes into it), resolved here.
import type { KubeObject } from '../object.js';
import { isPlainObject } from '../object.js';
import { labelSelectorFromSpec, matchesLabels, type LabelSelectorSpec } from '../selectors.js';
import { StatusError } from '../status.js';
import { stringOf, stringsOf } from '../values.js';

/** The RBAC API group. */
export const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** Kubernetes' superuser group: always allowed. */
export const SUPERUSER_GROUP = 'system:masters';

/** Who asks. */
export interface AuthorizationUser {
  readonly username: string;
  readonly groups: readonly string[];
}

/** What is asked (the apiserver's authorizer.Attributes). */
export interface AuthorizationAttributes {
  readonly user: AuthorizationUser;
  /** A resource verb (`get`, `list`, `watch`, `create`…) or, for a path, the lower-case HTTP method. */
  readonly verb: string;
  /** True for API resources, false for paths such as `/metrics` or `/apis`. */
  readonly resourceRequest: boolean;
  readonly apiGroup: string;
  /** Plural resource, without the subresource. */
  readonly resource: string;
  readonly subresource: string;
  /** `''` when the request names no object (list, create, deletecollection). */
  readonly name: string;
  /** `''` for cluster-scoped requests. */
  readonly namespace: string;
  /** The URL path, for non-resource requests. */
  readonly path: string;
}

/** The stored RBAC objects (rbac.authorization.k8s.io/v1), as JSON objects. */
export interface RbacObjects {
  readonly roles: readonly KubeObject[];
  readonly clusterRoles: readonly KubeObject[];
  readonly roleBindings: readonly KubeObject[];
  readonly clusterRoleBindings: readonly KubeObject[];
}

/** The decision; `reason` says which binding allowed it, or why roles could not be read. */
export interface AuthorizationDecision {
  readonly allowed: boolean;
  readonly reason: string;
}

/** rbacv1.PolicyRule, every list present. */
export interface PolicyRule {
  readonly verbs: readonly string[];
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly resourceNames: readonly string[];
  readonly nonResourceURLs: readonly string[];
}

interface Subject {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
}

interface RoleRef {
  readonly kind: string;
  readonly name: string;
}

interface Binding {
  readonly kind: 'RoleBinding' | 'ClusterRoleBinding';
  readonly name: string;
  /** `''` for ClusterRoleBindings. */
  readonly namespace: string;
  readonly subjects: readonly Subject[];
  readonly roleRef: RoleRef;
}

/** The objects in the shape the authorizer walks: roles by key, bindings by namespace. */
interface CompiledPolicy {
  readonly clusterRoleRules: ReadonlyMap<string, readonly PolicyRule[]>;
  /** Keyed `<namespace>/<name>`. */
  readonly roleRules: ReadonlyMap<string, readonly PolicyRule[]>;
  readonly clusterRoleBindings: readonly Binding[];
  readonly roleBindings: ReadonlyMap<string, readonly Binding[]>;
}

const compiled = new WeakMap<RbacObjects, CompiledPolicy>();

/** The rules of a Role or ClusterRole object (malformed entries skipped). */
export function rulesOf(role: KubeObject): PolicyRule[] {
  const rules = Array.isArray(role.rules) ? role.rules : [];
  return rules.filter(isPlainObject).map((rule) => ({
    verbs: stringsOf(rule.verbs),
    apiGroups: stringsOf(rule.apiGroups),
    resources: stringsOf(rule.resources),
    resourceNames: stringsOf(rule.resourceNames),
    nonResourceURLs: stringsOf(rule.nonResourceURLs),
  }));
}

function selectorsOf(role: KubeObject): LabelSelectorSpec[] | undefined {
  if (!isPlainObject(role.aggregationRule)) return undefined;
  const selectors = role.aggregationRule.clusterRoleSelectors;
  return Array.isArray(selectors) ? selectors.filter(isPlainObject).map((s) => s as LabelSelectorSpec) : [];
}

function selectorMatches(spec: LabelSelectorSpec, role: KubeObject): boolean {
  try {
    return matchesLabels(labelSelectorFromSpec(spec), role.metadata.labels);
  } catch {
    return false;
  }
}

/**
 * The rules a ClusterRole grants: its own `rules`, or with an `aggregationRule`, the rules of
 * every other ClusterRole one of its selectors matches (themselves aggregated, cycles cut).
 */
export function effectiveClusterRoleRules(name: string, clusterRoles: readonly KubeObject[], visiting: ReadonlySet<string> = new Set()): PolicyRule[] {
  const role = clusterRoles.find((r) => r.metadata.name === name);
  if (role === undefined) return [];
  const selectors = selectorsOf(role);
  if (selectors === undefined) return rulesOf(role);
  const path = new Set([...visiting, name]);
  const matching = clusterRoles.filter((other) => !path.has(other.metadata.name ?? '') && selectors.some((s) => selectorMatches(s, other)));
  return matching.flatMap((other) => effectiveClusterRoleRules(other.metadata.name ?? '', clusterRoles, path));
}

function subjectOf(value: Record<string, unknown>): Subject {
  return { kind: stringOf(value.kind), name: stringOf(value.name), namespace: stringOf(value.namespace) };
}

function bindingOf(object: KubeObject, kind: Binding['kind']): Binding {
  const roleRef = isPlainObject(object.roleRef) ? object.roleRef : {};
  const subjects = Array.isArray(object.subjects) ? object.subjects.filter(isPlainObject).map(subjectOf) : [];
  const namespace = kind === 'RoleBinding' ? (object.metadata.namespace ?? '') : '';
  return { kind, name: object.metadata.name ?? '', namespace, subjects, roleRef: { kind: stringOf(roleRef.kind), name: stringOf(roleRef.name) } };
}

function groupByNamespace(bindings: readonly Binding[]): Map<string, Binding[]> {
  const byNamespace = new Map<string, Binding[]>();
  for (const binding of bindings) byNamespace.set(binding.namespace, [...(byNamespace.get(binding.namespace) ?? []), binding]);
  return byNamespace;
}

function compile(objects: RbacObjects): CompiledPolicy {
  const clusterRoleRules = new Map(objects.clusterRoles.map((r) => [r.metadata.name ?? '', effectiveClusterRoleRules(r.metadata.name ?? '', objects.clusterRoles)] as const));
  const roleRules = new Map(objects.roles.map((r) => [`${r.metadata.namespace ?? ''}/${r.metadata.name ?? ''}`, rulesOf(r)] as const));
  return {
    clusterRoleRules,
    roleRules,
    clusterRoleBindings: objects.clusterRoleBindings.map((b) => bindingOf(b, 'ClusterRoleBinding')),
    roleBindings: groupByNamespace(objects.roleBindings.map((b) => bindingOf(b, 'RoleBinding'))),
  };
}

/** The compiled form of `objects`, computed once per `objects` value. */
function compiledPolicy(objects: RbacObjects): CompiledPolicy {
  let policy = compiled.get(objects);
  if (policy === undefined) {
    policy = compile(objects);
    compiled.set(objects, policy);
  }
  return policy;
}

/** Whether `subject` names `user`; a ServiceAccount without a namespace is in `bindingNamespace`. */
function appliesTo(user: AuthorizationUser, subject: Subject, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.username === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const namespace = subject.namespace === '' ? bindingNamespace : subject.namespace;
      return namespace !== '' && user.username === `system:serviceaccount:${namespace}:${subject.name}`;
    }
    default:
      return false;
  }
}

function includesOrAll(list: readonly string[], value: string, all: string): boolean {
  return list.some((entry) => entry === all || entry === value);
}

/** ResourceMatches: `*`, the exact `resource[/subresource]`, or a star for the resource before `/<subresource>`. */
function resourceMatches(rule: PolicyRule, attrs: AuthorizationAttributes): boolean {
  const combined = attrs.subresource === '' ? attrs.resource : `${attrs.resource}/${attrs.subresource}`;
  return rule.resources.some((r) => r === '*' || r === combined || (attrs.subresource !== '' && r === `*/${attrs.subresource}`));
}

/** NonResourceURLMatches: `*`, the exact path, or a prefix ending in `*`. */
function pathMatches(rule: PolicyRule, path: string): boolean {
  return rule.nonResourceURLs.some((url) => url === '*' || url === path || (url.endsWith('*') && path.startsWith(url.replace(/\*+$/, ''))));
}

/** Whether one rule allows the request (RuleAllows). */
export function ruleAllows(attrs: AuthorizationAttributes, rule: PolicyRule): boolean {
  if (!includesOrAll(rule.verbs, attrs.verb, '*')) return false;
  if (!attrs.resourceRequest) return pathMatches(rule, attrs.path);
  return (
    includesOrAll(rule.apiGroups, attrs.apiGroup, '*') &&
    resourceMatches(rule, attrs) &&
    (rule.resourceNames.length === 0 || rule.resourceNames.includes(attrs.name))
  );
}

/** The rules of a binding's role, or the error Kubernetes' listers give when the role is missing. */
function roleRules(policy: CompiledPolicy, binding: Binding): { rules: readonly PolicyRule[] } | { error: string } {
  const { kind, name } = binding.roleRef;
  if (kind === 'ClusterRole') {
    const rules = policy.clusterRoleRules.get(name);
    return rules === undefined ? { error: `clusterrole.rbac.authorization.k8s.io ${JSON.stringify(name)} not found` } : { rules };
  }
  if (kind === 'Role' && binding.kind === 'RoleBinding') {
    const rules = policy.roleRules.get(`${binding.namespace}/${name}`);
    return rules === undefined ? { error: `role.rbac.authorization.k8s.io ${JSON.stringify(name)} not found` } : { rules };
  }
  return { error: `unsupported role reference kind: ${JSON.stringify(kind)}` };
}

function describeSubject(subject: Subject, bindingNamespace: string): string {
  if (subject.kind !== 'ServiceAccount') return `${subject.kind} ${JSON.stringify(subject.name)}`;
  return `${subject.kind} ${JSON.stringify(`${subject.name}/${subject.namespace === '' ? bindingNamespace : subject.namespace}`)}`;
}

/** `RBAC: allowed by RoleBinding "b/ns" of Role "r" to User "u"`, as Kubernetes words it. */
function allowedBy(binding: Binding, subject: Subject): string {
  const bindingName = binding.kind === 'RoleBinding' ? `${binding.name}/${binding.namespace}` : binding.name;
  const role = `${binding.roleRef.kind} ${JSON.stringify(binding.roleRef.name)}`;
  return `RBAC: allowed by ${binding.kind} ${JSON.stringify(bindingName)} of ${role} to ${describeSubject(subject, binding.namespace)}`;
}

/** Walks the bindings that could apply; stops at the first allowing one. */
function visitBindings(attrs: AuthorizationAttributes, policy: CompiledPolicy, errors: string[]): string | undefined {
  const bindings = [...policy.clusterRoleBindings, ...(attrs.namespace === '' ? [] : (policy.roleBindings.get(attrs.namespace) ?? []))];
  for (const binding of bindings) {
    const subject = binding.subjects.find((s) => appliesTo(attrs.user, s, binding.namespace));
    if (subject === undefined) continue;
    const found = roleRules(policy, binding);
    if ('error' in found) errors.push(found.error);
    else if (found.rules.some((rule) => ruleAllows(attrs, rule))) return allowedBy(binding, subject);
  }
  return undefined;
}

/**
 * Kubernetes' authorization of one request: `system:masters` always, else RBAC. A denial's
 * reason is `''`, or `RBAC: <errors>` when bindings that applied named missing roles.
 */
export function authorize(attrs: AuthorizationAttributes, policy: RbacObjects): AuthorizationDecision {
  if (attrs.user.groups.includes(SUPERUSER_GROUP)) return { allowed: true, reason: '' };
  const errors: string[] = [];
  const allowed = visitBindings(attrs, compiledPolicy(policy), errors);
  if (allowed !== undefined) return { allowed: true, reason: allowed };
  const unique = [...new Set(errors)];
  const reason = unique.length === 0 ? '' : `RBAC: ${unique.length === 1 ? (unique[0] ?? '') : `[${unique.join(', ')}]`}`;
  return { allowed: false, reason };
}

/** The characters the apiserver escapes in a Forbidden message. */
function sanitize(message: string): string {
  return message.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function userCannot(attrs: AuthorizationAttributes): string {
  const who = `User ${JSON.stringify(attrs.user.username)} cannot ${attrs.verb}`;
  if (!attrs.resourceRequest) return `${who} path ${JSON.stringify(attrs.path)}`;
  const resource = attrs.subresource === '' ? attrs.resource : `${attrs.resource}/${attrs.subresource}`;
  const what = `${who} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(attrs.apiGroup)}`;
  return attrs.namespace === '' ? `${what} at the cluster scope` : `${what} in the namespace ${JSON.stringify(attrs.namespace)}`;
}

function forbiddenSubject(attrs: AuthorizationAttributes): string {
  if (!attrs.resourceRequest || attrs.resource === '') return 'forbidden';
  const resource = attrs.apiGroup === '' ? attrs.resource : `${attrs.resource}.${attrs.apiGroup}`;
  return attrs.name === '' ? `${resource} is forbidden` : `${resource} ${JSON.stringify(attrs.name)} is forbidden`;
}

/**
 * The message of the 403 the apiserver answers a denied request with, e.g.
 * `configmaps "x" is forbidden: User "u" cannot get resource "configmaps" in API group "" in the namespace "default"`
 * (a non-empty `reason` is appended after `: `).
 */
export function forbiddenMessage(attrs: AuthorizationAttributes, reason = ''): string {
  const detail = sanitize(userCannot(attrs));
  return `${forbiddenSubject(attrs)}: ${reason === '' ? detail : `${detail}: ${reason}`}`;
}

/** The 403 Forbidden StatusError of a denied request: {@link forbiddenMessage}, `details {name, group, kind: resource}`. */
export function forbiddenError(attrs: AuthorizationAttributes, reason = ''): StatusError {
  const details = attrs.resourceRequest ? { name: attrs.name, group: attrs.apiGroup, kind: attrs.resource } : {};
  return new StatusError({ code: 403, reason: 'Forbidden', message: forbiddenMessage(attrs, reason), details });
}
