import { canonicalJson, fnv32a, podTemplateHash, safeEncodeString } from './hash.js';
import { template } from './spec-fixtures.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('pod-template-hash', () => {
  it.each([
    ['empty input is the offset basis', '', 2166136261],
    ['one byte', 'a', 3826002220],
  ])('FNV-32a: %s', (_name, text, expected) => {
    expect(fnv32a(bytes(text))).toBe(expected);
  });

  it.each([
    ['the example hash of SEMANTICS.md §6', '3718868910', '7c5ddbdf54'],
    ['every digit', '0123456789', '456789bcdf'],
  ])('SafeEncodeString: %s', (_name, text, expected) => {
    expect(safeEncodeString(text)).toBe(expected);
  });

  it.each([
    ['keys sorted', { b: 1, a: { d: 2, c: 3 } }, '{"a":{"c":3,"d":2},"b":1}'],
    ['null, empty list and empty object dropped', { a: null, b: [], c: {}, d: { e: null }, f: 0 }, '{"f":0}'],
    ['list order kept, null items kept in place', { a: [2, null, 1] }, '{"a":[2,null,1]}'],
    ['dates as ISO strings', { t: new Date('2026-01-02T03:04:05Z') }, '{"t":"2026-01-02T03:04:05.000Z"}'],
  ])('canonical JSON: %s', (_name, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it.each([
    ['template without collisions', undefined, '6c586d8d9d'],
    ['collisionCount 1 changes the hash', 1, '6f58d889c5'],
  ])('hash of a template: %s', (_name, collisionCount, expected) => {
    expect(podTemplateHash(template('app:v1'), collisionCount)).toBe(expected);
  });

  it('ignores key order and nil-vs-empty fields, so equal templates hash alike', () => {
    const reordered = { spec: { containers: [{ image: 'app:v1', name: 'app', args: [] }] }, metadata: { creationTimestamp: null, labels: { app: 'web' } } };
    expect(podTemplateHash(reordered)).toBe('6c586d8d9d');
  });

  it('differs for a different image', () => {
    expect(podTemplateHash(template('app:v2'))).not.toBe('6c586d8d9d');
  });
});
