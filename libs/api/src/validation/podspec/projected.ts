/**
 * Items of secret/configMap volumes and projected volume sources (`k8s_validation.go`
 * `validateKeyToPath`, `validateProjectedVolumeSource` and the projection validators).
 */
import { FieldError, errGeneric, errMissingField, errMissingOneOf, errMultipleOneOf } from '../../errors/field-error.js';
import { asObject, disallowedFields, isSet, type JsonObject } from './fields.js';

const KEY_TO_PATH_FIELDS = ['key', 'path', 'mode'] as const;
const PROJECTION_FIELDS = ['secret', 'configMap', 'serviceAccountToken', 'downwardAPI'] as const;
const OBJECT_PROJECTION_FIELDS = ['name', 'items', 'optional'] as const;
const TOKEN_FIELDS = ['audience', 'expirationSeconds', 'path'] as const;
const DOWNWARD_FILE_FIELDS = ['path', 'fieldRef', 'resourceFieldRef', 'mode'] as const;

/** A list field of `o`, or an empty list. */
function listOf(o: JsonObject, key: string): unknown[] {
  const v = o[key];
  return Array.isArray(v) ? v : [];
}

/** `missing field(s)` at `key` when it is empty. */
function required(o: JsonObject, key: string): FieldError {
  return isSet(o[key]) ? FieldError.empty() : errMissingField(key);
}

/** One `items[j]` entry: key and path required (paths relative to the item). */
function validateKeyToPath(item: unknown): FieldError {
  const o = asObject(item);
  return disallowedFields(o, KEY_TO_PATH_FIELDS).also(required(o, 'key'), required(o, 'path'));
}

/** The `items` of a secret/configMap volume or projection (paths relative to its owner). */
export function validateItems(owner: unknown): FieldError {
  const items = listOf(asObject(owner), 'items');
  return FieldError.empty().also(...items.map((item, j) => validateKeyToPath(item).viaFieldIndex('items', j)));
}

/** A secret or configMap projection: name required (paths relative to it). */
function validateObjectProjection(projection: unknown): FieldError {
  const o = asObject(projection);
  return disallowedFields(o, OBJECT_PROJECTION_FIELDS).also(required(o, 'name'), validateItems(o));
}

/** A serviceAccountToken projection: path required. */
function validateTokenProjection(projection: unknown): FieldError {
  const o = asObject(projection);
  return disallowedFields(o, TOKEN_FIELDS).also(required(o, 'path'));
}

/** A downwardAPI file: path and exactly one of fieldRef/resourceFieldRef. */
function validateDownwardFile(file: unknown): FieldError {
  const o = asObject(file);
  const field = isSet(o['fieldRef']);
  const resource = isSet(o['resourceFieldRef']);
  let errs = disallowedFields(o, DOWNWARD_FILE_FIELDS);
  if (!field && !resource) errs = errs.also(errMissingOneOf('fieldRef', 'resourceFieldRef'));
  if (field && resource) errs = errs.also(errGeneric('Within a single item, cannot set both', 'resourceFieldRef', 'fieldRef'));
  return errs.also(required(o, 'path'));
}

/** A downwardAPI projection (paths relative to it). */
function validateDownwardProjection(projection: unknown): FieldError {
  const o = asObject(projection);
  const files = listOf(o, 'items').map((file, j) => validateDownwardFile(file).viaFieldIndex('items', j));
  return disallowedFields(o, ['items']).also(...files);
}

const PROJECTION_VALIDATORS: Readonly<Record<(typeof PROJECTION_FIELDS)[number], (p: unknown) => FieldError>> = {
  secret: validateObjectProjection,
  configMap: validateObjectProjection,
  serviceAccountToken: validateTokenProjection,
  downwardAPI: validateDownwardProjection,
};

/** One projected volume source: exactly one of secret/configMap/serviceAccountToken/downwardAPI (paths relative to it). */
export function validateProjection(source: unknown): FieldError {
  const o = asObject(source);
  const present = PROJECTION_FIELDS.filter((key) => isSet(o[key]));
  const errs = disallowedFields(o, PROJECTION_FIELDS).also(...present.map((key) => PROJECTION_VALIDATORS[key](o[key]).viaField(key)));
  if (present.length === 0) return errs.also(errMissingOneOf(...PROJECTION_FIELDS));
  if (present.length > 1) return errs.also(errMultipleOneOf(...present));
  return errs;
}
