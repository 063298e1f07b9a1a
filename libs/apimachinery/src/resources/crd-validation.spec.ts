import type { FieldCause } from '../field-cause.js';
import type { KubeObject } from '../object.js';
import { checkCrd } from './crd-validation.js';

const SCHEMA = { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } };
const V1 = { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: SCHEMA } };
const V2 = { name: 'v2', served: true, storage: false, schema: { openAPIV3Schema: SCHEMA } };
const SPEC = { group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', singular: 'widget', kind: 'Widget' }, versions: [V1] };
const STORAGE = 'must have exactly one version marked as storage version';

function crd(name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name }, spec };
}

describe('checkCrd', () => {
  it.each([
    { name: 'good namespaced CRD', object: crd('widgets.example.com', SPEC), causes: [] },
    { name: 'good cluster-scoped CRD with two versions', object: crd('widgets.example.com', { ...SPEC, scope: 'Cluster', versions: [V1, V2] }), causes: [] },
    {
      name: 'name not plural.group',
      object: crd('widget.example.com', SPEC),
      causes: [{ reason: 'FieldValueInvalid', field: 'metadata.name', message: 'Invalid value: "widget.example.com": must be spec.names.plural+"."+spec.group' }],
    },
    {
      name: 'missing group',
      object: crd('widgets.example.com', { ...SPEC, group: '' }),
      causes: [
        { reason: 'FieldValueRequired', field: 'spec.group', message: 'Required value' },
        { reason: 'FieldValueInvalid', field: 'metadata.name', message: 'Invalid value: "widgets.example.com": must be spec.names.plural+"."+spec.group' },
      ],
    },
    {
      name: 'missing plural',
      object: crd('.example.com', { ...SPEC, names: { kind: 'Widget' } }),
      causes: [{ reason: 'FieldValueRequired', field: 'spec.names.plural', message: 'Required value' }],
    },
    {
      name: 'missing kind',
      object: crd('widgets.example.com', { ...SPEC, names: { plural: 'widgets' } }),
      causes: [{ reason: 'FieldValueRequired', field: 'spec.names.kind', message: 'Required value' }],
    },
    {
      name: 'bad scope',
      object: crd('widgets.example.com', { ...SPEC, scope: 'Global' }),
      causes: [{ reason: 'FieldValueNotSupported', field: 'spec.scope', message: 'Unsupported value: "Global": supported values: "Cluster", "Namespaced"' }],
    },
    {
      name: 'missing scope',
      object: crd('widgets.example.com', { ...SPEC, scope: undefined }),
      causes: [{ reason: 'FieldValueNotSupported', field: 'spec.scope', message: 'Unsupported value: "": supported values: "Cluster", "Namespaced"' }],
    },
    {
      name: 'non-structural schema (no types below the root)',
      object: crd('widgets.example.com', {
        ...SPEC,
        versions: [{ ...V1, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { properties: { size: {} } } } } } }],
      }),
      causes: [
        {
          reason: 'FieldValueRequired',
          field: 'spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[size].type',
          message: 'Required value: must not be empty for specified object fields',
        },
        { reason: 'FieldValueRequired', field: 'spec.versions[0].schema.openAPIV3Schema.properties[spec].type', message: 'Required value: must not be empty for specified object fields' },
      ],
    },
    {
      name: 'schema missing in the second version',
      object: crd('widgets.example.com', { ...SPEC, versions: [V1, { name: 'v2', served: true, storage: false }] }),
      causes: [{ reason: 'FieldValueRequired', field: 'spec.versions[1].schema.openAPIV3Schema', message: 'Required value: schemas are required' }],
    },
    {
      name: 'version without a name',
      object: crd('widgets.example.com', { ...SPEC, versions: [{ ...V1, name: '' }] }),
      causes: [{ reason: 'FieldValueRequired', field: 'spec.versions[0].name', message: 'Required value' }],
    },
  ])('$name', ({ object, causes }) => {
    expect(checkCrd(object)).toEqual(causes);
  });

  // Kubernetes prints the whole `spec.versions` value (Go %#v) in these errors, so only the field,
  // reason and detail are pinned here.
  it.each([
    { name: 'zero versions', versions: [] },
    { name: 'two storage versions', versions: [V1, { ...V2, storage: true }] },
    { name: 'no storage version', versions: [{ ...V1, storage: false }] },
  ])('$name', ({ versions }) => {
    const causes: FieldCause[] = checkCrd(crd('widgets.example.com', { ...SPEC, versions }));
    expect(causes).toHaveLength(1);
    expect(causes[0]).toMatchObject({ reason: 'FieldValueInvalid', field: 'spec.versions' });
    expect(causes[0]?.message).toMatch(/^Invalid value: .+: must have exactly one version marked as storage version$/);
    expect(causes[0]?.message.endsWith(STORAGE)).toBe(true);
  });
});
