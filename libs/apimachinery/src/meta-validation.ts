// ObjectMeta validation on create and update, after Kubernetes' ValidateObjectMeta and
// ValidateObjectMetaUpdate (staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go),
// with its field paths and texts.
import { fieldForbidden, fieldInvalid, fieldRequired } from './field-cause.js';
import type { FieldCause } from './field-cause.js';
import { validateAnnotations, validateDns1123Label, validateLabels, validateName, validateQualifiedName } from './names.js';
import type { NameRule } from './names.js';
import type { ObjectMeta, OwnerReference } from './object.js';

/** How to validate one object's metadata. */
export interface ObjectMetaRules {
  /** Whether the kind is namespaced (namespace required) or cluster-scoped (namespace forbidden). */
  namespaced: boolean;
  /** The kind's name rule. */
  nameRule: NameRule;
  /** A create may carry only `generateName`: the name is generated after validation. */
  creating: boolean;
}

/** The finalizer of an Orphan delete. */
export const FINALIZER_ORPHAN = 'orphan';
/** The finalizer of a Foreground delete. */
export const FINALIZER_FOREGROUND = 'foregroundDeletion';

/** Go's `%#v` of a `[]string`: `[]string{"a", "b"}`. */
export function goStringSlice(values: readonly string[]): string {
  return `[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`;
}

/** True for a missing or empty string. */
function isEmpty(value: string | undefined): boolean {
  return value === undefined || value === '';
}

/** Causes for `metadata.generateName` and `metadata.name`. */
function validateNames(meta: ObjectMeta, rules: ObjectMetaRules): FieldCause[] {
  const causes: FieldCause[] = [];
  const generateName = meta.generateName ?? '';
  if (generateName !== '') {
    for (const msg of validateName(rules.nameRule, generateName, true)) causes.push(fieldInvalid('metadata.generateName', generateName, msg));
  }
  const name = meta.name ?? '';
  if (name !== '') {
    for (const msg of validateName(rules.nameRule, name)) causes.push(fieldInvalid('metadata.name', name, msg));
  } else if (!(rules.creating && generateName !== '')) {
    causes.push(fieldRequired('metadata.name', 'name or generateName is required'));
  }
  return causes;
}

/** Causes for `metadata.namespace`: required (a DNS-1123 label) when namespaced, forbidden otherwise. */
function validateNamespace(namespace: string | undefined, namespaced: boolean): FieldCause[] {
  if (!namespaced) return isEmpty(namespace) ? [] : [fieldForbidden('metadata.namespace', 'not allowed on this type')];
  if (namespace === undefined || namespace === '') return [fieldRequired('metadata.namespace')];
  return validateDns1123Label(namespace).map((msg) => fieldInvalid('metadata.namespace', namespace, msg));
}

/** The version of an apiVersion, `''` when it has none or does not parse (`a/b/c`). */
function versionOf(apiVersion: string): string {
  const parts = apiVersion.split('/');
  if (parts.length > 2) return '';
  return parts[parts.length - 1] ?? '';
}

/** One owner reference's causes (Kubernetes reports them without the list index). */
function validateOwnerReference(ref: OwnerReference): FieldCause[] {
  const path = 'metadata.ownerReferences';
  const causes: FieldCause[] = [];
  const apiVersion = ref.apiVersion ?? '';
  if (versionOf(apiVersion) === '') causes.push(fieldInvalid(`${path}.apiVersion`, apiVersion, 'version must not be empty'));
  for (const key of ['kind', 'name', 'uid'] as const) {
    const value = ref[key] ?? '';
    if (value === '') causes.push(fieldInvalid(`${path}.${key}`, value, 'must not be empty'));
  }
  if (apiVersion === 'v1' && ref.kind === 'Event') causes.push(fieldInvalid(path, {}, '/v1, Kind=Event is disallowed from being an owner'));
  return causes;
}

/** ValidateOwnerReferences: each reference, and at most one with `controller: true`. */
export function validateOwnerReferences(refs: readonly OwnerReference[] | undefined): FieldCause[] {
  const causes: FieldCause[] = [];
  let firstController = '';
  for (const ref of refs ?? []) {
    causes.push(...validateOwnerReference(ref));
    if (ref.controller !== true) continue;
    const current = `${ref.kind}/${ref.name}`;
    if (firstController === '') firstController = current;
    else {
      const detail = `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`;
      causes.push(fieldInvalid('metadata.ownerReferences', {}, detail));
    }
  }
  return causes;
}

