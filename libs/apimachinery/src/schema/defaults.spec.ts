import type { JsonObject } from '../object.js';
import { applySchemaDefaults } from './defaults.js';

/** A CRD root schema whose `spec` has the given properties. */
function crd(spec: JsonObject): JsonObject {
  return { type: 'object', properties: { spec: { type: 'object', properties: spec } } };
}

describe('applySchemaDefaults', () => {
  it.each<{ name: string; spec: JsonObject; value: JsonObject; want: JsonObject }>([
    { name: 'absent scalar', spec: { replicas: { type: 'integer', default: 1 } }, value: {}, want: { replicas: 1 } },
    { name: 'present scalar kept', spec: { replicas: { type: 'integer', default: 1 } }, value: { replicas: 3 }, want: { replicas: 3 } },
    { name: 'falsy value kept', spec: { replicas: { type: 'integer', default: 1 } }, value: { replicas: 0 }, want: { replicas: 0 } },
    { name: 'null of non-nullable replaced', spec: { mode: { type: 'string', default: 'fast' } }, value: { mode: null }, want: { mode: 'fast' } },
    { name: 'null of nullable kept', spec: { mode: { type: 'string', nullable: true, default: 'fast' } }, value: { mode: null }, want: { mode: null } },
    { name: 'null without default dropped', spec: { mode: { type: 'string' } }, value: { mode: null }, want: {} },
    {
      name: 'nested defaults inside a defaulted object',
      spec: { strategy: { type: 'object', default: {}, properties: { type: { type: 'string', default: 'Rolling' }, max: { type: 'integer' } } } },
      value: {},
      want: { strategy: { type: 'Rolling' } },
    },
    {
      name: 'object default then its own fields',
      spec: { strategy: { type: 'object', default: { max: 2 }, properties: { type: { type: 'string', default: 'Rolling' }, max: { type: 'integer' } } } },
      value: {},
      want: { strategy: { max: 2, type: 'Rolling' } },
    },
    { name: 'absent parent without default stays absent', spec: { strategy: { type: 'object', properties: { type: { type: 'string', default: 'Rolling' } } } }, value: {}, want: {} },
    {
      name: 'list items',
      spec: { ports: { type: 'array', items: { type: 'object', properties: { protocol: { type: 'string', default: 'TCP' }, port: { type: 'integer' } } } } },
      value: { ports: [{ port: 80 }, { port: 53, protocol: 'UDP' }] },
      want: { ports: [{ port: 80, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }] },
    },
    {
      name: 'null list item replaced by the items default',
      spec: { names: { type: 'array', items: { type: 'string', default: 'x' } } },
      value: { names: ['a', null] },
      want: { names: ['a', 'x'] },
    },
    {
      name: 'map values',
      spec: { pools: { type: 'object', additionalProperties: { type: 'object', properties: { size: { type: 'integer', default: 3 } } } } },
      value: { pools: { a: {}, b: { size: 5 } } },
      want: { pools: { a: { size: 3 }, b: { size: 5 } } },
    },
    { name: 'null map value replaced', spec: { limits: { type: 'object', additionalProperties: { type: 'string', default: '1' } } }, value: { limits: { cpu: null } }, want: { limits: { cpu: '1' } } },
    { name: 'unknown fields untouched', spec: { a: { type: 'string', default: 'x' } }, value: { other: { b: 1 } }, want: { other: { b: 1 }, a: 'x' } },
    { name: 'int-or-string default', spec: { maxSurge: { 'x-kubernetes-int-or-string': true, default: '25%' } }, value: {}, want: { maxSurge: '25%' } },
  ])('$name', ({ spec, value, want }) => {
    expect(applySchemaDefaults({ spec: value }, crd(spec))).toEqual({ spec: want });
  });

  it('defaults a scale-shaped CRD object at the top level too', () => {
    const schema: JsonObject = {
      type: 'object',
      properties: {
        spec: { type: 'object', default: {}, properties: { replicas: { type: 'integer', minimum: 0, default: 1 } } },
        status: { type: 'object', properties: { replicas: { type: 'integer' } } },
      },
    };
    expect(applySchemaDefaults({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }, schema)).toEqual({
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w' },
      spec: { replicas: 1 },
    });
  });

  it('deep-copies defaults and mutates neither input nor schema', () => {
    const schema = crd({ tags: { type: 'array', items: { type: 'string' }, default: ['a'] } });
    const input: JsonObject = { spec: {} };
    const [inputCopy, schemaCopy] = [structuredClone(input), structuredClone(schema)];
    const first = applySchemaDefaults(input, schema);
    ((first['spec'] as JsonObject)['tags'] as string[]).push('b');
    const second = applySchemaDefaults(input, schema);
    expect([second, input, schema]).toEqual([{ spec: { tags: ['a'] } }, inputCopy, schemaCopy]);
  });
});
