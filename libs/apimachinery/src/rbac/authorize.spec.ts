import type { KubeObject } from '../object.js';
import { authorize, effectiveClusterRoleRules, forbiddenError, forbiddenMessage, ruleAllows, type AuthorizationAttributes, type PolicyRule, type RbacObjects } from './authorize.js';

const RBAC_V1 = 'rbac.authorization.k8s.io/v1';
const BUILDER = { username: 'system:serviceaccount:default:builder', groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'] };
const ALICE = { username: 'alice', groups: ['devs', 'system:authenticated'] };

function attrs(overrides: Partial<AuthorizationAttributes>): AuthorizationAttributes {
  return { user: ALICE, verb: 'list', resourceRequest: true, apiGroup: '', resource: 'configmaps', subresource: '', name: '', namespace: 'default', path: '', ...overrides };
}

function rule(overrides: Partial<PolicyRule>): PolicyRule {
  return { verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: [], nonResourceURLs: [], ...overrides };
}

function role(name: string, namespace: string, rules: readonly Partial<PolicyRule>[]): KubeObject {
  return { apiVersion: RBAC_V1, kind: 'Role', metadata: { name, namespace }, rules: rules.map((r) => ({ ...r })) };
}

function clusterRole(name: string, rules: readonly Partial<PolicyRule>[], extra: { labels?: Record<string, string>; aggregate?: Record<string, string>[] } = {}): KubeObject {
  const object: KubeObject = { apiVersion: RBAC_V1, kind: 'ClusterRole', metadata: { name, ...(extra.labels === undefined ? {} : { labels: extra.labels }) }, rules: rules.map((r) => ({ ...r })) };
  if (extra.aggregate !== undefined) object.aggregationRule = { clusterRoleSelectors: extra.aggregate.map((matchLabels) => ({ matchLabels })) };
  return object;
}

type SubjectSpec = { kind: string; name: string; namespace?: string };

function roleBinding(name: string, namespace: string, roleRef: { kind: string; name: string }, subjects: SubjectSpec[]): KubeObject {
  return { apiVersion: RBAC_V1, kind: 'RoleBinding', metadata: { name, namespace }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef }, subjects };
}

function clusterRoleBinding(name: string, roleName: string, subjects: SubjectSpec[]): KubeObject {
  return { apiVersion: RBAC_V1, kind: 'ClusterRoleBinding', metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName }, subjects };
}

function policy(objects: Partial<RbacObjects>): RbacObjects {
  return { roles: [], clusterRoles: [], roleBindings: [], clusterRoleBindings: [], ...objects };
}

const EMPTY = policy({});
const CM_READER = role('cm-reader', 'default', [{ verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['configmaps'] }]);
const CM_READER_CLUSTER = clusterRole('cm-reader', [{ verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['configmaps'] }]);

