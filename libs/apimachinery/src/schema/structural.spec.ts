import { formatCause } from '../field-cause.js';
import type { JsonObject } from '../object.js';
import { checkStructural, V1_SCHEMA_PATH } from './structural.js';

/** A root schema with the usual meta fields and the given spec properties. */
function crd(spec: JsonObject, root: JsonObject = {}): JsonObject {
  return {
    type: 'object',
    properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec: { type: 'object', properties: spec } },
    ...root,
  };
}

/** The error lines for a schema, checked at the path `s`. */
function lines(schema: unknown): string[] {
  return checkStructural(schema, 's').map(formatCause);
}

const SPEC = 's.properties[spec].properties';

describe('checkStructural: good schemas', () => {
  it.each([
    { name: 'minimal', schema: { type: 'object' } },
    { name: 'preserve-unknown-fields root', schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
    {
      name: 'a full CRD schema',
      schema: crd({
        replicas: { type: 'integer', minimum: 0, default: 1 },
        port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
        surge: { 'x-kubernetes-int-or-string': true, allOf: [{ anyOf: [{ type: 'integer' }, { type: 'string' }] }, { pattern: '^[0-9]+%?$' }] },
        config: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        anything: { 'x-kubernetes-preserve-unknown-fields': true },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        ports: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], items: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } },
        tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
        template: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
        choice: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } }, oneOf: [{ required: ['a'] }, { required: ['b'] }] },
        mode: { type: 'string', enum: ['a', 'b'], description: 'the mode', nullable: true },
      }),
    },
    { name: 'metadata constraining name', schema: crd({}, { properties: { metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 20 } } } } }) },
    { name: 'metadata constraining name and generateName', schema: { type: 'object', properties: { metadata: { type: 'object', properties: { name: { type: 'string' }, generateName: { type: 'string' } } } } } },
    { name: 'additionalProperties true next to properties', schema: crd({ m: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: true } }) },
    { name: 'root junctor on declared fields', schema: { type: 'object', properties: { spec: { type: 'object' } }, anyOf: [{ required: ['spec'] }, { properties: { spec: { required: ['x'] } } }] } },
  ])('$name', ({ schema }) => {
    expect(lines(schema)).toEqual([]);
  });
});

