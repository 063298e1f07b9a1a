// Deployment status (sync.go calculateStatus, progress.go syncRolloutStatus and
// requeueStuckDeployment, deployment_util.go conditions and DeploymentComplete /
// DeploymentProgressing / DeploymentTimedOut) and kubectl's rollout-status verdict.
import { rfc3339Seconds } from '@ebb/apimachinery';
import type { V1Deployment, V1DeploymentCondition, V1DeploymentStatus, V1ReplicaSet } from '@kubernetes/client-node';
import { canonicalJson } from './hash.js';
import { sumSpecReplicas, sumStatus, timeMsOrZero } from './replica-sets.js';
import { desiredReplicas, maxUnavailable, progressDeadlineSeconds } from './spec.js';

/** Condition reasons the Deployment controller writes (deployment_util.go). */
export const DEPLOYMENT_REASONS = {
  minimumReplicasAvailable: 'MinimumReplicasAvailable',
  minimumReplicasUnavailable: 'MinimumReplicasUnavailable',
  newReplicaSetCreated: 'NewReplicaSetCreated',
  foundNewReplicaSet: 'FoundNewReplicaSet',
  replicaSetUpdated: 'ReplicaSetUpdated',
  newReplicaSetAvailable: 'NewReplicaSetAvailable',
  progressDeadlineExceeded: 'ProgressDeadlineExceeded',
  replicaSetCreateError: 'ReplicaSetCreateError',
  deploymentPaused: 'DeploymentPaused',
  deploymentResumed: 'DeploymentResumed',
} as const;

/** A Deployment condition type. */
export type DeploymentConditionType = 'Available' | 'Progressing' | 'ReplicaFailure';

/** A condition's content without its times. */
export interface ConditionContent {
  readonly type: DeploymentConditionType;
  readonly status: 'True' | 'False' | 'Unknown';
  readonly reason: string;
  readonly message: string;
}

/** NewDeploymentCondition: both times `now` (whole seconds). */
export function newCondition(content: ConditionContent, now: Date): V1DeploymentCondition {
  const at = new Date(rfc3339Seconds(now));
  return { ...content, lastUpdateTime: at, lastTransitionTime: at };
}

/** GetDeploymentCondition. */
export function conditionOf(status: V1DeploymentStatus | undefined, type: DeploymentConditionType): V1DeploymentCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/**
 * SetDeploymentCondition: nothing changes when status and reason are the same; otherwise the
 * condition is replaced (moved last), keeping lastTransitionTime when the status is the same.
 */
export function setCondition(status: V1DeploymentStatus, condition: V1DeploymentCondition): void {
  const current = conditionOf(status, condition.type as DeploymentConditionType);
  if (current !== undefined && current.status === condition.status && current.reason === condition.reason) return;
  const next = current !== undefined && current.status === condition.status ? { ...condition, lastTransitionTime: current.lastTransitionTime } : condition;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== condition.type), next];
}

/** RemoveDeploymentCondition. */
export function removeCondition(status: V1DeploymentStatus, type: DeploymentConditionType): void {
  if (status.conditions === undefined) return;
  status.conditions = status.conditions.filter((c) => c.type !== type);
  if (status.conditions.length === 0) delete status.conditions;
}

function counter(status: V1DeploymentStatus, field: 'replicas' | 'updatedReplicas' | 'readyReplicas' | 'availableReplicas' | 'unavailableReplicas', value: number): void {
  if (value !== 0) status[field] = value;
}

/** calculateStatus: counters summed over the ReplicaSets (zeros omitted), conditions copied, Available set. */
export function calculateStatus(d: V1Deployment, allRSs: readonly (V1ReplicaSet | undefined)[], newRS: V1ReplicaSet | undefined, now: Date): V1DeploymentStatus {
  const available = sumStatus(allRSs, 'availableReplicas');
  const status: V1DeploymentStatus = { observedGeneration: d.metadata?.generation ?? 0 };
  counter(status, 'replicas', sumStatus(allRSs, 'replicas'));
  counter(status, 'updatedReplicas', sumStatus([newRS], 'replicas'));
  counter(status, 'readyReplicas', sumStatus(allRSs, 'readyReplicas'));
  counter(status, 'availableReplicas', available);
  counter(status, 'unavailableReplicas', Math.max(sumSpecReplicas(allRSs) - available, 0));
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  if (d.status?.conditions !== undefined) status.conditions = d.status.conditions.map((c) => ({ ...c }));
  const enough = available >= desiredReplicas(d) - maxUnavailable(d);
  setCondition(
    status,
    enough
      ? newCondition({ type: 'Available', status: 'True', reason: DEPLOYMENT_REASONS.minimumReplicasAvailable, message: 'Deployment has minimum availability.' }, now)
      : newCondition({ type: 'Available', status: 'False', reason: DEPLOYMENT_REASONS.minimumReplicasUnavailable, message: 'Deployment does not have minimum availability.' }, now),
  );
  return status;
}

