// The Recreate strategy (recreate.go): every old ReplicaSet to zero, wait until none of their
// pods could still be running, then the new ReplicaSet to full size.
import type { V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import { cleanupHistory } from './history.js';
import { controllerOf } from '../owners.js';
import { activeReplicaSets, sumStatus } from './replica-sets.js';
import { desiredReplicas } from './spec.js';
import { deploymentComplete, rolloutStatus } from './status.js';
import type { SyncState } from './sync-state.js';
import { syncRevision } from './sync-revision.js';

/** oldPodsRunning: old ReplicaSets still report pods, or a pod of theirs is not Succeeded/Failed. */
export function oldPodsRunning(newRS: V1ReplicaSet | undefined, oldRSs: readonly V1ReplicaSet[], pods: readonly V1Pod[]): boolean {
  if (sumStatus(oldRSs, 'replicas') > 0) return true;
  const oldUids = new Set(oldRSs.map((rs) => rs.metadata?.uid).filter((uid) => uid !== undefined && uid !== newRS?.metadata?.uid));
  return pods.some((pod) => {
    const owner = controllerOf(pod)?.uid;
    const phase = pod.status?.phase;
    return owner !== undefined && oldUids.has(owner) && phase !== 'Succeeded' && phase !== 'Failed';
  });
}

/** rolloutRecreate. */
export function rolloutRecreate(s: SyncState): void {
  const first = syncRevision(s, false);
  s.rolledOut = true;
  let scaledDown = false;
  for (const rs of activeReplicaSets(first.oldRSs)) scaledDown = s.scaleIfNeeded(rs, 0) || scaledDown;
  if (scaledDown || oldPodsRunning(first.newRS, first.oldRSs, s.pods)) {
    s.status = rolloutStatus(s.d, [...first.oldRSs, first.newRS], first.newRS, s.now);
    return;
  }
  const { newRS, oldRSs } = first.newRS === undefined ? syncRevision(s, true) : first;
  if (newRS !== undefined) s.scaleIfNeeded(newRS, desiredReplicas(s.d));
  if (deploymentComplete(s.d, s.d.status ?? {})) cleanupHistory(s, oldRSs);
  s.status = rolloutStatus(s.d, [...oldRSs, newRS], newRS, s.now);
}
