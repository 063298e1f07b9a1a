/**
 * Status verbs of the PodAutoscaler (serving `pkg/apis/autoscaling/v1alpha1/pa_lifecycle.go`,
 * AUTOSCALING.md §4.8) and the scale bounds read from its annotations (`ScaleBounds`,
 * `InitialScale`, kpa `GetInitialScale`). Pure: every verb takes the status and `now` and returns
 * the new status.
 */
import { parseGoDuration, type AutoscalerConfig } from '@ebb/config';
import { CONDITION_READY, getCondition, livingConditionSet, type ConditionSet, type Instant } from '../../core/condition-set.js';
import { ConditionStatus } from '../../core/condition.js';
import { AutoscalingAnnotations as A, firstKey, type StringMap } from '../../core/labels.js';
import { goQuote } from '../../errors/go-format.js';
import { parseGoFloat, parseGoInt } from '../../validation/annotations/go-parse.js';
import { Reachability, type PodAutoscalerStatus } from './pod-autoscaler.types.js';

/** PodAutoscaler condition types. */
export const PodAutoscalerConditionType = {
  /** The happy condition: Active, ScaleTargetInitialized and SKSReady are True. */
  Ready: CONDITION_READY,
  /** The target has the replicas it needs (False: scaled to zero; Unknown: activating). */
  Active: 'Active',
  /** The target reached its initial scale once (sticky). */
  ScaleTargetInitialized: 'ScaleTargetInitialized',
  /** The serverless service routes to the target. */
  SKSReady: 'SKSReady',
} as const;
/** One of {@link PodAutoscalerConditionType}. */
export type PodAutoscalerConditionType = (typeof PodAutoscalerConditionType)[keyof typeof PodAutoscalerConditionType];

/** PodAutoscaler condition reasons. */
export const PodAutoscalerReason = {
  /** Active Unknown: requests are buffered while replicas come up. */
  Queued: 'Queued',
  /** Active False: scaled to zero. */
  NoTraffic: 'NoTraffic',
  /** Active False: the target could not be activated within the progress deadline. */
  TimedOut: 'TimedOut',
  /** Active False: a child of that name exists and is not ours. */
  NotOwned: 'NotOwned',
  /** Active False: creating a child failed. */
  FailedCreate: 'FailedCreate',
  /** SKSReady Unknown: the serverless service is not ready. */
  NotReady: 'NotReady',
} as const;

/** PodAutoscaler condition messages. */
export const PodAutoscalerMessage = {
  /** Active Unknown `Queued`. */
  queued: 'Requests to the target are being buffered as resources are provisioned.',
  /** Active False `NoTraffic`. */
  noTraffic: 'The target is not receiving traffic.',
  /** Active False `TimedOut`. */
  timedOut: 'The target could not be activated.',
  /** Active False `NotOwned`: `There is an existing Deployment "x" that we do not own.` */
  notOwned: (kind: string, name: string): string => `There is an existing ${kind} ${goQuote(name)} that we do not own.`,
  /** Active False `FailedCreate`: `Failed to create Deployment "x".` */
  failedCreate: (kind: string, name: string): string => `Failed to create ${kind} ${goQuote(name)}.`,
} as const;

/** PodAutoscaler: Ready ← Active, ScaleTargetInitialized, SKSReady. Sorted: Active, Ready, SKSReady, ScaleTargetInitialized. */
export const podAutoscalerConditionSet: ConditionSet = livingConditionSet(
  PodAutoscalerConditionType.Active,
  PodAutoscalerConditionType.ScaleTargetInitialized,
  PodAutoscalerConditionType.SKSReady,
);

const set = podAutoscalerConditionSet;
const T = PodAutoscalerConditionType;

/** Whether the condition `type` of a PA status has `value`. */
function has(status: PodAutoscalerStatus | undefined, type: string, value: ConditionStatus): boolean {
  return status !== undefined && getCondition(status, type)?.status === value;
}

