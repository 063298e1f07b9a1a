/**
 * Traffic targets of a Route or Service (serving `route_validation.go` `validateTrafficList` and
 * `TrafficTarget.Validate`, VALIDATION.md §3.1–3.2).
 */
import { validateDns1035Label, validateQualifiedName } from '@ebb/apimachinery';
import {
  errDisallowedFields,
  errGeneric,
  errInvalidArrayValue,
  errInvalidKeyName,
  errMissingField,
  errMissingOneOf,
  errMultipleOneOf,
  errOutOfBoundsValue,
  FieldError,
} from '../errors/field-error.js';
import { goQuote, goValue } from '../errors/go-format.js';
import type { TrafficTarget } from '../serving/v1/route.types.js';

/** Where a traffic list sits: Knative's `apis.WithinSpec` / `apis.WithinStatus` and `WithDefaultConfigurationName`. */
export interface TrafficScope {
  /** `spec` (what users write) or `status` (what the Route reports). */
  readonly within: 'spec' | 'status';
  /** Inside a Service: targets name neither revision nor configuration and mean the Service's own configuration. */
  readonly hasDefaultConfigurationName: boolean;
}

/** The scope of a standalone Route's `spec.traffic`. */
export const ROUTE_SPEC_SCOPE: TrafficScope = { within: 'spec', hasDefaultConfigurationName: false };
/** The scope of a Service's `spec.traffic` (the Service's own configuration is the default). */
export const SERVICE_SPEC_SCOPE: TrafficScope = { within: 'spec', hasDefaultConfigurationName: true };

/** `may not set revisionName "<rev>" when latestRevision is <bool>` (spec only, when latestRevision is set). */
function validateLatestRevision(tt: TrafficTarget, scope: TrafficScope): FieldError {
  if (scope.within !== 'spec' || tt.latestRevision === undefined) return FieldError.empty();
  const revisionName = tt.revisionName ?? '';
  const pinned = revisionName !== '';
  if (pinned !== tt.latestRevision) return FieldError.empty();
  return errGeneric(`may not set revisionName ${goQuote(revisionName)} when latestRevision is ${goValue(tt.latestRevision)}`, 'latestRevision');
}

/** `invalid key name "<name>"` with apimachinery's qualified-name messages, or empty when the name is fine. */
function qualifiedName(name: string, path: string): FieldError {
  const msgs = validateQualifiedName(name);
  return msgs.length === 0 ? FieldError.empty() : errInvalidKeyName(name, path, ...msgs);
}

/** The revisionName / configurationName rules; only the first matching case applies, as upstream's `switch`. */
function validateRevisionAndConfiguration(tt: TrafficTarget, scope: TrafficScope): FieldError {
  const revisionName = tt.revisionName ?? '';
  const configurationName = tt.configurationName ?? '';
  if (scope.hasDefaultConfigurationName && configurationName !== '') return errDisallowedFields('configurationName');
  if (revisionName !== '' && configurationName !== '') return errMultipleOneOf('revisionName', 'configurationName');
  if (revisionName !== '') return qualifiedName(revisionName, 'revisionName');
  return validateWithoutRevisionName(configurationName, scope);
}

/** The remaining cases of {@link validateRevisionAndConfiguration} once no revisionName is set. */
function validateWithoutRevisionName(configurationName: string, scope: TrafficScope): FieldError {
  if (scope.within === 'status') return errMissingField('revisionName');
  if (configurationName !== '') return qualifiedName(configurationName, 'configurationName');
  if (scope.hasDefaultConfigurationName) return FieldError.empty();
  return errMissingOneOf('revisionName', 'configurationName');
}

/** `percent`, when set, in [0, 100]. */
function validatePercent(tt: TrafficTarget): FieldError {
  if (tt.percent === undefined || (tt.percent >= 0 && tt.percent <= 100)) return FieldError.empty();
  return errOutOfBoundsValue(tt.percent, 0, 100, 'percent');
}

/** `url` is never settable in spec nor on an untagged target; a tagged status target needs one. */
function validateUrl(tt: TrafficTarget, scope: TrafficScope): FieldError {
  const tagged = (tt.tag ?? '') !== '';
  if ((tt.url ?? '') !== '') {
    const inSpec = scope.within === 'spec' ? errDisallowedFields('url') : FieldError.empty();
    return inSpec.also(tagged ? undefined : errDisallowedFields('url'));
  }
  return tagged && scope.within === 'status' ? errMissingField('url') : FieldError.empty();
}

/** One traffic target (`TrafficTarget.Validate`); paths are relative to the target (the caller adds `traffic[<i>]`). */
export function validateTrafficTarget(tt: TrafficTarget, scope: TrafficScope): FieldError {
  return validateLatestRevision(tt, scope).also(validateRevisionAndConfiguration(tt, scope), validatePercent(tt), validateUrl(tt, scope));
}

/** The tag rules of entry `i`: DNS-1035 (`tag[<i>]`, upstream's quirk) and uniqueness against earlier entries. */
function validateTag(tag: string, i: number, seen: ReadonlyMap<string, number>): FieldError {
  const msgs = validateDns1035Label(tag);
  const label = msgs.length === 0 ? FieldError.empty() : errInvalidArrayValue(`not a DNS 1035 label: ${goValue(msgs)}`, 'tag', i);
  const first = seen.get(tag);
  if (first === undefined) return label;
  return label.also(new FieldError({ message: `Multiple definitions for ${goQuote(tag)}`, paths: [`[${i}].tag`, `[${first}].tag`] }));
}

/**
 * A traffic list (`validateTrafficList`): each target, tags valid and unique, percents summing to 100.
 * Paths are relative to the list (`[0].percent`, `tag[1]`, ``); the caller adds `viaField('traffic')`.
 */
export function validateTrafficList(traffic: readonly TrafficTarget[] | undefined, scope: TrafficScope): FieldError {
  let errs = FieldError.empty();
  const seen = new Map<string, number>();
  let sum = 0;
  (traffic ?? []).forEach((tt, i) => {
    errs = errs.also(validateTrafficTarget(tt, scope).viaIndex(i));
    sum += tt.percent ?? 0;
    const tag = tt.tag ?? '';
    if (tag === '') return;
    errs = errs.also(validateTag(tag, i, seen));
    if (!seen.has(tag)) seen.set(tag, i);
  });
  if (sum !== 100) errs = errs.also(errGeneric(`Traffic targets sum to ${sum}, want 100`, ''));
  return errs;
}
