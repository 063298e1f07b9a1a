// cleanupDeployment (sync.go): beyond revisionHistoryLimit, the oldest revisions among old
// ReplicaSets that are fully scaled down, observed and not already being deleted go away.
import type { V1ReplicaSet } from '@kubernetes/client-node';
import { byRevision, specReplicas } from './replica-sets.js';
import { revisionHistoryLimit } from './spec.js';
import type { SyncState } from './sync-state.js';

function removable(rs: V1ReplicaSet): boolean {
  const { metadata = {}, status = { replicas: 0 } } = rs;
  const observed = (metadata.generation ?? 0) <= (status.observedGeneration ?? 0);
  return status.replicas === 0 && specReplicas(rs) === 0 && observed && metadata.deletionTimestamp === undefined;
}

/** The old ReplicaSets to delete so that at most revisionHistoryLimit remain (never the new one: it is not in `oldRSs`). */
export function historyToDelete(limit: number | undefined, oldRSs: readonly V1ReplicaSet[]): V1ReplicaSet[] {
  if (limit === undefined) return [];
  const alive = oldRSs.filter((rs) => rs.metadata?.deletionTimestamp === undefined).sort(byRevision);
  const excess = alive.length - limit;
  return excess <= 0 ? [] : alive.slice(0, excess).filter(removable);
}

/** cleanupDeployment on the sync's working state. */
export function cleanupHistory(s: SyncState, oldRSs: readonly V1ReplicaSet[]): void {
  s.deletes.push(...historyToDelete(revisionHistoryLimit(s.d), oldRSs).filter((rs) => !s.deletes.includes(rs)));
}
