import { formatCause } from '../field-cause.js';
import type { JsonObject, JsonValue } from '../object.js';
import { validateAgainstSchema } from './validate.js';

/** A CRD root schema whose `spec` has the given properties. */
function crd(spec: JsonObject, extra: JsonObject = {}): JsonObject {
  return {
    type: 'object',
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      spec: { type: 'object', properties: spec, ...extra },
    },
  };
}

/** A custom resource with the given spec. */
function widget(spec: JsonValue): JsonObject {
  return { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec };
}

/** The Status-message lines of the errors. */
function lines(value: JsonObject, schema: JsonObject): string[] {
  return validateAgainstSchema(value, schema).map(formatCause);
}

describe('validateAgainstSchema: OpenAPI value validations', () => {
  it.each<{ name: string; spec: JsonObject; value: JsonValue; want: string[] }>([
    { name: 'minimum', spec: { size: { type: 'integer', minimum: 1 } }, value: { size: 0 }, want: ['spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1'] },
    { name: 'scale replicas minimum 0', spec: { replicas: { type: 'integer', minimum: 0 } }, value: { replicas: -1 }, want: ['spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0'] },
    { name: 'scale replicas at minimum', spec: { replicas: { type: 'integer', minimum: 0 } }, value: { replicas: 0 }, want: [] },
    { name: 'exclusive minimum', spec: { size: { type: 'number', minimum: 1, exclusiveMinimum: true } }, value: { size: 1 }, want: ['spec.size: Invalid value: 1: spec.size in body should be greater than 1'] },
    { name: 'maximum', spec: { size: { type: 'integer', maximum: 10 } }, value: { size: 11 }, want: ['spec.size: Invalid value: 11: spec.size in body should be less than or equal to 10'] },
    { name: 'exclusive maximum', spec: { size: { type: 'number', maximum: 2.5, exclusiveMaximum: true } }, value: { size: 2.5 }, want: ['spec.size: Invalid value: 2.5: spec.size in body should be less than 2.5'] },
    { name: 'multipleOf', spec: { size: { type: 'integer', multipleOf: 5 } }, value: { size: 7 }, want: ['spec.size: Invalid value: 7: spec.size in body should be a multiple of 5'] },
    { name: 'enum', spec: { color: { type: 'string', enum: ['red', 'green'] } }, value: { color: 'pink' }, want: ['spec.color: Unsupported value: "pink": supported values: "red", "green"'] },
    { name: 'numeric enum', spec: { level: { type: 'integer', enum: [1, 2] } }, value: { level: 3 }, want: ['spec.level: Unsupported value: 3: supported values: "1", "2"'] },
    { name: 'enum member', spec: { color: { type: 'string', enum: ['red', 'green'] } }, value: { color: 'green' }, want: [] },
    { name: 'type string for integer', spec: { size: { type: 'integer', minimum: 1 } }, value: { size: 'string' }, want: ['spec.size: Invalid value: "string": spec.size in body must be of type integer: "string"'] },
    { name: 'type of any string is named', spec: { size: { type: 'integer' } }, value: { size: 'three' }, want: ['spec.size: Invalid value: "string": spec.size in body must be of type integer: "string"'] },
    { name: 'fraction for integer', spec: { size: { type: 'integer' } }, value: { size: 1.5 }, want: ['spec.size: Invalid value: "number": spec.size in body must be of type integer: "number"'] },
    { name: 'integer for number', spec: { ratio: { type: 'number' } }, value: { ratio: 2 }, want: [] },
    { name: 'boolean for string', spec: { x: { type: 'string' } }, value: { x: true }, want: ['spec.x: Invalid value: "boolean": spec.x in body must be of type string: "boolean"'] },
    { name: 'object for array', spec: { l: { type: 'array', items: { type: 'string' } } }, value: { l: { a: 1 } }, want: ['spec.l: Invalid value: "object": spec.l in body must be of type array: "object"'] },
    { name: 'null for non-nullable', spec: { x: { type: 'string' } }, value: { x: null }, want: ['spec.x: Invalid value: "null": spec.x in body must be of type string: "null"'] },
    { name: 'null for nullable', spec: { x: { type: 'string', nullable: true, minLength: 2 } }, value: { x: null }, want: [] },
    { name: 'maxLength', spec: { x: { type: 'string', maxLength: 5 } }, value: { x: 'abcdef' }, want: ['spec.x: Too long: may not be more than 5 bytes'] },
    { name: 'maxLength 1', spec: { x: { type: 'string', maxLength: 1 } }, value: { x: 'ab' }, want: ['spec.x: Too long: may not be more than 1 byte'] },
    { name: 'maxLength counts characters', spec: { x: { type: 'string', maxLength: 2 } }, value: { x: 'éé' }, want: [] },
    { name: 'minLength', spec: { x: { type: 'string', minLength: 3 } }, value: { x: 'ab' }, want: ['spec.x: Invalid value: "ab": spec.x in body should be at least 3 chars long'] },
    { name: 'pattern', spec: { x: { type: 'string', pattern: '^[0-9]+$' } }, value: { x: 'abc' }, want: ["spec.x: Invalid value: \"abc\": spec.x in body should match '^[0-9]+$'"] },
    { name: 'pattern is a search', spec: { x: { type: 'string', pattern: '[a-z]' } }, value: { x: 'ABCd' }, want: [] },
    { name: 'maxItems', spec: { l: { type: 'array', maxItems: 3, items: { type: 'integer' } } }, value: { l: [1, 2, 3, 4] }, want: ['spec.l: Too many: 4: must have at most 3 items'] },
    { name: 'minItems', spec: { l: { type: 'array', minItems: 2, items: { type: 'integer' } } }, value: { l: [1] }, want: ['spec.l: Invalid value: 1: spec.l in body should have at least 2 items'] },
    { name: 'uniqueItems', spec: { l: { type: 'array', uniqueItems: true, items: { type: 'integer' } } }, value: { l: [1, 1] }, want: ['spec.l: Invalid value: "": spec.l in body shouldn\'t contain duplicates'] },
    { name: 'maxProperties', spec: { m: { type: 'object', maxProperties: 2, additionalProperties: { type: 'string' } } }, value: { m: { a: 'x', b: 'y', c: 'z' } }, want: ['spec.m: Too many: 3: must have at most 2 items'] },
    { name: 'minProperties', spec: { m: { type: 'object', minProperties: 1, additionalProperties: { type: 'string' } } }, value: { m: {} }, want: ['spec.m: Invalid value: 0: spec.m in body should have at least 1 properties'] },
    { name: 'additionalProperties false', spec: { m: { type: 'object', additionalProperties: false } }, value: { m: { a: 1 } }, want: ['spec.m: Invalid value: "": spec.m.a in body is a forbidden property'] },
  ])('$name', ({ spec, value, want }) => {
    expect(lines(widget(value), crd(spec))).toEqual(want);
  });

  it.each<{ name: string; value: JsonObject; want: string[] }>([
    { name: 'missing', value: { size: 2 }, want: ['spec.name: Required value'] },
    { name: 'present', value: { name: 'a' }, want: [] },
    { name: 'null counts as present', value: { name: null }, want: ['spec.name: Invalid value: "null": spec.name in body must be of type string: "null"'] },
  ])('required: $name', ({ value, want }) => {
    const schema = crd({ name: { type: 'string' }, size: { type: 'integer' } }, { required: ['name'] });
    expect(lines(widget(value), schema)).toEqual(want);
  });

  it.each<{ name: string; spec: JsonObject; value: JsonValue; want: string[] }>([
    { name: 'list item field', spec: { items: { type: 'array', items: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } }, value: { items: [{ name: 'a' }, {}] }, want: ['spec.items[1].name: Required value'] },
    { name: 'map value', spec: { labels: { type: 'object', additionalProperties: { type: 'string' } } }, value: { labels: { a: 'x', b: 2 } }, want: ['spec.labels[b]: Invalid value: "integer": spec.labels[b] in body must be of type string: "integer"'] },
    { name: 'nested object', spec: { db: { type: 'object', properties: { port: { type: 'integer', maximum: 65535 } } } }, value: { db: { port: 70000 } }, want: ['spec.db.port: Invalid value: 70000: spec.db.port in body should be less than or equal to 65535'] },
    { name: 'wrong type stops the walk below', spec: { db: { type: 'object', properties: { port: { type: 'integer' } } } }, value: { db: 'x' }, want: ['spec.db: Invalid value: "string": spec.db in body must be of type object: "string"'] },
  ])('paths: $name', ({ spec, value, want }) => {
    expect(lines(widget(value), crd(spec))).toEqual(want);
  });

  it.each<{ name: string; value: JsonValue; want: string[] }>([
    { name: 'integer', value: 3, want: [] },
    { name: 'string', value: '50%', want: [] },
    { name: 'boolean', value: true, want: ['spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"'] },
    { name: 'fraction', value: 1.5, want: ['spec.port: Invalid value: "number": spec.port in body must be of type integer,string: "number"'] },
  ])('x-kubernetes-int-or-string: $name', ({ value, want }) => {
    expect(lines(widget({ port: value }), crd({ port: { 'x-kubernetes-int-or-string': true } }))).toEqual(want);
  });

  it.each<{ name: string; value: JsonObject; want: string[] }>([
    { name: 'anything goes below', value: { config: { a: [1, { b: null }], c: 'd' } }, want: [] },
    { name: 'declared fields still validated', value: { config: { level: 'high' } }, want: ['spec.config.level: Invalid value: "string": spec.config.level in body must be of type integer: "string"'] },
  ])('x-kubernetes-preserve-unknown-fields: $name', ({ value, want }) => {
    const schema = crd({ config: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { level: { type: 'integer' } } } });
    expect(lines(widget(value), schema)).toEqual(want);
  });

  it.each([
    { name: 'date-time ok', format: 'date-time', value: '2024-02-29T10:00:00Z', want: [] },
    { name: 'date-time with offset and fraction', format: 'date-time', value: '2024-02-29T10:00:00.5+02:00', want: [] },
    { name: 'date-time bad', format: 'date-time', value: 'noon', want: ['spec.x: Invalid value: "noon": spec.x in body must be of type date-time: "noon"'] },
    { name: 'date not on calendar', format: 'date', value: '2023-02-29', want: ['spec.x: Invalid value: "2023-02-29": spec.x in body must be of type date: "2023-02-29"'] },
    { name: 'uuid ok', format: 'uuid', value: '123e4567-e89b-12d3-a456-426614174000', want: [] },
    { name: 'uuid bad', format: 'uuid', value: 'nope', want: ['spec.x: Invalid value: "nope": spec.x in body must be of type uuid: "nope"'] },
    { name: 'byte ok', format: 'byte', value: 'aGk=', want: [] },
    { name: 'byte bad', format: 'byte', value: 'a', want: ['spec.x: Invalid value: "a": spec.x in body must be of type byte: "a"'] },
    { name: 'ipv4 bad', format: 'ipv4', value: '256.1.1.1', want: ['spec.x: Invalid value: "256.1.1.1": spec.x in body must be of type ipv4: "256.1.1.1"'] },
    { name: 'ipv6 ok', format: 'ipv6', value: 'fe80::1', want: [] },
    { name: 'cidr ok', format: 'cidr', value: '10.0.0.0/8', want: [] },
    { name: 'cidr bad prefix', format: 'cidr', value: '10.0.0.0/33', want: ['spec.x: Invalid value: "10.0.0.0/33": spec.x in body must be of type cidr: "10.0.0.0/33"'] },
    { name: 'hostname bad', format: 'hostname', value: '-a.example', want: ['spec.x: Invalid value: "-a.example": spec.x in body must be of type hostname: "-a.example"'] },
    { name: 'unknown format passes', format: 'flavour', value: 'anything', want: [] },
    { name: 'int32 is not range-checked', format: 'int32', value: 'x', want: [] },
  ])('format: $name', ({ format, value, want }) => {
    expect(lines(widget({ x: value }), crd({ x: { type: 'string', format } }))).toEqual(want);
  });

  it('int32 format on an integer does not limit the range (as Kubernetes)', () => {
    expect(lines(widget({ n: 3000000000 }), crd({ n: { type: 'integer', format: 'int32' } }))).toEqual([]);
  });
});

