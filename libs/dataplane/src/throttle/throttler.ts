// Knative's per-revision throttler (AUTOSCALING.md §6.2, `pkg/activator/net/throttler.go` and
// `lb_policy.go`), used by the activator for every revision and by the gateway's per-pod queue
// when containerConcurrency > 0. A revision breaker bounds what waits (`queueDepth`) and lets
// through at most capacity = CC × assigned pods (CC = 0: unlimited once a pod exists, nothing
// while none does); each pod holds at most CC requests. Pod choice: CC = 0 power-of-two-choices
// on in-flight requests, CC 1–3 the first pod with a free slot, CC > 3 round-robin skipping full
// pods. With CC > 0 the pods are first subset across activators (`assignSlice`). Requests wait
// while there are no pods and go the moment `updateEndpoints` brings some. Callbacks only: no
// promise or timer per request; randomness is passed in.
import { endpointKey, type Endpoint } from '../endpoints/endpoints.js';
import { Breaker, type RejectReason } from './breaker.js';
import { assignSlice, TAKE_ALL, type SliceAssignment } from './subset.js';

/** Settings of a {@link RevisionThrottler}. */
export interface RevisionThrottlerOptions {
  /** The revision's containerConcurrency (0: unlimited). */
  readonly containerConcurrency: number;
  /** Most requests waiting beyond the capacity; more are rejected `queue-full`. */
  readonly queueDepth: number;
  /** A number in [0, 1) (default Math.random), for the power-of-two-choices. */
  readonly random?: () => number;
}

/** Called when a request may go: the pod to send it to and the release to call once it is over (idempotent). */
export type AcquiredCallback = (pod: Endpoint, release: () => void) => void;
/** Called when a request may not go: `queue-full` at once, `aborted` when the throttler closes. */
export type RejectedCallback = (reason: RejectReason) => void;

/** The requests one pod holds. */
interface PodTracker {
  readonly endpoint: Endpoint;
  inFlight: number;
  /** Whether the pod is in this activator's current assignment. */
  assigned: boolean;
}

/** The largest number of slots that counts as "unlimited" per pod. */
const UNLIMITED = Number.POSITIVE_INFINITY;

/** Knative's lb policy thresholds: up to this CC the first free pod is used, above it round-robin. */
const FIRST_AVAILABLE_MAX_CC = 3;

/** One request going through the throttler. */
class Ticket {
  cancelWait: () => void = () => undefined;
  done = false;

  constructor(
    readonly throttler: RevisionThrottler,
    readonly onAcquired: AcquiredCallback,
    readonly onRejected: RejectedCallback,
    readonly avoid: Endpoint | undefined,
  ) {}

  /** The revision breaker granted a slot. */
  readonly granted = (): void => this.throttler.dispatch(this);
  /** The revision breaker rejected the request. */
  readonly rejected = (reason: RejectReason): void => {
    this.done = true;
    this.onRejected(reason);
  };

  cancel(): void {
    if (this.done) return;
    this.done = true;
    this.cancelWait();
  }
}

/** The throttler of one revision (see the file comment). */
export class RevisionThrottler {
  private readonly breaker: Breaker;
  private readonly random: () => number;
  private cc: number;
  private allPods: readonly Endpoint[] = [];
  private assignment: SliceAssignment = TAKE_ALL;
  /** Trackers by endpoint key: the assigned pods, and unassigned ones still holding requests. */
  private readonly trackers = new Map<string, PodTracker>();
  /** The assigned trackers in address order. */
  private assigned: PodTracker[] = [];
  private cursor = 0;

  constructor(options: RevisionThrottlerOptions) {
    this.cc = Math.max(0, Math.floor(options.containerConcurrency));
    this.random = options.random ?? Math.random;
    this.breaker = new Breaker({ queueDepth: options.queueDepth, capacity: 0 });
  }

  /** Requests waiting for a slot. */
  get waiting(): number {
    return this.breaker.waiting;
  }

  /** Requests holding a slot (sent to a pod and not yet released). */
  get inFlight(): number {
    return this.breaker.inFlight;
  }

  /** Requests the revision may have in flight now (Infinity: CC 0 with pods). */
  get capacity(): number {
    return this.breaker.capacity;
  }

  /** Pods this activator uses now. */
  get podCount(): number {
    return this.assigned.length;
  }

  /** The containerConcurrency in force. */
  get containerConcurrency(): number {
    return this.cc;
  }

  /** Applies a new containerConcurrency (re-subsets the pods and resizes the capacity). */
  updateContainerConcurrency(cc: number): void {
    const next = Math.max(0, Math.floor(cc));
    if (next === this.cc) return;
    this.cc = next;
    this.rebuild();
  }

  /**
   * Sets the revision's ready pods and this activator's share of them (default: all). With CC > 0
   * only the assigned slice is used; waiting requests go at once if capacity appeared.
   */
  updateEndpoints(pods: readonly Endpoint[], assignment: SliceAssignment = TAKE_ALL): void {
    this.allPods = pods;
    this.assignment = assignment;
    this.rebuild();
  }

