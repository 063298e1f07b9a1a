// Kubernetes' field errors (apimachinery/pkg/util/validation/field): each names a field path
// and renders as `<field>: <Type>: <value>: <detail>`. An Invalid Status carries them as
// `details.causes` ({reason, message, field}) and joins them into its message.

/** The `details.causes[].reason` of a field error. */
export type CauseReason =
  | 'FieldValueInvalid'
  | 'FieldValueRequired'
  | 'FieldValueNotSupported'
  | 'FieldValueTypeInvalid'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueDuplicate'
  | 'FieldValueForbidden'
  | 'FieldValueNotFound'
  | 'FieldManagerConflict';

/** One field error: `field` is the path (`spec.replicas`), `message` the body after `<field>: `. */
export interface FieldCause {
  reason: CauseReason;
  field: string;
  message: string;
}

/** How Kubernetes prints a bad value in an error: strings quoted, objects as `"object"`, the rest as JSON. */
export function formatBadValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[]interface {}{${value.map((v) => formatBadValue(v)).join(', ')}}`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return '"object"';
}

/** `field: message`, the line a cause contributes to an Invalid Status message. */
export function formatCause(cause: FieldCause): string {
  return `${cause.field}: ${cause.message}`;
}

/** `Invalid value: <value>: <detail>`. */
export function fieldInvalid(field: string, value: unknown, detail: string): FieldCause {
  return { reason: 'FieldValueInvalid', field, message: `Invalid value: ${formatBadValue(value)}: ${detail}` };
}

/** `Required value[: <detail>]`. */
export function fieldRequired(field: string, detail = ''): FieldCause {
  return { reason: 'FieldValueRequired', field, message: detail === '' ? 'Required value' : `Required value: ${detail}` };
}

/** `Unsupported value: <value>: supported values: "a", "b"`. */
export function fieldNotSupported(field: string, value: unknown, supported: readonly string[]): FieldCause {
  const list = supported.map((s) => JSON.stringify(s)).join(', ');
  return { reason: 'FieldValueNotSupported', field, message: `Unsupported value: ${formatBadValue(value)}: supported values: ${list}` };
}

/** `Forbidden: <detail>`. */
export function fieldForbidden(field: string, detail: string): FieldCause {
  return { reason: 'FieldValueForbidden', field, message: `Forbidden: ${detail}` };
}

/** `Duplicate value: <value>`. */
export function fieldDuplicate(field: string, value: unknown): FieldCause {
  return { reason: 'FieldValueDuplicate', field, message: `Duplicate value: ${formatBadValue(value)}` };
}

/** `Too long: may not be more than <max> bytes` (Kubernetes 1.32's field.TooLong). */
export function fieldTooLong(field: string, max: number): FieldCause {
  return { reason: 'FieldValueTooLong', field, message: `Too long: may not be more than ${max} ${max === 1 ? 'byte' : 'bytes'}` };
}

/** `Too many: <actual>: must have at most <max> items`. */
export function fieldTooMany(field: string, actual: number, max: number): FieldCause {
  return { reason: 'FieldValueTooMany', field, message: `Too many: ${actual}: must have at most ${max} items` };
}

/** `Invalid value: <value>: <detail>` with reason FieldValueTypeInvalid (a value of the wrong JSON type). */
export function fieldTypeInvalid(field: string, value: unknown, detail: string): FieldCause {
  return { reason: 'FieldValueTypeInvalid', field, message: `Invalid value: ${formatBadValue(value)}: ${detail}` };
}
