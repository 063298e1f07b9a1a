// Whether a CRD's `openAPIV3Schema` is structural, and the other static rules
// apiextensions.k8s.io/v1 puts on it (apiextensions-apiserver apiserver/schema/validation.go,
// complete.go and apis/apiextensions/validation ValidateCustomResourceDefinitionOpenAPISchema).
// Paths are field.Path style: `spec.versions[0].schema.openAPIV3Schema.properties[spec].type`.
import type { FieldCause } from '../field-cause.js';
import { fieldForbidden, fieldInvalid, fieldNotSupported, fieldRequired, formatCause } from '../field-cause.js';
import { jsonEqual, type JsonObject, type JsonValue } from '../object.js';
import { goStringSlice } from '../meta-validation.js';
import { compareStrings } from '../values.js';
import { additionalPropertiesOf, asSchema, flag, itemsOf, propertiesOf } from './walk.js';

/** Where a v1 CRD's first version keeps its schema; the default field path of {@link checkStructural}. */
export const V1_SCHEMA_PATH = 'spec.versions[0].schema.openAPIV3Schema';

/** The level of a node: the root, a list's items, or an object's field. */
type Level = 'root' | 'item' | 'field';

/** One node of the structural part of a schema. */
interface Site {
  schema: JsonObject;
  level: Level;
  path: string;
}

/**
 * The errors that make `schema` unacceptable as a CRD version's `openAPIV3Schema`: the
 * structural rules (sorted, as Kubernetes sorts them), then the other static rules. [] for a
 * good schema.
 */
export function checkStructural(schema: unknown, fieldPath: string = V1_SCHEMA_PATH): FieldCause[] {
  if (schema === undefined || schema === null) return [fieldRequired(fieldPath, 'schemas are required')];
  const root = asSchema(schema);
  if (root === undefined) return [fieldInvalid(fieldPath, schema, 'must be an object')];
  const structural = [...invariants({ schema: root, level: 'root', path: fieldPath }), ...junctorCompleteness({ v: root, s: root, sPath: fieldPath, vPath: fieldPath })];
  structural.sort((a, b) => compareStrings(formatCause(a), formatCause(b)));
  return [...structural, ...openApiRules({ schema: root, path: fieldPath, isRoot: true, insideMeta: false })];
}

/** Byte-wise string order, as Go's sort of error strings. */

/** `a` + `properties`, `spec` → `a.properties[spec]`. */
function propertyPath(path: string, key: string): string {
  return `${path}.properties[${key}]`;
}

/** The `type` of a node ('' when absent). */
function typeOf(schema: JsonObject | undefined): string {
  const type = schema?.['type'];
  return typeof type === 'string' ? type : '';
}

/** The sub-schemas of a junctor keyword. */
function junctorList(schema: JsonObject, key: string): JsonObject[] {
  const list = schema[key];
  return Array.isArray(list) ? list.map((v) => asSchema(v) ?? {}) : [];
}

// ---------------------------------------------------------------- structural invariants

/** Every rule of one structural node, and of the nodes below it. */
function invariants(site: Site): FieldCause[] {
  return [...childInvariants(site), ...typeInvariants(site), ...extensionInvariants(site), ...valueValidationRules({ schema: site.schema, skipAnyOf: isIntOrStringAnyOf(site.schema), skipFirstAllOfAnyOf: isIntOrStringAllOf(site.schema), path: site.path }), ...metaInvariants(site)];
}

/** Items (required for arrays), properties and additionalProperties (not at the root). */
function childInvariants(site: Site): FieldCause[] {
  const { schema, path } = site;
  const errors: FieldCause[] = [];
  const items = itemsOf(schema);
  if (typeOf(schema) === 'array' && items === undefined) errors.push(fieldRequired(`${path}.items`, 'must be specified'));
  if (items !== undefined) errors.push(...invariants({ schema: items, level: 'item', path: `${path}.items` }));
  for (const [key, property] of Object.entries(propertiesOf(schema))) errors.push(...invariants({ schema: asSchema(property) ?? {}, level: 'field', path: propertyPath(path, key) }));
  const additional = additionalPropertiesOf(schema);
  if (additional !== undefined && site.level === 'root') errors.push(fieldForbidden(`${path}.additionalProperties`, 'must not be used at the root'));
  if (typeof additional === 'object') errors.push(...invariants({ schema: additional, level: 'field', path: `${path}.additionalProperties` }));
  return errors;
}

