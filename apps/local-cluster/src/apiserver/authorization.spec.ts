import { parseApiRequest, StatusError, type KubeObject } from '@ebb/apimachinery';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ADMIN_USER, ANONYMOUS_USER, type UserInfo } from '../auth/tokens.js';
import { BOOTSTRAP_POLICY } from '../controllers/rbac-bootstrap.js';
import { SqliteStore } from '../storage/sqlite-store.js';
import { RbacAuthorizer, requestAttributes } from './authorization.js';

const RBAC = 'rbac.authorization.k8s.io';
const BUILDER: UserInfo = { username: 'system:serviceaccount:default:builder', groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'] };
const NOW = new Date('2026-01-02T03:04:05Z');

let dir: string;
let store: SqliteStore;
let authorizer: RbacAuthorizer;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'authorization-'));
  store = SqliteStore.open({ file: path.join(dir, 'store.db') });
  authorizer = new RbacAuthorizer(store, () => NOW);
});

afterEach(() => {
  authorizer.stop();
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function put(resource: string, object: KubeObject): void {
  store.create({ group: RBAC, resource, namespace: object.metadata.namespace ?? '', name: object.metadata.name ?? '' }, object);
}

function remove(resource: string, namespace: string, name: string): void {
  store.delete({ group: RBAC, resource, namespace, name });
}

function seedBootstrap(): void {
  for (const object of BOOTSTRAP_POLICY) put(object.kind === 'ClusterRole' ? 'clusterroles' : 'clusterrolebindings', object);
}

const cmReader: KubeObject = { apiVersion: `${RBAC}/v1`, kind: 'Role', metadata: { name: 'cm-reader', namespace: 'default' }, rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['configmaps'] }] };
const cmReaderBinding: KubeObject = {
  apiVersion: `${RBAC}/v1`,
  kind: 'RoleBinding',
  metadata: { name: 'builder-reads', namespace: 'default' },
  roleRef: { apiGroup: RBAC, kind: 'Role', name: 'cm-reader' },
  subjects: [{ kind: 'ServiceAccount', name: 'builder' }],
};

function http(user: UserInfo, method: string, target: string): ReturnType<typeof requestAttributes> {
  const url = new URL(target, 'https://local');
  const parsed = parseApiRequest(method, url.pathname, url.searchParams.get('watch') === 'true');
  return requestAttributes({ user, method, url, request: parsed?.kind === 'resource' ? parsed : undefined });
}

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('requestAttributes', () => {
  it.each([
    { name: 'namespaced list', method: 'GET', target: '/api/v1/namespaces/default/configmaps', expected: { verb: 'list', resourceRequest: true, apiGroup: '', resource: 'configmaps', name: '', namespace: 'default' } },
    { name: 'named get in a group', method: 'GET', target: '/apis/apps/v1/namespaces/ns/deployments/web', expected: { verb: 'get', apiGroup: 'apps', resource: 'deployments', name: 'web', namespace: 'ns' } },
    { name: 'subresource patch', method: 'PATCH', target: '/apis/apps/v1/namespaces/ns/deployments/web/scale', expected: { verb: 'patch', resource: 'deployments', subresource: 'scale', name: 'web' } },
    { name: 'cluster-wide list', method: 'GET', target: '/api/v1/configmaps', expected: { verb: 'list', namespace: '' } },
    { name: 'a namespace is in its own namespace', method: 'GET', target: '/api/v1/namespaces/prod', expected: { verb: 'get', resource: 'namespaces', name: 'prod', namespace: 'prod' } },
    { name: 'the namespace list is cluster-scoped', method: 'GET', target: '/api/v1/namespaces', expected: { verb: 'list', resource: 'namespaces', name: '', namespace: '' } },
    { name: 'a watch', method: 'GET', target: '/api/v1/namespaces/default/configmaps?watch=true', expected: { verb: 'watch', name: '' } },
    { name: 'a watch of one object by field selector names it', method: 'GET', target: '/api/v1/namespaces/default/configmaps?watch=true&fieldSelector=metadata.name%3Dapp', expected: { verb: 'watch', name: 'app' } },
    { name: 'a list by field selector metadata.name names it', method: 'GET', target: '/api/v1/namespaces/default/configmaps?fieldSelector=metadata.name%3D%3Dapp', expected: { verb: 'list', name: 'app' } },
    { name: 'a != selector names nothing', method: 'GET', target: '/api/v1/namespaces/default/configmaps?fieldSelector=metadata.name!%3Dapp', expected: { verb: 'list', name: '' } },
    { name: 'a bad selector names nothing', method: 'GET', target: '/api/v1/namespaces/default/configmaps?fieldSelector=%3D%3D', expected: { verb: 'list', name: '' } },
    { name: 'deletecollection', method: 'DELETE', target: '/api/v1/namespaces/default/configmaps', expected: { verb: 'deletecollection', name: '' } },
    { name: 'discovery is a path', method: 'GET', target: '/apis/apps/v1', expected: { verb: 'get', resourceRequest: false, path: '/apis/apps/v1', resource: '' } },
    { name: 'a path with another method', method: 'POST', target: '/metrics', expected: { verb: 'post', resourceRequest: false, path: '/metrics' } },
  ])('$name', ({ method, target, expected }) => {
    expect(http(BUILDER, method, target)).toMatchObject(expected);
  });
});

