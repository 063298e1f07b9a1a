// getAllReplicaSetsAndSyncRevision (sync.go): find the new ReplicaSet — bringing its revision and
// copied annotations up to date — or, when asked, make it; keep the Deployment's revision
// annotation and its Progressing condition in step.
import type { V1ReplicaSet } from '@kubernetes/client-node';
import { REVISION_ANNOTATION } from './annotations.js';
import { podTemplateHash } from './hash.js';
import { makeReplicaSet, replicaSetName, setNewReplicaSetAnnotations } from './new-replica-set.js';
import { equalIgnoreHash, findNewReplicaSet, findOldReplicaSets, maxRevision, specReplicas, sumSpecReplicas } from './replica-sets.js';
import { desiredReplicas, isRollingUpdate, maxSurge, minReadySecondsOf } from './spec.js';
import { conditionOf, DEPLOYMENT_REASONS, newCondition, setCondition } from './status.js';
import type { SyncState } from './sync-state.js';

/** The new and old ReplicaSets of a sync. */
export interface ReplicaSetSplit {
  readonly newRS: V1ReplicaSet | undefined;
  readonly oldRSs: V1ReplicaSet[];
}

/** NewRSNewReplicas: the size a new ReplicaSet may have now (surge-bounded for RollingUpdate). */
export function newRSNewReplicas(s: SyncState, allRSs: readonly V1ReplicaSet[], newRS: V1ReplicaSet): number {
  const desired = desiredReplicas(s.d);
  if (!isRollingUpdate(s.d)) return desired;
  const current = sumSpecReplicas(allRSs);
  const maxTotal = desired + maxSurge(s.d);
  if (current >= maxTotal) return specReplicas(newRS);
  return specReplicas(newRS) + Math.min(maxTotal - current, desired - specReplicas(newRS));
}

function setDeploymentRevision(s: SyncState, revision: string | undefined): void {
  if (revision === undefined || s.d.metadata?.annotations?.[REVISION_ANNOTATION] === revision) return;
  const metadata = (s.d.metadata ??= {});
  metadata.annotations = { ...(metadata.annotations ?? {}), [REVISION_ANNOTATION]: revision };
  s.revision = revision;
}

/** Copies minReadySeconds onto the ReplicaSet; true when it changed. */
function syncMinReadySeconds(s: SyncState, rs: V1ReplicaSet): boolean {
  const minReady = minReadySecondsOf(s.d);
  const spec = (rs.spec ??= { selector: {} });
  if ((spec.minReadySeconds ?? 0) === minReady) return false;
  spec.minReadySeconds = minReady;
  return true;
}

/** Marks the Deployment Progressing with `reason` about `rs` (a no-op when the reason is already shown). */
function markProgressing(s: SyncState, reason: string, message: string): void {
  setCondition((s.d.status ??= {}), newCondition({ type: 'Progressing', status: 'True', reason, message }, s.now));
}

function syncExisting(s: SyncState, existing: V1ReplicaSet, newRevision: number): V1ReplicaSet {
  const from = specReplicas(existing);
  const annotated = setNewReplicaSetAnnotations(s.d, existing, newRevision);
  if (syncMinReadySeconds(s, existing) || annotated) s.touched(existing, from);
  setDeploymentRevision(s, existing.metadata?.annotations?.[REVISION_ANNOTATION]);
  if (conditionOf(s.d.status, 'Progressing') === undefined) markProgressing(s, DEPLOYMENT_REASONS.foundNewReplicaSet, `Found new replica set "${existing.metadata?.name ?? ''}"`);
  return existing;
}

/** The name clash a new ReplicaSet would meet: 'same' template (wait for it), 'other' template (collision), or none. */
function nameClash(s: SyncState, name: string): 'same' | 'other' | undefined {
  const taken = s.namespaceReplicaSets.find((rs) => rs.metadata?.name === name);
  if (taken === undefined) return undefined;
  return equalIgnoreHash(taken.spec?.template, s.d.spec?.template) ? 'same' : 'other';
}

/** The hash of the new ReplicaSet, unless its name is taken (by another template: collisionCount + 1). */
function freeHash(s: SyncState): string | undefined {
  const status = (s.d.status ??= {});
  const hash = podTemplateHash(s.d.spec?.template, status.collisionCount);
  const clash = nameClash(s, replicaSetName(s.d.metadata?.name ?? '', hash));
  if (clash === 'other') {
    status.collisionCount = (status.collisionCount ?? 0) + 1;
    s.collided = true;
  }
  return clash === undefined ? hash : undefined;
}

function createNew(s: SyncState, oldRSs: readonly V1ReplicaSet[], newRevision: number): V1ReplicaSet | undefined {
  const hash = freeHash(s);
  if (hash === undefined) return undefined;
  const rs = makeReplicaSet(s.d, hash, 0);
  rs.spec = { ...(rs.spec ?? { selector: {} }), replicas: newRSNewReplicas(s, [...oldRSs, rs], rs) };
  const desired = desiredReplicas(s.d);
  setNewReplicaSetAnnotations(s.d, rs, newRevision, { desired, max: desired + maxSurge(s.d) });
  s.created = rs;
  s.replicaSets.push(rs);
  setDeploymentRevision(s, String(newRevision));
  markProgressing(s, DEPLOYMENT_REASONS.newReplicaSetCreated, `Created new replica set "${rs.metadata?.name ?? ''}"`);
  return rs;
}

/** getAllReplicaSetsAndSyncRevision: the new ReplicaSet (created when `create` and missing) and the old ones. */
export function syncRevision(s: SyncState, create: boolean): ReplicaSetSplit {
  const oldRSs = findOldReplicaSets(s.d, s.replicaSets);
  const newRevision = maxRevision(oldRSs) + 1;
  const existing = findNewReplicaSet(s.d, s.replicaSets);
  if (existing !== undefined) return { newRS: syncExisting(s, existing, newRevision), oldRSs };
  return { newRS: create ? createNew(s, oldRSs, newRevision) : undefined, oldRSs };
}
