/**
 * Status verbs of the Revision (serving `pkg/apis/serving/v1/revision_lifecycle.go`, API.md §6.1):
 * the ResourcesAvailable / ContainerHealthy / Active marks and `PropagateAutoscalerStatus`. Pure:
 * every verb takes the status and `now` and returns the new status.
 */
import { getCondition, type ConditionMark, type Instant } from '../../core/condition-set.js';
import { ConditionStatus } from '../../core/condition.js';
import { exitCodeReason, RevisionConditionType, revisionConditionSet, RevisionMessage, RevisionReason } from '../../core/lifecycle.js';
import { goQuote } from '../../errors/go-format.js';
import { PodAutoscalerConditionType, PodAutoscalerLifecycle, PodAutoscalerReason } from '../../autoscaling/v1alpha1/pod-autoscaler.lifecycle.js';
import type { PodAutoscalerStatus } from '../../autoscaling/v1alpha1/pod-autoscaler.types.js';
import type { RevisionStatus } from './revision.types.js';

const set = revisionConditionSet;
const T = RevisionConditionType;

/** A mark of `type` with an optional reason and message. */
function mark(type: string, reason?: string, message?: string): ConditionMark {
  return { type, reason, message };
}

/** Whether the condition `type` is False. */
function isFalse(status: RevisionStatus, type: string): boolean {
  return getCondition(status, type)?.status === ConditionStatus.False;
}

/** Whether the condition `type` is True. */
function isTrue(status: RevisionStatus, type: string): boolean {
  return getCondition(status, type)?.status === ConditionStatus.True;
}

/** A non-negative scale as a replica count, else absent (Knative keeps nil for negatives). */
function replicas(value: number | undefined): number | undefined {
  return value !== undefined && value >= 0 ? value : undefined;
}

/** `status` with actualReplicas/desiredReplicas from the PA's actualScale/desiredScale (absent when unknown). */
function withReplicas(status: RevisionStatus, pa: PodAutoscalerStatus): RevisionStatus {
  const { actualReplicas: _a, desiredReplicas: _d, ...rest } = status;
  const actual = replicas(pa.actualScale);
  const desired = replicas(pa.desiredScale);
  return { ...rest, ...(actual === undefined ? {} : { actualReplicas: actual }), ...(desired === undefined ? {} : { desiredReplicas: desired }) };
}

/** The Revision status verbs (pure: status in, new status out). */
export const RevisionLifecycle = {
  /** Missing conditions set Unknown (Knative `InitializeConditions`). */
  initialize: (status: RevisionStatus | undefined, now: Instant): RevisionStatus => set.initializeConditions(status ?? {}, now),
  /** ResourcesAvailable and ContainerHealthy Unknown `Deploying` (the Deployment was just created). */
  markDeploying: (status: RevisionStatus, now: Instant): RevisionStatus =>
    set.markUnknown(set.markUnknown(status, mark(T.ResourcesAvailable, RevisionReason.Deploying), now), mark(T.ContainerHealthy, RevisionReason.Deploying), now),
  /** ResourcesAvailable True. */
  markResourcesAvailableTrue: (status: RevisionStatus, now: Instant): RevisionStatus => set.markTrue(status, mark(T.ResourcesAvailable), now),
  /** ResourcesAvailable False with reason/message (takes Ready False with it). */
  markResourcesAvailableFalse: (status: RevisionStatus, reason: string, message: string, now: Instant): RevisionStatus =>
    set.markFalse(status, mark(T.ResourcesAvailable, reason, message), now),
  /** ResourcesAvailable Unknown with reason/message. */
  markResourcesAvailableUnknown: (status: RevisionStatus, reason: string, message: string, now: Instant): RevisionStatus =>
    set.markUnknown(status, mark(T.ResourcesAvailable, reason, message), now),
  /** ContainerHealthy True. */
  markContainerHealthyTrue: (status: RevisionStatus, now: Instant): RevisionStatus => set.markTrue(status, mark(T.ContainerHealthy), now),
  /** ContainerHealthy False with reason/message. */
  markContainerHealthyFalse: (status: RevisionStatus, reason: string, message: string, now: Instant): RevisionStatus =>
    set.markFalse(status, mark(T.ContainerHealthy, reason, message), now),
  /** ContainerHealthy Unknown with reason/message. */
  markContainerHealthyUnknown: (status: RevisionStatus, reason: string, message: string, now: Instant): RevisionStatus =>
    set.markUnknown(status, mark(T.ContainerHealthy, reason, message), now),
  /** Active True (not part of Ready). */
  markActiveTrue: (status: RevisionStatus, now: Instant): RevisionStatus => set.markTrue(status, mark(T.Active), now),
  /** Active False with reason/message (e.g. `NoTraffic`). */
  markActiveFalse: (status: RevisionStatus, reason: string, message: string, now: Instant): RevisionStatus =>
    set.markFalse(status, mark(T.Active, reason, message), now),
  /** Active Unknown with reason/message. */
  markActiveUnknown: (status: RevisionStatus, reason: string, message: string, now: Instant): RevisionStatus =>
    set.markUnknown(status, mark(T.Active, reason, message), now),
  /** ResourcesAvailable False `NotOwned`: `There is an existing Deployment "x" that we do not own.` (or another `kind`). */
  markResourcesNotOwned: (status: RevisionStatus, name: string, now: Instant, kind = 'Deployment'): RevisionStatus => {
    const message = kind === 'Deployment' ? RevisionMessage.deploymentNotOwned(name) : `There is an existing ${kind} ${goQuote(name)} that we do not own.`;
    return set.markFalse(status, mark(T.ResourcesAvailable, RevisionReason.NotOwned, message), now);
  },
  /** ResourcesAvailable False `ProgressDeadlineExceeded` `Initial scale was never achieved`. */
  markProgressDeadlineExceeded: (status: RevisionStatus, now: Instant): RevisionStatus =>
    set.markFalse(status, mark(T.ResourcesAvailable, RevisionReason.ProgressDeadlineExceeded, RevisionMessage.initialScaleNeverAchieved), now),
  /** ContainerHealthy False `ExitCode<N>` `Container failed with: <message or 'container exited with no error'>`. */
  markContainerExiting: (status: RevisionStatus, exitCode: number, message: string | undefined, now: Instant): RevisionStatus => {
    const text = RevisionMessage.containerFailed(message !== undefined && message !== '' ? message : RevisionMessage.exitedWithNoError);
    return set.markFalse(status, mark(T.ContainerHealthy, exitCodeReason(exitCode), text), now);
  },
  /** Knative `PropagateAutoscalerStatus`: replicas, Active from the PA's Ready, and ResourcesAvailable/ContainerHealthy once the scale target initialized. */
  propagatePodAutoscalerStatus: (status: RevisionStatus, pa: PodAutoscalerStatus | undefined, now: Instant): RevisionStatus =>
    propagateAutoscalerStatus(status, pa ?? {}, now),
  /** Whether Ready is True (ignores observedGeneration). */
  isHappy: (status: RevisionStatus | undefined): boolean => status !== undefined && set.isHappy(status),
} as const;

