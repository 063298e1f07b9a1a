/** Small helpers over plain JSON values, for defaulting objects that arrive as `unknown`. */

/** A JSON object. */
export type JsonObject = Record<string, unknown>;

/** Whether `value` is a JSON object (not null, not an array). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `parent[key]` when it is an object; otherwise a new empty object stored at `parent[key]`. */
export function childObject(parent: JsonObject, key: string): JsonObject {
  const existing = parent[key];
  if (isObject(existing)) return existing;
  const created: JsonObject = {};
  parent[key] = created;
  return created;
}

/** The object elements of `value` when it is an array; `[]` otherwise. */
export function objectsOf(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

/** `value` when it is a string, else `''` (Go's zero value). */
export function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** `value` when it is a number, else `0` (Go's zero value). */
export function numberOf(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

/** The string entries of `value` when it is an object; `{}` otherwise. */
export function stringMapOf(value: unknown): Record<string, string> {
  if (!isObject(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** Whether `value` is absent (undefined or null: Go's nil). */
export function isNil(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}

/** Members Go's semantic equality cannot tell from absent: nil, and empty slices/maps. */
function isEmptyMember(value: unknown): boolean {
  if (isNil(value)) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isObject(value) && Object.keys(value).length === 0;
}

function entriesOf(value: JsonObject): [string, unknown][] {
  return Object.entries(value).filter(([, v]) => !isEmptyMember(v));
}

function objectsEqual(a: JsonObject, b: JsonObject): boolean {
  const left = entriesOf(a);
  return left.length === entriesOf(b).length && left.every(([k, v]) => Object.hasOwn(b, k) && deepEqual(v, b[k]));
}

/**
 * Structural equality of two JSON values, close to k8s `equality.Semantic.DeepEqual`: key order does not
 * matter, and an object member that is null, `[]` or `{}` counts as absent (nil and empty slices/maps are equal).
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  if (isObject(a) && isObject(b)) return objectsEqual(a, b);
  return a === b;
}
