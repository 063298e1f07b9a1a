import { formatGoDuration } from './duration.js';
import { asBool, asDuration, asFloat, asInt, asString, type FieldTable, keysOf, parseWith, type Rule } from './fields.js';
import type { ConfigData, ConfigResult } from './result.js';

/** Name of the autoscaler's ConfigMap (Knative `pkg/autoscaler/config/config.go`). */
export const AUTOSCALER_CONFIG_NAME = 'config-autoscaler';

/** The KPA class, the default `pod-autoscaler-class`. */
export const KPA_CLASS = 'kpa.autoscaling.knative.dev';

/** `config-autoscaler` as typed values: durations in ms, percentages as written (10 = 10 %). */
export interface AutoscalerConfig {
  readonly podAutoscalerClass: string;
  readonly enableScaleToZero: boolean;
  readonly allowZeroInitialScale: boolean;
  readonly initialScale: number;
  readonly minScale: number;
  readonly maxScale: number;
  readonly maxScaleLimit: number;
  readonly maxScaleUpRate: number;
  readonly maxScaleDownRate: number;
  /** `container-concurrency-target-percentage` as a fraction (70 → 0.7), as Knative keeps it. */
  readonly containerConcurrencyTargetFraction: number;
  readonly containerConcurrencyTargetDefault: number;
  readonly requestsPerSecondTargetDefault: number;
  readonly targetBurstCapacity: number;
  readonly stableWindow: number;
  readonly panicWindowPercentage: number;
  readonly panicThresholdPercentage: number;
  readonly activatorCapacity: number;
  readonly scaleToZeroGracePeriod: number;
  readonly scaleToZeroPodRetentionPeriod: number;
  readonly scaleDownDelay: number;
  /** Time between two scaling decisions (the seed's `tick-interval`). */
  readonly tickInterval: number;
}

/** Knative's code defaults (identical to its shipped ConfigMap), plus the seed's 2 s tick. */
export function defaultAutoscalerConfig(): AutoscalerConfig {
  return {
    podAutoscalerClass: KPA_CLASS,
    enableScaleToZero: true,
    allowZeroInitialScale: false,
    initialScale: 1,
    minScale: 0,
    maxScale: 0,
    maxScaleLimit: 0,
    maxScaleUpRate: 1000,
    maxScaleDownRate: 2,
    containerConcurrencyTargetFraction: 0.7,
    containerConcurrencyTargetDefault: 100,
    requestsPerSecondTargetDefault: 200,
    targetBurstCapacity: 211,
    stableWindow: 60_000,
    panicWindowPercentage: 10,
    panicThresholdPercentage: 200,
    activatorCapacity: 100,
    scaleToZeroGracePeriod: 30_000,
    scaleToZeroPodRetentionPeriod: 0,
    scaleDownDelay: 0,
    tickInterval: 2_000,
  };
}

/** Values in (0, 1] are legacy fractions; larger ones are percentages (Knative's adjustment). */
const asTargetFraction: FieldTable<AutoscalerConfig>['containerConcurrencyTargetFraction'] = {
  key: 'container-concurrency-target-percentage',
  parse: (raw, key) => {
    const read = asFloat(raw, key);
    return read.ok && read.value > 1 ? { ok: true, value: read.value / 100 } : read;
  },
};

const TABLE: FieldTable<AutoscalerConfig> = {
  podAutoscalerClass: { key: 'pod-autoscaler-class', parse: asString },
  enableScaleToZero: { key: 'enable-scale-to-zero', parse: asBool },
  allowZeroInitialScale: { key: 'allow-zero-initial-scale', parse: asBool },
  maxScaleUpRate: { key: 'max-scale-up-rate', parse: asFloat },
  maxScaleDownRate: { key: 'max-scale-down-rate', parse: asFloat },
  containerConcurrencyTargetFraction: asTargetFraction,
  containerConcurrencyTargetDefault: { key: 'container-concurrency-target-default', parse: asFloat },
  requestsPerSecondTargetDefault: { key: 'requests-per-second-target-default', parse: asFloat },
  targetBurstCapacity: { key: 'target-burst-capacity', parse: asFloat },
  panicWindowPercentage: { key: 'panic-window-percentage', parse: asFloat },
  activatorCapacity: { key: 'activator-capacity', parse: asFloat },
  panicThresholdPercentage: { key: 'panic-threshold-percentage', parse: asFloat },
  initialScale: { key: 'initial-scale', parse: asInt(32) },
  minScale: { key: 'min-scale', parse: asInt(32) },
  maxScale: { key: 'max-scale', parse: asInt(32) },
  maxScaleLimit: { key: 'max-scale-limit', parse: asInt(32) },
  stableWindow: { key: 'stable-window', parse: asDuration },
  scaleDownDelay: { key: 'scale-down-delay', parse: asDuration },
  scaleToZeroGracePeriod: { key: 'scale-to-zero-grace-period', parse: asDuration },
  scaleToZeroPodRetentionPeriod: { key: 'scale-to-zero-pod-retention-period', parse: asDuration },
  tickInterval: { key: 'tick-interval', parse: asDuration },
};

/** Every key `parseAutoscalerConfig` reads. */
export const AUTOSCALER_KEYS: readonly string[] = keysOf(TABLE);

/** Smallest target (Knative `autoscaling.TargetMin`). */
const TARGET_MIN = 0.01;
const WINDOW_MIN = 6_000;
const WINDOW_MAX = 3_600_000;
const d = formatGoDuration;
const f6 = (v: number): string => v.toFixed(6);
const wholeSeconds = (ms: number): boolean => Math.round(ms / 1000) * 1000 === ms;
const when = (bad: boolean, message: string): string | undefined => (bad ? message : undefined);