/** DeploymentComplete: every desired replica updated and available, no old ones, generation observed. */
export function deploymentComplete(d: V1Deployment, status: V1DeploymentStatus): boolean {
  const desired = desiredReplicas(d);
  const counts = [status.updatedReplicas, status.replicas, status.availableReplicas].map((n) => n ?? 0);
  return counts.every((n) => n === desired) && (status.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0);
}

/** DeploymentProgressing: more updated, fewer old, more ready or more available replicas than before. */
export function deploymentProgressing(old: V1DeploymentStatus | undefined, next: V1DeploymentStatus): boolean {
  const n = (value: number | undefined): number => value ?? 0;
  const oldOld = n(old?.replicas) - n(old?.updatedReplicas);
  const newOld = n(next.replicas) - n(next.updatedReplicas);
  return n(next.updatedReplicas) > n(old?.updatedReplicas) || newOld < oldOld || n(next.readyReplicas) > n(old?.readyReplicas) || n(next.availableReplicas) > n(old?.availableReplicas);
}

/** DeploymentTimedOut: the Progressing condition was last updated more than progressDeadlineSeconds before `now`. */
export function deploymentTimedOut(d: V1Deployment, status: V1DeploymentStatus, now: Date): boolean {
  const deadline = progressDeadlineSeconds(d);
  const condition = conditionOf(status, 'Progressing');
  if (deadline === undefined || condition === undefined) return false;
  if (condition.reason === DEPLOYMENT_REASONS.newReplicaSetAvailable) return false;
  if (condition.reason === DEPLOYMENT_REASONS.progressDeadlineExceeded) return true;
  return timeMsOrZero(condition.lastUpdateTime) + deadline * 1000 < now.getTime();
}

function rsLabel(d: V1Deployment, newRS: V1ReplicaSet | undefined): string {
  return newRS === undefined ? `Deployment "${d.metadata?.name ?? ''}"` : `ReplicaSet "${newRS.metadata?.name ?? ''}"`;
}

function progressingCondition(d: V1Deployment, newRS: V1ReplicaSet | undefined, now: Date): V1DeploymentCondition {
  const condition = newCondition({ type: 'Progressing', status: 'True', reason: DEPLOYMENT_REASONS.replicaSetUpdated, message: `${rsLabel(d, newRS)} is progressing.` }, now);
  const current = conditionOf(d.status, 'Progressing');
  return current?.status === 'True' ? { ...condition, lastTransitionTime: current.lastTransitionTime } : condition;
}

function markProgress(d: V1Deployment, status: V1DeploymentStatus, newRS: V1ReplicaSet | undefined, now: Date): void {
  if (deploymentComplete(d, status)) {
    setCondition(status, newCondition({ type: 'Progressing', status: 'True', reason: DEPLOYMENT_REASONS.newReplicaSetAvailable, message: `${rsLabel(d, newRS)} has successfully progressed.` }, now));
  } else if (deploymentProgressing(d.status, status)) {
    // Same reason as before still moves lastUpdateTime: progress is what the deadline measures.
    removeCondition(status, 'Progressing');
    status.conditions = [...(status.conditions ?? []), progressingCondition(d, newRS, now)];
  } else if (deploymentTimedOut(d, status, now)) {
    setCondition(status, newCondition({ type: 'Progressing', status: 'False', reason: DEPLOYMENT_REASONS.progressDeadlineExceeded, message: `${rsLabel(d, newRS)} has timed out progressing.` }, now));
  }
}

function replicaFailure(allRSs: readonly (V1ReplicaSet | undefined)[], newRS: V1ReplicaSet | undefined): V1DeploymentCondition | undefined {
  for (const rs of [newRS, ...allRSs]) {
    const failure = rs?.status?.conditions?.find((c) => c.type === 'ReplicaFailure');
    if (failure !== undefined) return { type: 'ReplicaFailure', status: failure.status, reason: failure.reason, message: failure.message, lastUpdateTime: failure.lastTransitionTime, lastTransitionTime: failure.lastTransitionTime };
  }
  return undefined;
}