describe('validateAgainstSchema: allOf, anyOf, oneOf, not', () => {
  it.each<{ name: string; schema: JsonObject; value: JsonValue; want: string[] }>([
    { name: 'anyOf one passes', schema: { type: 'integer', anyOf: [{ minimum: 10 }, { maximum: 1 }] }, value: 0, want: [] },
    {
      name: 'anyOf none passes',
      schema: { type: 'integer', anyOf: [{ minimum: 10 }, { maximum: 1 }] },
      value: 5,
      want: ['<nil>: Invalid value: "": "spec.n" must validate at least one schema (anyOf)', 'spec.n: Invalid value: 5: spec.n in body should be greater than or equal to 10'],
    },
    {
      name: 'allOf one fails',
      schema: { type: 'integer', allOf: [{ minimum: 1 }, { maximum: 3 }] },
      value: 4,
      want: ['spec.n: Invalid value: 4: spec.n in body should be less than or equal to 3', '<nil>: Invalid value: "": "spec.n" must validate all the schemas (allOf)'],
    },
    { name: 'oneOf exactly one', schema: { type: 'integer', oneOf: [{ minimum: 5 }, { maximum: 1 }] }, value: 6, want: [] },
    { name: 'oneOf two', schema: { type: 'integer', oneOf: [{ minimum: 5 }, { maximum: 10 }] }, value: 6, want: ['<nil>: Invalid value: "": "spec.n" must validate one and only one schema (oneOf). Found 2 valid alternatives'] },
    {
      name: 'oneOf none',
      schema: { type: 'integer', oneOf: [{ minimum: 5 }, { maximum: 1 }] },
      value: 3,
      want: ['<nil>: Invalid value: "": "spec.n" must validate one and only one schema (oneOf). Found none valid', 'spec.n: Invalid value: 3: spec.n in body should be greater than or equal to 5'],
    },
    { name: 'not passes', schema: { type: 'integer', not: { minimum: 5 } }, value: 3, want: [] },
    { name: 'not fails', schema: { type: 'integer', not: { minimum: 5 } }, value: 6, want: ['<nil>: Invalid value: "": "spec.n" must not validate the schema (not)'] },
    {
      name: 'junctor properties and required',
      schema: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } }, oneOf: [{ required: ['a'] }, { required: ['b'] }] },
      value: { a: 'x', b: 'y' },
      want: ['<nil>: Invalid value: "": "spec.n" must validate one and only one schema (oneOf). Found 2 valid alternatives'],
    },
  ])('$name', ({ schema, value, want }) => {
    expect(lines(widget({ n: value }), crd({ n: schema }))).toEqual(want);
  });
});

