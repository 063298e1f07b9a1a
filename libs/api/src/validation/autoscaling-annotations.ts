/**
 * VALIDATION.md §6: the `autoscaling.knative.dev/*` annotations of a Revision or revision template
 * (serving `pkg/apis/autoscaling/annotation_validation.go`), bounded by config-autoscaler.
 */
import { formatGoDuration, KPA_CLASS, parseGoDuration, type AutoscalerConfig } from '@ebb/config';
import type { ValidationContext } from '../core/context.js';
import { AutoscalingAnnotations as A, firstKey, type StringMap } from '../core/labels.js';
import { errGeneric, errInvalidValue, errOutOfBoundsValue, FieldError } from '../errors/field-error.js';
import { parseGoFloat, parseGoInt } from './annotations/go-parse.js';

/** The Horizontal Pod Autoscaler class (serving `autoscaling.HPA`). */
const HPA_CLASS = 'hpa.autoscaling.knative.dev';
/** Class values in this domain must be a known class. */
const KNATIVE_DOMAIN = '.knative.dev';
/** The metrics the KPA scales on. */
const KPA_METRICS: readonly string[] = ['concurrency', 'rps'];
/** The values of `metric-aggregation-algorithm` the KPA knows. */
const ALGORITHMS: readonly string[] = ['linear', 'weighted-exponential', 'weightedExponential'];
/** `math.MaxInt32`. */
const MAX_INT32 = 2 ** 31 - 1;
/** serving `autoscaling.TargetMin`. */
const TARGET_MIN = 0.01;
/** serving `autoscaling.WindowMin` / `WindowMax` in ms. */
const WINDOW_MIN = 6_000;
const WINDOW_MAX = 3_600_000;
/** Go `time.Second` in ms. */
const SECOND = 1_000;

/** The keys of each annotation in `kmap.KeyPriority` order (kebab-case first, legacy camelCase second). */
const Keys = {
  class: [A.Class],
  minScale: [A.MinScale, A.MinScaleAlias],
  maxScale: [A.MaxScale, A.MaxScaleAlias],
  initialScale: [A.InitialScale, A.InitialScaleAlias],
  activationScale: [A.ActivationScale],
  metric: [A.Metric],
  algorithm: [A.MetricAggregationAlgorithm, A.MetricAggregationAlgorithmAlias],
  target: [A.Target],
  targetUtilization: [A.TargetUtilizationPercentage, A.TargetUtilizationPercentageAlias],
  targetBurstCapacity: [A.TargetBurstCapacity, A.TargetBurstCapacityAlias],
  window: [A.Window],
  panicWindow: [A.PanicWindowPercentage, A.PanicWindowPercentageAlias],
  panicThreshold: [A.PanicThresholdPercentage, A.PanicThresholdPercentageAlias],
  scaleDownDelay: [A.ScaleDownDelay, A.ScaleDownDelayAlias],
  retention: [A.ScaleToZeroPodRetentionPeriod, A.ScaleToZeroPodRetentionPeriodAlias],
} as const;

/** A leaf with a free-form message at `paths` (Knative's `&apis.FieldError{Message, Paths}`). */
function leaf(message: string, ...paths: string[]): FieldError {
  return new FieldError({ message, paths });
}

/** `class`: a value in the `.knative.dev` domain must be the KPA or HPA class. */
function validateClass(m: StringMap): FieldError | undefined {
  const found = firstKey(m, Keys.class);
  if (found === undefined) return undefined;
  const { key, value } = found;
  return value.endsWith(KNATIVE_DOMAIN) && value !== KPA_CLASS && value !== HPA_CLASS ? errInvalidValue(value, key) : undefined;
}

/** A parsed int32 annotation (0 when absent or bad) and its error (serving `getIntGE0`). */
interface IntValue {
  readonly value: number;
  readonly errs?: FieldError | undefined;
}

