import type { JsonObject } from '../object.js';
import { BUILTIN_RESOURCES } from './builtins.js';
import { PATCH_CONTENT_TYPES, kindSchema, openApiV2Document, openApiV3Document, openApiV3Index, openApiV3Path, queryParameterNames, schemaName } from './openapi.js';
import type { ResourceType } from './resource-type.js';

function gv(group: string, version = 'v1'): ResourceType[] {
  return BUILTIN_RESOURCES.filter((r) => r.group === group && r.version === version);
}

function only(plural: string, group = ''): ResourceType {
  const found = BUILTIN_RESOURCES.find((r) => r.plural === plural && r.group === group);
  if (found === undefined) throw new Error(`no ${plural}`);
  return found;
}

const knative: ResourceType = {
  ...only('configmaps'),
  group: 'serving.knative.dev',
  kind: 'Service',
  plural: 'services',
  singular: 'service',
  custom: true,
  patchStrategy: 'merge',
  schema: { type: 'object', properties: { spec: { type: 'object', description: 'ServiceSpec represents the configuration for the Service object.', 'x-kubernetes-preserve-unknown-fields': true } } },
};

describe('openApiV3Index', () => {
  it('lists each served group-version with its hash, keys without a leading slash', () => {
    const index = openApiV3Index(BUILTIN_RESOURCES, (key) => `H(${key})`);
    const paths = index['paths'] as Record<string, JsonObject>;
    expect(paths['api/v1']).toEqual({ serverRelativeURL: '/openapi/v3/api/v1?hash=H(api/v1)' });
    expect(paths['apis/apps/v1']).toEqual({ serverRelativeURL: '/openapi/v3/apis/apps/v1?hash=H(apis/apps/v1)' });
    expect(Object.keys(paths)).toEqual([
      'api/v1',
      'apis/admissionregistration.k8s.io/v1',
      'apis/apiextensions.k8s.io/v1',
      'apis/apps/v1',
      'apis/authentication.k8s.io/v1',
      'apis/authorization.k8s.io/v1',
      'apis/coordination.k8s.io/v1',
      'apis/discovery.k8s.io/v1',
      'apis/events.k8s.io/v1',
      'apis/policy/v1',
      'apis/rbac.authorization.k8s.io/v1',
    ]);
  });

  it.each([
    { name: 'core', group: '', version: 'v1', path: 'api/v1' },
    { name: 'named group', group: 'apps', version: 'v1', path: 'apis/apps/v1' },
  ])('openApiV3Path for $name', ({ group, version, path }) => {
    expect(openApiV3Path(group, version)).toBe(path);
  });
});

