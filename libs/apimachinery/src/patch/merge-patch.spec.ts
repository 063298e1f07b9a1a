import type { JsonValue } from '../object.js';
import { applyMergePatch } from './merge-patch.js';

/** Freezes a JSON value at every depth, so that a mutation throws. */
function deepFreeze<T extends JsonValue>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach((item: JsonValue) => deepFreeze(item));
    Object.freeze(value);
  }
  return value;
}

describe('applyMergePatch', () => {
  // RFC 7386 Appendix A, then the bodies kubectl label / annotate / scale send.
  it.each<[string, JsonValue, JsonValue, JsonValue]>([
    ['replaces a value', { a: 'b' }, { a: 'c' }, { a: 'c' }],
    ['adds a key', { a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    ['null deletes the only key', { a: 'b' }, { a: null }, {}],
    ['null deletes one key', { a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    ['a scalar replaces an array', { a: ['b'] }, { a: 'c' }, { a: 'c' }],
    ['an array replaces a scalar', { a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    ['nested objects merge, nested null deletes', { a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    ['arrays are replaced, not merged', { a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    ['an array patch replaces an array target', ['a', 'b'], ['c', 'd'], ['c', 'd']],
    ['an array patch replaces an object target', { a: 'b' }, ['c'], ['c']],
    ['a null patch replaces the target', { a: 'foo' }, null, null],
    ['a string patch replaces the target', { a: 'foo' }, 'bar', 'bar'],
    ['existing nulls in the target stay', { e: null }, { a: 1 }, { e: null, a: 1 }],
    ['an object patch on an array target starts from {}', [1, 2], { a: 'b', c: null }, { a: 'b' }],
    ['a missing parent is created, nulls in it dropped', {}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
    [
      'kubectl label adds a label',
      { metadata: { name: 'cm1', labels: { app: 'a' } } },
      { metadata: { labels: { foo: 'bar' } } },
      { metadata: { name: 'cm1', labels: { app: 'a', foo: 'bar' } } },
    ],
    [
      'kubectl label foo- removes a label',
      { metadata: { name: 'cm1', labels: { app: 'a', foo: 'bar' } } },
      { metadata: { labels: { foo: null } } },
      { metadata: { name: 'cm1', labels: { app: 'a' } } },
    ],
    ['kubectl scale sets spec.replicas', { spec: { replicas: 1, paused: false } }, { spec: { replicas: 3 } }, { spec: { replicas: 3, paused: false } }],
  ])('%s', (_name, target, patch, expected) => {
    expect(applyMergePatch(deepFreeze(target), deepFreeze(patch))).toEqual(expected);
  });

  it.each<[string, JsonValue, JsonValue]>([
    ['target objects', { a: { b: 1 }, c: [1] }, { d: 1 }],
    ['patch objects', {}, { a: { b: 1 }, c: [{ d: 1 }] }],
  ])('returns a result that shares no %s', (_name, target, patch) => {
    const result = applyMergePatch(target, patch) as { [key: string]: JsonValue };
    const before = JSON.stringify([target, patch]);
    for (const value of Object.values(result)) {
      if (typeof value === 'object' && value !== null) Object.assign(value, { changed: true });
    }
    expect(JSON.stringify([target, patch])).toBe(before);
  });
});