/** The detail of a missing `type`, by level. */
const EMPTY_TYPE: Record<Level, string> = {
  root: 'must not be empty at the root',
  item: 'must not be empty for specified array items',
  field: 'must not be empty for specified object fields',
};

/** The `type` rule of one node: embedded resources are objects; otherwise a type is needed unless int-or-string or preserve-unknown-fields. */
function typePresence(site: Site, type: string): FieldCause[] {
  const { schema, path } = site;
  const embeddedDetail = 'must be object if x-kubernetes-embedded-resource is true';
  if (flag(schema, 'x-kubernetes-embedded-resource')) {
    if (type === 'object') return [];
    return [type === '' ? fieldRequired(`${path}.type`, embeddedDetail) : fieldInvalid(`${path}.type`, type, embeddedDetail)];
  }
  const untyped = flag(schema, 'x-kubernetes-int-or-string') || flag(schema, 'x-kubernetes-preserve-unknown-fields');
  return type === '' && !untyped ? [fieldRequired(`${path}.type`, EMPTY_TYPE[site.level])] : [];
}

/** `type` is required (unless int-or-string or preserve-unknown-fields), `object` at the root and for embedded resources. */
function typeInvariants(site: Site): FieldCause[] {
  const type = typeOf(site.schema);
  const rootType = site.level === 'root' && type !== '' && type !== 'object' ? [fieldInvalid(`${site.path}.type`, type, 'must be object at the root')] : [];
  return [...typePresence(site, type), ...rootType];
}

/** int-or-string excludes preserve-unknown-fields and embedded-resource; embedded resources need properties or preserve. */
function extensionInvariants(site: Site): FieldCause[] {
  const { schema, path } = site;
  const intOrString = flag(schema, 'x-kubernetes-int-or-string');
  const embedded = flag(schema, 'x-kubernetes-embedded-resource');
  const preserve = flag(schema, 'x-kubernetes-preserve-unknown-fields');
  const errors: FieldCause[] = [];
  if (intOrString && preserve) errors.push(fieldInvalid(`${path}.x-kubernetes-preserve-unknown-fields`, true, 'must be false if x-kubernetes-int-or-string is true'));
  if (intOrString && embedded) errors.push(fieldInvalid(`${path}.x-kubernetes-embedded-resource`, true, 'must be false if x-kubernetes-int-or-string is true'));
  if (embedded && additionalPropertiesOf(schema) !== undefined) errors.push(fieldForbidden(`${path}.additionalProperties`, 'must not be used if x-kubernetes-embedded-resource is set'));
  if (embedded && !preserve && Object.keys(propertiesOf(schema)).length === 0) {
    errors.push(fieldRequired(`${path}.properties`, 'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields'));
  }
  return errors;
}

/** At the root and in embedded resources: `kind` and `apiVersion` are strings, `metadata` an object constraining only name/generateName. */
function metaInvariants(site: Site): FieldCause[] {
  const { schema, path } = site;
  if (site.level !== 'root' && !flag(schema, 'x-kubernetes-embedded-resource')) return [];
  const properties = propertiesOf(schema);
  const errors: FieldCause[] = [];
  for (const key of ['kind', 'apiVersion']) {
    const type = typeOf(asSchema(properties[key]));
    if (Object.hasOwn(properties, key) && type !== 'string') errors.push(fieldInvalid(`${propertyPath(path, key)}.type`, type, 'must be string'));
  }
  const metadata = asSchema(properties['metadata']);
  if (metadata === undefined) return errors;
  if (typeOf(metadata) !== 'object') errors.push(fieldInvalid(`${propertyPath(path, 'metadata')}.type`, typeOf(metadata), 'must be object'));
  if (site.level === 'root' && !onlyNameAndGenerateName(metadata)) {
    errors.push(fieldForbidden(propertyPath(path, 'metadata'), 'must not specify anything other than name and generateName, but metadata is implicitly specified'));
  }
  return errors;
}

