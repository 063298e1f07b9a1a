/**
 * Test support shared by the defaulting specs (not part of the library's surface): a deep freeze
 * that turns any write by the code under test into a TypeError, and the idempotency check
 * "defaulting a defaulted object yields no patch".
 */
import jsonPatch from 'fast-json-patch';
import type { DefaultingContext } from '../core/context.js';
import { setDefaults } from './index.js';

/** Freezes `value` and everything in it, so that any write by the code under test throws. */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
  return value;
}

/** Defaults a frozen input twice: the second pass must be a no-op (no JSON patch). */
export function expectNoSecondPatch(input: unknown, ctx: DefaultingContext): void {
  const once = setDefaults(deepFreeze(input), ctx) as object;
  const twice = setDefaults(deepFreeze(once), ctx) as object;
  expect(twice).toStrictEqual(once);
  expect(jsonPatch.compare(once, twice)).toEqual([]);
}