describe('RbacAuthorizer', () => {
  it.each([
    { name: 'system:masters (the admin token)', user: ADMIN_USER, method: 'DELETE', target: '/api/v1/namespaces/kube-system', allowed: true },
    { name: 'a service account without bindings', user: BUILDER, method: 'GET', target: '/api/v1/namespaces/default/configmaps', allowed: false },
    { name: 'an authenticated user reads discovery', user: BUILDER, method: 'GET', target: '/apis/apps/v1', allowed: true },
    { name: 'an authenticated user reads OpenAPI', user: BUILDER, method: 'GET', target: '/openapi/v3/apis/apps/v1', allowed: true },
    { name: 'an authenticated user may not read /metrics', user: BUILDER, method: 'GET', target: '/metrics', allowed: false },
    { name: 'an authenticated user asks SelfSubjectAccessReviews', user: BUILDER, method: 'POST', target: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', allowed: true },
    { name: 'an authenticated user asks SelfSubjectReviews', user: BUILDER, method: 'POST', target: '/apis/authentication.k8s.io/v1/selfsubjectreviews', allowed: true },
    { name: 'anonymous reads /version', user: ANONYMOUS_USER, method: 'GET', target: '/version', allowed: true },
    { name: 'anonymous may not read discovery', user: ANONYMOUS_USER, method: 'GET', target: '/api', allowed: false },
    { name: 'anonymous may not list namespaces', user: ANONYMOUS_USER, method: 'GET', target: '/api/v1/namespaces', allowed: false },
  ])('with the default policy: $name → $allowed', ({ user, method, target, allowed }) => {
    seedBootstrap();
    authorizer.start();
    expect(authorizer.decide(http(user, method, target)).allowed).toBe(allowed);
  });

  it('throws Kubernetes\' 403 for a denied request', () => {
    authorizer.start();
    const thrown = thrownBy(() => authorizer.check(http(BUILDER, 'GET', '/api/v1/namespaces/default/configmaps')));
    expect(thrown).toBeInstanceOf(StatusError);
    expect((thrown as StatusError).toStatus()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'configmaps is forbidden: User "system:serviceaccount:default:builder" cannot list resource "configmaps" in API group "" in the namespace "default"',
      reason: 'Forbidden',
      details: { kind: 'configmaps' },
      code: 403,
    });
  });

  it.each([
    { name: 'started (watched and cached)', start: true },
    { name: 'not started (reads the store each time)', start: false },
  ])('follows RBAC changes when $name', ({ start }) => {
    if (start) authorizer.start();
    const list = http(BUILDER, 'GET', '/api/v1/namespaces/default/configmaps');
    expect(authorizer.decide(list).allowed).toBe(false);
    put('roles', cmReader);
    expect(authorizer.decide(list)).toEqual({ allowed: false, reason: '' });
    put('rolebindings', cmReaderBinding);
    expect(authorizer.decide(list)).toEqual({ allowed: true, reason: 'RBAC: allowed by RoleBinding "builder-reads/default" of Role "cm-reader" to ServiceAccount "builder/default"' });
    expect(authorizer.decide(http(BUILDER, 'GET', '/api/v1/namespaces/other/configmaps')).allowed).toBe(false);
    remove('roles', 'default', 'cm-reader');
    expect(authorizer.decide(list)).toEqual({ allowed: false, reason: 'RBAC: role.rbac.authorization.k8s.io "cm-reader" not found' });
  });

  it('keeps one policy object while nothing changes', () => {
    authorizer.start();
    const first = authorizer.policy();
    expect(authorizer.policy()).toBe(first);
    put('roles', cmReader);
    expect(authorizer.policy()).not.toBe(first);
  });
});