/** Whether a root `metadata` schema says nothing but its type, a default and properties `name`/`generateName`. */
function onlyNameAndGenerateName(metadata: JsonObject): boolean {
  const names = Object.keys(propertiesOf(metadata));
  const propertiesOk = names.length > 0 && names.length <= 2 && names.every((n) => n === 'name' || n === 'generateName');
  return Object.keys(metadata).every((key) => key === 'type' || key === 'default' || (key === 'properties' && propertiesOk));
}

// ---------------------------------------------------------------- value validations (allOf, anyOf, oneOf, not)

/** `anyOf: [{type: integer}, {type: string}]`, the one place a junctor may carry a type. */
const INT_OR_STRING_ANY_OF: JsonValue = [{ type: 'integer' }, { type: 'string' }];

/** Whether the node's anyOf is the int-or-string pattern. */
function isIntOrStringAnyOf(schema: JsonObject): boolean {
  return jsonEqual(schema['anyOf'] ?? null, INT_OR_STRING_ANY_OF);
}

/** Whether the node's first allOf holds the int-or-string anyOf pattern. */
function isIntOrStringAllOf(schema: JsonObject): boolean {
  const first = junctorList(schema, 'allOf')[0];
  return first !== undefined && isIntOrStringAnyOf(first);
}

/** A node's junctors, each checked as a nested value validation; plus its pattern. */
function valueValidationRules(at: { schema: JsonObject; skipAnyOf: boolean; skipFirstAllOfAnyOf: boolean; path: string }): FieldCause[] {
  const { schema, path } = at;
  const errors: FieldCause[] = [];
  if (!at.skipAnyOf) junctorList(schema, 'anyOf').forEach((v, i) => errors.push(...nestedRules(v, `${path}.anyOf[${i}]`, false)));
  junctorList(schema, 'allOf').forEach((v, i) => errors.push(...nestedRules(v, `${path}.allOf[${i}]`, at.skipFirstAllOfAnyOf && i === 0)));
  junctorList(schema, 'oneOf').forEach((v, i) => errors.push(...nestedRules(v, `${path}.oneOf[${i}]`, false)));
  const not = asSchema(schema['not']);
  if (not !== undefined) errors.push(...nestedRules(not, `${path}.not`, false));
  return [...errors, ...patternRule(schema, path)];
}

/** `pattern` must compile. */
function patternRule(schema: JsonObject, path: string): FieldCause[] {
  const pattern = schema['pattern'];
  if (typeof pattern !== 'string' || pattern === '') return [];
  try {
    new RegExp(pattern, 'u');
    return [];
  } catch (error) {
    return [fieldInvalid(`${path}.pattern`, pattern, `must be a valid regular expression, but isn't: ${(error as Error).message}`)];
  }
}

/** Keywords forbidden inside a junctor: [keyword, whether the node sets it, detail]. */
const NESTED_FORBIDDEN: readonly [string, (value: JsonValue) => boolean, string][] = [
  ['type', (v) => v !== '', 'must be empty to be structural'],
  ['additionalProperties', () => true, 'must be undefined to be structural'],
  ['default', () => true, 'must be undefined to be structural'],
  ['title', (v) => v !== '', 'must be empty to be structural'],
  ['description', (v) => v !== '', 'must be empty to be structural'],
  ['nullable', (v) => v === true, 'must be false to be structural'],
  ['externalDocs', () => true, 'must be undefined to be structural'],
  ['x-kubernetes-preserve-unknown-fields', (v) => v === true, 'must be false to be structural'],
  ['x-kubernetes-embedded-resource', (v) => v === true, 'must be false to be structural'],
  ['x-kubernetes-int-or-string', (v) => v === true, 'must be false to be structural'],
  ['x-kubernetes-list-map-keys', (v) => Array.isArray(v) && v.length > 0, 'must be empty to be structural'],
  ['x-kubernetes-list-type', () => true, 'must be undefined to be structural'],
  ['x-kubernetes-map-type', () => true, 'must be undefined to be structural'],
  ['x-kubernetes-validations', (v) => Array.isArray(v) && v.length > 0, 'must be empty to be structural'],
];