describe('ruleAllows', () => {
  it.each([
    { name: 'exact verb, group and resource', rule: rule({}), request: attrs({ verb: 'get', name: 'x' }), allowed: true },
    { name: 'other verb', rule: rule({}), request: attrs({ verb: 'delete', name: 'x' }), allowed: false },
    { name: 'verb *', rule: rule({ verbs: ['*'] }), request: attrs({ verb: 'deletecollection' }), allowed: true },
    { name: 'other group', rule: rule({}), request: attrs({ verb: 'get', apiGroup: 'apps' }), allowed: false },
    { name: 'apiGroups *', rule: rule({ apiGroups: ['*'], resources: ['deployments'] }), request: attrs({ verb: 'get', apiGroup: 'apps', resource: 'deployments' }), allowed: true },
    { name: 'resources *', rule: rule({ resources: ['*'] }), request: attrs({ verb: 'get', resource: 'secrets' }), allowed: true },
    { name: 'resources * covers subresources', rule: rule({ resources: ['*'] }), request: attrs({ verb: 'get', resource: 'pods', subresource: 'log' }), allowed: true },
    { name: 'plain resource does not cover its subresource', rule: rule({ resources: ['pods'] }), request: attrs({ verb: 'get', resource: 'pods', subresource: 'log' }), allowed: false },
    { name: 'res/sub matches the subresource', rule: rule({ verbs: ['patch'], apiGroups: ['apps'], resources: ['deployments/scale'] }), request: attrs({ verb: 'patch', apiGroup: 'apps', resource: 'deployments', subresource: 'scale', name: 'web' }), allowed: true },
    { name: 'res/sub does not match the resource', rule: rule({ resources: ['pods/log'] }), request: attrs({ verb: 'get', resource: 'pods', name: 'p' }), allowed: false },
    { name: '*/sub matches any resource\'s subresource', rule: rule({ verbs: ['update'], apiGroups: ['*'], resources: ['*/status'] }), request: attrs({ verb: 'update', apiGroup: 'apps', resource: 'deployments', subresource: 'status' }), allowed: true },
    { name: '*/sub does not match another subresource', rule: rule({ verbs: ['update'], apiGroups: ['*'], resources: ['*/status'] }), request: attrs({ verb: 'update', apiGroup: 'apps', resource: 'deployments', subresource: 'scale' }), allowed: false },
    { name: '*/sub does not match the plain resource', rule: rule({ resources: ['*/status'] }), request: attrs({ verb: 'get', name: 'x' }), allowed: false },
    { name: 'res/* is no wildcard in Kubernetes (exact text only)', rule: rule({ resources: ['pods/*'] }), request: attrs({ verb: 'get', resource: 'pods', subresource: 'log' }), allowed: false },
    { name: 'resourceNames: named get allowed', rule: rule({ resourceNames: ['app-config'] }), request: attrs({ verb: 'get', name: 'app-config' }), allowed: true },
    { name: 'resourceNames: other name denied', rule: rule({ resourceNames: ['app-config'] }), request: attrs({ verb: 'get', name: 'other' }), allowed: false },
    { name: 'resourceNames: list without a name denied', rule: rule({ verbs: ['list'], resourceNames: ['app-config'] }), request: attrs({ verb: 'list' }), allowed: false },
    { name: 'resourceNames: create without a name denied', rule: rule({ verbs: ['create'], resourceNames: ['app-config'] }), request: attrs({ verb: 'create' }), allowed: false },
    { name: 'resourceNames: deletecollection denied', rule: rule({ verbs: ['deletecollection'], resourceNames: ['app-config'] }), request: attrs({ verb: 'deletecollection' }), allowed: false },
    { name: 'resourceNames: watch of one named object allowed', rule: rule({ verbs: ['watch'], resourceNames: ['app-config'] }), request: attrs({ verb: 'watch', name: 'app-config' }), allowed: true },
    { name: 'resource rule never matches a path', rule: rule({ verbs: ['get'], resources: ['*'] }), request: attrs({ resourceRequest: false, verb: 'get', path: '/metrics' }), allowed: false },
    { name: 'nonResourceURLs exact', rule: rule({ resources: [], nonResourceURLs: ['/metrics'] }), request: attrs({ resourceRequest: false, verb: 'get', path: '/metrics' }), allowed: true },
    { name: 'nonResourceURLs exact, other path', rule: rule({ resources: [], nonResourceURLs: ['/metrics'] }), request: attrs({ resourceRequest: false, verb: 'get', path: '/metrics/slis' }), allowed: false },
    { name: 'nonResourceURLs trailing *', rule: rule({ resources: [], nonResourceURLs: ['/apis/*'] }), request: attrs({ resourceRequest: false, verb: 'get', path: '/apis/apps/v1' }), allowed: true },
    { name: 'nonResourceURLs trailing * needs the prefix', rule: rule({ resources: [], nonResourceURLs: ['/apis/*'] }), request: attrs({ resourceRequest: false, verb: 'get', path: '/apis' }), allowed: false },
    { name: 'nonResourceURLs *', rule: rule({ resources: [], nonResourceURLs: ['*'] }), request: attrs({ resourceRequest: false, verb: 'get', path: '/anything' }), allowed: true },
    { name: 'nonResourceURLs with another verb', rule: rule({ resources: [], nonResourceURLs: ['/metrics'] }), request: attrs({ resourceRequest: false, verb: 'post', path: '/metrics' }), allowed: false },
    { name: 'path rule never matches a resource', rule: rule({ resources: [], nonResourceURLs: ['*'] }), request: attrs({ verb: 'get' }), allowed: false },
  ])('$name', ({ rule: r, request, allowed }) => {
    expect(ruleAllows(request, r)).toBe(allowed);
  });
});

