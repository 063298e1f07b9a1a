// How a ReplicaSet closes the gap between its active pods and `spec.replicas`
// (replica_set.go manageReplicas): create the missing pods in slow-start batches (1, 2, 4 …;
// the first failing batch stops the rest) or delete the surplus, at most 500 per sync.
import type { KubeObject } from '@ebb/apimachinery';
import { desiredReplicas } from './pod-fields.js';
import { podsToDelete } from './ranking.js';

/** The most pods one sync creates or deletes (the controller's `burstReplicas`). */
export const BURST_REPLICAS = 500;

/** The slow-start initial batch size (controller.SlowStartInitialBatchSize). */
export const SLOW_START_INITIAL_BATCH = 1;

/** What one sync does about the replica count. */
export type ReplicaAction =
  | { readonly type: 'none' }
  | { readonly type: 'create'; readonly count: number; readonly batches: readonly number[] }
  | { readonly type: 'delete'; readonly pods: readonly KubeObject[] };

/** The batch sizes of slowStartBatch for `count` items: 1, 2, 4 … with the last one cut to what remains. */
export function slowStartBatches(count: number, initial = SLOW_START_INITIAL_BATCH): number[] {
  const batches: number[] = [];
  let remaining = count;
  for (let size = Math.min(remaining, initial); size > 0; size = Math.min(2 * size, remaining)) {
    batches.push(size);
    remaining -= size;
  }
  return batches;
}

/** The action for the ReplicaSet's `active` (claimed) pods against its `spec.replicas` (default 1), at `now` (ranks pods to delete). */
export function replicaAction(rs: KubeObject, active: readonly KubeObject[], now: Date): ReplicaAction {
  const diff = active.length - desiredReplicas(rs);
  if (diff < 0) {
    const count = Math.min(-diff, BURST_REPLICAS);
    return { type: 'create', count, batches: slowStartBatches(count) };
  }
  if (diff > 0) return { type: 'delete', pods: podsToDelete(active, Math.min(diff, BURST_REPLICAS), now) };
  return { type: 'none' };
}