describe('checkStructural: structural rules', () => {
  it.each([
    { name: 'field without type', schema: crd({ x: { minimum: 1 } }), want: [`${SPEC}[x].type: Required value: must not be empty for specified object fields`] },
    { name: 'items without type', schema: crd({ l: { type: 'array', items: { maxLength: 3 } } }), want: [`${SPEC}[l].items.type: Required value: must not be empty for specified array items`] },
    { name: 'array without items', schema: crd({ l: { type: 'array' } }), want: [`${SPEC}[l].items: Required value: must be specified`] },
    { name: 'map value without type', schema: crd({ m: { type: 'object', additionalProperties: {} } }), want: [`${SPEC}[m].additionalProperties.type: Required value: must not be empty for specified object fields`] },
    { name: 'root without type', schema: { properties: { spec: { type: 'object' } } }, want: ['s.type: Required value: must not be empty at the root'] },
    { name: 'root not an object', schema: { type: 'string' }, want: ['s.type: Invalid value: "string": must be object at the root'] },
    { name: 'additionalProperties at the root', schema: { type: 'object', additionalProperties: { type: 'string' } }, want: ['s.additionalProperties: Forbidden: must not be used at the root'] },
    { name: 'type inside anyOf', schema: crd({ x: { type: 'string', anyOf: [{ type: 'string' }, { maxLength: 2 }] } }), want: [`${SPEC}[x].anyOf[0].type: Forbidden: must be empty to be structural`] },
    { name: 'default inside allOf', schema: crd({ x: { type: 'string', allOf: [{ default: 'a' }] } }), want: [`${SPEC}[x].allOf[0].default: Forbidden: must be undefined to be structural`] },
    { name: 'description inside oneOf', schema: crd({ x: { type: 'string', oneOf: [{ description: 'd' }] } }), want: [`${SPEC}[x].oneOf[0].description: Forbidden: must be empty to be structural`] },
    { name: 'nullable inside not', schema: crd({ x: { type: 'string', not: { nullable: true } } }), want: [`${SPEC}[x].not.nullable: Forbidden: must be false to be structural`] },
    {
      name: 'additionalProperties inside anyOf',
      schema: crd({ m: { type: 'object', additionalProperties: { type: 'string' }, anyOf: [{ additionalProperties: { maxLength: 2 } }] } }),
      want: [`${SPEC}[m].anyOf[0].additionalProperties: Forbidden: must be undefined to be structural`],
    },
    { name: 'extension inside allOf', schema: crd({ l: { type: 'array', items: { type: 'string' }, allOf: [{ 'x-kubernetes-list-type': 'set' }] } }), want: [`${SPEC}[l].allOf[0].x-kubernetes-list-type: Forbidden: must be undefined to be structural`, `${SPEC}[l].allOf[0].type: Required value: must be array if x-kubernetes-list-type is specified`] },
    {
      name: 'int-or-string with preserve-unknown-fields',
      schema: crd({ p: { 'x-kubernetes-int-or-string': true, 'x-kubernetes-preserve-unknown-fields': true } }),
      want: [`${SPEC}[p].x-kubernetes-preserve-unknown-fields: Invalid value: true: must be false if x-kubernetes-int-or-string is true`],
    },
    { name: 'embedded resource without type', schema: crd({ t: { 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true } }), want: [`${SPEC}[t].type: Required value: must be object if x-kubernetes-embedded-resource is true`] },
    {
      name: 'embedded resource with nothing declared',
      schema: crd({ t: { type: 'object', 'x-kubernetes-embedded-resource': true } }),
      want: [`${SPEC}[t].properties: Required value: must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields`],
    },
    {
      name: 'embedded resource kind not a string',
      schema: crd({ t: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { kind: { type: 'integer' } } } }),
      want: [`${SPEC}[t].properties[kind].type: Invalid value: "integer": must be string`],
    },
    { name: 'root kind not a string', schema: { type: 'object', properties: { kind: { type: 'integer' } } }, want: ['s.properties[kind].type: Invalid value: "integer": must be string'] },
    {
      name: 'metadata with more than name',
      schema: crd({}, { properties: { metadata: { type: 'object', properties: { labels: { type: 'object', additionalProperties: { type: 'string' } } } } } }),
      want: ['s.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified'],
    },
    {
      name: 'metadata with required',
      schema: { type: 'object', properties: { metadata: { type: 'object', required: ['name'] } } },
      want: ['s.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified'],
    },
    { name: 'metadata not an object', schema: { type: 'object', properties: { metadata: { type: 'string' } } }, want: ['s.properties[metadata].type: Invalid value: "string": must be object'] },
    {
      name: 'metadata in a nested context',
      schema: { type: 'object', properties: { metadata: { type: 'object' } }, allOf: [{ properties: { metadata: { required: ['name'] } } }] },
      want: ['s.allOf[0].properties[metadata]: Forbidden: must not be specified in a nested context'],
    },
    {
      name: 'junctor names an undeclared field (sorted)',
      schema: { type: 'object', anyOf: [{ properties: { bar: { type: 'integer', minimum: 42 } } }] },
      want: ['s.anyOf[0].properties[bar].type: Forbidden: must be empty to be structural', 's.properties[bar]: Required value: because it is defined in s.anyOf[0].properties[bar]'],
    },
    { name: 'invalid pattern', schema: crd({ x: { type: 'string', pattern: '(' } }), want: [expect.stringMatching(/^s\.properties\[spec\]\.properties\[x\]\.pattern: Invalid value: "\(": must be a valid regular expression, but isn't: /) as unknown as string] },
  ])('$name', ({ schema, want }) => {
    expect(lines(schema)).toEqual(want);
  });
});

describe('checkStructural: CRD schema rules', () => {
  it.each([
    { name: 'properties and additionalProperties', schema: crd({ m: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: { type: 'string' } } }), want: [`${SPEC}[m].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive`] },
    { name: 'uniqueItems', schema: crd({ l: { type: 'array', items: { type: 'string' }, uniqueItems: true } }), want: [`${SPEC}[l].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic`] },
    { name: 'preserve-unknown-fields false', schema: crd({ c: { type: 'object', 'x-kubernetes-preserve-unknown-fields': false } }), want: [`${SPEC}[c].x-kubernetes-preserve-unknown-fields: Invalid value: false: must be true or undefined`] },
    { name: '$ref', schema: crd({ r: { type: 'object', $ref: '#/definitions/x' } }), want: [`${SPEC}[r].$ref: Forbidden: $ref is not supported`] },
    { name: 'unknown type', schema: crd({ m: { type: 'map' } }), want: [`${SPEC}[m].type: Unsupported value: "map": supported values: "array", "boolean", "integer", "number", "object", "string"`] },
    {
      name: 'type null',
      schema: crd({ n: { type: 'null' } }),
      want: [`${SPEC}[n].type: Unsupported value: "null": supported values: "array", "boolean", "integer", "number", "object", "string"`, `${SPEC}[n].type: Forbidden: type cannot be set to null, use nullable as an alternative`],
    },
    { name: 'default in top-level metadata', schema: { type: 'object', properties: { metadata: { type: 'object', default: {} } } }, want: ['s.properties[metadata].default: Forbidden: must not be set in top-level metadata'] },
    { name: 'list-type on a string', schema: crd({ x: { type: 'string', 'x-kubernetes-list-type': 'set' } }), want: [`${SPEC}[x].type: Invalid value: "string": must be array if x-kubernetes-list-type is specified`] },
    { name: 'unknown list-type', schema: crd({ l: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'bag' } }), want: [`${SPEC}[l].x-kubernetes-list-type: Unsupported value: "bag": supported values: "atomic", "set", "map"`] },
    { name: 'unknown map-type', schema: crd({ m: { type: 'object', 'x-kubernetes-map-type': 'loose' } }), want: [`${SPEC}[m].x-kubernetes-map-type: Unsupported value: "loose": supported values: "atomic", "granular"`] },
    { name: 'map keys without list-type', schema: crd({ l: { type: 'array', items: { type: 'object', required: ['n'], properties: { n: { type: 'string' } } }, 'x-kubernetes-list-map-keys': ['n'] } }), want: [`${SPEC}[l].x-kubernetes-list-type: Required value: must be map if x-kubernetes-list-map-keys is non-empty`] },
    { name: 'map list without keys', schema: crd({ l: { type: 'array', items: { type: 'object' }, 'x-kubernetes-list-type': 'map' } }), want: [`${SPEC}[l].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map`] },
    {
      name: 'map key neither required nor defaulted',
      schema: crd({ l: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['n'], items: { type: 'object', properties: { n: { type: 'string' } } } } }),
      want: [`${SPEC}[l].items.properties[n].default: Required value: this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property`],
    },
    {
      name: 'map key not an item property',
      schema: crd({ l: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['id'], items: { type: 'object', properties: { n: { type: 'string' } } } } }),
      want: [`${SPEC}[l].x-kubernetes-list-map-keys: Invalid value: []string{"id"}: entries must all be names of item properties`],
    },
    {
      name: 'map list of strings',
      schema: crd({ l: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['n'], items: { type: 'string' } } }),
      want: [`${SPEC}[l].items.type: Invalid value: "string": must be object if parent array's x-kubernetes-list-type is map`],
    },
  ])('$name', ({ schema, want }) => {
    expect(lines(schema)).toEqual(want);
  });
});