/** The PodAutoscaler status verbs (pure: status in, new status out). */
export const PodAutoscalerLifecycle = {
  /** Missing conditions set Unknown. */
  initialize: (status: PodAutoscalerStatus | undefined, now: Instant): PodAutoscalerStatus => set.initializeConditions(status ?? {}, now),
  /** Active True. */
  markActive: (status: PodAutoscalerStatus, now: Instant): PodAutoscalerStatus => set.markTrue(status, { type: T.Active }, now),
  /** Active Unknown with reason/message (Knative `MarkActivating`, e.g. `Queued`). */
  markActivating: (status: PodAutoscalerStatus, reason: string, message: string, now: Instant): PodAutoscalerStatus =>
    set.markUnknown(status, { type: T.Active, reason, message }, now),
  /** Active False with reason/message (Knative `MarkInactive`, e.g. `NoTraffic`). */
  markInactive: (status: PodAutoscalerStatus, reason: string, message: string, now: Instant): PodAutoscalerStatus =>
    set.markFalse(status, { type: T.Active, reason, message }, now),
  /** ScaleTargetInitialized True (sticky: nothing marks it back). */
  markScaleTargetInitialized: (status: PodAutoscalerStatus, now: Instant): PodAutoscalerStatus =>
    set.markTrue(status, { type: T.ScaleTargetInitialized }, now),
  /** SKSReady True. */
  markSKSReady: (status: PodAutoscalerStatus, now: Instant): PodAutoscalerStatus => set.markTrue(status, { type: T.SKSReady }, now),
  /** SKSReady Unknown `NotReady` with `message`. */
  markSKSNotReady: (status: PodAutoscalerStatus, message: string, now: Instant): PodAutoscalerStatus =>
    set.markUnknown(status, { type: T.SKSReady, reason: PodAutoscalerReason.NotReady, message }, now),
  /** Active False `NotOwned`: a child of `kind`/`name` is not ours. */
  markResourceNotOwned: (status: PodAutoscalerStatus, kind: string, name: string, now: Instant): PodAutoscalerStatus =>
    set.markFalse(status, { type: T.Active, reason: PodAutoscalerReason.NotOwned, message: PodAutoscalerMessage.notOwned(kind, name) }, now),
  /** Active False `FailedCreate`: creating a child of `kind`/`name` failed. */
  markResourceFailedCreation: (status: PodAutoscalerStatus, kind: string, name: string, now: Instant): PodAutoscalerStatus =>
    set.markFalse(status, { type: T.Active, reason: PodAutoscalerReason.FailedCreate, message: PodAutoscalerMessage.failedCreate(kind, name) }, now),
  /** Whether ScaleTargetInitialized is True. */
  isScaleTargetInitialized: (status: PodAutoscalerStatus | undefined): boolean => has(status, T.ScaleTargetInitialized, ConditionStatus.True),
  /** Whether Active is True. */
  isActive: (status: PodAutoscalerStatus | undefined): boolean => has(status, T.Active, ConditionStatus.True),
  /** Whether Active is Unknown (neither active nor inactive). */
  isActivating: (status: PodAutoscalerStatus | undefined): boolean => has(status, T.Active, ConditionStatus.Unknown),
  /** Whether Active is False. */
  isInactive: (status: PodAutoscalerStatus | undefined): boolean => has(status, T.Active, ConditionStatus.False),
} as const;

/** The scale bounds of a revision/PA: `max` 0 means unlimited. */
export interface ScaleBounds {
  /** Lower bound (0 when unreachable). */
  readonly min: number;
  /** Upper bound; 0 = unlimited. */
  readonly max: number;
  /** Replicas on creation (never 0 unless the cluster allows zero initial scale). */
  readonly initial: number;
}

/** An int32 annotation (first of `keys` present) if it parses (Knative `annotationInt32`); bad values count as absent. */
export function annotationInt32(annotations: StringMap | undefined, keys: readonly string[]): number | undefined {
  const found = firstKey(annotations, keys);
  if (found === undefined) return undefined;
  const parsed = parseGoInt(found.value, 32);
  return parsed.ok ? parsed.value : undefined;
}

/** A finite float annotation (first of `keys` present) if Go parses it (Knative `annotationFloat64`); bad values count as absent. */
export function annotationFloat64(annotations: StringMap | undefined, keys: readonly string[]): number | undefined {
  const found = firstKey(annotations, keys);
  const value = found === undefined ? undefined : parseGoFloat(found.value);
  return value !== undefined && Number.isFinite(value) ? value : undefined;
}

/** A Go duration annotation (first of `keys` present) in ms (Knative `annotationDuration`); bad values count as absent. */
export function annotationDuration(annotations: StringMap | undefined, keys: readonly string[]): number | undefined {
  const found = firstKey(annotations, keys);
  return found === undefined ? undefined : parseGoDuration(found.value);
}

/** kpa `GetInitialScale`: the annotation if set and allowed (0 only with allow-zero-initial-scale), else the config. */
function initialScale(annotations: StringMap | undefined, config: AutoscalerConfig): number {
  const value = annotationInt32(annotations, [A.InitialScale, A.InitialScaleAlias]);
  if (value === undefined || value < 0 || (value === 0 && !config.allowZeroInitialScale)) return config.initialScale;
  return value;
}

/**
 * Knative `PodAutoscaler.ScaleBounds` + `InitialScale`: min/max from the `min-scale`/`max-scale`
 * annotations (or their camelCase aliases) else config-autoscaler; min is 0 when `reachability` is
 * Unreachable. Unparseable annotations fall back to the config, as Knative does at decision time.
 */
export function scaleBounds(annotations: StringMap | undefined, config: AutoscalerConfig, reachability: string = Reachability.Unknown): ScaleBounds {
  const min = reachability === Reachability.Unreachable ? 0 : (annotationInt32(annotations, [A.MinScale, A.MinScaleAlias]) ?? config.minScale);
  const max = annotationInt32(annotations, [A.MaxScale, A.MaxScaleAlias]) ?? config.maxScale;
  return { min: Math.max(0, min), max: Math.max(0, max), initial: initialScale(annotations, config) };
}

/** The scale to start at: `max(initial, min)`, capped by `max` when set (the initial Deployment replicas, the minimal PA's desired scale). */
export function initialDesiredScale(bounds: ScaleBounds): number {
  const wanted = Math.max(bounds.initial, bounds.min);
  return bounds.max > 0 ? Math.min(wanted, bounds.max) : wanted;
}
