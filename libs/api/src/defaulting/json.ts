/** Small helpers over plain JSON values, for defaulting objects that arrive as `unknown`. */

import { isJsonObject as isObject, type JsonObject } from '../core/json.js';

export { isObject };
export type { JsonObject };

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