  /**
   * Asks for a pod: `onAcquired(pod, release)` runs (now or later) when the revision and a pod
   * have a free slot; `onRejected` runs when the queue is full or the throttler closes. `avoid`
   * (a pod that just refused a connection) is chosen only when it is the only pod; with others the
   * request waits for one of theirs (with CC 0 they always have room). Returns a
   * cancel for a request that leaves while waiting (no callback runs after it).
   */
  acquire(onAcquired: AcquiredCallback, onRejected: RejectedCallback, avoid?: Endpoint): () => void {
    const ticket = new Ticket(this, onAcquired, onRejected, avoid);
    ticket.cancelWait = this.breaker.enter(ticket.granted, ticket.rejected);
    return () => ticket.cancel();
  }

  /** Rejects every waiting request with `aborted` (the revision is gone). */
  close(): void {
    this.breaker.close();
  }

  /** The revision breaker let a ticket through: reserve a pod, or park until a slot frees. */
  dispatch(ticket: Ticket): void {
    if (ticket.done) {
      this.breaker.release();
      return;
    }
    const tracker = this.pick(ticket.avoid);
    if (tracker === undefined) {
      ticket.cancelWait = this.breaker.park(ticket.granted, ticket.rejected);
      return;
    }
    tracker.inFlight += 1;
    ticket.done = true;
    let released = false;
    ticket.onAcquired(tracker.endpoint, () => {
      if (released) return;
      released = true;
      this.releasePod(tracker);
    });
  }

  private releasePod(tracker: PodTracker): void {
    tracker.inFlight -= 1;
    if (!tracker.assigned && tracker.inFlight === 0) this.trackers.delete(endpointKey(tracker.endpoint));
    this.breaker.release();
  }

  /** Slots per pod: CC, or unlimited for CC 0. */
  private get perPod(): number {
    return this.cc === 0 ? UNLIMITED : this.cc;
  }

  /** Recomputes the assigned trackers and the revision capacity. */
  private rebuild(): void {
    const pods = this.cc === 0 ? assignSlice(this.allPods, -1, 1) : assignSlice(this.allPods, this.assignment.index, this.assignment.count);
    const keep = new Set<string>();
    const assigned: PodTracker[] = [];
    for (const endpoint of pods) {
      const key = endpointKey(endpoint);
      keep.add(key);
      const tracker = this.trackers.get(key) ?? { endpoint, inFlight: 0, assigned: true };
      tracker.assigned = true;
      this.trackers.set(key, tracker);
      assigned.push(tracker);
    }
    for (const [key, tracker] of this.trackers) {
      if (keep.has(key)) continue;
      tracker.assigned = false;
      if (tracker.inFlight === 0) this.trackers.delete(key);
    }
    this.assigned = assigned;
    this.breaker.updateCapacity(assigned.length === 0 ? 0 : this.perPod * assigned.length);
  }

  /** The pod for the next request per Knative's policy, or undefined when none has a slot. */
  private pick(avoid: Endpoint | undefined): PodTracker | undefined {
    if (this.assigned.length === 0) return undefined;
    const skip = avoid === undefined ? undefined : endpointKey(avoid);
    if (this.cc === 0) return this.powerOfTwo(skip);
    const found = this.byPolicy(skip);
    // The avoided pod is used only when it is the only pod; else wait for another one's slot.
    return found !== undefined || skip === undefined || this.assigned.length > 1 ? found : this.byPolicy(undefined);
  }

  /** CC 1–3: the first pod with a free slot; CC > 3: round-robin skipping full pods. */
  private byPolicy(skip: string | undefined): PodTracker | undefined {
    return this.cc <= FIRST_AVAILABLE_MAX_CC ? this.firstAvailable(skip) : this.roundRobin(skip);
  }

  private hasSlot(tracker: PodTracker, skip: string | undefined): boolean {
    return tracker.inFlight < this.perPod && (skip === undefined || endpointKey(tracker.endpoint) !== skip);
  }

  private firstAvailable(skip: string | undefined): PodTracker | undefined {
    return this.assigned.find((t) => this.hasSlot(t, skip));
  }

  private roundRobin(skip: string | undefined): PodTracker | undefined {
    const n = this.assigned.length;
    for (let i = 0; i < n; i += 1) {
      const at = (this.cursor + i) % n;
      const tracker = this.assigned[at] as PodTracker;
      if (this.hasSlot(tracker, skip)) {
        this.cursor = (at + 1) % n;
        return tracker;
      }
    }
    return undefined;
  }

  /** Two random distinct pods, the one with fewer requests in flight (ties: the first drawn). */
  private powerOfTwo(skip: string | undefined): PodTracker | undefined {
    const candidates = skip === undefined || this.assigned.length === 1 ? this.assigned : this.assigned.filter((t) => endpointKey(t.endpoint) !== skip);
    const n = candidates.length;
    if (n === 1) return candidates[0];
    const first = Math.floor(this.random() * n) % n;
    const second = (first + 1 + (Math.floor(this.random() * (n - 1)) % (n - 1))) % n;
    const a = candidates[first] as PodTracker;
    const b = candidates[second] as PodTracker;
    return b.inFlight < a.inFlight ? b : a;
  }
}
