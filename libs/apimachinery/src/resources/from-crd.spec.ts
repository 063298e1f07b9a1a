import type { JsonObject } from '../object.js';
import { aggregatedDiscovery, apiResourceList } from './discovery.js';
import { DEFAULT_CRD_COLUMN, crdIsEstablished, printerColumn, resourcesFromCrd } from './from-crd.js';
import { openApiV3Document } from './openapi.js';
import { toTable } from './table.js';

const schema: JsonObject = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      description: 'WidgetSpec is the desired state.',
      properties: { replicas: { type: 'integer', description: 'How many widgets to run.', minimum: 0 }, color: { type: 'string', enum: ['red', 'green'] } },
    },
    status: { type: 'object', properties: { replicas: { type: 'integer' }, selector: { type: 'string' }, conditions: { type: 'array', items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } } },
  },
};

const crd: JsonObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList', shortNames: ['wd'], categories: ['all', 'toys'] },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: schema },
        subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' } },
        additionalPrinterColumns: [
          { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
          { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas', description: 'Desired widgets' },
          { name: 'Color', type: 'string', jsonPath: '.spec.color', priority: 1 },
          { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
        ],
      },
      { name: 'v1beta1', served: true, storage: false, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } },
      { name: 'v1alpha1', served: false, storage: false },
    ],
  },
  status: { conditions: [{ type: 'NamesAccepted', status: 'True' }, { type: 'Established', status: 'True' }] },
};

const [v1, v1beta1] = resourcesFromCrd(crd);

describe('resourcesFromCrd', () => {
  it('serves one resource type per served version', () => {
    expect(resourcesFromCrd(crd).map((r) => r.version)).toEqual(['v1', 'v1beta1']);
  });

  it('carries names, scope, subresources, schema and custom-resource flags', () => {
    expect(v1).toEqual({
      group: 'example.com',
      version: 'v1',
      kind: 'Widget',
      plural: 'widgets',
      singular: 'widget',
      namespaced: true,
      shortNames: ['wd'],
      categories: ['all', 'toys'],
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      statusSubresource: true,
      scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' },
      tracksGeneration: true,
      patchStrategy: 'merge',
      allowCreateOnUpdate: false,
      allowUnconditionalUpdate: false,
      columns: [
        { name: 'Ready', type: 'string', priority: 0, jsonPath: '.status.conditions[?(@.type=="Ready")].status', description: 'Custom resource definition column (in JSONPath format): .status.conditions[?(@.type=="Ready")].status' },
        { name: 'Replicas', type: 'integer', priority: 0, jsonPath: '.spec.replicas', description: 'Desired widgets' },
        { name: 'Color', type: 'string', priority: 1, jsonPath: '.spec.color', description: 'Custom resource definition column (in JSONPath format): .spec.color' },
        { name: 'Age', type: 'date', priority: 0, jsonPath: '.metadata.creationTimestamp', description: 'Custom resource definition column (in JSONPath format): .metadata.creationTimestamp' },
      ],
      schema,
      custom: true,
    });
  });

  it('gives a version without printer columns the default AGE column and no subresources', () => {
    expect(v1beta1).toMatchObject({ version: 'v1beta1', statusSubresource: false, columns: [DEFAULT_CRD_COLUMN] });
    expect(v1beta1?.scale).toBeUndefined();
  });

  it.each([
    { name: 'cluster scope', patch: { scope: 'Cluster' }, check: { namespaced: false } },
    { name: 'singular defaults to the lower-cased kind', patch: { names: { plural: 'gadgets', kind: 'Gadget' } }, check: { singular: 'gadget', shortNames: [], categories: [] } },
  ])('$name', ({ patch, check }) => {
    const other = { ...crd, spec: { ...(crd['spec'] as JsonObject), ...(patch as unknown as JsonObject) } };
    expect(resourcesFromCrd(other)[0]).toMatchObject(check);
  });

  it('serves nothing for a CRD without versions', () => {
    expect(resourcesFromCrd({ spec: { group: 'example.com' } })).toEqual([]);
  });

  it.each([
    { name: 'format kept', definition: { name: 'Size', type: 'integer', format: 'int32', jsonPath: '.spec.size' }, column: { format: 'int32', type: 'integer' } },
    { name: 'unknown type falls back to string', definition: { name: 'X', type: 'object', jsonPath: '.spec.x' }, column: { type: 'string' } },
  ])('printerColumn: $name', ({ definition, column }) => {
    expect(printerColumn(definition)).toMatchObject(column);
  });
});

describe('crdIsEstablished', () => {
  it.each([
    { name: 'Established True', status: { conditions: [{ type: 'Established', status: 'True' }] }, established: true },
    { name: 'Established False', status: { conditions: [{ type: 'Established', status: 'False' }] }, established: false },
    { name: 'only NamesAccepted', status: { conditions: [{ type: 'NamesAccepted', status: 'True' }] }, established: false },
    { name: 'no status', status: undefined, established: false },
  ])('$name → $established', ({ status, established }) => {
    const object: JsonObject = status === undefined ? { spec: {} } : { spec: {}, status };
    expect(crdIsEstablished(object)).toBe(established);
  });
});

