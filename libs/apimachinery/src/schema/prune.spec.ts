import type { JsonObject } from '../object.js';
import { pruneNonNullableNulls, pruneUnknownFields, strictUnknownFieldsError, unknownFieldWarning } from './prune.js';

/** A CRD root schema whose `spec` has the given properties. */
function crd(spec: JsonObject): JsonObject {
  return { type: 'object', properties: { spec: { type: 'object', properties: spec }, status: { type: 'object', properties: { replicas: { type: 'integer' } } } } };
}

const META = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', labels: { a: 'b' }, unknownMeta: 1 } };

describe('pruneUnknownFields', () => {
  it.each<{ name: string; spec: JsonObject; value: JsonObject; wantSpec: JsonObject; pruned: string[] }>([
    { name: 'nothing unknown', spec: { size: { type: 'integer' } }, value: { size: 1 }, wantSpec: { size: 1 }, pruned: [] },
    { name: 'unknown spec field', spec: { size: { type: 'integer' } }, value: { size: 1, foo: 2 }, wantSpec: { size: 1 }, pruned: ['spec.foo'] },
    {
      name: 'unknown fields in list items',
      spec: { items: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } } },
      value: { items: [{ name: 'a', x: 1 }, { name: 'b' }, { y: { z: 1 } }] },
      wantSpec: { items: [{ name: 'a' }, { name: 'b' }, {}] },
      pruned: ['spec.items[0].x', 'spec.items[2].y'],
    },
    {
      name: 'map values keep their keys, lose unknown fields (dotted path)',
      spec: { hosts: { type: 'object', additionalProperties: { type: 'object', properties: { port: { type: 'integer' } } } } },
      value: { hosts: { web: { port: 80, junk: true } } },
      wantSpec: { hosts: { web: { port: 80 } } },
      pruned: ['spec.hosts.web.junk'],
    },
    {
      name: 'preserve-unknown-fields subtree kept',
      spec: { config: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      value: { config: { anything: { deep: [1, 2] } }, other: 1 },
      wantSpec: { config: { anything: { deep: [1, 2] } } },
      pruned: ['spec.other'],
    },
    {
      name: 'declared fields below preserve-unknown-fields are still pruned',
      spec: { config: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { db: { type: 'object', properties: { host: { type: 'string' } } } } } },
      value: { config: { free: 1, db: { host: 'h', port: 5432 } } },
      wantSpec: { config: { free: 1, db: { host: 'h' } } },
      pruned: ['spec.config.db.port'],
    },
    { name: 'int-or-string scalar kept', spec: { port: { 'x-kubernetes-int-or-string': true } }, value: { port: '80%' }, wantSpec: { port: '80%' }, pruned: [] },
    {
      name: 'embedded resource keeps its meta fields',
      spec: { template: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object', properties: { image: { type: 'string' } } } } } },
      value: { template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', odd: 1 }, spec: { image: 'i', x: 1 }, extra: 2 } },
      wantSpec: { template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', odd: 1 }, spec: { image: 'i' } } },
      pruned: ['spec.template.extra', 'spec.template.spec.x'],
    },
    {
      name: 'apiVersion/kind/metadata below the root are ordinary fields',
      spec: { ref: { type: 'object', properties: { name: { type: 'string' } } } },
      value: { ref: { name: 'n', kind: 'K', metadata: {} } },
      wantSpec: { ref: { name: 'n' } },
      pruned: ['spec.ref.kind', 'spec.ref.metadata'],
    },
    {
      name: 'additionalProperties true keeps scalars, drops object fields',
      spec: { extra: { type: 'object', additionalProperties: true } },
      value: { extra: { a: 1, b: { c: 2 } } },
      wantSpec: { extra: { a: 1, b: {} } },
      pruned: ['spec.extra.b.c'],
    },
  ])('$name', ({ spec, value, wantSpec, pruned }) => {
    const result = pruneUnknownFields({ ...META, spec: value }, crd(spec));
    expect(result).toEqual({ value: { ...META, spec: wantSpec }, pruned });
  });

  it('never prunes apiVersion, kind or metadata at the root, and prunes unknown top-level fields', () => {
    const input: JsonObject = { ...META, spec: {}, status: { replicas: 1, ready: 1 }, extra: { a: 1 } };
    expect(pruneUnknownFields(input, crd({}))).toEqual({ value: { ...META, spec: {}, status: { replicas: 1 } }, pruned: ['extra', 'status.ready'] });
  });

  it('keeps everything under a root that preserves unknown fields', () => {
    const input: JsonObject = { ...META, spec: { a: 1 }, data: 'x' };
    expect(pruneUnknownFields(input, { type: 'object', 'x-kubernetes-preserve-unknown-fields': true })).toEqual({ value: input, pruned: [] });
  });

  it('sorts the pruned paths', () => {
    const result = pruneUnknownFields({ ...META, spec: { zeta: 1, alpha: 2, mid: 3 } }, crd({}));
    expect(result.pruned).toEqual(['spec.alpha', 'spec.mid', 'spec.zeta']);
  });

  it('drops nulls of non-nullable fields without a default, silently', () => {
    const schema = crd({ a: { type: 'string' }, b: { type: 'string', nullable: true }, c: { type: 'string', default: 'x' } });
    expect(pruneUnknownFields({ ...META, spec: { a: null, b: null, c: null } }, schema)).toEqual({ value: { ...META, spec: { b: null, c: null } }, pruned: [] });
  });

  it('does not mutate its inputs', () => {
    const input: JsonObject = { ...META, spec: { size: 1, foo: { bar: 2 } } };
    const schema = crd({ size: { type: 'integer' } });
    const [inputCopy, schemaCopy] = [structuredClone(input), structuredClone(schema)];
    pruneUnknownFields(input, schema);
    expect([input, schema]).toEqual([inputCopy, schemaCopy]);
  });
});

describe('pruneNonNullableNulls', () => {
  it.each<{ name: string; value: JsonObject; want: JsonObject }>([
    { name: 'non-nullable, no default', value: { a: null }, want: {} },
    { name: 'nullable kept', value: { n: null }, want: { n: null } },
    { name: 'defaulted kept for defaulting', value: { d: null }, want: { d: null } },
    { name: 'unknown field kept', value: { zzz: null }, want: { zzz: null } },
    { name: 'list items never dropped', value: { l: ['x', null] }, want: { l: ['x', null] } },
    { name: 'map values', value: { m: { k: null, j: 'v' } }, want: { m: { j: 'v' } } },
  ])('$name', ({ value, want }) => {
    const schema: JsonObject = {
      type: 'object',
      properties: {
        a: { type: 'string' },
        n: { type: 'string', nullable: true },
        d: { type: 'string', default: 'x' },
        l: { type: 'array', items: { type: 'string' } },
        m: { type: 'object', additionalProperties: { type: 'string' } },
      },
    };
    expect(pruneNonNullableNulls(value, schema)).toEqual(want);
  });
});

describe('warnings and strict errors', () => {
  it.each([
    { name: 'warning', got: unknownFieldWarning('spec.foo'), want: 'unknown field "spec.foo"' },
    { name: 'strict, one', got: strictUnknownFieldsError(['spec.foo']), want: 'strict decoding error: unknown field "spec.foo"' },
    { name: 'strict, two', got: strictUnknownFieldsError(['spec.foo', 'spec.bar']), want: 'strict decoding error: unknown field "spec.foo", unknown field "spec.bar"' },
    { name: 'list item path', got: unknownFieldWarning('spec.items[0].x'), want: 'unknown field "spec.items[0].x"' },
  ])('$name', ({ got, want }) => {
    expect(got).toBe(want);
  });
});