/** A node inside a junctor: only value validations, no metadata, recursively. */
function nestedRules(schema: JsonObject, path: string, skipAnyOf: boolean): FieldCause[] {
  const errors = valueValidationRules({ schema, skipAnyOf, skipFirstAllOfAnyOf: false, path });
  const items = itemsOf(schema);
  if (items !== undefined) errors.push(...nestedRules(items, `${path}.items`, false));
  for (const [key, property] of Object.entries(propertiesOf(schema))) errors.push(...nestedRules(asSchema(property) ?? {}, propertyPath(path, key), false));
  for (const [key, set, detail] of NESTED_FORBIDDEN) {
    const value = schema[key];
    if (value !== undefined && value !== null && set(value)) errors.push(fieldForbidden(`${path}.${key}`, detail));
  }
  if (Object.hasOwn(propertiesOf(schema), 'metadata')) errors.push(fieldForbidden(propertyPath(path, 'metadata'), 'must not be specified in a nested context'));
  return errors;
}

// ---------------------------------------------------------------- completeness

/** A junctor node `v` checked against the structural node `s` it applies to. */
interface Pair {
  v: JsonObject;
  s: JsonObject | undefined;
  sPath: string;
  vPath: string;
}

/** `Required value: because it is defined in <path>` for a field or items only a junctor of the root names. */
function junctorCompleteness(pair: Pair): FieldCause[] {
  const { v, s, sPath, vPath } = pair;
  if (s === undefined) return [fieldRequired(sPath, `because it is defined in ${vPath}`)];
  const errors: FieldCause[] = [];
  const not = asSchema(v['not']);
  if (not !== undefined) errors.push(...nestedCompleteness({ v: not, s, sPath, vPath: `${vPath}.not` }));
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    junctorList(v, key).forEach((sub, i) => errors.push(...nestedCompleteness({ v: sub, s, sPath, vPath: `${vPath}.${key}[${i}]` })));
  }
  return errors;
}

/** A nested node's own junctors, items and properties, each against the matching structural node. */
function nestedCompleteness(pair: Pair): FieldCause[] {
  const { v, s, sPath, vPath } = pair;
  if (s === undefined) return [fieldRequired(sPath, `because it is defined in ${vPath}`)];
  const errors = junctorCompleteness(pair);
  const items = itemsOf(v);
  if (items !== undefined) errors.push(...nestedCompleteness({ v: items, s: itemsOf(s), sPath: `${sPath}.items`, vPath: `${vPath}.items` }));
  const declared = propertiesOf(s);
  for (const [key, property] of Object.entries(propertiesOf(v))) {
    const sub = { v: asSchema(property) ?? {}, s: asSchema(declared[key]), sPath: propertyPath(sPath, key), vPath: propertyPath(vPath, key) };
    errors.push(...(Object.hasOwn(declared, key) ? nestedCompleteness(sub) : [fieldRequired(sub.sPath, `because it is defined in ${sub.vPath}`)]));
  }
  return errors;
}

// ---------------------------------------------------------------- CRD OpenAPI schema rules

/** Where the CRD rules walk: the node, its path, and what surrounds it. */
interface RuleSite {
  schema: JsonObject;
  path: string;
  isRoot: boolean;
  insideMeta: boolean;
  /** Why `default` is forbidden here (e.g. `in top-level metadata`), when it is. */
  noDefaults?: string;
}

/** The types a CRD schema may name. */
const OPENAPI_TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];

/** Keywords a CRD schema may not use. */
const UNSUPPORTED = ['id', 'additionalItems', 'patternProperties', 'definitions', 'dependencies', '$ref'];

/** The static rules of one node, then of the nodes below it. */
function openApiRules(site: RuleSite): FieldCause[] {
  return [...keywordRules(site), ...propertyRules(site), ...childRules(site), ...extensionRules(site), ...listMapRules(site)];
}

/** type, default, unsupported keywords, items arrays, uniqueItems, embedded resources in metadata. */
function keywordRules(site: RuleSite): FieldCause[] {
  const { schema, path } = site;
  const type = schema['type'];
  const errors: FieldCause[] = [];
  if (typeof type === 'string' && type !== '' && !OPENAPI_TYPES.includes(type)) errors.push(fieldNotSupported(`${path}.type`, type, OPENAPI_TYPES));
  if (schema['default'] !== undefined && site.noDefaults !== undefined) errors.push(fieldForbidden(`${path}.default`, `must not be set ${site.noDefaults}`));
  for (const key of UNSUPPORTED) if (schema[key] !== undefined) errors.push(fieldForbidden(`${path}.${key}`, `${key} is not supported`));
  return [...errors, ...shapeRules(site)];
}

