/**
 * RevisionTemplateSpec validation (serving `RevisionTemplateSpec.Validate`, VALIDATION.md §4.2): the
 * RevisionSpec, the template's annotations and its BYO name.
 */
import { parseGoDuration } from '@ebb/config';
import type { ValidationContext } from '../core/context.js';
import { validateName } from '@ebb/apimachinery';
import {
  AnnotationAliases,
  firstKey,
  NetworkingAnnotations,
  QueueSidecarAnnotations,
  ServingAnnotations,
  type StringMap,
} from '../core/labels.js';
import type { ObjectMeta } from '../core/meta.js';
import { byoRevisionNamePrefix, hasByoRevisionNamePrefix } from '../core/names.js';
import { errDisallowedFields, errInvalidKeyName, errInvalidValue, errOutOfBoundsValue, FieldError } from '../errors/field-error.js';
import { goQuote, goValue } from '../errors/go-format.js';
import type { RevisionTemplateSpec } from '../serving/v1/revision.types.js';
import { parseGoFloat } from './annotations/go-parse.js';
import { validateAutoscalingAnnotations } from './autoscaling-annotations.js';
import { validateRevisionSpec } from './revision.js';

/** The prefix of the networking annotation group. */
const NETWORKING_GROUP = 'networking.knative.dev';

/** The networking annotations a revision template may carry (knative/networking `ValidateAnnotations`). */
const ALLOWED_NETWORKING_ANNOTATIONS: ReadonlySet<string> = new Set([
  NetworkingAnnotations.IngressClass,
  NetworkingAnnotations.IngressClassAlias,
  NetworkingAnnotations.CertificateClass,
  NetworkingAnnotations.CertificateClassAlias,
  NetworkingAnnotations.DisableAutoTLS,
  NetworkingAnnotations.DisableAutoTLSAlias,
  NetworkingAnnotations.DisableExternalDomainTLS,
  NetworkingAnnotations.HTTPOption,
  NetworkingAnnotations.HTTPProtocol,
]);

/** The deprecation warning of the queue-proxy resource percentage annotation (VALIDATION.md §4.2). */
export const RESOURCE_PERCENTAGE_DEPRECATED = 'Queue proxy resource percentage annotation is deprecated';

/** The queue-proxy annotations that must parse as Kubernetes quantities. */
const QUEUE_QUANTITY_ANNOTATIONS: readonly string[] = [
  QueueSidecarAnnotations.CPUResourceRequest,
  QueueSidecarAnnotations.CPUResourceLimit,
  QueueSidecarAnnotations.MemoryResourceRequest,
  QueueSidecarAnnotations.MemoryResourceLimit,
  QueueSidecarAnnotations.EphemeralStorageResourceRequest,
  QueueSidecarAnnotations.EphemeralStorageResourceLimit,
];

/** A Kubernetes `resource.Quantity` in its serialized form: a signed decimal with an SI, binary or exponent suffix. */
const QUANTITY = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+|Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?$/;

/** Whether `value` parses as a Kubernetes quantity (apimachinery `resource.ParseQuantity`). */
export function isQuantity(value: string): boolean {
  return QUANTITY.test(value);
}

/** Networking annotations outside the allowed set: `invalid key name "<key>"` at the annotations map. */
function validateNetworkingAnnotations(annotations: StringMap): FieldError {
  return Object.keys(annotations)
    .filter((key) => key.startsWith(NETWORKING_GROUP) && !ALLOWED_NETWORKING_ANNOTATIONS.has(key))
    .reduce((errs, key) => errs.also(errInvalidKeyName(key, '')), FieldError.empty());
}

/** The deprecated resource percentage: always a warning; an error unless a float in [0.1, 100]. */
function validateResourcePercentage(annotations: StringMap): FieldError {
  const found = firstKey(annotations, AnnotationAliases.ResourcePercentage);
  if (found === undefined) return FieldError.empty();
  const warning = new FieldError({ message: RESOURCE_PERCENTAGE_DEPRECATED, paths: [found.key] }).asWarning();
  const value = parseGoFloat(found.value);
  if (value === undefined) return warning.also(errInvalidValue(found.value, '').viaKey(found.key));
  if (value < 0.1 || value > 100) return warning.also(errOutOfBoundsValue(value, 0.1, 100, '').viaKey(found.key));
  return warning;
}

