// Validation of a custom resource against its structural schema, in three passes as the API
// server runs them (apiextensions-apiserver registry/customresource/validator.go): the OpenAPI
// value validations (kube-openapi, rendered by kubeOpenAPIResultToFieldErrors), embedded
// resources' apiVersion/kind (schema/objectmeta), and the uniqueness of `x-kubernetes-list-type`
// set and map lists (schema/listtype). Paths have no leading dot (`spec.items[0].name`); an
// OpenAPI error carries its path inside the message too (`spec.size in body should …`).
import type { FieldCause } from '../field-cause.js';
import { fieldDuplicate, fieldInvalid, fieldNotSupported, fieldRequired, fieldTooLong, fieldTooMany, fieldTypeInvalid } from '../field-cause.js';
import type { JsonObject, JsonValue } from '../object.js';
import { isPlainObject, jsonEqual } from '../object.js';
import type { JsonType } from './walk.js';
import { additionalPropertiesOf, asSchema, childPath, flag, indexPath, itemsOf, keyPath, propertiesOf, typeOfJson } from './walk.js';

/** One value and the schema node it is checked against, at a field path. */
interface Node {
  value: JsonValue;
  schema: JsonObject;
  path: string;
}

/**
 * Every field error of `value` (a whole custom resource) against `schema` (its
 * `openAPIV3Schema`). `metadata` is checked only as far as the schema constrains it; the server
 * validates ObjectMeta itself. Returns [] for a valid object.
 */
export function validateAgainstSchema(value: JsonValue, schema: JsonObject): FieldCause[] {
  return [...validateNode({ value, schema, path: '' }), ...embeddedErrors({ value, schema, path: '' }, false), ...listTypeErrors({ value, schema, path: '' })];
}

// ---------------------------------------------------------------- OpenAPI value validation

/** How kube-openapi errors name a node: its path, `<nil>` for the root (the validator gets no field path). */
function fieldOf(path: string): string {
  return path === '' ? '<nil>' : path;
}

/** The errors of one node: type, logic junctors, then the checks that apply to the value's JSON type. */
function validateNode(node: Node): FieldCause[] {
  if (node.value === null && flag(node.schema, 'nullable')) return [];
  const typeErrors = typeErrorsOf(node);
  if (node.value === null) return typeErrors;
  return [...typeErrors, ...compositionErrors(node), ...kindErrors(node), ...enumErrors(node)];
}

/** The type names a node accepts: `integer,string` for int-or-string, else its `type`. */
function allowedTypes(schema: JsonObject): string[] {
  if (flag(schema, 'x-kubernetes-int-or-string')) return ['integer', 'string'];
  const type = schema['type'];
  return typeof type === 'string' && type !== '' ? [type] : [];
}

/** `spec.size in body must be of type integer: "string"` — the bad value printed is the value's type name. */
function typeErrorsOf(node: Node): FieldCause[] {
  const types = allowedTypes(node.schema);
  const actual = typeOfJson(node.value);
  if (types.length === 0 || types.includes(actual) || (actual === 'integer' && types.includes('number'))) return [];
  return [fieldTypeInvalid(fieldOf(node.path), actual, `${node.path} in body must be of type ${types.join(',')}: ${JSON.stringify(actual)}`)];
}

/** The checks for the value's JSON type. */
function kindErrors(node: Node): FieldCause[] {
  const type: JsonType = typeOfJson(node.value);
  if (type === 'string') return stringErrors(node, node.value as string);
  if (type === 'array') return arrayErrors(node, node.value as JsonValue[]);
  if (type === 'object') return objectErrors(node, node.value as JsonObject);
  if (type === 'integer' || type === 'number') return numberErrors(node, node.value as number);
  return [];
}

/** A number keyword of the node, if set. */
function numberKeyword(schema: JsonObject, key: string): number | undefined {
  const value = schema[key];
  return typeof value === 'number' ? value : undefined;
}

/** The sub-schemas of `allOf`/`anyOf`/`oneOf`. */
function schemaList(value: JsonValue | undefined): JsonObject[] {
  return Array.isArray(value) ? value.filter((v): v is JsonObject => isPlainObject(v)) : [];
}

// ---------------------------------------------------------------- logic junctors

/** A junctor's own error: kube-openapi gives it no field, so it prints as `<nil>: Invalid value: ""`. */
function junctorError(path: string, detail: string): FieldCause {
  return fieldInvalid('<nil>', '', `${JSON.stringify(path)} ${detail}`);
}

