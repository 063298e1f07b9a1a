// Shared helpers for structural schemas (a CRD's `openAPIV3Schema` as plain JSON): reading a
// node's keywords, naming field paths the way Kubernetes prints them, and finding the schema of
// a field. Everything here is pure and never mutates its inputs.
import type { JsonObject, JsonValue } from '../object.js';
import { isPlainObject } from '../object.js';

/** The JSON type of a value as OpenAPI names it (`integer` for whole numbers). */
export type JsonType = 'null' | 'boolean' | 'integer' | 'number' | 'string' | 'array' | 'object';

/** The OpenAPI type name of a JSON value: whole numbers are `integer`, other numbers `number`. */
export function typeOfJson(value: JsonValue): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'object') return 'object';
  return typeof value === 'string' ? 'string' : 'boolean';
}

/** The value as a schema node (a JSON object), or undefined. */
export function asSchema(value: unknown): JsonObject | undefined {
  return isPlainObject(value) ? (value as JsonObject) : undefined;
}

/** Whether the node sets `key: true` (`x-kubernetes-preserve-unknown-fields`, `nullable`…). */
export function flag(schema: JsonObject | undefined, key: string): boolean {
  return schema?.[key] === true;
}

/** The node's `properties` map (empty when absent). */
export function propertiesOf(schema: JsonObject | undefined): JsonObject {
  return asSchema(schema?.['properties']) ?? {};
}

/** A node's `additionalProperties`: a schema, `true`/`false`, or undefined when absent. */
export function additionalPropertiesOf(schema: JsonObject | undefined): JsonObject | boolean | undefined {
  const value = schema?.['additionalProperties'];
  if (typeof value === 'boolean') return value;
  return asSchema(value);
}

/** The schema of the field `key` of an object: its property, else its `additionalProperties` schema. */
export function fieldSchema(schema: JsonObject | undefined, key: string): JsonObject | undefined {
  const properties = propertiesOf(schema);
  if (Object.hasOwn(properties, key)) return asSchema(properties[key]);
  const additional = additionalPropertiesOf(schema);
  return typeof additional === 'object' ? additional : undefined;
}

/** The node's `items` schema. */
export function itemsOf(schema: JsonObject | undefined): JsonObject | undefined {
  return asSchema(schema?.['items']);
}

/** `spec` + `size` → `spec.size` (no leading dot at the root). */
export function childPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

/** `spec.items` + 0 → `spec.items[0]`. */
export function indexPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

/** `spec.labels` + `app` → `spec.labels[app]` (a map key, as field.Path's Key prints it). */
export function keyPath(parent: string, key: string): string {
  return `${parent}[${key}]`;
}

/** A deep copy of a JSON value. */
export function cloneJson<T extends JsonValue>(value: T): T {
  return structuredClone(value);
}


/**
 * The schema of the value at `path` below `schema`: strings name object fields (properties or
 * additionalProperties), numbers step into list items. Undefined when the schema does not say.
 */
export function schemaAtPath(schema: JsonObject | undefined, path: readonly (string | number)[]): JsonObject | undefined {
  let node = schema;
  for (const segment of path) {
    if (node === undefined) return undefined;
    node = typeof segment === 'number' ? itemsOf(node) : fieldSchema(node, segment);
  }
  return node;
}