describe('schema names', () => {
  it.each([
    { name: 'core', resource: only('configmaps'), schema: 'io.k8s.api.core.v1.ConfigMap' },
    { name: 'apps', resource: only('deployments', 'apps'), schema: 'io.k8s.api.apps.v1.Deployment' },
    { name: 'dotted built-in group', resource: only('clusterroles', 'rbac.authorization.k8s.io'), schema: 'io.k8s.api.rbac.v1.ClusterRole' },
    { name: 'discovery', resource: only('endpointslices', 'discovery.k8s.io'), schema: 'io.k8s.api.discovery.v1.EndpointSlice' },
    { name: 'apiextensions', resource: only('customresourcedefinitions', 'apiextensions.k8s.io'), schema: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition' },
    { name: 'custom (reversed group)', resource: knative, schema: 'dev.knative.serving.v1.Service' },
  ])('$name → $schema', ({ resource, schema }) => {
    expect(schemaName(resource)).toBe(schema);
  });
});

describe('openApiV3Document (core v1)', () => {
  const doc = openApiV3Document(gv(''));
  const paths = doc['paths'] as Record<string, JsonObject>;
  const schemas = (doc['components'] as JsonObject)['schemas'] as Record<string, JsonObject>;

  it('is an OpenAPI 3.0 document', () => {
    expect(doc).toMatchObject({ openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.0' } });
  });

  it('has the ConfigMap PATCH that kubectl checks for fieldValidation (KUBECTL.md §2.2)', () => {
    const patch = paths['/api/v1/namespaces/{namespace}/configmaps/{name}']?.['patch'] as JsonObject;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: '', version: 'v1', kind: 'ConfigMap' });
    expect(patch['x-kubernetes-action']).toBe('patch');
    expect(patch['operationId']).toBe('patchCoreV1NamespacedConfigMap');
    expect(patch['parameters']).toContainEqual({
      name: 'fieldValidation',
      in: 'query',
      description: expect.stringContaining('unknown or duplicate fields') as unknown,
      schema: { type: 'string', uniqueItems: true },
    });
  });

  it('does not offer strategic merge, so kubectl builds apply patches from its compiled-in types', () => {
    const patch = paths['/api/v1/namespaces/{namespace}/configmaps/{name}']?.['patch'] as JsonObject;
    const content = (patch['requestBody'] as JsonObject)['content'] as JsonObject;
    expect(Object.keys(content)).toEqual([...PATCH_CONTENT_TYPES]);
    expect(Object.keys(content)).not.toContain('application/strategic-merge-patch+json');
  });

  it.each([
    { name: 'namespaced collection', path: '/api/v1/namespaces/{namespace}/configmaps', methods: ['parameters', 'get', 'post', 'delete'] },
    { name: 'namespaced item', path: '/api/v1/namespaces/{namespace}/configmaps/{name}', methods: ['parameters', 'get', 'put', 'patch', 'delete'] },
    { name: 'all namespaces', path: '/api/v1/configmaps', methods: ['parameters', 'get'] },
    { name: 'cluster-scoped collection (no deletecollection verb)', path: '/api/v1/namespaces', methods: ['parameters', 'get', 'post'] },
    { name: 'cluster-scoped item', path: '/api/v1/namespaces/{name}', methods: ['parameters', 'get', 'put', 'patch', 'delete'] },
    { name: 'status', path: '/api/v1/namespaces/{namespace}/pods/{name}/status', methods: ['parameters', 'get', 'put', 'patch'] },
  ])('$name: $path', ({ path, methods }) => {
    expect(Object.keys(paths[path] ?? {})).toEqual(methods);
  });

  it.each([
    { name: 'list', path: '/api/v1/namespaces/{namespace}/configmaps', method: 'get', action: 'list', kind: 'ConfigMap', id: 'listCoreV1NamespacedConfigMap' },
    { name: 'list across namespaces', path: '/api/v1/configmaps', method: 'get', action: 'list', kind: 'ConfigMap', id: 'listCoreV1ConfigMapForAllNamespaces' },
    { name: 'create', path: '/api/v1/namespaces/{namespace}/configmaps', method: 'post', action: 'post', kind: 'ConfigMap', id: 'createCoreV1NamespacedConfigMap' },
    { name: 'delete collection', path: '/api/v1/namespaces/{namespace}/configmaps', method: 'delete', action: 'deletecollection', kind: 'ConfigMap', id: 'deleteCollectionCoreV1NamespacedConfigMap' },
    { name: 'read', path: '/api/v1/namespaces/{namespace}/configmaps/{name}', method: 'get', action: 'get', kind: 'ConfigMap', id: 'readCoreV1NamespacedConfigMap' },
    { name: 'replace', path: '/api/v1/namespaces/{namespace}/configmaps/{name}', method: 'put', action: 'put', kind: 'ConfigMap', id: 'replaceCoreV1NamespacedConfigMap' },
    { name: 'patch status', path: '/api/v1/namespaces/{namespace}/pods/{name}/status', method: 'patch', action: 'patch', kind: 'Pod', id: 'patchCoreV1NamespacedPodStatus' },
    { name: 'cluster-scoped read', path: '/api/v1/namespaces/{name}', method: 'get', action: 'get', kind: 'Namespace', id: 'readCoreV1Namespace' },
  ])('$name operation', ({ path, method, action, kind, id }) => {
    const op = paths[path]?.[method] as JsonObject;
    expect(op).toMatchObject({ operationId: id, 'x-kubernetes-action': action, 'x-kubernetes-group-version-kind': { group: '', version: 'v1', kind } });
  });

  it('declares the path parameters once per path', () => {
    const params = paths['/api/v1/namespaces/{namespace}/configmaps/{name}']?.['parameters'] as JsonObject[];
    expect(params.map((p) => `${p['in'] as string}:${p['name'] as string}`)).toEqual(['path:name', 'path:namespace', 'query:pretty']);
  });

  it('carries kind schemas with x-kubernetes-group-version-kind, ObjectMeta and the list kinds', () => {
    expect(schemas['io.k8s.api.core.v1.ConfigMap']?.['x-kubernetes-group-version-kind']).toEqual([{ group: '', version: 'v1', kind: 'ConfigMap' }]);
    expect(Object.keys(schemas['io.k8s.api.core.v1.ConfigMap']?.['properties'] as JsonObject)).toEqual(['apiVersion', 'kind', 'metadata', 'data', 'binaryData', 'immutable']);
    expect(Object.keys(schemas['io.k8s.api.core.v1.Pod']?.['properties'] as JsonObject)).toEqual(['apiVersion', 'kind', 'metadata', 'spec', 'status']);
    expect(schemas['io.k8s.api.core.v1.PodList']?.['x-kubernetes-group-version-kind']).toEqual([{ group: '', version: 'v1', kind: 'PodList' }]);
    expect(Object.keys(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']?.['properties'] as JsonObject)).toContain('annotations');
    expect(schemas['io.k8s.api.autoscaling.v1.Scale']).toBeUndefined();
  });

  it('resolves every $ref inside the document', () => {
    const refs = JSON.stringify(doc).match(/"\$ref":"#\/components\/schemas\/[^"]+"/g) ?? [];
    const missing = refs.map((r) => r.slice('"$ref":"#/components/schemas/'.length, -1)).filter((name) => schemas[name] === undefined);
    expect(refs.length).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });
});

describe('openApiV3Document (apps v1 scale)', () => {
  const doc = openApiV3Document(gv('apps'));
  const paths = doc['paths'] as Record<string, JsonObject>;

  it('serves the scale subresource as autoscaling/v1 Scale', () => {
    const patch = paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale']?.['patch'] as JsonObject;
    expect(patch).toMatchObject({
      operationId: 'patchAppsV1NamespacedDeploymentScale',
      'x-kubernetes-group-version-kind': { group: 'autoscaling', version: 'v1', kind: 'Scale' },
    });
    const schemas = (doc['components'] as JsonObject)['schemas'] as Record<string, JsonObject>;
    expect(schemas['io.k8s.api.autoscaling.v1.Scale']?.['x-kubernetes-group-version-kind']).toEqual([{ group: 'autoscaling', version: 'v1', kind: 'Scale' }]);
  });
});

describe('query parameters', () => {
  it.each([
    { action: 'post' as const, names: ['dryRun', 'fieldManager', 'fieldValidation'] },
    { action: 'put' as const, names: ['dryRun', 'fieldManager', 'fieldValidation'] },
    { action: 'patch' as const, names: ['dryRun', 'fieldManager', 'fieldValidation', 'force'] },
    { action: 'delete' as const, names: ['dryRun', 'gracePeriodSeconds', 'propagationPolicy'] },
    { action: 'get' as const, names: [] },
  ])('$action: $names', ({ action, names }) => {
    expect(queryParameterNames(action)).toEqual(names);
  });
});

describe('custom kinds', () => {
  it('adds apiVersion, kind and metadata to the CRD schema and keeps its descriptions', () => {
    const schema = kindSchema(knative);
    const props = schema['properties'] as Record<string, JsonObject>;
    expect(Object.keys(props)).toEqual(['spec', 'apiVersion', 'kind', 'metadata']);
    expect(props['spec']?.['description']).toBe('ServiceSpec represents the configuration for the Service object.');
    expect(props['metadata']?.['allOf']).toEqual([{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }]);
    expect(schema['x-kubernetes-group-version-kind']).toEqual([{ group: 'serving.knative.dev', version: 'v1', kind: 'Service' }]);
  });

  it('preserves unknown fields for a custom kind without a schema', () => {
    const { schema: _dropped, ...rest } = knative;
    expect(kindSchema(rest)).toMatchObject({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
  });
});

describe('openApiV2Document', () => {
  const doc = openApiV2Document([only('configmaps'), knative]);
  const definitions = doc['definitions'] as Record<string, JsonObject>;
  const paths = doc['paths'] as Record<string, JsonObject>;

  it('is Swagger 2.0 with the same definition names and GVK extensions', () => {
    expect(doc).toMatchObject({ swagger: '2.0', info: { title: 'Kubernetes', version: 'v1.32.0' } });
    expect(definitions['io.k8s.api.core.v1.ConfigMap']?.['x-kubernetes-group-version-kind']).toEqual([{ group: '', version: 'v1', kind: 'ConfigMap' }]);
    expect(definitions['dev.knative.serving.v1.Service']?.['x-kubernetes-group-version-kind']).toEqual([{ group: 'serving.knative.dev', version: 'v1', kind: 'Service' }]);
  });

  it('uses #/definitions references, all of them resolvable', () => {
    const text = JSON.stringify(doc);
    expect(text).not.toContain('#/components/schemas/');
    const refs = text.match(/"\$ref":"#\/definitions\/[^"]+"/g) ?? [];
    const missing = refs.map((r) => r.slice('"$ref":"#/definitions/'.length, -1)).filter((name) => definitions[name] === undefined);
    expect(missing).toEqual([]);
  });

  it('describes PATCH with a body parameter and the query parameters', () => {
    const patch = paths['/apis/serving.knative.dev/v1/namespaces/{namespace}/services/{name}']?.['patch'] as JsonObject;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: 'serving.knative.dev', version: 'v1', kind: 'Service' });
    expect(patch['consumes']).toEqual([...PATCH_CONTENT_TYPES]);
    expect((patch['parameters'] as JsonObject[]).map((p) => p['name'])).toEqual(['body', 'dryRun', 'fieldManager', 'fieldValidation', 'force']);
  });
});
