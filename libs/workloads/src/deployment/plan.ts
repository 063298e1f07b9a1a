// One Deployment sync as a plan (syncDeployment in pkg/controller/deployment/deployment_controller.go):
// paused conditions, then scaling for a paused Deployment or a resize, else the strategy's
// rollout. The controller creates, updates and deletes the ReplicaSets the plan names, in that
// order, writes the revision annotation and the status, and looks again after `recheckAfterMs`.
import type { V1Deployment, V1DeploymentStatus, V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import { rolloutRecreate } from './recreate.js';
import { podReadySince } from '../replicaset/pod-fields.js';
import { rolloutRolling } from './rolling.js';
import { isScalingEvent, syncScaling } from './scaling.js';
import { isRollingUpdate, minReadySecondsOf, progressDeadlineSeconds } from './spec.js';
import { calculateStatus, conditionOf, DEPLOYMENT_REASONS, newCondition, progressRecheckMs, sameStatus, setCondition } from './status.js';
import { SyncState, type DeploymentSyncInput, type ReplicaSetUpdate } from './sync-state.js';
import { syncRevision } from './sync-revision.js';

/** What a sync decided. */
export interface DeploymentPlan {
  /** The new ReplicaSet to create first, if any. */
  readonly create?: V1ReplicaSet;
  /** ReplicaSets to replace, in order (spec.replicas, annotations, minReadySeconds). */
  readonly updates: readonly ReplicaSetUpdate[];
  /** Old ReplicaSets beyond revisionHistoryLimit to delete. */
  readonly deletes: readonly V1ReplicaSet[];
  /** The Deployment's `deployment.kubernetes.io/revision` annotation, when it must change. */
  readonly revision?: string;
  /** The status to write, when it differs from the Deployment's. */
  readonly status?: V1DeploymentStatus;
  /** When time alone could change the outcome (progress deadline, minReadySeconds): sync again after this many ms. */
  readonly recheckAfterMs?: number;
}

/** A selector of `{}` selects every pod: Kubernetes refuses to act on it. */
function selectsEverything(d: V1Deployment): boolean {
  const selector = d.spec?.selector;
  return selector !== undefined && Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}

const PAUSED = { type: 'Progressing', status: 'Unknown', reason: DEPLOYMENT_REASONS.deploymentPaused, message: 'Deployment is paused' } as const;
const RESUMED = { type: 'Progressing', status: 'Unknown', reason: DEPLOYMENT_REASONS.deploymentResumed, message: 'Deployment is resumed' } as const;

/** checkPausedConditions: Progressing Unknown DeploymentPaused / DeploymentResumed (not over a timeout). */
function checkPausedConditions(s: SyncState): void {
  if (progressDeadlineSeconds(s.d) === undefined) return;
  const status = (s.d.status ??= {});
  const reason = conditionOf(status, 'Progressing')?.reason;
  if (reason === DEPLOYMENT_REASONS.progressDeadlineExceeded) return;
  const paused = s.d.spec?.paused === true;
  const pausedShown = reason === DEPLOYMENT_REASONS.deploymentPaused;
  if (paused !== pausedShown) setCondition(status, newCondition(paused ? PAUSED : RESUMED, s.now));
}

/** Ms until the first Ready-but-not-yet-available pod passes minReadySeconds (+1 s), if any. */
export function minReadyRecheckMs(minReadySeconds: number, pods: readonly V1Pod[], now: Date): number | undefined {
  if (minReadySeconds <= 0) return undefined;
  const waits = pods
    .map(podReadySince)
    .filter((since) => since !== undefined)
    .map((since) => since + minReadySeconds * 1000 - now.getTime())
    .filter((wait) => wait >= 0);
  return waits.length === 0 ? undefined : Math.min(...waits) + 1000;
}

function recheck(s: SyncState, status: V1DeploymentStatus): number | undefined {
  const waits = [s.rolledOut ? progressRecheckMs(s.d, status, s.now) : undefined, minReadyRecheckMs(minReadySecondsOf(s.d), s.pods, s.now)];
  const defined = waits.filter((wait) => wait !== undefined);
  return defined.length === 0 ? undefined : Math.min(...defined);
}

function finish(s: SyncState, original: V1DeploymentStatus | undefined): DeploymentPlan {
  const status = s.status ?? s.d.status ?? {};
  const deleting = new Set(s.deletes);
  const updates = [...s.updates.values()]
    .filter(({ replicaSet }) => !deleting.has(replicaSet))
    .map(({ replicaSet, from }) => ({ replicaSet, from, to: replicaSet.spec?.replicas ?? 1 }));
  const recheckAfterMs = recheck(s, status);
  return {
    ...(s.created === undefined ? {} : { create: s.created }),
    updates,
    deletes: s.deletes,
    ...(s.revision === undefined ? {} : { revision: s.revision }),
    ...(sameStatus(original, status) ? {} : { status }),
    ...(recheckAfterMs === undefined ? {} : { recheckAfterMs }),
  };
}

function statusOnly(s: SyncState): void {
  const { newRS, oldRSs } = syncRevision(s, false);
  s.status = calculateStatus(s.d, [...oldRSs, newRS], newRS, s.now);
}

function run(s: SyncState): void {
  if (s.d.metadata?.deletionTimestamp !== undefined) return statusOnly(s);
  checkPausedConditions(s);
  if (s.d.spec?.paused === true || isScalingEvent(s)) return syncScaling(s);
  if (isRollingUpdate(s.d)) return rolloutRolling(s);
  return rolloutRecreate(s);
}

/** syncDeployment as a plan: what to write for `input.deployment` given its ReplicaSets and pods at `input.now`. */
export function planDeploymentSync(input: DeploymentSyncInput): DeploymentPlan {
  const s = new SyncState(input);
  if (selectsEverything(s.d)) {
    const status = { ...s.d.status, observedGeneration: Math.max(s.d.status?.observedGeneration ?? 0, s.d.metadata?.generation ?? 0) };
    return { updates: [], deletes: [], ...(sameStatus(input.deployment.status, status) ? {} : { status }) };
  }
  run(s);
  return finish(s, input.deployment.status);
}

/** The status after a failed create of the new ReplicaSet: Progressing False ReplicaSetCreateError. */
export function createFailedStatus(d: V1Deployment, rsName: string, error: string, now: Date): V1DeploymentStatus {
  const status = structuredClone(d.status ?? {});
  setCondition(status, newCondition({ type: 'Progressing', status: 'False', reason: DEPLOYMENT_REASONS.replicaSetCreateError, message: `Failed to create new replica set "${rsName}": ${error}` }, now));
  return status;
}

/** The status after the new ReplicaSet's name turned out taken by another template: collisionCount + 1. */
export function collisionStatus(d: V1Deployment): V1DeploymentStatus {
  return { ...structuredClone(d.status ?? {}), collisionCount: (d.status?.collisionCount ?? 0) + 1 };
}

/** `Scaled up replica set web-7c5ddbdf54 from 0 to 3` (the ScalingReplicaSet event), or undefined when the size did not change. */
export function scalingMessage(name: string, from: number, to: number): string | undefined {
  if (from === to) return undefined;
  return `Scaled ${to > from ? 'up' : 'down'} replica set ${name} from ${from} to ${to}`;
}
