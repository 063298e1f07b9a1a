import { pruneUnknownFields } from './prune.js';
import { modelNameOf, schemaFromTypeMap, type ModelAttribute } from './from-type-map.js';

const MODELS: Record<string, ModelAttribute[]> = {
  V1Thing: [
    { baseName: 'apiVersion', type: 'string' },
    { baseName: 'kind', type: 'string' },
    { baseName: 'metadata', type: 'V1ObjectMeta' },
    { baseName: 'spec', type: 'V1ThingSpec' },
  ],
  V1ObjectMeta: [
    { baseName: 'name', type: 'string' },
    { baseName: 'labels', type: '{ [key: string]: string; }' },
    { baseName: 'creationTimestamp', type: 'Date', format: 'date-time' },
  ],
  V1ThingSpec: [
    { baseName: 'replicas', type: 'number', format: 'int32' },
    { baseName: 'ratio', type: 'number', format: 'double' },
    { baseName: 'paused', type: 'boolean' },
    { baseName: 'port', type: 'IntOrString' },
    { baseName: 'raw', type: 'any' },
    { baseName: 'items', type: 'Array<V1Item>' },
    { baseName: 'tags', type: 'Array<string>' },
    { baseName: 'byName', type: '{ [key: string]: V1Item; }' },
    { baseName: 'self', type: 'V1ThingSpec' },
  ],
  V1Item: [{ baseName: 'name', type: 'string' }],
};
const lookup = (model: string): ModelAttribute[] | undefined => MODELS[model];

describe('schemaFromTypeMap', () => {
  const schema = schemaFromTypeMap('V1Thing', lookup);

  it('maps each client type to its schema', () => {
    expect(schema?.properties).toMatchObject({
      spec: {
        type: 'object',
        properties: {
          replicas: { type: 'integer', format: 'int32' },
          ratio: { type: 'number' },
          paused: { type: 'boolean' },
          port: { 'x-kubernetes-int-or-string': true },
          raw: { 'x-kubernetes-preserve-unknown-fields': true },
          items: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
          tags: { type: 'array', items: { type: 'string' } },
          byName: { type: 'object', additionalProperties: { type: 'object', properties: { name: { type: 'string' } } } },
          self: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        },
      },
      metadata: { type: 'object', properties: { creationTimestamp: { type: 'string', format: 'date-time' } } },
    });
  });

  it('is undefined for a model the lookup does not know', () => {
    expect(schemaFromTypeMap('V1Nothing', lookup)).toBeUndefined();
  });

  it('lets the pruner find unknown nested fields, and keeps the open ones', () => {
    const object = { apiVersion: 'v1', kind: 'Thing', metadata: { name: 'a' }, spec: { replicas: 1, colour: 'blue', items: [{ name: 'x', size: 2 }], raw: { any: 1 }, self: { deep: true } } };
    const { pruned } = pruneUnknownFields(object, schema ?? {});
    expect(pruned).toEqual(['spec.colour', 'spec.items[0].size']);
  });
});

describe('modelNameOf', () => {
  it.each([
    { name: 'core kind', group: '', version: 'v1', kind: 'Pod', want: 'V1Pod' },
    { name: 'group kind', group: 'apps', version: 'v1', kind: 'Deployment', want: 'V1Deployment' },
    { name: 'core event', group: '', version: 'v1', kind: 'Event', want: 'CoreV1Event' },
    { name: 'events.k8s.io event', group: 'events.k8s.io', version: 'v1', kind: 'Event', want: 'EventsV1Event' },
  ])('$name', ({ group, version, kind, want }) => {
    expect(modelNameOf(group, version, kind)).toBe(want);
  });
});