describe('checkStructural: field paths', () => {
  it.each([
    { name: 'missing schema, v1 path', schema: undefined, path: undefined, want: ['spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required'] },
    { name: 'v1 path by default', schema: { type: 'string' }, path: undefined, want: ['spec.versions[0].schema.openAPIV3Schema.type: Invalid value: "string": must be object at the root'] },
    { name: 'v1beta1 path when given', schema: { type: 'string' }, path: 'spec.validation.openAPIV3Schema', want: ['spec.validation.openAPIV3Schema.type: Invalid value: "string": must be object at the root'] },
    { name: 'not an object', schema: 'object', path: undefined, want: ['spec.versions[0].schema.openAPIV3Schema: Invalid value: "object": must be an object'] },
  ])('$name', ({ schema, path, want }) => {
    expect(checkStructural(schema, path).map(formatCause)).toEqual(want);
  });

  it('exports the v1 path', () => {
    expect(V1_SCHEMA_PATH).toBe('spec.versions[0].schema.openAPIV3Schema');
  });

  it('reports structural rules sorted, before the other rules, with their reasons', () => {
    const schema = crd({ z: {}, a: {}, l: { type: 'array', items: { type: 'string' }, uniqueItems: true } });
    expect(checkStructural(schema, 's').map((c) => [c.reason, c.field])).toEqual([
      ['FieldValueRequired', `${SPEC}[a].type`],
      ['FieldValueRequired', `${SPEC}[z].type`],
      ['FieldValueForbidden', `${SPEC}[l].uniqueItems`],
    ]);
  });

  it('does not mutate the schema', () => {
    const schema = crd({ x: {} }, { properties: { metadata: { type: 'object', properties: { name: { type: 'string' } } } } });
    const copy = structuredClone(schema);
    checkStructural(schema);
    expect(schema).toEqual(copy);
  });
});
