// Pruning of custom resources (apiextensions-apiserver schema/pruning and
// defaulting/prunenulls): fields a structural schema does not declare are dropped on write and
// on read, except below `x-kubernetes-preserve-unknown-fields: true`; `apiVersion`, `kind` and
// `metadata` are never pruned at the root or in an embedded resource. The server then turns
// the pruned paths into `Warning` headers, or a 400 under `fieldValidation=Strict`.
import type { JsonObject, JsonValue } from '../object.js';
import { isPlainObject } from '../object.js';
import { additionalPropertiesOf, asSchema, fieldSchema, flag, itemsOf, propertiesOf } from './walk.js';

/** A pruned object and the paths of the fields dropped from it, sorted (`spec.foo`, `spec.items[0].bar`). */
export interface PruneResult {
  value: JsonObject;
  pruned: string[];
}

/** Fields that pruning leaves alone at a resource root and in embedded resources. */
const META_FIELDS: ReadonlySet<string> = new Set(['apiVersion', 'kind', 'metadata']);

/** Where one pruning step is: the path so far and the list collecting pruned paths. */
interface Walk {
  path: string;
  pruned: string[];
}

/**
 * Drops every field of `value` that `schema` does not declare and returns the paths dropped;
 * then removes `null`s of non-nullable fields that have no default (as the server's decoder
 * does before defaulting; those are not reported). Never mutates `value`.
 */
export function pruneUnknownFields(value: JsonObject, schema: JsonObject): PruneResult {
  const walk: Walk = { path: '', pruned: [] };
  const root: JsonObject = { ...schema, 'x-kubernetes-embedded-resource': true };
  const pruned = prune(value, root, walk) as JsonObject;
  return { value: pruneNonNullableNulls(pruned, schema), pruned: walk.pruned.sort() };
}

/** The `Warning` header text for one pruned field: `unknown field "spec.foo"`. */
export function unknownFieldWarning(path: string): string {
  return `unknown field ${JSON.stringify(path)}`;
}

/** The 400 message under `fieldValidation=Strict`: `strict decoding error: unknown field "spec.foo", unknown field "spec.bar"`. */
export function strictUnknownFieldsError(paths: readonly string[]): string {
  return `strict decoding error: ${paths.map(unknownFieldWarning).join(', ')}`;
}

/** `spec` + `foo` → `spec.foo`; pruning joins map keys with dots too. */
function stepKey(walk: Walk, key: string): Walk {
  return { ...walk, path: walk.path === '' ? key : `${walk.path}.${key}` };
}

/** `spec.items` + 0 → `spec.items[0]`. */
function stepIndex(walk: Walk, index: number): Walk {
  return { ...walk, path: `${walk.path}[${index}]` };
}

/** The schema that applies to a map value: the `additionalProperties` schema (none for `true`/`false`). */
function additionalSchema(schema: JsonObject): JsonObject | undefined {
  const additional = additionalPropertiesOf(schema);
  return typeof additional === 'object' ? additional : undefined;
}

/** A pruned copy of `value`. An undefined schema (e.g. below `additionalProperties: true`) keeps no object fields. */
function prune(value: JsonValue, schema: JsonObject | undefined, walk: Walk): JsonValue {
  if (schema !== undefined && flag(schema, 'x-kubernetes-preserve-unknown-fields')) return keepUnknown(value, schema, walk);
  if (Array.isArray(value)) {
    const items = schema === undefined ? undefined : itemsOf(schema);
    return value.map((item, i) => prune(item, items, stepIndex(walk, i)));
  }
  if (!isPlainObject(value)) return value;
  return pruneObject(value, schema, walk);
}

/** An object with only declared fields (plus the meta fields of a resource), each pruned in turn. */
function pruneObject(value: JsonObject, schema: JsonObject | undefined, walk: Walk): JsonObject {
  const out: JsonObject = {};
  const properties = propertiesOf(schema);
  const hasAdditional = additionalPropertiesOf(schema) !== undefined;
  for (const [key, child] of Object.entries(value)) {
    if (schema !== undefined && flag(schema, 'x-kubernetes-embedded-resource') && META_FIELDS.has(key)) {
      out[key] = child;
    } else if (Object.hasOwn(properties, key)) {
      out[key] = prune(child, asSchema(properties[key]), stepKey(walk, key));
    } else if (schema !== undefined && hasAdditional) {
      out[key] = prune(child, additionalSchema(schema), stepKey(walk, key));
    } else {
      walk.pruned.push(stepKey(walk, key).path);
    }
  }
  return out;
}

/** Below `x-kubernetes-preserve-unknown-fields`: unknown fields stay, declared ones are still pruned inside. */
function keepUnknown(value: JsonValue, schema: JsonObject, walk: Walk): JsonValue {
  if (Array.isArray(value)) return value.map((item, i) => prune(item, itemsOf(schema), stepIndex(walk, i)));
  if (!isPlainObject(value)) return value;
  const properties = propertiesOf(schema);
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    const declared = Object.hasOwn(properties, key) ? asSchema(properties[key]) : additionalSchema(schema);
    const meta = flag(schema, 'x-kubernetes-embedded-resource') && META_FIELDS.has(key);
    out[key] = declared === undefined || meta ? child : prune(child, declared, stepKey(walk, key));
  }
  return out;
}

/** Whether a field value is a `null` the server drops: the field is not nullable and has no default. */
function isDroppableNull(value: JsonValue, schema: JsonObject | undefined): boolean {
  return value === null && schema !== undefined && !flag(schema, 'nullable') && schema['default'] === undefined;
}

/**
 * A copy of `value` without `null` fields that are neither nullable nor defaulted (nulls with
 * a default are left for defaulting; list items are never dropped).
 */
export function pruneNonNullableNulls<T extends JsonValue>(value: T, schema: JsonObject | undefined): T {
  return dropNulls(value, schema) as T;
}

/** {@link pruneNonNullableNulls} on any JSON value. */
function dropNulls(value: JsonValue, schema: JsonObject | undefined): JsonValue {
  if (Array.isArray(value)) {
    const items = schema === undefined ? undefined : itemsOf(schema);
    return value.map((item) => dropNulls(item, items));
  }
  if (value === null || typeof value !== 'object') return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    const childSchema = fieldSchema(schema, key);
    if (!isDroppableNull(child, childSchema)) out[key] = dropNulls(child, childSchema);
  }
  return out;
}
