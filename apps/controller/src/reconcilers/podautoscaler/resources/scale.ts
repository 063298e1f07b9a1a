// What the PodAutoscaler reconciler does with the autoscaler's latest decision (Knative kpa.go
// ReconcileKind + scaler.go, AUTOSCALING.md §4.6–4.8), as pure functions: the replicas to apply
// within the min/max bounds and the scale-to-zero gates, the serving mode and activator count of
// the revision's ServerlessService, and the PA status that follows. The KPA math itself is
// @ebb/autoscaling's; this file only gathers its inputs from the objects.
import {
  annotationDuration,
  AutoscalingAnnotations as A,
  getCondition,
  PodAutoscalerLifecycle as PA,
  PodAutoscalerMessage,
  PodAutoscalerReason,
  privateServiceName,
  Reachability,
  scaleBounds,
  ServerlessServiceConditionType,
  ServingAnnotations,
  proxyForMs,
  type PodAutoscaler,
  type StringMap,
  type PodAutoscalerStatus,
  type ServerlessService,
} from '@ebb/api';
import { activatorCount, activeCondition, activeThreshold, chooseMode, deciderSpec, scaleTarget, type ConditionState, type ScaleInputs, type ServingMode } from '@ebb/autoscaling';
import type { AutoscalerConfig, DeploymentConfig } from '@ebb/config';
import type { ScaleDecision } from '@ebb/messaging';
import { nameOf } from '../../shared/meta.js';

/** Knative's extra time, beyond the progress deadline, a revision may take to activate. */
export const ACTIVATION_TIMEOUT_BUFFER_MS = 30_000;
/** Message of SKSReady while the ServerlessService does not exist yet. */
export const NO_PRIVATE_SERVICE_NAME = 'No Private Service Name';

/** What a plan is made from. */
export interface ScalePlanInput {
  readonly pa: PodAutoscaler;
  /** Ready replicas of the target Deployment. */
  readonly ready: number;
  readonly sks: ServerlessService | undefined;
  /** The autoscaler's latest decision, if one was seen. */
  readonly decision: ScaleDecision | undefined;
  readonly autoscaler: AutoscalerConfig;
  readonly deployment: Pick<DeploymentConfig, 'progressDeadline'>;
  /** Whether any activator is ready to take the revision's traffic. */
  readonly activatorReady: boolean;
  readonly nowMs: number;
}

/** What the reconciler does. */
export interface ScalePlan {
  /** `spec.replicas` to apply (undefined: leave the Deployment as it is). */
  readonly replicas: number | undefined;
  /** The scale the PA wants (-1: none yet; 0 without applying marks the PA inactive). */
  readonly want: number;
  readonly mode: ServingMode;
  readonly numActivators: number;
  readonly requeueAfterMs: number | undefined;
  /** Why, for the log. */
  readonly reason: string;
}

/** The PA's Active condition as the scaler reads it: status and since when. */
function activeState(status: PodAutoscalerStatus | undefined, nowMs: number): { status: ConditionState; sinceMs: number } {
  const cond = status === undefined ? undefined : getCondition(status, 'Active');
  const since = cond?.lastTransitionTime === undefined ? nowMs : Date.parse(cond.lastTransitionTime);
  return { status: cond?.status ?? 'Unknown', sinceMs: since };
}

/** Knative's retention of the last pod: annotation, else config; none when unreachable. */
function retentionMs(annotations: StringMap | undefined, reachable: boolean, autoscaler: AutoscalerConfig): number {
  if (!reachable) return 0;
  return annotationDuration(annotations, [A.ScaleToZeroPodRetentionPeriod, A.ScaleToZeroPodRetentionPeriodAlias]) ?? autoscaler.scaleToZeroPodRetentionPeriod;
}

/** The scaler's inputs gathered from the PA, its SKS, the decision and the config. */
function scaleInputs(input: ScalePlanInput, stableWindowMs: number): ScaleInputs {
  const { pa, autoscaler, nowMs, sks } = input;
  const annotations = pa.metadata?.annotations;
  const reachability = pa.spec?.reachability ?? Reachability.Unknown;
  const reachable = reachability !== Reachability.Unreachable;
  const progressDeadline = annotationDuration(annotations, [ServingAnnotations.ProgressDeadline]) ?? input.deployment.progressDeadline;
  return {
    nowMs,
    desired: input.decision?.desiredScale ?? -1,
    bounds: scaleBounds(annotations, autoscaler, reachability),
    reachable,
    targetInitialized: PA.isScaleTargetInitialized(pa.status),
    active: activeState(pa.status, nowMs),
    enableScaleToZero: autoscaler.enableScaleToZero,
    stableWindowMs,
    gracePeriodMs: autoscaler.scaleToZeroGracePeriod,
    retentionMs: retentionMs(annotations, reachable, autoscaler),
    proxyForMs: sks?.spec?.mode === 'Proxy' ? proxyForMs(sks.status, nowMs) : undefined,
    activatorReady: input.activatorReady,
    activationTimeoutMs: progressDeadline + ACTIVATION_TIMEOUT_BUFFER_MS,
  };
}