/** The errors of the failing branch kube-openapi reports (the one closest to passing). */
function bestFailure(results: FieldCause[][]): FieldCause[] {
  return results.reduce((best, r) => (r.length > 0 && (best.length === 0 || r.length < best.length) ? r : best), [] as FieldCause[]);
}

/** allOf, anyOf, oneOf and not: value validations applied to the same value. */
function compositionErrors(node: Node): FieldCause[] {
  return [...allOfErrors(node), ...anyOfErrors(node), ...oneOfErrors(node), ...notErrors(node)];
}

/** Every branch's errors, then `must validate all the schemas (allOf)` if any failed. */
function allOfErrors(node: Node): FieldCause[] {
  const results = schemaList(node.schema['allOf']).map((schema) => validateNode({ ...node, schema }));
  const errors = results.flat();
  return errors.length === 0 ? [] : [...errors, junctorError(node.path, 'must validate all the schemas (allOf)')];
}

/** `must validate at least one schema (anyOf)` and the best failing branch, unless a branch passes. */
function anyOfErrors(node: Node): FieldCause[] {
  const results = schemaList(node.schema['anyOf']).map((schema) => validateNode({ ...node, schema }));
  if (results.length === 0 || results.some((r) => r.length === 0)) return [];
  return [junctorError(node.path, 'must validate at least one schema (anyOf)'), ...bestFailure(results)];
}

/** `must validate one and only one schema (oneOf). Found none valid` (with the best failure) or `Found 2 valid alternatives`. */
function oneOfErrors(node: Node): FieldCause[] {
  const results = schemaList(node.schema['oneOf']).map((schema) => validateNode({ ...node, schema }));
  const valid = results.filter((r) => r.length === 0).length;
  if (results.length === 0 || valid === 1) return [];
  if (valid > 1) return [junctorError(node.path, `must validate one and only one schema (oneOf). Found ${valid} valid alternatives`)];
  return [junctorError(node.path, 'must validate one and only one schema (oneOf). Found none valid'), ...bestFailure(results)];
}

/** `must not validate the schema (not)` when the `not` schema passes. */
function notErrors(node: Node): FieldCause[] {
  const not = asSchema(node.schema['not']);
  if (not === undefined || validateNode({ ...node, schema: not }).length > 0) return [];
  return [junctorError(node.path, 'must not validate the schema (not)')];
}

// ---------------------------------------------------------------- strings

/** maxLength, minLength (in characters), pattern and format. */
function stringErrors(node: Node, value: string): FieldCause[] {
  const errors: FieldCause[] = [];
  const length = [...value].length;
  const maxLength = numberKeyword(node.schema, 'maxLength');
  const minLength = numberKeyword(node.schema, 'minLength');
  const pattern = node.schema['pattern'];
  if (maxLength !== undefined && length > maxLength) errors.push(fieldTooLong(fieldOf(node.path), maxLength));
  if (minLength !== undefined && length < minLength) errors.push(fieldInvalid(fieldOf(node.path), value, `${node.path} in body should be at least ${minLength} chars long`));
  if (typeof pattern === 'string' && !matches(pattern, value)) errors.push(fieldInvalid(fieldOf(node.path), value, `${node.path} in body should match '${pattern}'`));
  return [...errors, ...formatErrors(node, value)];
}

/** Whether `value` contains a match of `pattern` (an unanchored search, as Go's MatchString); a bad pattern matches all. */
function matches(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    return true;
  }
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HOST_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** Whether `value` is an IPv6 address (the WHATWG URL parser does the work). */
function isIPv6(value: string): boolean {
  return value.includes(':') && URL.canParse(`http://[${value}]/`);
}

/** Whether `value` is an RFC 1123 host name. */
function isHostname(value: string): boolean {
  return value.length <= 255 && value.split('.').every((label) => HOST_LABEL.test(label));
}

/** Whether `value` is `address/prefix` with a prefix in range for the address family. */
function isCidr(value: string): boolean {
  const [address = '', prefix = '', ...rest] = value.split('/');
  if (rest.length > 0 || !/^\d{1,3}$/.test(prefix)) return false;
  const bits = Number(prefix);
  return (IPV4.test(address) && bits <= 32) || (isIPv6(address) && bits <= 128);
}