/** serving `getIntGE0`: an int32 ≥ 0, else out-of-bounds (range / negative) or invalid value (syntax). */
function intGE0(m: StringMap, keys: readonly string[]): IntValue {
  const found = firstKey(m, keys);
  if (found === undefined) return { value: 0 };
  const { key, value } = found;
  const parsed = parseGoInt(value, 32);
  if (!parsed.ok) return { value: 0, errs: parsed.range ? errOutOfBoundsValue(value, 0, MAX_INT32, key) : errInvalidValue(value, key) };
  if (parsed.value < 0) return { value: 0, errs: errOutOfBoundsValue(value, 0, MAX_INT32, key) };
  return { value: parsed.value };
}

/** serving `validateMaxScaleWithinLimit`: with `max-scale-limit` > 0, max-scale must be in [1, limit]. */
function validateMaxScaleWithinLimit(key: string, max: number, limit: number): FieldError | undefined {
  if (limit === 0) return undefined;
  if (max > limit) return errOutOfBoundsValue(max, 1, limit, key);
  return max === 0 ? leaf(`max-scale=0 (unlimited), must be less than ${limit}`, key) : undefined;
}

/** `activation-scale`: an int32 with min-scale ≤ it, it ≤ max-scale (when max ≠ 0), and ≥ 2. */
function validateActivationScale(m: StringMap, min: number, max: number): FieldError | undefined {
  const found = firstKey(m, Keys.activationScale);
  if (found === undefined) return undefined;
  const { key, value } = found;
  const parsed = parseGoInt(value, 32);
  if (!parsed.ok) return errInvalidValue(value, key);
  const n = parsed.value;
  if (min > n) return leaf(`min-scale=${min} is greater than activation-scale=${n}`, key);
  if (max < n && max !== 0) return leaf(`max-scale=${max} is less than activation-scale=${n}`, key);
  return n < 2 ? leaf(`activation-scale=${n} must be greater than 1`, key) : undefined;
}

/** serving `validateMinMaxScale`: min/max-scale, max ≥ min, max-scale-limit and activation-scale. */
function validateMinMaxScale(m: StringMap, config: AutoscalerConfig): FieldError {
  const min = intGE0(m, Keys.minScale);
  const max = intGE0(m, Keys.maxScale);
  let errs = FieldError.empty().also(min.errs, max.errs);
  if (max.value !== 0 && max.value < min.value) {
    errs = errs.also(leaf(`max-scale=${max.value} is less than min-scale=${min.value}`, A.MaxScale, A.MinScale));
  }
  const maxKey = firstKey(m, Keys.maxScale)?.key;
  if (maxKey !== undefined) errs = errs.also(validateMaxScaleWithinLimit(maxKey, max.value, config.maxScaleLimit));
  return errs.also(validateActivationScale(m, min.value, max.value));
}

/** A check of a parsed float annotation: its error, if any. */
type FloatCheck = (parsed: number, value: string, key: string) => FieldError | undefined;

/** `expected <lo> <= <v> <= <hi>` unless lo ≤ parsed ≤ hi (NaN passes, as Go's comparisons do). */
function floatInRange(lo: number, hi: number): FloatCheck {
  return (parsed, value, key) => (parsed < lo || parsed > hi ? errOutOfBoundsValue(value, lo, hi, key) : undefined);
}

/** The float annotations and their checks (serving `validateFloats`). */
const FLOAT_RULES: readonly (readonly [readonly string[], FloatCheck])[] = [
  [Keys.panicWindow, floatInRange(1, 100)],
  [Keys.panicThreshold, floatInRange(110, 1000)],
  [Keys.target, (parsed, value, key) => (parsed < TARGET_MIN ? errGeneric(`target ${value} should be at least ${TARGET_MIN}`, key) : undefined)],
  [Keys.targetUtilization, floatInRange(1, 100)],
  [Keys.targetBurstCapacity, (parsed, value, key) => (parsed < 0 && parsed !== -1 ? errInvalidValue(value, key) : undefined)],
];

/** One float annotation: invalid value when Go's ParseFloat refuses it, else its check. */
function validateFloat(m: StringMap, keys: readonly string[], check: FloatCheck): FieldError | undefined {
  const found = firstKey(m, keys);
  if (found === undefined) return undefined;
  const parsed = parseGoFloat(found.value);
  return parsed === undefined ? errInvalidValue(found.value, found.key) : check(parsed, found.value, found.key);
}