/** Replicas, mode and activators for one reconcile (see the file comment). */
export function planScale(input: ScalePlanInput): ScalePlan {
  const { pa, autoscaler, decision } = input;
  const spec = deciderSpec({ annotations: pa.metadata?.annotations, containerConcurrency: pa.spec?.containerConcurrency ?? 0, reachability: pa.spec?.reachability }, autoscaler);
  const outcome = scaleTarget(scaleInputs(input, spec.stableWindowMs));
  return {
    replicas: outcome.apply ? outcome.want : undefined,
    want: outcome.want,
    mode: chooseMode(outcome.want, decision?.excessBurstCapacity ?? -1, PA.isInactive(pa.status)),
    numActivators: decision?.activators ?? activatorCount(spec, input.ready),
    requeueAfterMs: outcome.requeueAfterMs,
    reason: outcome.reason,
  };
}

/** What the PA status is computed from. */
export interface ScaleObservation {
  readonly want: number;
  readonly ready: number;
  readonly sks: ServerlessService | undefined;
  readonly autoscaler: AutoscalerConfig;
}

/** SKSReady from the ServerlessService's Ready condition (Knative kpa.go). */
function withSksReady(status: PodAutoscalerStatus, sks: ServerlessService | undefined, now: Date): PodAutoscalerStatus {
  if (sks?.status?.privateServiceName === undefined) return PA.markSKSNotReady(status, NO_PRIVATE_SERVICE_NAME, now);
  const ready = getCondition(sks.status, ServerlessServiceConditionType.Ready);
  if (ready?.status === 'True') return PA.markSKSReady(status, now);
  return PA.markSKSNotReady(status, ready?.message ?? '', now);
}

/** Active from §4.8's computeActiveCondition. */
function withActive(status: PodAutoscalerStatus, inputs: Parameters<typeof activeCondition>[0], now: Date): PodAutoscalerStatus {
  const active = activeCondition(inputs);
  if (active.status === 'True') return PA.markActive(status, now);
  if (active.status === 'False') return PA.markInactive(status, active.reason ?? PodAutoscalerReason.NoTraffic, active.message ?? PodAutoscalerMessage.noTraffic, now);
  return PA.markActivating(status, active.reason ?? PodAutoscalerReason.Queued, active.message ?? PodAutoscalerMessage.queued, now);
}

/**
 * The PA status after one reconcile: desiredScale (the old value kept while there is no decision),
 * actualScale = ready, serviceName (the private Service), SKSReady, ScaleTargetInitialized once
 * ready reaches the activation threshold (sticky), then Active.
 */
export function scaleStatus(status: PodAutoscalerStatus, pa: PodAutoscaler, observed: ScaleObservation, now: Date): PodAutoscalerStatus {
  const bounds = scaleBounds(pa.metadata?.annotations, observed.autoscaler, pa.spec?.reachability);
  let next: PodAutoscalerStatus = { ...status, actualScale: observed.ready, serviceName: privateServiceName(nameOf(pa)) };
  if (observed.want >= 0) next = { ...next, desiredScale: observed.want };
  next = withSksReady(next, observed.sks, now);
  const initialized = PA.isScaleTargetInitialized(next);
  const threshold = activeThreshold({ minScale: bounds.min, initialScale: bounds.initial, targetInitialized: initialized });
  if (!initialized && observed.ready >= threshold) next = PA.markScaleTargetInitialized(next, now);
  const current = getCondition(next, 'Active');
  return withActive(
    next,
    {
      want: observed.want,
      ready: observed.ready,
      minScale: bounds.min,
      initialScale: bounds.initial,
      targetInitialized: PA.isScaleTargetInitialized(next),
      current: { status: current?.status ?? 'Unknown', ...(current?.reason === undefined ? {} : { reason: current.reason }) },
    },
    now,
  );
}
