/**
 * Kubernetes' `equality.Semantic.DeepEqual` over decoded JSON, as admission sees objects: what
 * defaulting (did an UPDATE change the spec? API.md §2.4) and validation (BYO names, immutable
 * revision specs, VALIDATION.md §4.3/§5.1) both ask.
 */

import { isJsonObject } from './json.js';

/** Whether `value` is absent: undefined or null (Go's nil). */
export function isNil(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}

const isObject = isJsonObject;

/** Whether an object member is indistinguishable from an omitted one: nil, or an empty list or map (Go: nil == empty). */
export function isAbsentMember(value: unknown): boolean {
  if (isNil(value)) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isObject(value) && Object.keys(value).length === 0;
}

function presentEntries(value: Readonly<Record<string, unknown>>): [string, unknown][] {
  return Object.entries(value).filter(([, v]) => !isAbsentMember(v));
}

function objectsEqual(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
  const left = presentEntries(a);
  return left.length === presentEntries(b).length && left.every(([k, v]) => Object.hasOwn(b, k) && semanticEqual(v, b[k]));
}

/**
 * Structural equality: key order does not matter, an object member that is null, `[]` or `{}`
 * counts as absent, lists compare element by element in order, and undefined equals null.
 */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (isNil(a) || isNil(b)) return isNil(a) && isNil(b);
  if (Array.isArray(a) || Array.isArray(b)) return listsEqual(a, b);
  if (isObject(a) && isObject(b)) return objectsEqual(a, b);
  return a === b;
}

function listsEqual(a: unknown, b: unknown): boolean {
  return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => semanticEqual(v, b[i]));
}