/** Whether a `YYYY-MM-DD` date exists on the calendar. */
function isCalendarDate(value: string): boolean {
  const date = new Date(`${value.slice(0, 10)}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value.slice(0, 10);
}

/** The checks of the string formats Kubernetes knows (strfmt's default registry); unknown formats pass. */
const FORMATS: Record<string, (value: string) => boolean> = {
  'date-time': (v) => /^\d{4}-\d{2}-\d{2}[Tt ]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):?[0-5]\d)$/.test(v) && isCalendarDate(v),
  date: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && isCalendarDate(v),
  uuid: (v) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(v),
  uuid3: (v) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(v),
  uuid4: (v) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i.test(v),
  uuid5: (v) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i.test(v),
  byte: (v) => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(v),
  ipv4: (v) => IPV4.test(v),
  ipv6: isIPv6,
  cidr: isCidr,
  mac: (v) => /^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$/.test(v),
  hostname: isHostname,
  email: (v) => /^[^@\s]+@[^@\s]+$/.test(v),
  uri: (v) => URL.canParse(v),
  hexcolor: (v) => /^#?([0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})$/.test(v),
  rgbcolor: (v) => /^rgb\(\s*\d{1,3}\s*,\s*\d{1,3}\s*,\s*\d{1,3}\s*\)$/.test(v),
  duration: (v) => /^(\s*\d+(\.\d+)?\s*(ns|us|µs|ms|s|m|h|d|w)\s*)+$/.test(v),
};
FORMATS['datetime'] = FORMATS['date-time'] as (value: string) => boolean;

/** `spec.at in body must be of type date-time: "noon"` for a string not in its format. */
function formatErrors(node: Node, value: string): FieldCause[] {
  const format = node.schema['format'];
  if (typeof format !== 'string' || !Object.hasOwn(FORMATS, format)) return [];
  const check = FORMATS[format];
  if (check === undefined || check(value)) return [];
  return [fieldTypeInvalid(fieldOf(node.path), value, `${node.path} in body must be of type ${format}: ${JSON.stringify(value)}`)];
}

// ---------------------------------------------------------------- enum, numbers

/** `Unsupported value: "pink": supported values: "red", "green"` (non-string values as JSON). */
function enumErrors(node: Node): FieldCause[] {
  const values = node.schema['enum'];
  if (!Array.isArray(values) || values.length === 0 || values.some((v) => jsonEqual(v, node.value))) return [];
  const supported = values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  return [fieldNotSupported(fieldOf(node.path), node.value, supported)];
}

/** minimum/maximum (with the OpenAPI v3.0 boolean exclusive flags) and multipleOf. */
function numberErrors(node: Node, value: number): FieldCause[] {
  const field = fieldOf(node.path);
  const max = numberKeyword(node.schema, 'maximum');
  const min = numberKeyword(node.schema, 'minimum');
  const multipleOf = numberKeyword(node.schema, 'multipleOf');
  const errors: FieldCause[] = [];
  if (multipleOf !== undefined && multipleOf > 0 && !Number.isInteger(value / multipleOf)) errors.push(fieldInvalid(field, value, `${node.path} in body should be a multiple of ${multipleOf}`));
  if (max !== undefined) errors.push(...boundErrors({ node, value, bound: max, upper: true }));
  if (min !== undefined) errors.push(...boundErrors({ node, value, bound: min, upper: false }));
  return errors;
}

/** One bound check: `should be less than (or equal to) N` / `should be greater than (or equal to) N`. */
function boundErrors(check: { node: Node; value: number; bound: number; upper: boolean }): FieldCause[] {
  const { node, value, bound, upper } = check;
  const exclusive = flag(node.schema, upper ? 'exclusiveMaximum' : 'exclusiveMinimum');
  const beyond = upper ? value > bound : value < bound;
  if (!beyond && !(exclusive && value === bound)) return [];
  const relation = `${upper ? 'less' : 'greater'} than${exclusive ? '' : ' or equal to'}`;
  return [fieldInvalid(fieldOf(node.path), value, `${node.path} in body should be ${relation} ${bound}`)];
}

// ---------------------------------------------------------------- arrays and objects

/** maxItems, minItems, uniqueItems, then each item against `items`. */
function arrayErrors(node: Node, value: JsonValue[]): FieldCause[] {
  const field = fieldOf(node.path);
  const max = numberKeyword(node.schema, 'maxItems');
  const min = numberKeyword(node.schema, 'minItems');
  const errors: FieldCause[] = [];
  if (max !== undefined && value.length > max) errors.push(fieldTooMany(field, value.length, max));
  if (min !== undefined && value.length < min) errors.push(fieldInvalid(field, value.length, `${node.path} in body should have at least ${min} items`));
  if (flag(node.schema, 'uniqueItems') && value.some((v, i) => value.findIndex((w) => jsonEqual(v, w)) !== i)) {
    errors.push(fieldInvalid(field, '', `${node.path} in body shouldn't contain duplicates`));
  }
  const items = itemsOf(node.schema);
  if (items === undefined) return errors;
  return [...errors, ...value.flatMap((item, i) => validateNode({ value: item, schema: items, path: indexPath(node.path, i) }))];
}

