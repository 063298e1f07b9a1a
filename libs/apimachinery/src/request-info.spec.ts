import { parseApiRequest } from './request-info.js';

describe('parseApiRequest', () => {
  it.each([
    { name: 'core list', method: 'GET', path: '/api/v1/namespaces/default/pods', watch: false, want: { verb: 'list', group: '', version: 'v1', namespace: 'default', resource: 'pods', name: '', subresource: '' } },
    { name: 'core get', method: 'GET', path: '/api/v1/namespaces/default/pods/p1', watch: false, want: { verb: 'get', namespace: 'default', resource: 'pods', name: 'p1' } },
    { name: 'all namespaces', method: 'GET', path: '/api/v1/configmaps', watch: false, want: { verb: 'list', namespace: '', resource: 'configmaps', name: '' } },
    { name: 'watch', method: 'GET', path: '/api/v1/configmaps', watch: true, want: { verb: 'watch', resource: 'configmaps' } },
    { name: 'group scale patch', method: 'PATCH', path: '/apis/apps/v1/namespaces/default/deployments/web/scale', watch: false, want: { verb: 'patch', group: 'apps', version: 'v1', resource: 'deployments', name: 'web', subresource: 'scale' } },
    { name: 'namespace itself', method: 'GET', path: '/api/v1/namespaces/foo', watch: false, want: { verb: 'get', namespace: '', resource: 'namespaces', name: 'foo', subresource: '' } },
    { name: 'namespace finalize', method: 'PUT', path: '/api/v1/namespaces/foo/finalize', watch: false, want: { verb: 'update', namespace: '', resource: 'namespaces', name: 'foo', subresource: 'finalize' } },
    { name: 'namespace list', method: 'GET', path: '/api/v1/namespaces', watch: false, want: { verb: 'list', namespace: '', resource: 'namespaces', name: '' } },
    { name: 'create', method: 'POST', path: '/apis/stable.example.com/v1/namespaces/ns1/crontabs', watch: false, want: { verb: 'create', group: 'stable.example.com', namespace: 'ns1', resource: 'crontabs' } },
    { name: 'deletecollection', method: 'DELETE', path: '/api/v1/namespaces/ns1/configmaps', watch: false, want: { verb: 'deletecollection' } },
    { name: 'delete', method: 'DELETE', path: '/api/v1/namespaces/ns1/configmaps/c', watch: false, want: { verb: 'delete', name: 'c' } },
    { name: 'cluster-scoped', method: 'PUT', path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/a.b/status', watch: false, want: { verb: 'update', namespace: '', resource: 'customresourcedefinitions', name: 'a.b', subresource: 'status' } },
  ])('$name', ({ method, path, watch, want }) => {
    expect(parseApiRequest(method, path, watch)).toMatchObject({ kind: 'resource', ...want });
  });

  it.each([
    { name: '/api', path: '/api', want: { root: 'core' } },
    { name: '/api/v1', path: '/api/v1', want: { root: 'core', group: '', version: 'v1' } },
    { name: '/apis', path: '/apis', want: { root: 'groups' } },
    { name: '/apis/apps', path: '/apis/apps', want: { root: 'groups', group: 'apps' } },
    { name: '/apis/apps/v1', path: '/apis/apps/v1', want: { root: 'groups', group: 'apps', version: 'v1' } },
  ])('discovery $name', ({ path, want }) => {
    expect(parseApiRequest('GET', path, false)).toEqual({ kind: 'discovery', ...want });
  });

  it.each([
    { name: 'not an API path', method: 'GET', path: '/healthz' },
    { name: 'too deep', method: 'GET', path: '/api/v1/namespaces/a/pods/p/log/extra' },
    { name: 'unknown method', method: 'OPTIONS', path: '/api/v1/pods' },
    { name: 'discovery write', method: 'POST', path: '/apis/apps/v1' },
  ])('$name is not a request', ({ method, path }) => {
    expect(parseApiRequest(method, path, false)).toBeUndefined();
  });
});