describe('a CRD end to end', () => {
  const resources = resourcesFromCrd(crd);

  it('appears in aggregated discovery, v1 preferred, with status and scale subresources', () => {
    const list = aggregatedDiscovery(resources, 'groups', 'apidiscovery.k8s.io/v2');
    expect(list['items']).toEqual([
      {
        metadata: { name: 'example.com' },
        versions: [
          {
            version: 'v1',
            freshness: 'Current',
            resources: [
              {
                resource: 'widgets',
                responseKind: { group: 'example.com', version: 'v1', kind: 'Widget' },
                scope: 'Namespaced',
                singularResource: 'widget',
                verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
                shortNames: ['wd'],
                categories: ['all', 'toys'],
                subresources: [
                  { subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] },
                  { subresource: 'status', responseKind: { group: 'example.com', version: 'v1', kind: 'Widget' }, verbs: ['get', 'patch', 'update'] },
                ],
              },
            ],
          },
          {
            version: 'v1beta1',
            freshness: 'Current',
            resources: [
              {
                resource: 'widgets',
                responseKind: { group: 'example.com', version: 'v1beta1', kind: 'Widget' },
                scope: 'Namespaced',
                singularResource: 'widget',
                verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
                shortNames: ['wd'],
                categories: ['all', 'toys'],
              },
            ],
          },
        ],
      },
    ]);
  });

  it('lists its subresources in the legacy APIResourceList', () => {
    expect(apiResourceList(resources, 'example.com', 'v1')?.['resources']).toEqual([
      { name: 'widgets', singularName: 'widget', namespaced: true, kind: 'Widget', verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['wd'], categories: ['all', 'toys'] },
      { name: 'widgets/scale', singularName: '', namespaced: true, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] },
      { name: 'widgets/status', singularName: '', namespaced: true, kind: 'Widget', verbs: ['get', 'patch', 'update'] },
    ]);
  });

  it('prints table rows from its printer columns', () => {
    const widget: JsonObject = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w1', namespace: 'default', creationTimestamp: '2026-11-26T10:00:00Z' },
      spec: { replicas: 2, color: 'red' },
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
    };
    const bare: JsonObject = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w2', namespace: 'default', creationTimestamp: '2026-11-26T11:59:30Z' } };
    const table = toTable({ resource: v1 ?? resources[0]!, objects: [widget, bare], now: new Date('2026-11-26T12:00:00Z'), includeObject: 'None', resourceVersion: '12' });
    expect((table['columnDefinitions'] as JsonObject[]).map((c) => [c['name'], c['type'], c['priority']])).toEqual([
      ['Name', 'string', 0],
      ['Ready', 'string', 0],
      ['Replicas', 'integer', 0],
      ['Color', 'string', 1],
      ['Age', 'date', 0],
    ]);
    expect(table['rows']).toEqual([{ cells: ['w1', 'True', 2, 'red', '120m'] }, { cells: ['w2', null, null, null, '30s'] }]);
  });

  it('prints NAME AGE for a version without printer columns', () => {
    const table = toTable({ resource: v1beta1 ?? resources[1]!, objects: [{ metadata: { name: 'w3', creationTimestamp: '2026-11-26T11:00:00Z' } }], now: new Date('2026-11-26T12:00:00Z'), includeObject: 'None', resourceVersion: '1' });
    expect(table['rows']).toEqual([{ cells: ['w3', '60m'] }]);
  });

  it('documents PATCH with fieldValidation and the schema with its descriptions', () => {
    const doc = openApiV3Document(resources.filter((r) => r.version === 'v1'));
    const paths = doc['paths'] as Record<string, JsonObject>;
    const patch = paths['/apis/example.com/v1/namespaces/{namespace}/widgets/{name}']?.['patch'] as JsonObject;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: 'example.com', version: 'v1', kind: 'Widget' });
    expect((patch['parameters'] as JsonObject[]).map((p) => p['name'])).toContain('fieldValidation');
    const schemas = (doc['components'] as JsonObject)['schemas'] as Record<string, JsonObject>;
    const widgetSchema = schemas['com.example.v1.Widget'] as JsonObject;
    expect(widgetSchema['x-kubernetes-group-version-kind']).toEqual([{ group: 'example.com', version: 'v1', kind: 'Widget' }]);
    const props = widgetSchema['properties'] as Record<string, JsonObject>;
    expect(Object.keys(props).sort()).toEqual(['apiVersion', 'kind', 'metadata', 'spec', 'status']);
    expect((props['spec']?.['properties'] as Record<string, JsonObject>)['replicas']).toEqual({ type: 'integer', description: 'How many widgets to run.', minimum: 0 });
    expect(Object.keys(paths).sort()).toEqual([
      '/apis/example.com/v1/namespaces/{namespace}/widgets',
      '/apis/example.com/v1/namespaces/{namespace}/widgets/{name}',
      '/apis/example.com/v1/namespaces/{namespace}/widgets/{name}/scale',
      '/apis/example.com/v1/namespaces/{namespace}/widgets/{name}/status',
      '/apis/example.com/v1/widgets',
    ]);
  });

  it('leaves the CRD schema it was given untouched', () => {
    openApiV3Document(resources);
    expect(Object.keys(schema['properties'] as JsonObject)).toEqual(['spec', 'status']);
  });
});
