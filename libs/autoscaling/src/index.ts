/**
 * @ebb/autoscaling — Knative's KPA as pure functions (AUTOSCALING.md §2–§4, §7): metric buckets,
 * the decider spec, one decision tick, the reconciler's scale-to-zero gates, the SKS mode and the
 * Active condition. No clock, no I/O: every time is an epoch-ms `nowMs` passed in.
 *
 * Contract:
 *   class WindowBuckets(windowMs, algorithm?, granularityMs?) { record(nowMs, value); windowAverage(nowMs); isEmpty(nowMs); resizeWindow(windowMs, nowMs?); useAlgorithm(a); lastWriteMs() }
 *   deciderSpec({ annotations?, containerConcurrency?, reachability? }, config): DeciderSpec
 *   statValue(stat, metric): number
 *   class RevisionMetrics(spec) { record(nowMs, value); observe(nowMs): { stable, panic }; updateSpec(spec, nowMs?); lastWriteMs() }
 *   initialDeciderState(readyPods, nowMs): DeciderState
 *   decide(spec, state, inputs): { state, recommendation }
 *   chooseMode(want, excessBurstCapacity, inactive): ServingMode
 *   activatorCount(spec, readyPods): number
 *   scaleTarget(inputs): ScaleOutcome
 *   activeThreshold(inputs): number
 *   activeCondition(inputs): ActiveOutcome   (unchanged: true = leave the condition as is)
 */
export type {
  ActiveInputs,
  ActiveOutcome,
  ActiveReason,
  AggregationAlgorithm,
  ConditionState,
  DeciderSpec,
  DeciderState,
  DelaySlot,
  Recommendation,
  ScaleInputs,
  ScaleOutcome,
  ScalingMetric,
  ServingMode,
  TickInputs,
} from './types.js';
export { smoothingCoefficient, WindowBuckets } from './bucketing.js';
export { deciderSpec, panicWindowMs } from './spec.js';
export type { DeciderSpecInput } from './spec.js';
export { RevisionMetrics, statValue } from './metrics.js';
export type { DataPlaneStat, WindowSpec } from './metrics.js';
export { decide, initialDeciderState } from './decider.js';
export { applyScaleDownDelay, DELAY_SLOT_MS, delaySlot } from './scale-down-delay.js';
export { scaleTarget } from './scaler.js';
export { activatorCount, chooseMode, MIN_ACTIVATORS } from './mode.js';
export { ActiveMessages, activeCondition, activeThreshold } from './active.js';
export { BUCKET_PREFIX, bucketName, bucketNames, bucketOf } from './buckets.js';
