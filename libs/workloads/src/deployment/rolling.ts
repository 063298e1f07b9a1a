// The RollingUpdate strategy (rolling.go): grow the new ReplicaSet within maxSurge, then shrink
// old ones — unhealthy pods first — as far as maxUnavailable allows, one kind of step per sync.
import type { V1ReplicaSet } from '@kubernetes/client-node';
import { cleanupHistory } from './history.js';
import { activeReplicaSets, byCreation, specReplicas, sumSpecReplicas, sumStatus } from './replica-sets.js';
import { desiredReplicas, maxUnavailable } from './spec.js';
import { deploymentComplete, rolloutStatus } from './status.js';
import type { SyncState } from './sync-state.js';
import { newRSNewReplicas, syncRevision } from './sync-revision.js';

/** reconcileNewReplicaSet: true when the new ReplicaSet was resized. */
export function reconcileNewReplicaSet(s: SyncState, allRSs: readonly V1ReplicaSet[], newRS: V1ReplicaSet): boolean {
  const desired = desiredReplicas(s.d);
  if (specReplicas(newRS) === desired) return false;
  if (specReplicas(newRS) > desired) return s.scaleIfNeeded(newRS, desired);
  return s.scaleIfNeeded(newRS, newRSNewReplicas(s, allRSs, newRS));
}

/** cleanupUnhealthyReplicas: old ReplicaSets (oldest first) lose their unavailable pods, at most `maxCleanup` in all. */
export function cleanupUnhealthyReplicas(s: SyncState, oldRSs: readonly V1ReplicaSet[], maxCleanup: number): number {
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (total >= maxCleanup) break;
    const unavailable = specReplicas(rs) - (rs.status?.availableReplicas ?? 0);
    if (specReplicas(rs) === 0 || unavailable <= 0) continue;
    const count = Math.min(maxCleanup - total, unavailable);
    s.scaleIfNeeded(rs, specReplicas(rs) - count);
    total += count;
  }
  return total;
}

/** scaleDownOldReplicaSetsForRollingUpdate: old ReplicaSets (oldest first) shrink while availability stays ≥ minAvailable. */
export function scaleDownOldReplicaSets(s: SyncState, allRSs: readonly V1ReplicaSet[], oldRSs: readonly V1ReplicaSet[]): number {
  const minAvailable = desiredReplicas(s.d) - maxUnavailable(s.d);
  const available = sumStatus(allRSs, 'availableReplicas');
  if (available <= minAvailable) return 0;
  const target = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (total >= target) break;
    if (specReplicas(rs) === 0) continue;
    const count = Math.min(specReplicas(rs), target - total);
    s.scaleIfNeeded(rs, specReplicas(rs) - count);
    total += count;
  }
  return total;
}

/** reconcileOldReplicaSets: true when old ReplicaSets were shrunk. */
export function reconcileOldReplicaSets(s: SyncState, allRSs: readonly V1ReplicaSet[], oldRSs: readonly V1ReplicaSet[], newRS: V1ReplicaSet): boolean {
  if (sumSpecReplicas(oldRSs) === 0) return false;
  const minAvailable = desiredReplicas(s.d) - maxUnavailable(s.d);
  const newUnavailable = specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = sumSpecReplicas(allRSs) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const cleaned = cleanupUnhealthyReplicas(s, oldRSs, maxScaledDown);
  const scaled = scaleDownOldReplicaSets(s, [...oldRSs, newRS], oldRSs);
  return cleaned + scaled > 0;
}

/** rolloutRolling. */
export function rolloutRolling(s: SyncState): void {
  const { newRS, oldRSs } = syncRevision(s, true);
  if (newRS === undefined) return;
  const allRSs = [...oldRSs, newRS];
  s.rolledOut = true;
  if (!reconcileNewReplicaSet(s, allRSs, newRS) && !reconcileOldReplicaSets(s, allRSs, activeReplicaSets(oldRSs), newRS)) {
    if (deploymentComplete(s.d, s.d.status ?? {})) cleanupHistory(s, oldRSs);
  }
  s.status = rolloutStatus(s.d, allRSs, newRS, s.now);
}