/** `type: null`, an items array, embedded resources inside resource meta, uniqueItems. */
function shapeRules(site: RuleSite): FieldCause[] {
  const { schema, path } = site;
  const errors: FieldCause[] = [];
  if (schema['type'] === 'null') errors.push(fieldForbidden(`${path}.type`, 'type cannot be set to null, use nullable as an alternative'));
  if (Array.isArray(schema['items'])) errors.push(fieldForbidden(`${path}.items`, 'items must be a schema object and not an array'));
  if (site.insideMeta && flag(schema, 'x-kubernetes-embedded-resource')) errors.push(fieldForbidden(`${path}.x-kubernetes-embedded-resource`, 'must not be used inside of resource meta'));
  if (flag(schema, 'uniqueItems')) errors.push(fieldForbidden(`${path}.uniqueItems`, 'uniqueItems cannot be set to true since the runtime complexity becomes quadratic'));
  return errors;
}

/** properties xor additionalProperties; each property and the additionalProperties schema in turn. */
function propertyRules(site: RuleSite): FieldCause[] {
  const { schema, path } = site;
  const properties = propertiesOf(schema);
  const additional = additionalPropertiesOf(schema);
  const errors: FieldCause[] = [];
  if (additional !== undefined && additional !== true && Object.keys(properties).length > 0) {
    errors.push(fieldForbidden(`${path}.additionalProperties`, 'additionalProperties and properties are mutual exclusive'));
  }
  if (typeof additional === 'object') {
    const noDefaults = site.insideMeta ? 'inside additionalProperties applying to object metadata' : site.noDefaults;
    errors.push(...openApiRules({ ...site, schema: additional, path: `${path}.additionalProperties`, isRoot: false, noDefaults }));
  }
  for (const [key, property] of Object.entries(properties)) errors.push(...openApiRules(propertySite(site, key, asSchema(property) ?? {})));
  return errors;
}

/** The site of a property: `metadata`, `apiVersion` and `kind` of a resource are resource meta (no defaults at the root). */
function propertySite(parent: RuleSite, key: string, schema: JsonObject): RuleSite {
  const site: RuleSite = { ...parent, schema, path: propertyPath(parent.path, key), isRoot: false };
  const meta = (parent.isRoot || flag(parent.schema, 'x-kubernetes-embedded-resource')) && ['metadata', 'apiVersion', 'kind'].includes(key);
  if (!meta) return site;
  return { ...site, insideMeta: true, noDefaults: parent.isRoot ? `in top-level ${key}` : parent.noDefaults };
}

/** not, allOf, oneOf, anyOf and items, with the same surroundings. */
function childRules(site: RuleSite): FieldCause[] {
  const { schema, path } = site;
  const below = { ...site, isRoot: false };
  const errors: FieldCause[] = [];
  const not = asSchema(schema['not']);
  if (not !== undefined) errors.push(...openApiRules({ ...below, schema: not, path: `${path}.not` }));
  for (const key of ['allOf', 'oneOf', 'anyOf']) junctorList(schema, key).forEach((v, i) => errors.push(...openApiRules({ ...below, schema: v, path: `${path}.${key}[${i}]` })));
  const items = itemsOf(schema);
  if (items !== undefined) errors.push(...openApiRules({ ...below, schema: items, path: `${path}.items` }));
  return errors;
}

/** `x-kubernetes-preserve-unknown-fields: false`, and map-type / list-type values and the types they need. */
function extensionRules(site: RuleSite): FieldCause[] {
  const { schema, path } = site;
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === false ? [fieldInvalid(`${path}.x-kubernetes-preserve-unknown-fields`, false, 'must be true or undefined')] : [];
  return [
    ...preserve,
    ...enumExtensionRules({ site, extension: 'x-kubernetes-map-type', type: 'object', values: ['atomic', 'granular'] }),
    ...enumExtensionRules({ site, extension: 'x-kubernetes-list-type', type: 'array', values: ['atomic', 'set', 'map'] }),
  ];
}

