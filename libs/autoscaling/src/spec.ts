/**
 * AUTOSCALING.md §4.1–§4.2 (serving `kpa/resources/decider.go`, `resources/target.go`,
 * `resources/metric.go`): the DeciderSpec of one PodAutoscaler, built from its annotations,
 * containerConcurrency, reachability and config-autoscaler. Unparseable annotations count as
 * absent, as they do at decision time in Knative.
 */
import { annotationDuration, annotationFloat64 as annotationFloat, annotationInt32, AutoscalingAnnotations as A, firstKey, Reachability, scaleBounds, type StringMap } from '@ebb/api';
import type { AutoscalerConfig } from '@ebb/config';
import type { AggregationAlgorithm, DeciderSpec, ScalingMetric } from './types.js';

/** serving `autoscaling.TargetMin`. */
const TARGET_MIN = 0.01;
/** serving `config.TargetUtilization`: the utilisation of the RPS metric (not configurable). */
const RPS_TARGET_UTILIZATION = 0.7;
/** serving `autoscaler.BucketSize`: the smallest panic window. */
const BUCKET_MS = 1_000;
const NS_PER_MS = 1e6;
const NS_PER_S = 1e9;

/**
 * §4.2 `panicWindow = round_to_second(stable × pct / 100)`, at least 1 s. Computed in whole
 * nanoseconds like Go's `time.Duration(...).Round(time.Second)` (halves round up).
 */
export function panicWindowMs(stableWindowMs: number, panicWindowPercentage: number): number {
  const ns = Math.trunc((stableWindowMs * NS_PER_MS * panicWindowPercentage) / 100);
  const rest = ns % NS_PER_S;
  const rounded = rest + rest < NS_PER_S ? ns - rest : ns + (NS_PER_S - rest);
  return Math.max(BUCKET_MS, rounded / NS_PER_MS);
}

/** The metric annotation as written, `concurrency` when absent (KPA default). */
function rawMetric(annotations: StringMap | undefined): string {
  return firstKey(annotations, [A.Metric])?.value ?? 'concurrency';
}

/** §4.1 `ResolveMetricTarget`: (target, total) per pod. */
function resolveTarget(annotations: StringMap | undefined, containerConcurrency: number, config: AutoscalerConfig): { target: number; total: number } {
  const metric = rawMetric(annotations);
  const rps = metric === 'rps';
  let total = rps ? config.requestsPerSecondTargetDefault : containerConcurrency || config.containerConcurrencyTargetDefault;
  let utilization = rps ? RPS_TARGET_UTILIZATION : config.containerConcurrencyTargetFraction;
  const annotated = annotationFloat(annotations, [A.Target]);
  if (annotated !== undefined) {
    total = metric === 'concurrency' && containerConcurrency !== 0 ? Math.min(annotated, containerConcurrency) : annotated;
  }
  const percentage = annotationFloat(annotations, [A.TargetUtilizationPercentage, A.TargetUtilizationPercentageAlias]);
  if (percentage !== undefined) utilization = percentage / 100;
  return { target: Math.max(TARGET_MIN, total * utilization), total };
}

/** `metric-aggregation-algorithm`: weighted-exponential (or its camel alias) else linear. */
function algorithmOf(annotations: StringMap | undefined): AggregationAlgorithm {
  const value = firstKey(annotations, [A.MetricAggregationAlgorithm, A.MetricAggregationAlgorithmAlias])?.value;
  return value === 'weighted-exponential' || value === 'weightedExponential' ? 'weighted-exponential' : 'linear';
}

/** The windows (§4.2): `window` annotation else config, panic percentage annotation else config. */
function windowsOf(annotations: StringMap | undefined, config: AutoscalerConfig): { stableWindowMs: number; panicWindowMs: number } {
  const stableWindowMs = annotationDuration(annotations, [A.Window]) ?? config.stableWindow;
  const percentage = annotationFloat(annotations, [A.PanicWindowPercentage, A.PanicWindowPercentageAlias]) ?? config.panicWindowPercentage;
  return { stableWindowMs, panicWindowMs: panicWindowMs(stableWindowMs, percentage) };
}

/** The input of {@link deciderSpec}: what a PodAutoscaler carries. */
export interface DeciderSpecInput {
  readonly annotations?: Readonly<Record<string, string>>;
  readonly containerConcurrency?: number;
  readonly reachability?: string;
}

/** Builds the spec from a PA's annotations (autoscaling.knative.dev/* with aliases; unparseable = absent), its containerConcurrency and reachability, and config-autoscaler. */
export function deciderSpec(input: DeciderSpecInput, config: AutoscalerConfig): DeciderSpec {
  const annotations = input.annotations;
  const { target, total } = resolveTarget(annotations, input.containerConcurrency ?? 0, config);
  const metric: ScalingMetric = rawMetric(annotations) === 'rps' ? 'rps' : 'concurrency';
  const thresholdPct = annotationFloat(annotations, [A.PanicThresholdPercentage, A.PanicThresholdPercentageAlias]) ?? config.panicThresholdPercentage;
  return {
    metric,
    targetValue: target,
    totalValue: total,
    targetBurstCapacity: annotationFloat(annotations, [A.TargetBurstCapacity, A.TargetBurstCapacityAlias]) ?? config.targetBurstCapacity,
    activatorCapacity: config.activatorCapacity,
    panicThreshold: thresholdPct / 100,
    ...windowsOf(annotations, config),
    scaleDownDelayMs: annotationDuration(annotations, [A.ScaleDownDelay, A.ScaleDownDelayAlias]) ?? config.scaleDownDelay,
    maxScaleUpRate: config.maxScaleUpRate,
    maxScaleDownRate: config.maxScaleDownRate,
    initialScale: scaleBounds(annotations, config, input.reachability ?? Reachability.Unknown).initial,
    activationScale: annotationInt32(annotations, [A.ActivationScale]) ?? 1,
    reachable: input.reachability !== Reachability.Unreachable,
    algorithm: algorithmOf(annotations),
  };
}