/** A duration annotation's bounds (ms) and whether it must be whole seconds. */
interface DurationRule {
  readonly keys: readonly string[];
  readonly min: number;
  readonly max: number;
  readonly wholeSeconds: boolean;
}

/** The duration annotations (serving `validateWindow`, `validateLastPodRetention`, `validateScaleDownDelay`). */
const DURATION_RULES: readonly DurationRule[] = [
  { keys: Keys.window, min: WINDOW_MIN, max: WINDOW_MAX, wholeSeconds: true },
  { keys: Keys.retention, min: 0, max: WINDOW_MAX, wholeSeconds: false },
  { keys: Keys.scaleDownDelay, min: 0, max: WINDOW_MAX, wholeSeconds: true },
];

/** One duration annotation: Go duration syntax, bounds printed as Go `%v` durations, then precision. */
function validateDuration(m: StringMap, rule: DurationRule): FieldError | undefined {
  const found = firstKey(m, rule.keys);
  if (found === undefined) return undefined;
  const { key, value } = found;
  const ms = parseGoDuration(value);
  if (ms === undefined) return errInvalidValue(value, key);
  if (ms < rule.min || ms > rule.max) return errOutOfBoundsValue(value, formatGoDuration(rule.min), formatGoDuration(rule.max), key);
  return rule.wholeSeconds && ms % SECOND !== 0 ? errGeneric('must be specified with at most second precision', key) : undefined;
}

/** `metric`: KPA (annotation or config default class) takes concurrency/rps, HPA any non-empty, others anything. */
function validateMetric(m: StringMap, config: AutoscalerConfig): FieldError | undefined {
  const metric = firstKey(m, Keys.metric)?.value;
  if (metric === undefined) return undefined;
  const cls = firstKey(m, Keys.class)?.value ?? config.podAutoscalerClass;
  const bad = (cls === KPA_CLASS && !KPA_METRICS.includes(metric)) || (cls === HPA_CLASS && metric === '');
  return bad ? errInvalidValue(metric, A.Metric) : undefined;
}

/** `metric-aggregation-algorithm`: checked only when the class annotation is the KPA. */
function validateAlgorithm(m: StringMap): FieldError | undefined {
  if (firstKey(m, Keys.class)?.value !== KPA_CLASS) return undefined;
  const found = firstKey(m, Keys.algorithm);
  if (found === undefined || found.value === '') return undefined;
  return ALGORITHMS.includes(found.value) ? undefined : errInvalidValue(found.value, found.key);
}

/** `initial-scale`: an int ≥ 0, 0 only with `allow-zero-initial-scale` (the explanation is glued into the path, as upstream). */
function validateInitialScale(m: StringMap, config: AutoscalerConfig): FieldError | undefined {
  const found = firstKey(m, Keys.initialScale);
  if (found === undefined) return undefined;
  const { key, value } = found;
  const parsed = parseGoInt(value, 64);
  if (!parsed.ok) return errInvalidValue(value, key);
  if (parsed.value < 0) return errInvalidValue(value, `${key} must be greater than 0`);
  return !config.allowZeroInitialScale && parsed.value === 0 ? errInvalidValue(value, `${key}=0 not allowed by cluster`) : undefined;
}

/**
 * VALIDATION.md §6 for an annotation map (serving `autoscaling.ValidateAnnotations`), bounded by
 * `ctx.autoscaler`. Paths are `annotations.<key>`, relative to the metadata holding the map: the
 * caller prefixes `metadata` (a Revision) or `spec.template.metadata` (a revision template).
 */
export function validateAutoscalingAnnotations(annotations: StringMap | undefined, ctx: ValidationContext): FieldError {
  const m = annotations ?? {};
  const config = ctx.autoscaler;
  return FieldError.empty()
    .also(validateClass(m), validateMinMaxScale(m, config))
    .also(...FLOAT_RULES.map(([keys, check]) => validateFloat(m, keys, check)))
    .also(...DURATION_RULES.map((rule) => validateDuration(m, rule)))
    .also(validateMetric(m, config), validateAlgorithm(m), validateInitialScale(m, config))
    .viaField('annotations');
}
