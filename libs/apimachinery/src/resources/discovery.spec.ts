import type { JsonObject } from '../object.js';
import { BUILTIN_RESOURCES } from './builtins.js';
import {
  AGGREGATED_DISCOVERY_V2_CONTENT_TYPE,
  AGGREGATED_DISCOVERY_V2BETA1_CONTENT_TYPE,
  LEGACY_DISCOVERY_CONTENT_TYPE,
  aggregatedDiscovery,
  aggregatedResource,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  compareKubeAwareVersions,
  discoveryContentType,
  groupVersions,
  negotiateDiscovery,
} from './discovery.js';
import type { ResourceType } from './resource-type.js';

const ALL = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function aggregatedEntry(group: string, plural: string): JsonObject | undefined {
  const list = aggregatedDiscovery(BUILTIN_RESOURCES, group === '' ? 'core' : 'groups', 'apidiscovery.k8s.io/v2');
  const item = (list['items'] as JsonObject[]).find((i) => ((i['metadata'] as JsonObject)['name'] ?? '') === group);
  const version = (item?.['versions'] as JsonObject[] | undefined)?.[0];
  return (version?.['resources'] as JsonObject[] | undefined)?.find((r) => r['resource'] === plural);
}

describe('aggregated discovery entries of the built-ins', () => {
  const status = (group: string, kind: string): JsonObject => ({ subresource: 'status', responseKind: { group, version: 'v1', kind }, verbs: ['get', 'patch', 'update'] });
  const scale: JsonObject = { subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] };
  it.each([
    {
      name: 'deployments',
      group: 'apps',
      entry: {
        resource: 'deployments',
        responseKind: { group: 'apps', version: 'v1', kind: 'Deployment' },
        scope: 'Namespaced',
        singularResource: 'deployment',
        verbs: ALL,
        shortNames: ['deploy'],
        categories: ['all'],
        subresources: [scale, status('apps', 'Deployment')],
      },
    },
    {
      name: 'replicasets',
      group: 'apps',
      entry: { resource: 'replicasets', responseKind: { group: 'apps', version: 'v1', kind: 'ReplicaSet' }, scope: 'Namespaced', singularResource: 'replicaset', verbs: ALL, shortNames: ['rs'], categories: ['all'], subresources: [scale, status('apps', 'ReplicaSet')] },
    },
    {
      name: 'pods',
      group: '',
      entry: { resource: 'pods', responseKind: { group: '', version: 'v1', kind: 'Pod' }, scope: 'Namespaced', singularResource: 'pod', verbs: ALL, shortNames: ['po'], categories: ['all'], subresources: [status('', 'Pod'), { subresource: 'log', responseKind: { group: '', version: '', kind: 'Pod' }, verbs: ['get'] }, { subresource: 'proxy', responseKind: { group: '', version: '', kind: 'PodProxyOptions' }, verbs: ['create', 'delete', 'get', 'patch', 'update'] }] },
    },
    {
      name: 'namespaces',
      group: '',
      entry: {
        resource: 'namespaces',
        responseKind: { group: '', version: 'v1', kind: 'Namespace' },
        scope: 'Cluster',
        singularResource: 'namespace',
        verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
        shortNames: ['ns'],
        subresources: [status('', 'Namespace')],
      },
    },
    { name: 'configmaps', group: '', entry: { resource: 'configmaps', responseKind: { group: '', version: 'v1', kind: 'ConfigMap' }, scope: 'Namespaced', singularResource: 'configmap', verbs: ALL, shortNames: ['cm'] } },
    { name: 'secrets', group: '', entry: { resource: 'secrets', responseKind: { group: '', version: 'v1', kind: 'Secret' }, scope: 'Namespaced', singularResource: 'secret', verbs: ALL } },
    {
      name: 'customresourcedefinitions',
      group: 'apiextensions.k8s.io',
      entry: {
        resource: 'customresourcedefinitions',
        responseKind: { group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition' },
        scope: 'Cluster',
        singularResource: 'customresourcedefinition',
        verbs: ALL,
        shortNames: ['crd', 'crds'],
        subresources: [status('apiextensions.k8s.io', 'CustomResourceDefinition')],
      },
    },
    { name: 'leases', group: 'coordination.k8s.io', entry: { resource: 'leases', responseKind: { group: 'coordination.k8s.io', version: 'v1', kind: 'Lease' }, scope: 'Namespaced', singularResource: 'lease', verbs: ALL } },
    {
      name: 'events',
      group: 'events.k8s.io',
      entry: { resource: 'events', responseKind: { group: 'events.k8s.io', version: 'v1', kind: 'Event' }, scope: 'Namespaced', singularResource: 'event', verbs: ALL, shortNames: ['ev'] },
    },
    {
      name: 'clusterrolebindings',
      group: 'rbac.authorization.k8s.io',
      entry: { resource: 'clusterrolebindings', responseKind: { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRoleBinding' }, scope: 'Cluster', singularResource: 'clusterrolebinding', verbs: ALL },
    },
  ])('$name.$group', ({ group, name, entry }) => {
    expect(aggregatedEntry(group, name)).toEqual(entry);
  });
});

describe('aggregated shape (KUBECTL.md §1.2)', () => {
  it.each([
    { name: 'v2', apiVersion: 'apidiscovery.k8s.io/v2' as const },
    { name: 'v2beta1', apiVersion: 'apidiscovery.k8s.io/v2beta1' as const },
  ])('/api answers one core item in $name', ({ apiVersion }) => {
    const list = aggregatedDiscovery(BUILTIN_RESOURCES, 'core', apiVersion);
    expect(list).toMatchObject({ kind: 'APIGroupDiscoveryList', apiVersion, metadata: {} });
    const items = list['items'] as JsonObject[];
    expect(items).toHaveLength(1);
    expect(items[0]?.['metadata']).toEqual({});
    const versions = items[0]?.['versions'] as JsonObject[];
    expect(versions.map((v) => [v['version'], v['freshness']])).toEqual([['v1', 'Current']]);
    expect((versions[0]?.['resources'] as JsonObject[]).map((r) => r['resource'])).toEqual([
      'configmaps',
      'endpoints',
      'events',
      'namespaces',
      'nodes',
      'pods',
      'secrets',
      'serviceaccounts',
      'services',
    ]);
  });

  it('/apis lists every other group in kube-apiserver order', () => {
    const list = aggregatedDiscovery(BUILTIN_RESOURCES, 'groups', 'apidiscovery.k8s.io/v2');
    expect((list['items'] as JsonObject[]).map((i) => (i['metadata'] as JsonObject)['name'])).toEqual([
      'apps',
      'events.k8s.io',
      'authentication.k8s.io',
      'authorization.k8s.io',
      'policy',
      'rbac.authorization.k8s.io',
      'admissionregistration.k8s.io',
      'apiextensions.k8s.io',
      'coordination.k8s.io',
      'discovery.k8s.io',
    ]);
  });
});

describe('legacy shapes (KUBECTL.md §1.3)', () => {
  it('/api is APIVersions', () => {
    expect(apiVersions('127.0.0.1:6443')).toEqual({ kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }] });
  });

  it('/apis is APIGroupList', () => {
    const list = apiGroupList(BUILTIN_RESOURCES);
    expect(list).toMatchObject({ kind: 'APIGroupList', apiVersion: 'v1' });
    expect((list['groups'] as JsonObject[])[0]).toEqual({ name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } });
  });

  it.each([
    { name: 'a served group', group: 'apps', body: { kind: 'APIGroup', apiVersion: 'v1', name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } } },
    { name: 'an unknown group', group: 'batch', body: undefined },
    { name: 'the core group', group: '', body: undefined },
  ])('/apis/<group> for $name', ({ group, body }) => {
    expect(apiGroup(BUILTIN_RESOURCES, group)).toEqual(body);
  });

  it('/apis/apps/v1 is an APIResourceList with subresources as separate entries', () => {
    expect(apiResourceList(BUILTIN_RESOURCES, 'apps', 'v1')).toEqual({
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: 'apps/v1',
      resources: [
        { name: 'deployments', singularName: 'deployment', namespaced: true, kind: 'Deployment', verbs: ALL, shortNames: ['deploy'], categories: ['all'] },
        { name: 'deployments/scale', singularName: '', namespaced: true, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] },
        { name: 'deployments/status', singularName: '', namespaced: true, kind: 'Deployment', verbs: ['get', 'patch', 'update'] },
        { name: 'replicasets', singularName: 'replicaset', namespaced: true, kind: 'ReplicaSet', verbs: ALL, shortNames: ['rs'], categories: ['all'] },
        { name: 'replicasets/scale', singularName: '', namespaced: true, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] },
        { name: 'replicasets/status', singularName: '', namespaced: true, kind: 'ReplicaSet', verbs: ['get', 'patch', 'update'] },
      ],
    });
  });

  it.each([
    { name: 'core', group: '', version: 'v1', groupVersion: 'v1' },
    { name: 'unknown version', group: 'apps', version: 'v2', groupVersion: undefined },
  ])('APIResourceList groupVersion for $name', ({ group, version, groupVersion }) => {
    expect(apiResourceList(BUILTIN_RESOURCES, group, version)?.['groupVersion']).toBe(groupVersion);
  });
});

