// Scaling without rolling out (sync.go sync/scale, deployment_util.go GetReplicaSetProportion):
// a resize of a paused Deployment or in the middle of a rollout is spread over the active
// ReplicaSets in proportion to their size, using the max-replicas each was last sized for.
import type { V1ReplicaSet } from '@kubernetes/client-node';
import { DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION } from './annotations.js';
import { cleanupHistory } from './history.js';
import { activeReplicaSets, byCreation, specReplicas, sumSpecReplicas } from './replica-sets.js';
import { desiredReplicas, isRollingUpdate, maxSurge } from './spec.js';
import { calculateStatus } from './status.js';
import type { SyncState } from './sync-state.js';
import { syncRevision } from './sync-revision.js';

function intAnnotation(rs: V1ReplicaSet, key: string): number | undefined {
  const text = rs.metadata?.annotations?.[key];
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

/** isScalingEvent: an active ReplicaSet was last sized for a different spec.replicas. */
export function isScalingEvent(s: SyncState): boolean {
  const { newRS, oldRSs } = syncRevision(s, false);
  const desired = desiredReplicas(s.d);
  return activeReplicaSets([...oldRSs, newRS]).some((rs) => {
    const annotated = intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
    return annotated !== undefined && annotated !== desired;
  });
}

/** FindActiveOrLatest: the only active ReplicaSet, or the newest when none is active; undefined when several are. */
export function activeOrLatest(newRS: V1ReplicaSet | undefined, oldRSs: readonly V1ReplicaSet[]): V1ReplicaSet | undefined {
  const newestFirst = [...oldRSs].sort(byCreation).reverse();
  const active = activeReplicaSets([...newestFirst, newRS]);
  if (active.length === 1) return active[0];
  if (active.length > 1) return undefined;
  return newRS ?? newestFirst[0];
}

/** IsSaturated: the new ReplicaSet has every desired replica, sized for this spec.replicas, all available. */
export function isSaturated(desired: number, rs: V1ReplicaSet | undefined): boolean {
  if (rs === undefined) return false;
  return specReplicas(rs) === desired && intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION) === desired && (rs.status?.availableReplicas ?? 0) === desired;
}

/** getReplicaSetFraction: this ReplicaSet's share of the new max, minus its size. */
function fraction(s: SyncState, rs: V1ReplicaSet): number {
  const desired = desiredReplicas(s.d);
  if (desired === 0) return -specReplicas(rs);
  const maxReplicas = desired + maxSurge(s.d);
  const before = intAnnotation(rs, MAX_REPLICAS_ANNOTATION) || (s.d.status?.replicas ?? 0);
  if (before === 0) return 0;
  return Math.round((specReplicas(rs) * maxReplicas) / before) - specReplicas(rs);
}

/** GetReplicaSetProportion: the fraction, capped by what is left to add (or remove). */
function proportion(s: SyncState, rs: V1ReplicaSet, toAdd: number, added: number): number {
  if (specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction(s, rs), allowed) : Math.max(fraction(s, rs), allowed);
}

/** ReplicaSetsBySizeNewer (scaling up) or BySizeOlder (down): larger first, ties by age. */
function bySize(up: boolean): (a: V1ReplicaSet, b: V1ReplicaSet) => number {
  return (a, b) => specReplicas(b) - specReplicas(a) || (up ? byCreation(b, a) : byCreation(a, b));
}

/** The proportional sizes of the active ReplicaSets for the Deployment's new size, in update order. */
export function proportionalSizes(s: SyncState, active: readonly V1ReplicaSet[]): { rs: V1ReplicaSet; size: number }[] {
  const desired = desiredReplicas(s.d);
  const allowed = desired > 0 ? desired + maxSurge(s.d) : 0;
  const toAdd = allowed - sumSpecReplicas(active);
  const ordered = [...active].sort(bySize(toAdd > 0));
  let added = 0;
  const sizes = ordered.map((rs) => {
    const share = proportion(s, rs, toAdd, added);
    added += share;
    return { rs, size: specReplicas(rs) + share };
  });
  const first = sizes[0];
  if (first !== undefined && toAdd !== 0) first.size = Math.max(first.size + toAdd - added, 0);
  return sizes;
}

/** scale: a resize applied to the ReplicaSets. */
export function scaleReplicaSets(s: SyncState, newRS: V1ReplicaSet | undefined, oldRSs: readonly V1ReplicaSet[]): void {
  const desired = desiredReplicas(s.d);
  const single = activeOrLatest(newRS, oldRSs);
  if (single !== undefined) {
    s.scaleIfNeeded(single, desired);
    return;
  }
  if (isSaturated(desired, newRS)) {
    for (const rs of activeReplicaSets(oldRSs)) s.scaleIfNeeded(rs, 0);
    return;
  }
  if (!isRollingUpdate(s.d)) return;
  for (const { rs, size } of proportionalSizes(s, activeReplicaSets([...oldRSs, newRS]))) s.scale(rs, size);
}

/** sync: scaling (paused or mid-rollout resize), history cleanup when paused, status without progress. */
export function syncScaling(s: SyncState): void {
  const { newRS, oldRSs } = syncRevision(s, false);
  scaleReplicaSets(s, newRS, oldRSs);
  if (s.d.spec?.paused === true) cleanupHistory(s, oldRSs);
  s.status = calculateStatus(s.d, [...oldRSs, newRS], newRS, s.now);
}