/** Knative's `validate()` checks, in its order, with its texts; plus min-scale and tick-interval. */
const RULES: readonly Rule<AutoscalerConfig>[] = [
  { key: 'scale-to-zero-grace-period', check: (c) => when(c.scaleToZeroGracePeriod <= 0, `scale-to-zero-grace-period must be positive, was: ${d(c.scaleToZeroGracePeriod)}`) },
  { key: 'scale-down-delay', check: (c) => when(c.scaleDownDelay < 0, `scale-down-delay cannot be negative, was: ${d(c.scaleDownDelay)}`) },
  {
    key: 'scale-down-delay',
    check: (c) => when(c.scaleDownDelay >= 0 && !wholeSeconds(c.scaleDownDelay), `scale-down-delay = ${d(c.scaleDownDelay)}, must be specified with at most second precision`),
  },
  {
    key: 'scale-to-zero-pod-retention-period',
    check: (c) => when(c.scaleToZeroPodRetentionPeriod < 0, `scale-to-zero-pod-retention-period cannot be negative, was: ${d(c.scaleToZeroPodRetentionPeriod)}`),
  },
  {
    key: 'target-burst-capacity',
    check: (c) => when(c.targetBurstCapacity < 0 && c.targetBurstCapacity !== -1, `target-burst-capacity must be either non-negative or -1 (for unlimited), was: ${f6(c.targetBurstCapacity)}`),
  },
  {
    key: 'container-concurrency-target-percentage',
    check: (c) => {
      const x = c.containerConcurrencyTargetFraction;
      return when(x <= 0 || x > 1, `container-concurrency-target-percentage = ${f6(x)} is outside of valid range of (0, 100]`);
    },
  },
  {
    key: 'container-concurrency-target-default',
    uses: ['container-concurrency-target-percentage'],
    check: (c) => {
      const x = c.containerConcurrencyTargetFraction * c.containerConcurrencyTargetDefault;
      const fraction = c.containerConcurrencyTargetFraction;
      if (fraction <= 0 || fraction > 1) return undefined;
      return when(x < TARGET_MIN, `container-concurrency-target-percentage and container-concurrency-target-default yield target concurrency of ${x}, can't be less than ${TARGET_MIN}`);
    },
  },
  {
    key: 'requests-per-second-target-default',
    check: (c) => when(c.requestsPerSecondTargetDefault < TARGET_MIN, `requests-per-second-target-default must be at least ${TARGET_MIN}, was: ${c.requestsPerSecondTargetDefault}`),
  },
  { key: 'activator-capacity', check: (c) => when(c.activatorCapacity < 1, `activator-capacity = ${c.activatorCapacity}, must be at least 1`) },
  { key: 'max-scale-up-rate', check: (c) => when(c.maxScaleUpRate <= 1, `max-scale-up-rate = ${c.maxScaleUpRate}, must be greater than 1.0`) },
  { key: 'max-scale-down-rate', check: (c) => when(c.maxScaleDownRate <= 1, `max-scale-down-rate = ${c.maxScaleDownRate}, must be greater than 1.0`) },
  {
    key: 'stable-window',
    check: (c) => when(c.stableWindow < WINDOW_MIN || c.stableWindow > WINDOW_MAX, `stable-window = ${d(c.stableWindow)}, must be in [${d(WINDOW_MIN)}; ${d(WINDOW_MAX)}] range`),
  },
  {
    key: 'stable-window',
    check: (c) =>
      when(c.stableWindow >= WINDOW_MIN && c.stableWindow <= WINDOW_MAX && !wholeSeconds(c.stableWindow), `stable-window = ${d(c.stableWindow)}, must be specified with at most second precision`),
  },
  {
    key: 'panic-window-percentage',
    check: (c) => when(c.panicWindowPercentage < 1 || c.panicWindowPercentage > 100, `panic-window-percentage = ${c.panicWindowPercentage}, must be in [1, 100] interval`),
  },
  {
    key: 'initial-scale',
    uses: ['allow-zero-initial-scale'],
    check: (c) =>
      when(
        c.initialScale < 0 || (c.initialScale === 0 && !c.allowZeroInitialScale),
        `initial-scale = ${c.initialScale}, must be at least 0 (or at least 1 when allow-zero-initial-scale is false)`,
      ),
  },
  { key: 'min-scale', check: (c) => when(c.minScale < 0, `min-scale = ${c.minScale}, must be at least 0`) },
  {
    key: 'max-scale',
    uses: ['max-scale-limit'],
    check: (c) => {
      const floor = c.maxScaleLimit > 0 ? 1 : 0;
      const bad = c.maxScale < floor || (c.maxScaleLimit > 0 && c.maxScale > c.maxScaleLimit);
      return when(bad, `max-scale = ${c.maxScale}, must be in [${floor}, max-scale-limit(${c.maxScaleLimit})] range`);
    },
  },
  { key: 'max-scale-limit', check: (c) => when(c.maxScaleLimit < 0, `max-scale-limit = ${c.maxScaleLimit}, must be at least 0`) },
  {
    key: 'min-scale',
    uses: ['max-scale'],
    check: (c) => when(c.maxScale > 0 && c.minScale > c.maxScale, `min-scale (${c.minScale}) must be less than max-scale (${c.maxScale})`),
  },
  { key: 'tick-interval', check: (c) => when(c.tickInterval <= 0, `tick-interval must be positive, was: ${d(c.tickInterval)}`) },
];

/** Parses `config-autoscaler` data over the defaults; reports every bad key and broken relation. */
export function parseAutoscalerConfig(data: ConfigData): ConfigResult<AutoscalerConfig> {
  return parseWith(data, { table: TABLE, rules: RULES, defaults: defaultAutoscalerConfig() });
}