describe('version priority', () => {
  it.each([
    { name: 'GA over beta', a: 'v1', b: 'v1beta1', sign: 1 },
    { name: 'higher GA', a: 'v2', b: 'v1', sign: 1 },
    { name: 'beta over alpha', a: 'v1beta1', b: 'v1alpha2', sign: 1 },
    { name: 'higher beta minor', a: 'v1beta2', b: 'v1beta1', sign: 1 },
    { name: 'higher beta major', a: 'v2beta1', b: 'v1beta3', sign: 1 },
    { name: 'alpha over non-kube', a: 'v1alpha1', b: 'foo', sign: 1 },
    { name: 'non-kube alphabetical', a: 'bar', b: 'foo', sign: 1 },
    { name: 'equal', a: 'v1', b: 'v1', sign: 0 },
    { name: 'GA below', a: 'v1', b: 'v2', sign: -1 },
  ])('$name: $a vs $b', ({ a, b, sign }) => {
    expect(Math.sign(compareKubeAwareVersions(a, b))).toBe(sign);
  });

  it('orders a group\'s versions preferred first', () => {
    const base = BUILTIN_RESOURCES[0] as ResourceType;
    const resources = ['v1alpha1', 'v2beta1', 'v1', 'v1beta1', 'v2', 'zeta'].map((version) => ({ ...base, group: 'example.com', version }));
    expect(groupVersions(resources, 'example.com')).toEqual(['v2', 'v1', 'v2beta1', 'v1beta1', 'v1alpha1', 'zeta']);
  });
});

