// The checks every write makes before it is stored: the body is an object of the URL's kind in
// the URL's namespace, unknown fields are dropped (or refused with fieldValidation=Strict),
// schema defaults are filled in, and the result is valid (metadata, schema, kind rules).
import {
  applySchemaDefaults,
  badRequest,
  checkCrd,
  groupVersion,
  invalid,
  isPlainObject,
  pruneUnknownFields,
  RBAC_GROUP,
  strictUnknownFieldsError,
  unknownFieldWarning,
  validateAgainstSchema,
  validateMetaUpdate,
  validateObjectMeta,
  type FieldCause,
  type JsonObject,
  type KubeObject,
  type NameRule,
  type ResourceType,
} from '@ebb/apimachinery';
import { builtinSchemaOf } from './builtin-schemas.js';
import type { FieldValidation } from './operations.js';

/** The name rule of a kind's `metadata.name` (SEMANTICS.md §1). */
export function nameRuleOf(resource: ResourceType): NameRule {
  if (resource.group === '' && resource.kind === 'Namespace') return 'label';
  if (resource.group === '' && resource.kind === 'Service') return 'dns1035';
  if (resource.group === RBAC_GROUP) return 'path';
  return 'subdomain';
}

/**
 * The request body as an object of `resource` in `namespace`: apiVersion and kind filled in when
 * absent, refused (400) when they name another kind or the namespace differs from the URL's.
 */
export function decodeBody(resource: ResourceType, body: unknown, namespace: string): KubeObject {
  if (!isPlainObject(body)) throw badRequest(`the body of the request was not a JSON object`);
  const apiVersion = checkedTypeField(body.apiVersion, groupVersion(resource.group, resource.version), 'API version');
  const kind = checkedTypeField(body.kind, resource.kind, 'kind');
  const metadata = body.metadata ?? {};
  if (!isPlainObject(metadata)) throw badRequest('metadata must be an object');
  const object = { ...body, apiVersion, kind, metadata: { ...metadata } } as KubeObject;
  if (resource.namespaced) object.metadata.namespace = checkedNamespace(object.metadata.namespace, namespace);
  return object;
}

/** `apiVersion` or `kind` of a body: the expected value when absent, 400 when another. */
function checkedTypeField(given: unknown, expected: string, what: 'API version' | 'kind'): string {
  if (given === undefined || given === expected) return expected;
  const shown = typeof given === 'string' ? given : JSON.stringify(given);
  throw badRequest(`the ${what} in the data (${shown}) does not match the expected ${what} (${expected})`);
}

function checkedNamespace(given: string | undefined, namespace: string): string {
  if (given !== undefined && given !== '' && given !== namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  return namespace;
}

/**
 * Drops unknown fields (warning or refusing per `fieldValidation`) and fills schema defaults.
 * Custom kinds use their CRD schema; built-in kinds the schemas of their client models
 * (Kubernetes' typed decoder drops unknown fields of built-ins too).
 */
export function pruneAndDefault(resource: ResourceType, object: KubeObject, validation: FieldValidation, warnings: string[]): KubeObject {
  const schema = resource.schema ?? builtinSchemaOf(resource);
  const { value, pruned } = pruneUnknownFields(object as unknown as JsonObject, schema);
  if (pruned.length > 0 && validation === 'Strict') throw badRequest(strictUnknownFieldsError(pruned));
  if (validation === 'Warn') warnings.push(...pruned.map((path) => unknownFieldWarning(path)));
  return (resource.custom ? applySchemaDefaults(value, schema) : value) as unknown as KubeObject;
}

function kindCauses(resource: ResourceType, object: KubeObject): FieldCause[] {
  if (resource.group === 'apiextensions.k8s.io' && resource.kind === 'CustomResourceDefinition') return checkCrd(object);
  if (resource.custom && resource.schema !== undefined) {
    const { metadata: _m, ...rest } = object;
    return validateAgainstSchema(rest as never, resource.schema);
  }
  return [];
}

/** Refuses (422 Invalid) an object whose metadata, schema or kind rules fail; `old` for updates. */
export function validateObject(resource: ResourceType, object: KubeObject, old: KubeObject | undefined): void {
  const causes = [
    ...validateObjectMeta(object.metadata, { namespaced: resource.namespaced, nameRule: nameRuleOf(resource), creating: old === undefined }),
    ...(old === undefined ? [] : validateMetaUpdate(old.metadata, object.metadata)),
    ...kindCauses(resource, object),
  ];
  if (causes.length > 0) throw invalid({ kind: resource.kind, group: resource.group, name: object.metadata.name ?? '', causes });
}
