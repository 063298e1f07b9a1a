/**
 * Field-mask helpers (knative/serving `fieldmask.go` + knative/pkg `CheckDisallowedFields`): a field
 * outside the allowed subset is reported by its JSON name when it holds a non-zero value.
 */
import { Flag, type FeaturesConfig } from '@ebb/config';
import { FieldError, errDisallowedFields } from '../../errors/field-error.js';

/** A JSON object read generically (a PodSpec part may carry keys its TypeBox type does not list). */
export type JsonObject = Readonly<Record<string, unknown>>;

/** The object `value` as a generic record, or an empty one when it is not an object. */
export function asObject(value: unknown): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : {};
}

/**
 * Whether a field counts as set, as Go sees it after decoding: null/absent are nil; `false`, `0`
 * and `""` are the zero values of Kubernetes' value-typed scalars; objects and arrays (even empty)
 * are set. (Pointer scalars such as `shareProcessNamespace: false` are set in Go but not here.)
 */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== false && value !== 0 && value !== '';
}

/** Whether a value is Go-zero all the way down (k8s `equality.Semantic`: empty slices/maps equal nil). */
export function isZero(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object' && value !== null) return Object.values(value).every(isZero);
  return !isSet(value);
}

/** `must not set the field(s)` for every set key of `obj` outside `allowed` (empty when none). */
export function disallowedFields(obj: unknown, allowed: readonly string[]): FieldError {
  const keys = Object.entries(asObject(obj))
    .filter(([key, value]) => !allowed.includes(key) && isSet(value))
    .map(([key]) => key);
  return keys.length === 0 ? FieldError.empty() : errDisallowedFields(...keys);
}

/** Field-mask semantics: a gated field passes when its flag is `Allowed` or `Enabled`. */
export function flagAllows(flag: Flag): boolean {
  return flag !== Flag.Disabled;
}

/** Extra checks that need the flag exactly `Enabled`. */
export function flagEnabled(flag: Flag): boolean {
  return flag === Flag.Enabled;
}

/** The features a PodSpec validator reads. */
export type Features = FeaturesConfig;

/** The `name` of a list entry ('' when absent or not an object). */
export function nameOf(entry: unknown): string {
  const name = asObject(entry)['name'];
  return typeof name === 'string' ? name : '';
}

/** The list at `value` ([] when absent or not a list). */
export function listOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}