describe('negotiateDiscovery', () => {
  const kubectl =
    'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
  it.each([
    { name: 'kubectl 1.32', accept: kubectl, format: 'v2' },
    { name: 'v2beta1 only', accept: 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json', format: 'v2beta1' },
    { name: 'v2 refused by q=0', accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList;q=0,application/json', format: 'legacy' },
    { name: 'q prefers legacy', accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList;q=0.5,application/json', format: 'legacy' },
    { name: 'specific before generic at equal q', accept: 'application/json, application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList', format: 'v2' },
    { name: 'spaces in parameters', accept: 'application/json; g=apidiscovery.k8s.io; v=v2; as=APIGroupDiscoveryList', format: 'v2' },
    { name: 'unknown aggregated version', accept: 'application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList', format: 'legacy' },
    { name: 'plain JSON', accept: 'application/json, */*', format: 'legacy' },
    { name: 'protobuf', accept: 'application/vnd.kubernetes.protobuf', format: 'legacy' },
    { name: 'empty', accept: '', format: 'legacy' },
    { name: 'absent', accept: undefined, format: 'legacy' },
  ])('$name → $format', ({ accept, format }) => {
    expect(negotiateDiscovery(accept)).toBe(format);
  });

  it.each([
    { format: 'v2' as const, contentType: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' },
    { format: 'v2beta1' as const, contentType: 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList' },
    { format: 'legacy' as const, contentType: 'application/json' },
  ])('answers $format with $contentType', ({ format, contentType }) => {
    expect(discoveryContentType(format)).toBe(contentType);
  });

  it('exports the content types', () => {
    expect([AGGREGATED_DISCOVERY_V2_CONTENT_TYPE, AGGREGATED_DISCOVERY_V2BETA1_CONTENT_TYPE, LEGACY_DISCOVERY_CONTENT_TYPE]).toEqual([
      discoveryContentType('v2'),
      discoveryContentType('v2beta1'),
      discoveryContentType('legacy'),
    ]);
  });
});

describe('extra subresources', () => {
  const serviceAccounts = BUILTIN_RESOURCES.find((r) => r.plural === 'serviceaccounts');

  it('lists serviceaccounts/token as a TokenRequest in the aggregated document', () => {
    expect(serviceAccounts && aggregatedResource(serviceAccounts)['subresources']).toEqual([
      { subresource: 'token', responseKind: { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' }, verbs: ['create'] },
    ]);
  });

  it('lists serviceaccounts/token in the legacy APIResourceList', () => {
    const list = apiResourceList(BUILTIN_RESOURCES, '', 'v1');
    const resources = (list?.['resources'] ?? []) as JsonObject[];
    expect(resources.find((r) => r['name'] === 'serviceaccounts/token')).toEqual({
      name: 'serviceaccounts/token',
      singularName: '',
      namespaced: true,
      group: 'authentication.k8s.io',
      version: 'v1',
      kind: 'TokenRequest',
      verbs: ['create'],
    });
  });
});
