// Defaulting of custom resources (apiextensions-apiserver schema/defaulting): `default` fills
// absent fields, on requests and on reads from storage. A `null` in a field that is not
// `nullable` is dropped first; if the field has a default, the default replaces it.
import type { JsonObject, JsonValue } from '../object.js';
import { isPlainObject } from '../object.js';
import { pruneNonNullableNulls } from './prune.js';
import { additionalPropertiesOf, asSchema, cloneJson, flag, itemsOf, propertiesOf } from './walk.js';

/**
 * A copy of `value` with every absent field that has a `default` in `schema` filled (a deep
 * copy of the default), recursing into properties, list items and map values, defaults included.
 * Never mutates `value` or `schema`.
 */
export function applySchemaDefaults(value: JsonObject, schema: JsonObject): JsonObject {
  return defaultObject(pruneNonNullableNulls(value, schema), schema);
}

/** The default of a node, if it has one. */
function defaultOf(schema: JsonObject | undefined): JsonValue | undefined {
  return schema === undefined ? undefined : schema['default'];
}

/** A `null` in a non-nullable node with a default becomes (a copy of) the default. */
function fillNull(value: JsonValue, schema: JsonObject | undefined): JsonValue {
  const fallback = defaultOf(schema);
  return value === null && fallback !== undefined && !flag(schema, 'nullable') ? cloneJson(fallback) : value;
}

/** A defaulted copy of any value. */
function defaultValue(value: JsonValue, schema: JsonObject | undefined): JsonValue {
  if (schema === undefined) return value;
  if (Array.isArray(value)) {
    const items = itemsOf(schema);
    return value.map((item) => defaultValue(fillNull(item, items), items));
  }
  return isPlainObject(value) ? defaultObject(value, schema) : value;
}

/** Absent (or defaultable-null) properties get their defaults, then every field is defaulted inside. */
function defaultObject(value: JsonObject, schema: JsonObject): JsonObject {
  const out: JsonObject = { ...value };
  const properties = propertiesOf(schema);
  for (const [key, raw] of Object.entries(properties)) {
    const property = asSchema(raw);
    const fallback = defaultOf(property);
    if (fallback === undefined) continue;
    if (!Object.hasOwn(out, key)) out[key] = cloneJson(fallback);
    else out[key] = fillNull(out[key] ?? null, property);
  }
  const additional = additionalPropertiesOf(schema);
  const mapValues = typeof additional === 'object' ? additional : undefined;
  for (const [key, child] of Object.entries(out)) {
    if (Object.hasOwn(properties, key)) out[key] = defaultValue(child, asSchema(properties[key]));
    else if (mapValues !== undefined) out[key] = defaultValue(fillNull(child, mapValues), mapValues);
  }
  return out;
}
