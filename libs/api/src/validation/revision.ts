/**
 * Revision and RevisionSpec validation (serving `revision_validation.go`, VALIDATION.md §5).
 */
import { Operation, type ValidationContext } from '../core/context.js';
import type { PodSpec } from '../core/podspec.js';
import { errOutOfBoundsValue, FieldError } from '../errors/field-error.js';
import type { Revision, RevisionSpec } from '../serving/v1/revision.types.js';
import { validateObjectMetadata } from './metadata.js';
import { validatePodSpec } from './podspec.js';
import { isStatusUpdate, oldObjectOf, validateRevisionSpecUnchanged } from './update.js';

/** The PodSpec part of a RevisionSpec: everything but Knative's four own fields. */
function podSpecOf(spec: RevisionSpec): PodSpec {
  const { containerConcurrency, timeoutSeconds, responseStartTimeoutSeconds, idleTimeoutSeconds, ...pod } = spec;
  void [containerConcurrency, timeoutSeconds, responseStartTimeoutSeconds, idleTimeoutSeconds];
  return pod;
}

/** `timeoutSeconds`, when set and non-zero, in [0, config-defaults `max-revision-timeout-seconds`]. */
function validateTimeoutSeconds(timeoutSeconds: number | undefined, ctx: ValidationContext): FieldError {
  const max = ctx.defaults.maxRevisionTimeoutSeconds;
  if (timeoutSeconds === undefined || timeoutSeconds === 0 || (timeoutSeconds > 0 && timeoutSeconds <= max)) return FieldError.empty();
  return errOutOfBoundsValue(timeoutSeconds, 0, max, 'timeoutSeconds');
}

/**
 * `containerConcurrency`, when set, in [min, config-defaults `container-concurrency-max-limit`], min 0
 * (1 when `allow-container-concurrency-zero` is false) — serving `ValidateContainerConcurrency`.
 */
function validateContainerConcurrency(cc: number | undefined, ctx: ValidationContext): FieldError {
  if (cc === undefined) return FieldError.empty();
  const min = ctx.defaults.allowContainerConcurrencyZero ? 0 : 1;
  const max = ctx.defaults.containerConcurrencyMaxLimit;
  return cc < min || cc > max ? errOutOfBoundsValue(cc, min, max, 'containerConcurrency') : FieldError.empty();
}

/**
 * `RevisionSpec.Validate`: the PodSpec (§7, by `validatePodSpec`), timeoutSeconds and containerConcurrency.
 * `responseStartTimeoutSeconds` and `idleTimeoutSeconds` are not validated, as upstream. Paths are relative
 * to the spec; the caller adds `spec` (Revision) or `spec.template.spec` (templates).
 */
export function validateRevisionSpec(spec: RevisionSpec | undefined, ctx: ValidationContext): FieldError {
  const s = spec ?? {};
  return validatePodSpec(podSpecOf(s), ctx).also(
    validateTimeoutSeconds(s.timeoutSeconds, ctx),
    validateContainerConcurrency(s.containerConcurrency, ctx),
  );
}

/**
 * `Revision.Validate` (§5.1), absolute paths: metadata (§1 for a Revision, incl. its autoscaling annotations
 * and configuration label ↔ owner), then on CREATE the spec; on UPDATE the spec must be unchanged, and a
 * changed spec is reported alone (upstream returns that error instead of the others). Status is not validated,
 * and a status write is not checked at all (§0.2: the controller's status writes are never blocked).
 */
export function validateRevision(revision: Revision, ctx: ValidationContext): FieldError {
  if (isStatusUpdate(ctx)) return FieldError.empty();
  const errs = validateObjectMetadata(revision.metadata, 'Revision', ctx).viaField('metadata');
  if (ctx.operation === Operation.Update) {
    const changed = validateRevisionSpecUnchanged(revision.spec, oldObjectOf<Revision>(ctx).spec);
    return changed.isEmpty() ? errs : changed;
  }
  return errs.also(validateRevisionSpec(revision.spec, ctx).viaField('spec'));
}