/** required, maxProperties/minProperties, then each field against its property or additionalProperties. */
function objectErrors(node: Node, value: JsonObject): FieldCause[] {
  const required = node.schema['required'];
  const missing = Array.isArray(required) ? required.filter((k): k is string => typeof k === 'string' && !Object.hasOwn(value, k)) : [];
  return [...missing.map((k) => fieldRequired(childPath(node.path, k))), ...propertyCountErrors(node, value), ...fieldErrors(node, value)];
}

/** `Too many: 3: must have at most 2 items` (maxProperties) and minProperties. */
function propertyCountErrors(node: Node, value: JsonObject): FieldCause[] {
  const count = Object.keys(value).length;
  const max = numberKeyword(node.schema, 'maxProperties');
  const min = numberKeyword(node.schema, 'minProperties');
  const errors: FieldCause[] = [];
  if (max !== undefined && count > max) errors.push(fieldTooMany(fieldOf(node.path), count, max));
  if (min !== undefined && count < min) errors.push(fieldInvalid(fieldOf(node.path), count, `${node.path} in body should have at least ${min} properties`));
  return errors;
}

/** The fields of an object: declared properties, then the others against `additionalProperties`. */
function fieldErrors(node: Node, value: JsonObject): FieldCause[] {
  const properties = propertiesOf(node.schema);
  const additional = additionalPropertiesOf(node.schema);
  return Object.entries(value).flatMap(([key, child]) => {
    const property = asSchema(properties[key]);
    if (Object.hasOwn(properties, key)) return property === undefined ? [] : validateNode({ value: child, schema: property, path: childPath(node.path, key) });
    if (additional === false) return [fieldInvalid(fieldOf(node.path), '', `${node.path}.${key} in body is a forbidden property`)];
    return typeof additional === 'object' ? validateNode({ value: child, schema: additional, path: keyPath(node.path, key) }) : [];
  });
}

// ---------------------------------------------------------------- structure walks

/** The child nodes of a node as field.Path names them: properties `a.b`, map values `a[k]`, items `a[0]`. */
function childNodes(node: Node): Node[] {
  if (Array.isArray(node.value)) {
    const items = itemsOf(node.schema);
    return items === undefined ? [] : node.value.map((value, i) => ({ value, schema: items, path: indexPath(node.path, i) }));
  }
  if (!isPlainObject(node.value)) return [];
  const properties = propertiesOf(node.schema);
  const additional = additionalPropertiesOf(node.schema);
  return Object.entries(node.value).flatMap(([key, value]): Node[] => {
    const property = asSchema(properties[key]);
    if (property !== undefined) return [{ value, schema: property, path: childPath(node.path, key) }];
    return typeof additional === 'object' ? [{ value, schema: additional, path: keyPath(node.path, key) }] : [];
  });
}

// ---------------------------------------------------------------- embedded resources

/** Kinds must be DNS-1035 labels once lower-cased. */
const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_MESSAGE =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

/** Embedded resources (`x-kubernetes-embedded-resource`) need a string apiVersion and kind; the root is the server's business. */
function embeddedErrors(node: Node, checkHere: boolean): FieldCause[] {
  const own = checkHere && isPlainObject(node.value) ? typeMetaErrors(node.path, node.value) : [];
  return [...own, ...childNodes(node).flatMap((child) => embeddedErrors(child, flag(child.schema, 'x-kubernetes-embedded-resource')))];
}

/** `apiVersion: Required value`, `kind: Invalid value: 1: must be a string`… for one embedded object. */
function typeMetaErrors(path: string, value: JsonObject): FieldCause[] {
  return [...typeMetaField(childPath(path, 'apiVersion'), value['apiVersion'], apiVersionError), ...typeMetaField(childPath(path, 'kind'), value['kind'], kindError)];
}

