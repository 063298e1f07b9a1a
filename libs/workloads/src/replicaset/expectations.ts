// Pod creations and deletions a ReplicaSet controller has made but its informer has not shown
// yet (controller_utils.go ControllerExpectations / UIDTrackingControllerExpectations). While any
// are pending, a sync must not create or delete again: the cache is behind and would make it
// double the work. A creation is seen when the cache holds the pod or an add event named it; a
// deletion when the cache no longer holds the pod (or holds it terminating, or another with the
// same name). Expectations older than the TTL are dropped so a lost event cannot stall a set.
import type { KubeObject } from '@ebb/apimachinery';

/** How long an unmet expectation blocks syncs (Kubernetes waits 5 minutes; the local cluster is quicker to recover). */
export const EXPECTATIONS_TTL_MS = 60_000;

interface Pending {
  readonly creating: Set<string>;
  /** name → uid of pods being deleted. */
  readonly deleting: Map<string, string>;
  since: number;
}

/** Reads a pod of the ReplicaSet's namespace from the informer cache. */
export type PodLookup = (name: string) => KubeObject | undefined;

/** Removes what the cache now shows: created pods present, deleted pods gone, terminating or replaced. */
function dropObserved(entry: Pending, lookup: PodLookup): void {
  for (const name of entry.creating) if (lookup(name) !== undefined) entry.creating.delete(name);
  for (const [name, uid] of entry.deleting) {
    const pod = lookup(name);
    if (pod === undefined || pod.metadata.uid !== uid || pod.metadata.deletionTimestamp != null) entry.deleting.delete(name);
  }
}

/** Pending pod creations/deletions per ReplicaSet key (`ns/name`). */
export class PodExpectations {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly ttlMs = EXPECTATIONS_TTL_MS) {}

  private entry(key: string, now: Date): Pending {
    let entry = this.pending.get(key);
    if (entry === undefined) {
      entry = { creating: new Set(), deleting: new Map(), since: now.getTime() };
      this.pending.set(key, entry);
    }
    entry.since = now.getTime();
    return entry;
  }

  /** Records a pod the controller created (its name as the API server returned it). */
  expectCreation(key: string, podName: string, now: Date): void {
    this.entry(key, now).creating.add(podName);
  }

  /** Records a pod the controller asked to delete. */
  expectDeletion(key: string, pod: KubeObject, now: Date): void {
    this.entry(key, now).deleting.set(pod.metadata.name ?? '', pod.metadata.uid ?? '');
  }

  /** An add event showed `podName` (so a pod created and deleted before a sync still counts as seen). */
  observeCreation(key: string, podName: string): void {
    this.pending.get(key)?.creating.delete(podName);
  }

  /** Whether a sync of `key` may create or delete pods: nothing pending, or pending for longer than the TTL. */
  satisfied(key: string, lookup: PodLookup, now: Date): boolean {
    const entry = this.pending.get(key);
    if (entry === undefined) return true;
    dropObserved(entry, lookup);
    if ((entry.creating.size === 0 && entry.deleting.size === 0) || now.getTime() - entry.since > this.ttlMs) {
      this.pending.delete(key);
      return true;
    }
    return false;
  }

  /** Drops everything pending for `key` (its ReplicaSet is gone). */
  forget(key: string): void {
    this.pending.delete(key);
  }
}
