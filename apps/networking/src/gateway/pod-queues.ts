// The gateway's per-pod queues for revisions it serves directly whose containerConcurrency is set
// (issue 8): no pod ever holds more requests than its limit, the excess waits here — bounded by
// the queue depth and by the revision's request timeout — and goes the moment a slot frees or a
// pod appears. One RevisionThrottler (@ebb/dataplane, the activator's) per revision, kept in step
// with the revision's ready endpoints and containerConcurrency; dropped once idle without pods.
// With several gateway replicas the pods are subset among them as among activators (each takes
// its slice of the address-sorted pods by its place among the gateway Service's ready
// endpoints), so that replicas do not each fill the same pod: with at least as many pods as
// gateways no pod ever holds more than its containerConcurrency.
import { RevisionThrottler, TAKE_ALL, type Endpoint, type SliceAssignment } from '@ebb/dataplane';

/** Most requests that wait for one revision's pods; beyond it the gateway answers 503. */
export const GATEWAY_QUEUE_DEPTH = 10_000;

/** What the queues read of the cluster. */
export interface PodSource {
  /** The revision's ready pods. */
  revisionEndpoints(namespace: string, revision: string): readonly Endpoint[];
  /** This gateway's share of the pods (TAKE_ALL when it is alone or not listed). */
  gatewayAssignment(): SliceAssignment;
}

interface Entry {
  readonly namespace: string;
  readonly revision: string;
  readonly throttler: RevisionThrottler;
  pods: readonly Endpoint[];
  assignment: SliceAssignment;
}

/** Throttlers per revision (see the file comment). */
export class PodQueues {
  private readonly entries = new Map<string, Entry>();
  /** This gateway's share, read again on every endpoint change. */
  private assignment: SliceAssignment = TAKE_ALL;

  constructor(private readonly source: PodSource) {}

  /** Revisions with a queue now. */
  get size(): number {
    return this.entries.size;
  }

  /** The revision's throttler, made on first use, with its current pods and containerConcurrency. */
  throttler(namespace: string, revision: string, containerConcurrency: number): RevisionThrottler {
    const key = `${namespace}/${revision}`;
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = { namespace, revision, throttler: new RevisionThrottler({ containerConcurrency, queueDepth: GATEWAY_QUEUE_DEPTH }), pods: [], assignment: TAKE_ALL };
      this.entries.set(key, entry);
    }
    if (entry.throttler.containerConcurrency !== containerConcurrency) entry.throttler.updateContainerConcurrency(containerConcurrency);
    this.refresh(entry);
    return entry.throttler;
  }

  /** Endpoints changed somewhere: bring every queue's pods up to date, drop idle queues without pods. */
  endpointsChanged(): void {
    const assignment = this.source.gatewayAssignment();
    if (assignment.index !== this.assignment.index || assignment.count !== this.assignment.count) this.assignment = assignment;
    for (const [key, entry] of this.entries) {
      this.refresh(entry);
      const { throttler } = entry;
      if (entry.pods.length === 0 && throttler.waiting === 0 && throttler.inFlight === 0) {
        throttler.close();
        this.entries.delete(key);
      }
    }
  }

  /** Rejects every waiting request (shutdown). */
  close(): void {
    for (const entry of this.entries.values()) entry.throttler.close();
    this.entries.clear();
  }

  private refresh(entry: Entry): void {
    const pods = this.source.revisionEndpoints(entry.namespace, entry.revision);
    if (pods === entry.pods && this.assignment === entry.assignment) return;
    entry.pods = pods;
    entry.assignment = this.assignment;
    entry.throttler.updateEndpoints(pods, this.assignment);
  }
}