/** The checks common to apiVersion and kind: present, a string, not empty, then `check`. */
function typeMetaField(field: string, value: JsonValue | undefined, check: (field: string, value: string) => FieldCause[]): FieldCause[] {
  if (value === undefined) return [fieldRequired(field)];
  if (typeof value !== 'string') return [fieldInvalid(field, value, 'must be a string')];
  return value === '' ? [fieldRequired(field)] : check(field, value);
}

/** `unexpected GroupVersion string: a/b/c` for more than one slash. */
function apiVersionError(field: string, value: string): FieldCause[] {
  return value.split('/').length > 2 ? [fieldInvalid(field, value, `unexpected GroupVersion string: ${value}`)] : [];
}

/** `may have mixed case, but should otherwise match: <DNS-1035 message>`. */
function kindError(field: string, value: string): FieldCause[] {
  const lower = value.toLowerCase();
  const problems = [...(lower.length > 63 ? ['must be no more than 63 characters'] : []), ...(DNS1035.test(lower) ? [] : [DNS1035_MESSAGE])];
  return problems.length === 0 ? [] : [fieldInvalid(field, value, `may have mixed case, but should otherwise match: ${problems.join(',')}`)];
}

// ---------------------------------------------------------------- list-type set and map

/** Go's `%#v` of a JSON value, as field errors print compound bad values. */
function goSyntax(value: JsonValue): string {
  if (value === null) return 'interface {}(nil)';
  if (Array.isArray(value)) return `[]interface {}{${value.map(goSyntax).join(', ')}}`;
  if (typeof value === 'object') {
    const entries = Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${goSyntax(value[k] ?? null)}`);
    return `map[string]interface {}{${entries.join(', ')}}`;
  }
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** `Duplicate value: "a"`, or Go's rendering of a compound value. */
function duplicate(field: string, value: JsonValue): FieldCause {
  if (value === null || typeof value !== 'object') return fieldDuplicate(field, value);
  return { reason: 'FieldValueDuplicate', field, message: `Duplicate value: ${goSyntax(value)}` };
}

/** A canonical string for comparing set members and map keys (sorted object keys). */
function canonical(value: JsonValue | undefined): string {
  if (value === undefined) return '\u0000unspecified';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  return JSON.stringify(value);
}

/** The indexes of the second occurrence of each repeated key. */
function repeatedIndexes(keys: string[]): number[] {
  const seen = new Map<string, number>();
  return keys.flatMap((key, i) => {
    const times = (seen.get(key) ?? 0) + 1;
    seen.set(key, times);
    return times === 2 ? [i] : [];
  });
}

/** Uniqueness of `x-kubernetes-list-type: set` members and `map` keys, everywhere in the object. */
function listTypeErrors(node: Node): FieldCause[] {
  const own = Array.isArray(node.value) ? listErrors(node, node.value) : [];
  return [...own, ...childNodes(node).flatMap(listTypeErrors)];
}

/** The set or map errors of one list. */
function listErrors(node: Node, list: JsonValue[]): FieldCause[] {
  const listType = node.schema['x-kubernetes-list-type'];
  if (listType === 'set') return repeatedIndexes(list.map(canonical)).map((i) => duplicate(indexPath(node.path, i), list[i] ?? null));
  return listType === 'map' ? mapListErrors(node, list) : [];
}

/** Items must be objects; `Duplicate value: map[string]interface {}{"name":"a"}` for a repeated key. */
function mapListErrors(node: Node, list: JsonValue[]): FieldCause[] {
  const bad = list.findIndex((item) => item !== null && !isPlainObject(item));
  if (bad >= 0) return [fieldInvalid(indexPath(node.path, bad), list[bad], 'must be an object for an array of list-type map')];
  const keyNames = node.schema['x-kubernetes-list-map-keys'];
  const names = Array.isArray(keyNames) ? keyNames.filter((k): k is string => typeof k === 'string') : [];
  const keys = list.map((item) => mapKey(item, names));
  return repeatedIndexes(keys.map((k) => canonical(k))).map((i) => duplicate(indexPath(node.path, i), keys[i] ?? {}));
}

/** The key object of one map-list item: its present key fields. */
function mapKey(item: JsonValue, names: string[]): JsonObject {
  const key: JsonObject = {};
  if (!isPlainObject(item)) return key;
  for (const name of names) {
    const value = (item)[name];
    if (value !== undefined) key[name] = value;
  }
  return key;
}