/** Active False from the PA; a PA that TimedOut before initializing also means ProgressDeadlineExceeded (not for a NoTraffic idle one). */
function propagateInactive(status: RevisionStatus, pa: PodAutoscalerStatus, resUnavailable: boolean, now: Instant): RevisionStatus {
  const cond = getCondition(pa, PodAutoscalerConditionType.Ready);
  const reason = cond?.reason ?? '';
  const timedOut = reason === PodAutoscalerReason.TimedOut && (pa.serviceName ?? '') !== '';
  const next = timedOut && !resUnavailable && !PodAutoscalerLifecycle.isScaleTargetInitialized(pa) ? RevisionLifecycle.markProgressDeadlineExceeded(status, now) : status;
  return RevisionLifecycle.markActiveFalse(next, reason, cond?.message ?? '', now);
}

/** Marks Active from the PA's Ready condition. */
function propagateActive(status: RevisionStatus, pa: PodAutoscalerStatus, resUnavailable: boolean, now: Instant): RevisionStatus {
  const cond = getCondition(pa, PodAutoscalerConditionType.Ready);
  if (cond === undefined) return status;
  if (cond.status === ConditionStatus.True) return RevisionLifecycle.markActiveTrue(status, now);
  if (cond.status === ConditionStatus.Unknown) return RevisionLifecycle.markActiveUnknown(status, cond.reason ?? '', cond.message ?? '', now);
  return propagateInactive(status, pa, resUnavailable, now);
}

/** serving `RevisionStatus.PropagateAutoscalerStatus`, step by step. */
function propagateAutoscalerStatus(start: RevisionStatus, pa: PodAutoscalerStatus, now: Instant): RevisionStatus {
  const resUnavailable = isFalse(start, T.ResourcesAvailable) || isFalse(start, T.ContainerHealthy);
  let status = withReplicas(start, pa);
  if (getCondition(pa, PodAutoscalerConditionType.Ready) === undefined) {
    status = RevisionLifecycle.markActiveUnknown(status, RevisionReason.Deploying, '', now);
    return resUnavailable ? status : RevisionLifecycle.markResourcesAvailableUnknown(status, RevisionReason.Deploying, '', now);
  }
  const initialized = PodAutoscalerLifecycle.isScaleTargetInitialized(pa);
  if (initialized && !resUnavailable) {
    status = RevisionLifecycle.markContainerHealthyTrue(RevisionLifecycle.markResourcesAvailableTrue(status, now), now);
  }
  if (isTrue(status, T.ResourcesAvailable) && ((pa.serviceName ?? '') === '' || !initialized)) {
    status = RevisionLifecycle.markResourcesAvailableUnknown(status, RevisionReason.Deploying, '', now);
  }
  return propagateActive(status, pa, resUnavailable, now);
}
