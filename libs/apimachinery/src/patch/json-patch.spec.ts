import type { JsonValue } from '../object.js';
import { PatchError, applyJsonPatch } from './json-patch.js';

/** Freezes a JSON value at every depth, so that a mutation throws. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach((item: unknown) => deepFreeze(item));
    Object.freeze(value);
  }
  return value;
}

/** The PatchError `run` throws. */
function patchErrorOf(run: () => unknown): PatchError {
  try {
    run();
  } catch (error) {
    if (error instanceof PatchError) return error;
    throw error;
  }
  throw new Error('expected a PatchError');
}

describe('applyJsonPatch', () => {
  it.each<[string, JsonValue, unknown[], JsonValue]>([
    ['add a key', { a: 1 }, [{ op: 'add', path: '/b', value: { c: 2 } }], { a: 1, b: { c: 2 } }],
    ['add replaces an existing key', { a: 1 }, [{ op: 'add', path: '/a', value: 2 }], { a: 2 }],
    ['add inserts into an array', { a: [1, 3] }, [{ op: 'add', path: '/a/1', value: 2 }], { a: [1, 2, 3] }],
    ['add with - appends', { a: [1, 2] }, [{ op: 'add', path: '/a/-', value: 3 }], { a: [1, 2, 3] }],
    ['remove a key', { a: 1, b: 2 }, [{ op: 'remove', path: '/a' }], { b: 2 }],
    ['remove an array item', { a: [1, 2, 3] }, [{ op: 'remove', path: '/a/1' }], { a: [1, 3] }],
    ['replace a value', { spec: { replicas: 1 } }, [{ op: 'replace', path: '/spec/replicas', value: 3 }], { spec: { replicas: 3 } }],
    ['move a value', { a: { x: 1 }, b: {} }, [{ op: 'move', from: '/a/x', path: '/b/y' }], { a: {}, b: { y: 1 } }],
    ['copy a value', { a: { x: [1] } }, [{ op: 'copy', from: '/a/x', path: '/b' }], { a: { x: [1] }, b: [1] }],
    ['a passing test changes nothing', { a: { b: 'c' } }, [{ op: 'test', path: '/a', value: { b: 'c' } }], { a: { b: 'c' } }],
    [
      '~1 escapes a slash in a key',
      { metadata: { labels: {} } },
      [{ op: 'add', path: '/metadata/labels/app.kubernetes.io~1name', value: 'web' }],
      { metadata: { labels: { 'app.kubernetes.io/name': 'web' } } },
    ],
    ['~0 escapes a tilde in a key', { 'a~b': 1 }, [{ op: 'replace', path: '/a~0b', value: 2 }], { 'a~b': 2 }],
    ['an empty path replaces the document', { a: 1 }, [{ op: 'replace', path: '', value: { b: 2 } }], { b: 2 }],
    ['operations apply in order', { a: 1 }, [{ op: 'test', path: '/a', value: 1 }, { op: 'replace', path: '/a', value: 2 }, { op: 'test', path: '/a', value: 2 }], { a: 2 }],
    ['an empty patch changes nothing', { a: 1 }, [], { a: 1 }],
  ])('%s', (_name, target, operations, expected) => {
    expect(applyJsonPatch(deepFreeze(target), deepFreeze(operations))).toEqual(expected);
  });

  it.each<[string, JsonValue, unknown, Pick<PatchError, 'message' | 'reason'>]>([
    ['a failing test', { a: 1 }, [{ op: 'test', path: '/a', value: 2 }], { message: 'testing value /a failed: test failed', reason: 'Invalid' }],
    ['a test on a missing key', { a: 1 }, [{ op: 'test', path: '/b', value: 1 }], { message: 'testing value /b failed: test failed', reason: 'Invalid' }],
    ['remove of a missing key', { a: 1 }, [{ op: 'remove', path: '/b' }], { message: 'remove operation does not apply: doc is missing path: "/b": missing value', reason: 'Invalid' }],
    ['replace of a missing key', { a: 1 }, [{ op: 'replace', path: '/b', value: 1 }], { message: 'replace operation does not apply: doc is missing key: /b: missing value', reason: 'Invalid' }],
    ['add under a missing parent', { a: 1 }, [{ op: 'add', path: '/b/c', value: 1 }], { message: 'add operation does not apply: doc is missing path: "/b/c": missing value', reason: 'Invalid' }],
    ['add past the end of an array', { a: [1] }, [{ op: 'add', path: '/a/5', value: 1 }], { message: "error in add for path: '/a/5': Unable to access invalid index: 5: invalid index referenced", reason: 'Invalid' }],
    ['move from a missing key', { a: 1 }, [{ op: 'move', from: '/x', path: '/b' }], { message: 'move operation does not apply: doc is missing from path: /x: missing value', reason: 'Invalid' }],
    ['copy to a missing parent', { a: 1 }, [{ op: 'copy', from: '/a', path: '/x/y' }], { message: 'copy operation does not apply: doc is missing destination path: /x/y', reason: 'Invalid' }],
    ['an unknown op', { a: 1 }, [{ op: 'frobnicate', path: '/a' }], { message: 'Unexpected kind: frobnicate', reason: 'Invalid' }],
    ['an op without a path', { a: 1 }, [{ op: 'remove' }], { message: 'remove operation failed to decode path', reason: 'Invalid' }],
    ['a path without a leading slash', { a: 1 }, [{ op: 'remove', path: 'a' }], { message: 'remove operation failed to decode path', reason: 'Invalid' }],
    ['a move without from', { a: 1 }, [{ op: 'move', path: '/b' }], { message: 'move operation failed to decode from', reason: 'Invalid' }],
    ['an add without a value', { a: 1 }, [{ op: 'add', path: '/b' }], { message: 'add operation has no value for path: /b', reason: 'Invalid' }],
    ['a body that is an object', { a: 1 }, { op: 'add', path: '/b', value: 1 }, { message: 'json: cannot unmarshal object into Go value of type jsonpatch.Patch', reason: 'BadRequest' }],
    ['an operation that is not an object', { a: 1 }, ['add'], { message: 'invalid JSON patch: operation 0 is not an object', reason: 'BadRequest' }],
  ])('rejects %s', (_name, target, operations, expected) => {
    const error = patchErrorOf(() => applyJsonPatch(deepFreeze(target), deepFreeze(operations)));
    expect({ name: error.name, message: error.message, reason: error.reason }).toEqual({ name: 'PatchError', ...expected });
  });

  it('does not change the target when a later operation fails', () => {
    const target = { a: 1, b: [1] };
    expect(() => applyJsonPatch(target, [{ op: 'replace', path: '/a', value: 2 }, { op: 'remove', path: '/zzz' }])).toThrow(PatchError);
    expect(target).toEqual({ a: 1, b: [1] });
  });

  it('returns values that are not shared with the operations', () => {
    const value = { c: [1] };
    const result = applyJsonPatch({}, [{ op: 'add', path: '/v', value }]) as { v: { c: number[] } };
    result.v.c.push(2);
    expect(value).toEqual({ c: [1] });
  });
});
