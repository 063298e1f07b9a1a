// Whether a child read back from the API server still holds what a reconciler wants: every
// field it sets, with fields the server or other controllers add (clusterIP, defaults, …) not
// counted as drift, and nil equal to an empty list or map as Go compares them. Used by the
// controller's reconcilers and the networking app's Istio translator (through reconcileChild).

/** Whether a value counts as absent (undefined, null, `[]`, `{}`), as Go's nil and empty compare equal. */
function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}

/** {@link covers} for a wanted list: same length, element by element (an empty list matches an absent one). */
function coversList(actual: unknown, wanted: readonly unknown[]): boolean {
  if (!Array.isArray(actual)) return wanted.length === 0 && isEmpty(actual);
  return actual.length === wanted.length && wanted.every((w, i) => covers(actual[i], w));
}

/** Whether `actual` holds everything `wanted` sets (extra fields in `actual`, e.g. server defaults, are fine). */
export function covers(actual: unknown, wanted: unknown): boolean {
  if (wanted === undefined || wanted === null) return true;
  if (Array.isArray(wanted)) return coversList(actual, wanted);
  if (typeof wanted !== 'object') return actual === wanted;
  if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return isEmpty(wanted);
  const a = actual as Record<string, unknown>;
  return Object.entries(wanted as Record<string, unknown>).every(([key, value]) => covers(a[key], value));
}
