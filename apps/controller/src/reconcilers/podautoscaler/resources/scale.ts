// The minimal PodAutoscaler's decisions, until the autoscaler arrives: the scale it wants (the
// revision's initial/min bounds) and the status that follows from the target's ready replicas.
// There is no serverless service yet: the private Service always serves the pods directly
// (Knative's "serve" mode), so SKSReady is always True. Pure.
import {
  initialDesiredScale,
  PodAutoscalerLifecycle as PA,
  PodAutoscalerMessage,
  PodAutoscalerReason,
  privateServiceName,
  scaleBounds,
  type PodAutoscaler,
  type PodAutoscalerStatus,
} from '@ebb/api';
import type { AutoscalerConfig } from '@ebb/config';
import { nameOf } from '../../shared/meta.js';

/** The replicas the PA wants: `max(initial, min)`, capped by max when set (from the PA's annotations, copied from the Revision). */
export function desiredScale(pa: PodAutoscaler, config: AutoscalerConfig): number {
  return initialDesiredScale(scaleBounds(pa.metadata?.annotations, config, pa.spec?.reachability));
}

/** What the PA status is computed from. */
export interface ScaleObservation {
  /** The replicas wanted. */
  readonly desired: number;
  /** The target Deployment's ready replicas. */
  readonly ready: number;
}

/**
 * The PA status after one reconcile: desiredScale, actualScale (= ready), serviceName (the private
 * Service), ScaleTargetInitialized once ready ≥ desired (sticky), Active True with a ready replica
 * (False NoTraffic when nothing is wanted, else Unknown Queued), SKSReady True (serve mode always).
 */
export function scaleStatus(status: PodAutoscalerStatus, pa: PodAutoscaler, observed: ScaleObservation, now: Date): PodAutoscalerStatus {
  let next: PodAutoscalerStatus = { ...status, desiredScale: observed.desired, actualScale: observed.ready, serviceName: privateServiceName(nameOf(pa)) };
  if (!PA.isScaleTargetInitialized(next) && observed.ready >= observed.desired) next = PA.markScaleTargetInitialized(next, now);
  next = PA.markSKSReady(next, now);
  if (observed.ready > 0) return PA.markActive(next, now);
  if (observed.desired === 0) return PA.markInactive(next, PodAutoscalerReason.NoTraffic, PodAutoscalerMessage.noTraffic, now);
  return PA.markActivating(next, PodAutoscalerReason.Queued, PodAutoscalerMessage.queued, now);
}