describe('authorize', () => {
  const inDefault = roleBinding('read-cm', 'default', { kind: 'Role', name: 'cm-reader' }, [{ kind: 'ServiceAccount', name: 'builder' }]);
  it.each([
    { name: 'system:masters is always allowed, with no policy', request: attrs({ user: { username: 'root', groups: ['system:masters'] }, verb: 'delete', resource: 'namespaces', namespace: '' }), objects: EMPTY, allowed: true, reason: '' },
    { name: 'no binding: denied without a reason', request: attrs({ user: BUILDER }), objects: EMPTY, allowed: false, reason: '' },
    {
      name: 'RoleBinding to a Role in its namespace, SA subject defaulting to the binding namespace',
      request: attrs({ user: BUILDER }),
      objects: policy({ roles: [CM_READER], roleBindings: [inDefault] }),
      allowed: true,
      reason: 'RBAC: allowed by RoleBinding "read-cm/default" of Role "cm-reader" to ServiceAccount "builder/default"',
    },
    { name: 'RoleBinding grants nothing in another namespace', request: attrs({ user: BUILDER, namespace: 'other' }), objects: policy({ roles: [CM_READER], roleBindings: [inDefault] }), allowed: false, reason: '' },
    { name: 'RoleBinding grants nothing cluster-wide', request: attrs({ user: BUILDER, namespace: '' }), objects: policy({ roles: [CM_READER], roleBindings: [inDefault] }), allowed: false, reason: '' },
    {
      name: 'RoleBinding to a Role of the same name in another namespace: role not found',
      request: attrs({ user: BUILDER }),
      objects: policy({ roles: [role('cm-reader', 'other', [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }])], roleBindings: [inDefault] }),
      allowed: false,
      reason: 'RBAC: role.rbac.authorization.k8s.io "cm-reader" not found',
    },
    {
      name: 'RoleBinding to a ClusterRole grants it in the binding namespace only',
      request: attrs({ user: ALICE, verb: 'watch' }),
      objects: policy({ clusterRoles: [CM_READER_CLUSTER], roleBindings: [roleBinding('rb', 'default', { kind: 'ClusterRole', name: 'cm-reader' }, [{ kind: 'User', name: 'alice' }])] }),
      allowed: true,
      reason: 'RBAC: allowed by RoleBinding "rb/default" of ClusterRole "cm-reader" to User "alice"',
    },
    {
      name: 'RoleBinding to a ClusterRole, request in another namespace',
      request: attrs({ user: ALICE, namespace: 'prod' }),
      objects: policy({ clusterRoles: [CM_READER_CLUSTER], roleBindings: [roleBinding('rb', 'default', { kind: 'ClusterRole', name: 'cm-reader' }, [{ kind: 'User', name: 'alice' }])] }),
      allowed: false,
      reason: '',
    },
    {
      name: 'ClusterRoleBinding grants in every namespace',
      request: attrs({ user: ALICE, namespace: 'prod' }),
      objects: policy({ clusterRoles: [CM_READER_CLUSTER], clusterRoleBindings: [clusterRoleBinding('crb', 'cm-reader', [{ kind: 'Group', name: 'devs' }])] }),
      allowed: true,
      reason: 'RBAC: allowed by ClusterRoleBinding "crb" of ClusterRole "cm-reader" to Group "devs"',
    },
    {
      name: 'ClusterRoleBinding grants across namespaces (list at the cluster scope)',
      request: attrs({ user: ALICE, namespace: '' }),
      objects: policy({ clusterRoles: [CM_READER_CLUSTER], clusterRoleBindings: [clusterRoleBinding('crb', 'cm-reader', [{ kind: 'User', name: 'alice' }])] }),
      allowed: true,
      reason: 'RBAC: allowed by ClusterRoleBinding "crb" of ClusterRole "cm-reader" to User "alice"',
    },
    { name: 'User subject for another user', request: attrs({ user: ALICE }), objects: policy({ clusterRoles: [CM_READER_CLUSTER], clusterRoleBindings: [clusterRoleBinding('crb', 'cm-reader', [{ kind: 'User', name: 'bob' }])] }), allowed: false, reason: '' },
    { name: 'Group subject the user is not in', request: attrs({ user: ALICE }), objects: policy({ clusterRoles: [CM_READER_CLUSTER], clusterRoleBindings: [clusterRoleBinding('crb', 'cm-reader', [{ kind: 'Group', name: 'ops' }])] }), allowed: false, reason: '' },
    {
      name: 'ServiceAccount subject of a ClusterRoleBinding needs its namespace',
      request: attrs({ user: BUILDER }),
      objects: policy({ clusterRoles: [CM_READER_CLUSTER], clusterRoleBindings: [clusterRoleBinding('crb', 'cm-reader', [{ kind: 'ServiceAccount', name: 'builder' }])] }),
      allowed: false,
      reason: '',
    },
    {
      name: 'ServiceAccount subject of a ClusterRoleBinding with its namespace',
      request: attrs({ user: BUILDER, namespace: 'prod' }),
      objects: policy({ clusterRoles: [CM_READER_CLUSTER], clusterRoleBindings: [clusterRoleBinding('crb', 'cm-reader', [{ kind: 'ServiceAccount', name: 'builder', namespace: 'default' }])] }),
      allowed: true,
      reason: 'RBAC: allowed by ClusterRoleBinding "crb" of ClusterRole "cm-reader" to ServiceAccount "builder/default"',
    },
    {
      name: 'ServiceAccount subject naming another namespace\'s account',
      request: attrs({ user: BUILDER }),
      objects: policy({ roles: [CM_READER], roleBindings: [roleBinding('rb', 'default', { kind: 'Role', name: 'cm-reader' }, [{ kind: 'ServiceAccount', name: 'builder', namespace: 'ci' }])] }),
      allowed: false,
      reason: '',
    },
    {
      name: 'Group system:serviceaccounts:<ns> covers the namespace\'s accounts',
      request: attrs({ user: BUILDER }),
      objects: policy({ roles: [CM_READER], roleBindings: [roleBinding('rb', 'default', { kind: 'Role', name: 'cm-reader' }, [{ kind: 'Group', name: 'system:serviceaccounts:default' }])] }),
      allowed: true,
      reason: 'RBAC: allowed by RoleBinding "rb/default" of Role "cm-reader" to Group "system:serviceaccounts:default"',
    },
    {
      name: 'binding to a missing ClusterRole',
      request: attrs({ user: ALICE }),
      objects: policy({ clusterRoleBindings: [clusterRoleBinding('crb', 'ghost', [{ kind: 'User', name: 'alice' }])] }),
      allowed: false,
      reason: 'RBAC: clusterrole.rbac.authorization.k8s.io "ghost" not found',
    },
    {
      name: 'two missing roles are both reported',
      request: attrs({ user: ALICE }),
      objects: policy({ clusterRoleBindings: [clusterRoleBinding('a', 'ghost', [{ kind: 'User', name: 'alice' }])], roleBindings: [roleBinding('b', 'default', { kind: 'Role', name: 'phantom' }, [{ kind: 'User', name: 'alice' }])] }),
      allowed: false,
      reason: 'RBAC: [clusterrole.rbac.authorization.k8s.io "ghost" not found, role.rbac.authorization.k8s.io "phantom" not found]',
    },
    {
      name: 'a ClusterRoleBinding to a Role is unsupported',
      request: attrs({ user: ALICE }),
      objects: policy({ clusterRoleBindings: [{ ...clusterRoleBinding('crb', 'x', [{ kind: 'User', name: 'alice' }]), roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'x' } }] }),
      allowed: false,
      reason: 'RBAC: unsupported role reference kind: "Role"',
    },
    {
      name: 'a missing role does not matter when another binding allows',
      request: attrs({ user: ALICE }),
      objects: policy({ clusterRoles: [CM_READER_CLUSTER], clusterRoleBindings: [clusterRoleBinding('a', 'ghost', [{ kind: 'User', name: 'alice' }]), clusterRoleBinding('b', 'cm-reader', [{ kind: 'User', name: 'alice' }])] }),
      allowed: true,
      reason: 'RBAC: allowed by ClusterRoleBinding "b" of ClusterRole "cm-reader" to User "alice"',
    },
    {
      name: 'non-resource path granted by a ClusterRoleBinding',
      request: attrs({ user: ALICE, resourceRequest: false, verb: 'get', path: '/apis/apps', namespace: '', resource: '' }),
      objects: policy({ clusterRoles: [clusterRole('discovery', [{ verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*'] }])], clusterRoleBindings: [clusterRoleBinding('d', 'discovery', [{ kind: 'Group', name: 'system:authenticated' }])] }),
      allowed: true,
      reason: 'RBAC: allowed by ClusterRoleBinding "d" of ClusterRole "discovery" to Group "system:authenticated"',
    },
    {
      name: 'non-resource paths are not granted by RoleBindings',
      request: attrs({ user: ALICE, resourceRequest: false, verb: 'get', path: '/metrics', namespace: '', resource: '' }),
      objects: policy({ clusterRoles: [clusterRole('metrics', [{ verbs: ['get'], nonResourceURLs: ['/metrics'] }])], roleBindings: [roleBinding('m', 'default', { kind: 'ClusterRole', name: 'metrics' }, [{ kind: 'User', name: 'alice' }])] }),
      allowed: false,
      reason: '',
    },
    {
      name: 'resourceNames limit a binding to one object',
      request: attrs({ user: ALICE, verb: 'get', name: 'secret-b', resource: 'secrets' }),
      objects: policy({ roles: [role('one', 'default', [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['secret-a'] }])], roleBindings: [roleBinding('rb', 'default', { kind: 'Role', name: 'one' }, [{ kind: 'User', name: 'alice' }])] }),
      allowed: false,
      reason: '',
    },
  ])('$name', ({ request, objects, allowed, reason }) => {
    expect(authorize(request, objects)).toEqual({ allowed, reason });
  });
});

describe('aggregation', () => {
  const view = clusterRole('view', [], { labels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' }, aggregate: [{ 'rbac.authorization.k8s.io/aggregate-to-view': 'true' }] });
  const edit = clusterRole('edit', [], { labels: { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' }, aggregate: [{ 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' }] });
  const aggregateToView = clusterRole('system:aggregate-to-view', [{ verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['configmaps'] }], { labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } });
  const aggregateToEdit = clusterRole('system:aggregate-to-edit', [{ verbs: ['create', 'delete'], apiGroups: [''], resources: ['configmaps'] }], { labels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' } });
  const crontabs = clusterRole('crontab-reader', [{ verbs: ['get'], apiGroups: ['stable.example.com'], resources: ['crontabs'] }], { labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } });
  const roles = [view, edit, aggregateToView, aggregateToEdit, crontabs];
  const bindEdit = roleBinding('e', 'default', { kind: 'ClusterRole', name: 'edit' }, [{ kind: 'User', name: 'alice' }]);
  const bindView = roleBinding('v', 'default', { kind: 'ClusterRole', name: 'view' }, [{ kind: 'User', name: 'alice' }]);

  it.each([
    { name: 'view gets the rules of roles labelled aggregate-to-view', request: attrs({ verb: 'list' }), binding: bindView, allowed: true },
    { name: 'view gets a custom resource aggregated to it', request: attrs({ verb: 'get', apiGroup: 'stable.example.com', resource: 'crontabs', name: 'c' }), binding: bindView, allowed: true },
    { name: 'view does not get edit\'s rules', request: attrs({ verb: 'create' }), binding: bindView, allowed: false },
    { name: 'edit gets its aggregated rules', request: attrs({ verb: 'delete', name: 'x' }), binding: bindEdit, allowed: true },
    { name: 'edit gets view\'s rules through view (nested aggregation)', request: attrs({ verb: 'watch' }), binding: bindEdit, allowed: true },
    { name: 'edit gets view\'s custom resource too', request: attrs({ verb: 'get', apiGroup: 'stable.example.com', resource: 'crontabs', name: 'c' }), binding: bindEdit, allowed: true },
    { name: 'edit grants nothing not aggregated', request: attrs({ verb: 'update', name: 'x' }), binding: bindEdit, allowed: false },
  ])('$name', ({ request, binding, allowed }) => {
    expect(authorize(request, policy({ clusterRoles: roles, roleBindings: [binding] })).allowed).toBe(allowed);
  });

  it.each([
    { name: 'an aggregated role ignores its own rules', roles: [clusterRole('agg', [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], { aggregate: [{ x: 'y' }] })], expected: [] as string[][] },
    { name: 'selectors are ORed', roles: [clusterRole('agg', [], { aggregate: [{ a: '1' }, { b: '1' }] }), clusterRole('r1', [{ verbs: ['get'] }], { labels: { a: '1' } }), clusterRole('r2', [{ verbs: ['list'] }], { labels: { b: '1' } })], expected: [['get'], ['list']] },
    { name: 'an aggregated role does not select itself', roles: [clusterRole('agg', [], { labels: { a: '1' }, aggregate: [{ a: '1' }] }), clusterRole('r1', [{ verbs: ['get'] }], { labels: { a: '1' } })], expected: [['get']] },
    { name: 'cycles end', roles: [clusterRole('agg', [], { labels: { b: '1' }, aggregate: [{ a: '1' }] }), clusterRole('other', [], { labels: { a: '1' }, aggregate: [{ b: '1' }] })], expected: [] },
    { name: 'a missing role has no rules', roles: [], expected: [] },
  ])('$name', ({ roles: clusterRoles, expected }) => {
    expect(effectiveClusterRoleRules('agg', clusterRoles).map((r) => r.verbs)).toEqual(expected);
  });
});

describe('forbiddenMessage', () => {
  const builder = { user: { username: 'system:serviceaccount:default:builder', groups: [] } };
  const u = { user: { username: 'u', groups: [] } };
  it.each([
    {
      name: 'namespaced list',
      request: attrs({ ...builder, verb: 'list' }),
      reason: '',
      message: 'configmaps is forbidden: User "system:serviceaccount:default:builder" cannot list resource "configmaps" in API group "" in the namespace "default"',
    },
    { name: 'named get', request: attrs({ ...u, verb: 'get', name: 'x' }), reason: '', message: 'configmaps "x" is forbidden: User "u" cannot get resource "configmaps" in API group "" in the namespace "default"' },
    { name: 'cluster scope', request: attrs({ ...u, verb: 'list', resource: 'namespaces', namespace: '' }), reason: '', message: 'namespaces is forbidden: User "u" cannot list resource "namespaces" in API group "" at the cluster scope' },
    {
      name: 'a namespace read is in its own namespace',
      request: attrs({ ...u, verb: 'get', resource: 'namespaces', name: 'prod', namespace: 'prod' }),
      reason: '',
      message: 'namespaces "prod" is forbidden: User "u" cannot get resource "namespaces" in API group "" in the namespace "prod"',
    },
    {
      name: 'subresource in a group',
      request: attrs({ ...u, verb: 'patch', apiGroup: 'apps', resource: 'deployments', subresource: 'scale', name: 'web' }),
      reason: '',
      message: 'deployments.apps "web" is forbidden: User "u" cannot patch resource "deployments/scale" in API group "apps" in the namespace "default"',
    },
    { name: 'non-resource path', request: attrs({ ...u, resourceRequest: false, verb: 'get', path: '/metrics', resource: '', namespace: '' }), reason: '', message: 'forbidden: User "u" cannot get path "/metrics"' },
    {
      name: 'with a reason',
      request: attrs({ ...u, verb: 'list' }),
      reason: 'RBAC: role.rbac.authorization.k8s.io "r" not found',
      message: 'configmaps is forbidden: User "u" cannot list resource "configmaps" in API group "" in the namespace "default": RBAC: role.rbac.authorization.k8s.io "r" not found',
    },
    { name: 'escapes <, > and &', request: attrs({ ...u, resourceRequest: false, verb: 'get', path: '/a<b>&c', resource: '', namespace: '' }), reason: '', message: 'forbidden: User "u" cannot get path "/a&lt;b&gt;&amp;c"' },
  ])('$name', ({ request, reason, message }) => {
    expect(forbiddenMessage(request, reason)).toBe(message);
  });
});

describe('forbiddenError', () => {
  it.each([
    {
      name: 'resource request',
      request: attrs({ verb: 'patch', apiGroup: 'apps', resource: 'deployments', subresource: 'scale', name: 'web' }),
      status: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'deployments.apps "web" is forbidden: User "alice" cannot patch resource "deployments/scale" in API group "apps" in the namespace "default"',
        reason: 'Forbidden',
        details: { name: 'web', group: 'apps', kind: 'deployments' },
        code: 403,
      },
    },
    {
      name: 'non-resource request',
      request: attrs({ resourceRequest: false, verb: 'get', path: '/metrics', resource: '', namespace: '' }),
      status: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'forbidden: User "alice" cannot get path "/metrics"', reason: 'Forbidden', details: {}, code: 403 },
    },
  ])('$name', ({ request, status }) => {
    expect(forbiddenError(request).toStatus()).toEqual(status);
  });
});