describe('validateAgainstSchema: metadata', () => {
  it.each<{ name: string; metadata: JsonObject; want: string[] }>([
    { name: 'name within the schema limit', metadata: { name: 'short', labels: { a: 'b' }, whatever: 1 }, want: [] },
    { name: 'name over the schema limit', metadata: { name: 'a-very-long-name' }, want: ['metadata.name: Too long: may not be more than 10 bytes'] },
  ])('$name', ({ metadata, want }) => {
    const schema: JsonObject = { type: 'object', properties: { metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 10 } } } } };
    expect(lines({ apiVersion: 'example.com/v1', kind: 'Widget', metadata }, schema)).toEqual(want);
  });

  it('leaves the root apiVersion and kind to the server', () => {
    expect(lines({ metadata: { name: 'w' } }, crd({}))).toEqual([]);
  });
});

describe('validateAgainstSchema: embedded resources', () => {
  const schema = crd({ template: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true } });

  it.each<{ name: string; template: JsonObject; want: string[] }>([
    { name: 'complete', template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }, want: [] },
    { name: 'metadata is optional', template: { apiVersion: 'apps/v1', kind: 'Deployment' }, want: [] },
    { name: 'missing type meta', template: { metadata: {} }, want: ['spec.template.apiVersion: Required value', 'spec.template.kind: Required value'] },
    { name: 'empty apiVersion', template: { apiVersion: '', kind: 'Pod' }, want: ['spec.template.apiVersion: Required value'] },
    { name: 'apiVersion not a string', template: { apiVersion: 1, kind: 'Pod' }, want: ['spec.template.apiVersion: Invalid value: 1: must be a string'] },
    { name: 'apiVersion with two slashes', template: { apiVersion: 'a/b/c', kind: 'Pod' }, want: ['spec.template.apiVersion: Invalid value: "a/b/c": unexpected GroupVersion string: a/b/c'] },
    {
      name: 'kind not a DNS-1035 label',
      template: { apiVersion: 'v1', kind: 'My_Kind' },
      want: [
        "spec.template.kind: Invalid value: \"My_Kind\": may have mixed case, but should otherwise match: a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
      ],
    },
  ])('$name', ({ template, want }) => {
    expect(lines(widget({ template }), schema)).toEqual(want);
  });

  it('checks embedded resources inside lists', () => {
    const listSchema = crd({ objects: { type: 'array', items: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true } } });
    expect(lines(widget({ objects: [{ apiVersion: 'v1', kind: 'A' }, { apiVersion: 'v1' }] }), listSchema)).toEqual(['spec.objects[1].kind: Required value']);
  });
});