describe('selfSubjectAccessReview', () => {
  const review = (spec: unknown): unknown => ({ apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', metadata: {}, spec });

  it.each([
    {
      name: 'a resource the caller may not delete',
      user: BUILDER,
      spec: { resourceAttributes: { namespace: 'default', verb: 'delete', resource: 'configmaps', name: 'x' } },
      status: { allowed: false },
    },
    {
      name: 'a resource granted by a RoleBinding',
      user: BUILDER,
      spec: { resourceAttributes: { namespace: 'default', verb: 'get', resource: 'configmaps', name: 'x' } },
      status: { allowed: true, reason: 'RBAC: allowed by RoleBinding "builder-reads/default" of Role "cm-reader" to ServiceAccount "builder/default"' },
    },
    { name: 'all namespaces (only cluster-wide grants count)', user: BUILDER, spec: { resourceAttributes: { verb: 'list', resource: 'configmaps' } }, status: { allowed: false } },
    { name: 'a path', user: BUILDER, spec: { nonResourceAttributes: { path: '/apis', verb: 'get' } }, status: { allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "system:discovery" of ClusterRole "system:discovery" to Group "system:authenticated"' } },
    { name: 'the admin', user: ADMIN_USER, spec: { resourceAttributes: { verb: '*', group: '*', resource: '*' } }, status: { allowed: true } },
  ])('$name', ({ user, spec, status }) => {
    seedBootstrap();
    put('roles', cmReader);
    put('rolebindings', cmReaderBinding);
    authorizer.start();
    expect(authorizer.selfSubjectAccessReview({ user }, review(spec))).toEqual({
      code: 201,
      body: { kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata: { creationTimestamp: '2026-01-02T03:04:05Z' }, spec, status },
      warnings: [],
    });
  });

  it.each([
    {
      name: 'neither attribute kind',
      body: review({}),
      code: 422,
      message: 'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified',
    },
    {
      name: 'both attribute kinds',
      body: review({ resourceAttributes: { verb: 'get' }, nonResourceAttributes: { path: '/api' } }),
      code: 422,
      message: 'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.nonResourceAttributes: Invalid value: "object": cannot be specified in combination with resourceAttributes',
    },
    { name: 'another kind', body: { kind: 'SubjectAccessReview', spec: {} }, code: 400, message: 'the kind in the data ("SubjectAccessReview") does not match the expected kind (SelfSubjectAccessReview)' },
  ])('refuses $name', ({ body, code, message }) => {
    expect(thrownBy(() => authorizer.selfSubjectAccessReview({ user: BUILDER }, body))).toMatchObject({ code, message });
  });
});