/** Queue-proxy annotations: the percentage rules and the per-resource quantities (`[<key>]` paths). */
function validateQueueSidecarAnnotations(annotations: StringMap): FieldError {
  return QUEUE_QUANTITY_ANNOTATIONS.filter((key) => Object.hasOwn(annotations, key) && !isQuantity(annotations[key] ?? '')).reduce(
    (errs, key) => errs.also(errInvalidValue(annotations[key] ?? '', '').viaKey(key)),
    validateResourcePercentage(annotations),
  );
}

/** `serving.knative.dev/progress-deadline`: a Go duration, in whole seconds, not negative (path = the key). */
function validateProgressDeadline(annotations: StringMap): FieldError {
  const key = ServingAnnotations.ProgressDeadline;
  const value = annotations[key] ?? '';
  if (value === '') return FieldError.empty();
  const ms = parseGoDuration(value);
  if (ms === undefined) return errInvalidValue(value, key);
  if (!Number.isInteger(ms / 1000)) return new FieldError({ message: `progress-deadline=${value} is not at second precision`, paths: [key] });
  if (ms < 0) return new FieldError({ message: `progress-deadline=${value} must be positive`, paths: [key] });
  return FieldError.empty();
}

/** The template's annotations other than autoscaling ones; paths relative to `metadata.annotations`. */
function validateTemplateAnnotations(annotations: StringMap): FieldError {
  return validateNetworkingAnnotations(annotations).also(validateQueueSidecarAnnotations(annotations), validateProgressDeadline(annotations));
}

/** `not a DNS 1035 label[ prefix]: [<msgs>]` as an invalid value at `path`, or empty when fine. */
function dns1035(value: string, prefix: boolean, path: string): FieldError {
  const msgs = validateName('dns1035', value, prefix);
  if (msgs.length === 0) return FieldError.empty();
  return errInvalidValue(`not a DNS 1035 label${prefix ? ' prefix' : ''}: ${goValue(msgs)}`, path);
}

/** A BYO name: a DNS-1035 label, not allowed under a generateName-only parent, starting with `<parent name>-`. */
function validateByoName(name: string, parent: ObjectMeta | undefined): FieldError {
  const badName = dns1035(name, false, 'metadata.name');
  if (!badName.isEmpty()) return badName;
  const parentName = parent?.name ?? '';
  if (parentName === '' && (parent?.generateName ?? '') !== '') return errDisallowedFields('metadata.name');
  if (hasByoRevisionNamePrefix(parentName, name)) return FieldError.empty();
  return errInvalidValue(`${goQuote(name)} must have prefix ${goQuote(byoRevisionNamePrefix(parentName))}`, 'metadata.name');
}

/** `validateRevisionName`: generateName a DNS-1035 prefix, else the BYO name rules; the first problem only. */
function validateRevisionName(meta: ObjectMeta | undefined, parent: ObjectMeta | undefined): FieldError {
  const generateName = meta?.generateName ?? '';
  const badPrefix = generateName === '' ? FieldError.empty() : dns1035(generateName, true, 'metadata.generateName');
  const name = meta?.name ?? '';
  return !badPrefix.isEmpty() || name === '' ? badPrefix : validateByoName(name, parent);
}

/**
 * `RevisionTemplateSpec.Validate` within a Configuration or Service whose metadata is `parent`
 * (`apis.WithinParent`). Paths are relative to the template (`spec.containers`, `metadata.name`,
 * `metadata.annotations…`); the caller adds `viaField('spec.template')`. A missing template is
 * validated as an empty one (Go's zero value), so it reports the missing containers.
 */
export function validateRevisionTemplate(
  template: RevisionTemplateSpec | undefined,
  parent: ObjectMeta | undefined,
  ctx: ValidationContext,
): FieldError {
  const annotations = template?.metadata?.annotations ?? {};
  return validateRevisionSpec(template?.spec, ctx)
    .viaField('spec')
    .also(
      validateAutoscalingAnnotations(template?.metadata?.annotations, ctx).viaField('metadata'),
      validateRevisionName(template?.metadata, parent),
      validateTemplateAnnotations(annotations).viaField('metadata.annotations'),
    );
}
