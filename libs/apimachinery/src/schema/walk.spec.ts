import type { JsonObject, JsonValue } from '../object.js';
import { jsonEqual } from '../object.js';
import { childPath, fieldSchema, indexPath, keyPath, schemaAtPath, typeOfJson } from './walk.js';

const SCHEMA: JsonObject = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        replicas: { type: 'integer', minimum: 0 },
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name', 'protocol'],
          items: { type: 'object', properties: { name: { type: 'string' }, protocol: { type: 'string' }, tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } } } },
        },
        selector: { type: 'object', 'x-kubernetes-map-type': 'atomic', additionalProperties: { type: 'string' } },
        labels: { type: 'object', additionalProperties: { type: 'string', maxLength: 63 } },
      },
    },
  },
};

describe('typeOfJson', () => {
  it.each<{ name: string; value: JsonValue; want: string }>([
    { name: 'null', value: null, want: 'null' },
    { name: 'boolean', value: false, want: 'boolean' },
    { name: 'whole number', value: 3, want: 'integer' },
    { name: 'fraction', value: 0.5, want: 'number' },
    { name: 'string', value: '', want: 'string' },
    { name: 'array', value: [], want: 'array' },
    { name: 'object', value: {}, want: 'object' },
  ])('$name', ({ value, want }) => {
    expect(typeOfJson(value)).toBe(want);
  });
});

describe('paths', () => {
  it.each([
    { name: 'child of root', got: childPath('', 'spec'), want: 'spec' },
    { name: 'child', got: childPath('spec', 'size'), want: 'spec.size' },
    { name: 'index', got: indexPath('spec.items', 0), want: 'spec.items[0]' },
    { name: 'key', got: keyPath('spec.labels', 'app'), want: 'spec.labels[app]' },
  ])('$name', ({ got, want }) => {
    expect(got).toBe(want);
  });
});

describe('jsonEqual', () => {
  it.each<{ name: string; a: JsonValue; b: JsonValue; want: boolean }>([
    { name: 'same scalars', a: 1, b: 1, want: true },
    { name: 'key order ignored', a: { x: 1, y: [1, 2] }, b: { y: [1, 2], x: 1 }, want: true },
    { name: 'array order matters', a: [1, 2], b: [2, 1], want: false },
    { name: 'extra key', a: { x: 1 }, b: { x: 1, y: 2 }, want: false },
    { name: 'null vs object', a: null, b: {}, want: false },
    { name: 'array vs object', a: [], b: {}, want: false },
  ])('$name', ({ a, b, want }) => {
    expect(jsonEqual(a, b)).toBe(want);
  });
});

describe('schemaAtPath and fieldSchema', () => {
  it.each([
    { name: 'scale replicas', path: ['spec', 'replicas'], want: { type: 'integer', minimum: 0 } },
    { name: 'list item field', path: ['spec', 'ports', 0, 'name'], want: { type: 'string' } },
    { name: 'map value', path: ['spec', 'labels', 'app'], want: { type: 'string', maxLength: 63 } },
    { name: 'unknown field', path: ['spec', 'nope'], want: undefined },
    { name: 'below a scalar', path: ['spec', 'replicas', 'x'], want: undefined },
    { name: 'root', path: [], want: SCHEMA },
  ])('$name', ({ path, want }) => {
    expect(schemaAtPath(SCHEMA, path)).toEqual(want);
  });

  it('fieldSchema prefers a declared property over additionalProperties', () => {
    expect(fieldSchema({ properties: { a: { type: 'integer' } }, additionalProperties: { type: 'string' } }, 'a')).toEqual({ type: 'integer' });
  });
});