/** syncRolloutStatus's status: calculateStatus plus Progressing (against the deadline) and ReplicaFailure. */
export function rolloutStatus(d: V1Deployment, allRSs: readonly (V1ReplicaSet | undefined)[], newRS: V1ReplicaSet | undefined, now: Date): V1DeploymentStatus {
  const status = calculateStatus(d, allRSs, newRS, now);
  const hasDeadline = progressDeadlineSeconds(d) !== undefined;
  if (!hasDeadline) removeCondition(status, 'Progressing');
  const current = conditionOf(d.status, 'Progressing');
  const finished = status.replicas === status.updatedReplicas && current?.reason === DEPLOYMENT_REASONS.newReplicaSetAvailable;
  if (hasDeadline && !finished) markProgress(d, status, newRS, now);
  const failure = replicaFailure(allRSs, newRS);
  if (failure !== undefined) setCondition(status, failure);
  else removeCondition(status, 'ReplicaFailure');
  return status;
}

/**
 * requeueStuckDeployment: ms until the progress deadline could pass (+1 s, as Kubernetes), or
 * undefined when no deadline is running (none set, no Progressing condition, complete, timed out).
 */
export function progressRecheckMs(d: V1Deployment, status: V1DeploymentStatus, now: Date): number | undefined {
  const deadline = progressDeadlineSeconds(d);
  const condition = conditionOf(status, 'Progressing');
  if (deadline === undefined || condition === undefined || d.spec?.paused === true) return undefined;
  if (deploymentComplete(d, status) || condition.reason === DEPLOYMENT_REASONS.progressDeadlineExceeded) return undefined;
  if (condition.reason === DEPLOYMENT_REASONS.newReplicaSetAvailable) return undefined;
  return Math.max(timeMsOrZero(condition.lastUpdateTime) + deadline * 1000 - now.getTime(), 0) + 1000;
}

function normalized(status: V1DeploymentStatus | undefined): string {
  const time = (value: Date | string | undefined): string | undefined => (value === undefined ? undefined : rfc3339Seconds(new Date(timeMsOrZero(value))));
  const conditions = status?.conditions?.map((c) => ({ ...c, lastUpdateTime: time(c.lastUpdateTime), lastTransitionTime: time(c.lastTransitionTime) }));
  return canonicalJson({ ...status, conditions });
}

/** Whether two statuses are the same once times are compared at whole seconds (Date or string). */
export function sameStatus(a: V1DeploymentStatus | undefined, b: V1DeploymentStatus | undefined): boolean {
  return normalized(a) === normalized(b);
}

/** kubectl rollout status's verdict on a Deployment (polymorphichelpers/rollout_status.go). */
export interface RolloutVerdict {
  readonly done: boolean;
  readonly message: string;
  /** Set when the rollout failed (progress deadline exceeded). */
  readonly error?: string;
}

function pendingRollout(status: V1DeploymentStatus, desired: number | undefined): string | undefined {
  const [updated, replicas, available] = [status.updatedReplicas ?? 0, status.replicas ?? 0, status.availableReplicas ?? 0];
  if (desired !== undefined && updated < desired) return `${updated} out of ${desired} new replicas have been updated`;
  if (replicas > updated) return `${replicas - updated} old replicas are pending termination`;
  if (available < updated) return `${available} of ${updated} updated replicas are available`;
  return undefined;
}

function observed(d: V1Deployment): boolean {
  return (d.metadata?.generation ?? 0) <= (d.status?.observedGeneration ?? 0);
}

/** What `kubectl rollout status deployment/<name>` would print and whether it would stop. */
export function rolloutVerdict(d: V1Deployment): RolloutVerdict {
  const { metadata = {}, status = {} } = d;
  const name = metadata.name ?? '';
  if (!observed(d)) return { done: false, message: 'Waiting for deployment spec update to be observed...' };
  if (conditionOf(status, 'Progressing')?.reason === DEPLOYMENT_REASONS.progressDeadlineExceeded) return { done: false, message: '', error: `deployment "${name}" exceeded its progress deadline` };
  const pending = pendingRollout(status, d.spec?.replicas);
  return pending === undefined ? { done: true, message: `deployment "${name}" successfully rolled out` } : { done: false, message: `Waiting for deployment "${name}" rollout to finish: ${pending}...` };
}
