// Kubernetes timestamps as the controllers here meet them: RFC 3339 strings from JSON, or Dates
// from client-node's models.

/** Whether `value` is a Date, also one made in another realm (a test VM, say), where `instanceof` fails. */
function isDate(value: unknown): value is Date {
  return value instanceof Date || Object.prototype.toString.call(value) === '[object Date]';
}

/** A timestamp (RFC 3339 string or Date) in epoch milliseconds, or undefined when absent or unparsable. */
export function timeMs(value: unknown): number | undefined {
  if (isDate(value)) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  if (typeof value !== 'string' || value === '') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