/** An extension with a fixed set of values that only applies to one type (`x-kubernetes-list-type`, `x-kubernetes-map-type`). */
function enumExtensionRules(rule: { site: RuleSite; extension: string; type: string; values: string[] }): FieldCause[] {
  const value = rule.site.schema[rule.extension];
  if (value === undefined) return [];
  const supported = typeof value === 'string' && rule.values.includes(value) ? [] : [fieldNotSupported(`${rule.site.path}.${rule.extension}`, value, rule.values)];
  return [...typeRequirement(rule.site, rule.type, rule.extension), ...supported];
}

/** `type: Required value: must be array if x-kubernetes-list-type is specified` (Invalid for another type). */
function typeRequirement(site: RuleSite, type: string, extension: string): FieldCause[] {
  const actual = typeOf(site.schema);
  const detail = `must be ${type} if ${extension} is specified`;
  if (actual === type) return [];
  return [actual === '' ? fieldRequired(`${site.path}.type`, detail) : fieldInvalid(`${site.path}.type`, actual, detail)];
}

/** The map keys of a node. */
function mapKeysOf(schema: JsonObject): string[] {
  const keys = schema['x-kubernetes-list-map-keys'];
  return Array.isArray(keys) ? keys.filter((k): k is string => typeof k === 'string') : [];
}

/** list-map-keys need list-type map; a map list needs keys and object items whose key fields are scalars, required or defaulted. */
function listMapRules(site: RuleSite): FieldCause[] {
  const { schema, path } = site;
  const listType = schema['x-kubernetes-list-type'];
  const keys = mapKeysOf(schema);
  const errors: FieldCause[] = [];
  if (keys.length > 0 && listType === undefined) errors.push(fieldRequired(`${path}.x-kubernetes-list-type`, 'must be map if x-kubernetes-list-map-keys is non-empty'));
  if (keys.length > 0 && listType !== undefined && listType !== 'map') errors.push(fieldInvalid(`${path}.x-kubernetes-list-type`, listType, 'must be map if x-kubernetes-list-map-keys is non-empty'));
  if (listType !== 'map') return errors;
  if (keys.length === 0) errors.push(fieldRequired(`${path}.x-kubernetes-list-map-keys`, 'must not be empty if x-kubernetes-list-type is map'));
  const items = itemsOf(schema);
  if (items === undefined) return [...errors, fieldRequired(`${path}.items`, 'must have a schema if x-kubernetes-list-type is map')];
  if (typeOf(items) !== 'object') return [...errors, fieldInvalid(`${path}.items.type`, typeOf(items), "must be object if parent array's x-kubernetes-list-type is map")];
  return [...errors, ...mapKeyRules(site, items, keys)];
}

/** Each map key: an item property, scalar, listed once, required or defaulted, not nullable. */
function mapKeyRules(site: RuleSite, items: JsonObject, keys: string[]): FieldCause[] {
  const properties = propertiesOf(items);
  const required = Array.isArray(items['required']) ? items['required'] : [];
  const keyList = `${site.path}.x-kubernetes-list-map-keys`;
  return keys.flatMap((key, i): FieldCause[] => {
    const property = asSchema(properties[key]);
    const at = `${site.path}.items.properties[${key}]`;
    if (keys.indexOf(key) !== i) return [{ reason: 'FieldValueInvalid', field: keyList, message: `Invalid value: ${goStringSlice(keys)}: must not contain duplicate entries` }];
    if (property === undefined) return [{ reason: 'FieldValueInvalid', field: keyList, message: `Invalid value: ${goStringSlice(keys)}: entries must all be names of item properties` }];
    const errors: FieldCause[] = [];
    if (['array', 'object'].includes(typeOf(property))) errors.push(fieldInvalid(`${at}.type`, 'object', "must be a scalar type if parent array's x-kubernetes-list-type is map"));
    if (property['default'] === undefined && !required.includes(key)) errors.push(fieldRequired(`${at}.default`, 'this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property'));
    if (flag(property, 'nullable')) errors.push(fieldForbidden(`${at}.nullable`, 'this property is in x-kubernetes-list-map-keys, so it cannot be nullable'));
    return errors;
  });
}
