/**
 * VALIDATION.md §1: the `metadata` of a Service, Configuration, Revision or Route (knative/pkg
 * `apis.ValidateObjectMetadata`, serving `serving.ValidateObjectMetadata`,
 * `ValidateRolloutDurationAnnotation` and the kinds' `validateLabels`).
 */
import { parseGoDuration } from '@ebb/config';
import type { ValidationContext } from '../core/context.js';
import { validateName } from '@ebb/apimachinery';
import { AnnotationAliases, AUTOSCALING_ANNOTATION_PREFIX, firstKey, ServingLabels, type StringMap } from '../core/labels.js';
import type { ObjectMeta, OwnerReference } from '../core/meta.js';
import { CURRENT_FIELD, errInvalidKeyName, errInvalidValue, errMissingField, FieldError } from '../errors/field-error.js';
import { goValue } from '../errors/go-format.js';
import { validateAutoscalingAnnotations } from './autoscaling-annotations.js';

/** Knative's kinds that validation distinguishes. */
export type ServingKind = 'Service' | 'Configuration' | 'Revision' | 'Route';

/** Details of the error for an autoscaling annotation outside a revision template. */
const AUTOSCALING_ELSEWHERE = 'autoscaling annotations must be put under "spec.template.metadata.annotations" to work';
/** Go `time.Second` in ms. */
const SECOND = 1_000;

/** The owner label each kind checks: the label key and the owner kind its value must name. */
const OWNER_LABELS: Readonly<Record<ServingKind, { readonly label: string; readonly ownerKind: string } | undefined>> = {
  Service: undefined,
  Configuration: { label: ServingLabels.Service, ownerKind: 'Service' },
  Route: { label: ServingLabels.Service, ownerKind: 'Service' },
  Revision: { label: ServingLabels.Configuration, ownerKind: 'Configuration' },
};

/**
 * knative/pkg `apis.ValidateObjectMetadata`: generateName must be a DNS-1035 label prefix, name a
 * DNS-1035 label, and one of them set. The first problem is returned alone.
 */
function validateNames(meta: ObjectMeta): FieldError | undefined {
  const generateName = meta.generateName ?? '';
  const name = meta.name ?? '';
  const prefixMsgs = generateName === '' ? [] : validateName('dns1035', generateName, true);
  if (prefixMsgs.length > 0) return new FieldError({ message: `not a DNS 1035 label prefix: ${goValue(prefixMsgs)}`, paths: ['generateName'] });
  const nameMsgs = name === '' ? [] : validateName('dns1035', name, false);
  if (nameMsgs.length > 0) return new FieldError({ message: `not a DNS 1035 label: ${goValue(nameMsgs)}`, paths: ['name'] });
  if (generateName === '' && name === '') return new FieldError({ message: 'name or generateName is required', paths: ['name'] });
  return undefined;
}

/** serving `ValidateHasNoAutoscalingAnnotation`: one `invalid key name` error per autoscaling key (path `annotations`). */
function validateNoAutoscalingAnnotations(annotations: StringMap | undefined): FieldError {
  const keys = Object.keys(annotations ?? {}).filter((key) => key.startsWith(AUTOSCALING_ANNOTATION_PREFIX));
  return FieldError.empty()
    .also(...keys.map((key) => errInvalidKeyName(key, CURRENT_FIELD, AUTOSCALING_ELSEWHERE)))
    .viaField('annotations');
}

/**
 * serving `ValidateRolloutDurationAnnotation` (Service, Route): a non-empty rollout duration must be a
 * Go duration in whole seconds and not negative. Paths `annotations.<key>` (the key actually used).
 */
function validateRolloutDuration(annotations: StringMap | undefined): FieldError | undefined {
  const found = firstKey(annotations, AnnotationAliases.RolloutDuration);
  if (found === undefined || found.value === '') return undefined;
  const { key, value } = found;
  const ms = parseGoDuration(value);
  let err: FieldError | undefined;
  if (ms === undefined) err = errInvalidValue(value, key);
  else if (ms % SECOND !== 0) err = new FieldError({ message: `rollout-duration=${value} is not at second precision`, paths: [key] });
  else if (ms < 0) err = new FieldError({ message: `rollout-duration=${value} must be positive`, paths: [key] });
  return err?.viaField('annotations');
}

/** serving `verifyLabelOwnerRef`: the owner label needs an ownerReference of the owner kind with that name. */
function validateOwnerLabel(meta: ObjectMeta, kind: ServingKind): FieldError | undefined {
  const rule = OWNER_LABELS[kind];
  const labels = meta.labels ?? {};
  if (rule === undefined || !Object.hasOwn(labels, rule.label)) return undefined;
  const value = labels[rule.label];
  const owned = (meta.ownerReferences ?? []).some((ref: OwnerReference) => ref.kind === rule.ownerKind && ref.name === value);
  return owned ? undefined : errMissingField(rule.label).viaField('labels');
}

/** The annotation rules of `kind`: §6 on a Revision, no autoscaling keys elsewhere, rollout duration on Service/Route. */
function validateAnnotations(annotations: StringMap | undefined, kind: ServingKind, ctx: ValidationContext): FieldError {
  if (kind === 'Revision') return validateAutoscalingAnnotations(annotations, ctx);
  const rollout = kind === 'Service' || kind === 'Route' ? validateRolloutDuration(annotations) : undefined;
  return validateNoAutoscalingAnnotations(annotations).also(rollout);
}

/**
 * VALIDATION.md §1 for one object's metadata. Paths are relative to `metadata`: the caller prefixes
 * `metadata` (e.g. `err.viaField('metadata')`). Status-subresource writes are the caller's to skip.
 */
export function validateObjectMetadata(meta: ObjectMeta | undefined, kind: ServingKind, ctx: ValidationContext): FieldError {
  const m: ObjectMeta = meta ?? {};
  return FieldError.empty().also(validateNames(m), validateAnnotations(m.annotations, kind, ctx), validateOwnerLabel(m, kind));
}