describe('validateAgainstSchema: x-kubernetes-list-type', () => {
  it.each<{ name: string; tags: JsonValue[]; want: string[] }>([
    { name: 'set without repeats', tags: ['a', 'b'], want: [] },
    { name: 'set repeat', tags: ['a', 'b', 'a'], want: ['spec.tags[2]: Duplicate value: "a"'] },
    { name: 'set repeated thrice reported once', tags: ['a', 'a', 'a'], want: ['spec.tags[1]: Duplicate value: "a"'] },
    { name: 'set of numbers', tags: [1, 2, 2], want: ['spec.tags[2]: Duplicate value: 2'] },
  ])('$name', ({ tags, want }) => {
    const schema = crd({ tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { 'x-kubernetes-int-or-string': true } } });
    expect(lines(widget({ tags }), schema)).toEqual(want);
  });

  it.each<{ name: string; ports: JsonValue[]; keys: string[]; want: string[] }>([
    { name: 'unique keys', ports: [{ name: 'a', port: 1 }, { name: 'b', port: 1 }], keys: ['name'], want: [] },
    { name: 'repeated key', ports: [{ name: 'a', port: 1 }, { name: 'a', port: 2 }], keys: ['name'], want: ['spec.ports[1]: Duplicate value: map[string]interface {}{"name":"a"}'] },
    { name: 'repeated compound key', ports: [{ name: 'a', port: 1 }, { name: 'a', port: 1 }], keys: ['port', 'name'], want: ['spec.ports[1]: Duplicate value: map[string]interface {}{"name":"a", "port":1}'] },
    { name: 'compound key differs', ports: [{ name: 'a', port: 1 }, { name: 'a', port: 2 }], keys: ['name', 'port'], want: [] },
    { name: 'two items without the key', ports: [{ port: 1 }, { port: 2 }], keys: ['name'], want: ['spec.ports[1]: Duplicate value: map[string]interface {}{}'] },
    { name: 'item not an object', ports: [{ name: 'a' }, 'b'], keys: ['name'], want: ['spec.ports[1]: Invalid value: "b": must be an object for an array of list-type map'] },
  ])('map: $name', ({ ports, keys, want }) => {
    const item = { type: 'object', properties: { name: { type: 'string' }, port: { type: 'integer' } } };
    const schema = crd({ ports: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': keys, items: item } });
    const errors = lines(widget({ ports }), schema).filter((line) => !line.includes('must be of type'));
    expect(errors).toEqual(want);
  });

  it('checks lists nested in map values', () => {
    const schema = crd({ groups: { type: 'object', additionalProperties: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } } } });
    expect(lines(widget({ groups: { admins: ['x', 'x'] } }), schema)).toEqual(['spec.groups[admins][1]: Duplicate value: "x"']);
  });
});

describe('validateAgainstSchema: a whole object', () => {
  it('returns [] for a valid object and does not touch its input', () => {
    const schema = crd(
      { name: { type: 'string', maxLength: 5 }, replicas: { type: 'integer', minimum: 0 }, tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } } },
      { required: ['name'] },
    );
    const value = widget({ name: 'web', replicas: 2, tags: ['a', 'b'] });
    const copy = structuredClone(value);
    expect(validateAgainstSchema(value, schema)).toEqual([]);
    expect(value).toEqual(copy);
  });

  it('reports causes with their reasons', () => {
    const schema = crd({ size: { type: 'integer', minimum: 1 }, color: { type: 'string', enum: ['red'] }, x: { type: 'string', maxLength: 1 } }, { required: ['name'] });
    expect(validateAgainstSchema(widget({ size: 0, color: 'blue', x: 'ab' }), schema).map((c) => [c.reason, c.field])).toEqual([
      ['FieldValueRequired', 'spec.name'],
      ['FieldValueInvalid', 'spec.size'],
      ['FieldValueNotSupported', 'spec.color'],
      ['FieldValueTooLong', 'spec.x'],
    ]);
  });
});