/** ValidateFinalizers: qualified names, and not both `orphan` and `foregroundDeletion`. */
export function validateFinalizers(finalizers: readonly string[] | undefined): FieldCause[] {
  const list = finalizers ?? [];
  const causes: FieldCause[] = [];
  for (const finalizer of list) {
    for (const msg of validateQualifiedName(finalizer)) causes.push(fieldInvalid('metadata.finalizers', finalizer, msg));
  }
  if (list.includes(FINALIZER_ORPHAN) && list.includes(FINALIZER_FOREGROUND)) {
    const message = `Invalid value: ${goStringSlice(list)}: finalizer ${FINALIZER_ORPHAN} and ${FINALIZER_FOREGROUND} cannot be both set`;
    causes.push({ reason: 'FieldValueInvalid', field: 'metadata.finalizers', message });
  }
  return causes;
}

/** `metadata.generation` may not be negative. */
function validateGeneration(generation: number | undefined): FieldCause[] {
  return generation !== undefined && generation < 0 ? [fieldInvalid('metadata.generation', generation, 'must be greater than or equal to 0')] : [];
}

/** ValidateObjectMeta: names, namespace, generation, labels, annotations, ownerReferences, finalizers. */
export function validateObjectMeta(meta: ObjectMeta, opts: ObjectMetaRules): FieldCause[] {
  return [
    ...validateNames(meta, opts),
    ...validateNamespace(meta.namespace, opts.namespaced),
    ...validateGeneration(meta.generation),
    ...validateLabels(meta.labels, 'metadata.labels'),
    ...validateAnnotations(meta.annotations, 'metadata.annotations'),
    ...validateOwnerReferences(meta.ownerReferences),
    ...validateFinalizers(meta.finalizers),
  ];
}

/** How Go prints a metav1.Time in an error (`time.Time.String()`): `2024-01-02 03:04:05 +0000 UTC`. */
function goTime(value: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:(\.\d*[1-9])0*|\.0*)?Z$/.exec(value);
  return m === null ? JSON.stringify(value) : `${m[1]} ${m[2]}${m[3] ?? ''} +0000 UTC`;
}

/** `<field>: Invalid value: <new>: field is immutable` when the value changed (missing equals empty). */
function immutable(field: string, oldValue: string | undefined, newValue: string | undefined): FieldCause[] {
  if ((oldValue ?? '') === (newValue ?? '')) return [];
  return [fieldInvalid(`metadata.${field}`, newValue ?? '', 'field is immutable')];
}

/** During deletion no finalizer may be added: `Forbidden: no new finalizers can be added ...`. */
function noNewFinalizers(oldMeta: ObjectMeta, newMeta: ObjectMeta): FieldCause[] {
  if (isEmpty(oldMeta.deletionTimestamp)) return [];
  const before = new Set(oldMeta.finalizers ?? []);
  const added = [...new Set((newMeta.finalizers ?? []).filter((f) => !before.has(f)))].sort();
  if (added.length === 0) return [];
  const detail = `no new finalizers can be added if the object is being deleted, found new finalizers ${goStringSlice(added)}`;
  return [fieldForbidden('metadata.finalizers', detail)];
}

/** `metadata.creationTimestamp` changed: the new value printed as Go prints a time. */
function immutableCreationTimestamp(oldValue: string | undefined, newValue: string | undefined): FieldCause[] {
  if ((oldValue ?? '') === (newValue ?? '')) return [];
  const shown = newValue === undefined || newValue === '' ? '0001-01-01 00:00:00 +0000 UTC' : goTime(newValue);
  return [{ reason: 'FieldValueInvalid', field: 'metadata.creationTimestamp', message: `Invalid value: ${shown}: field is immutable` }];
}

/**
 * ValidateObjectMetaUpdate's checks on what may not change: no new finalizers on a terminating
 * object; `name`, `namespace`, `uid`, `creationTimestamp` immutable. (Kubernetes' update path first
 * copies an absent uid and the old creationTimestamp/deletionTimestamp into the new object; do so
 * before calling this if you want its leniency.) Validate the new metadata itself with
 * {@link validateObjectMeta}.
 */
export function validateMetaUpdate(oldMeta: ObjectMeta, newMeta: ObjectMeta): FieldCause[] {
  return [
    ...noNewFinalizers(oldMeta, newMeta),
    ...immutable('name', oldMeta.name, newMeta.name),
    ...immutable('namespace', oldMeta.namespace, newMeta.namespace),
    ...immutable('uid', oldMeta.uid, newMeta.uid),
    ...immutableCreationTimestamp(oldMeta.creationTimestamp, newMeta.creationTimestamp),
  ];
}
