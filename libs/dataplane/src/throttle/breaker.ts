// Knative's breaker (AUTOSCALING.md §6.2, `pkg/queue/breaker.go`) in callback style: at most
// `capacity` holders at once, at most `queueDepth + capacity` holders and waiters together;
// beyond that an entry is rejected `queue-full`. Waiters are served first-in first-out as slots
// free up or the capacity grows. No promise and no timer per request: a waiter is a node of an
// intrusive list that `cancel()` unlinks in O(1). Capacity may be Infinity (Knative's infinite
// breaker: 0 or unlimited).

/** Why a request did not get a slot. */
export const RejectReason = {
  /** `queueDepth + capacity` holders and waiters already. */
  queueFull: 'queue-full',
  /** The breaker (or its throttler) was closed while the request waited. */
  aborted: 'aborted',
} as const;
/** One of {@link RejectReason}. */
export type RejectReason = (typeof RejectReason)[keyof typeof RejectReason];

/** The sizes of a {@link Breaker}. */
export interface BreakerOptions {
  /** Most waiters beyond the capacity (Knative's queueDepth). */
  readonly queueDepth: number;
  /** Most holders at once (Infinity: unlimited). */
  readonly capacity: number;
}

/** A waiting entry: callbacks and list links. */
interface Waiter {
  readonly onSlot: () => void;
  readonly onRejected: (reason: RejectReason) => void;
  prev: Waiter | undefined;
  next: Waiter | undefined;
  /** Still in the list (neither granted, rejected nor cancelled). */
  linked: boolean;
}

/** A no-op cancel for entries that did not wait. */
function noop(): void {
  /* nothing waits */
}

/** A semaphore with a bounded FIFO queue (see the file comment). */
export class Breaker {
  private head: Waiter | undefined;
  private tail: Waiter | undefined;
  /** Holders that found no backend, waiting for the next release or capacity change. */
  private readonly parked = new Set<Waiter>();
  private held = 0;
  private queued = 0;
  private max: number;
  private readonly queueDepth: number;

  constructor(options: BreakerOptions) {
    this.queueDepth = Math.max(0, options.queueDepth);
    this.max = Math.max(0, options.capacity);
  }

  /** Slots held now. */
  get inFlight(): number {
    return this.held;
  }

  /** Entries waiting for a slot. */
  get waiting(): number {
    return this.queued;
  }

  /** Most holders at once. */
  get capacity(): number {
    return this.max;
  }

  /**
   * Takes a slot: `onSlot` runs now when one is free (and nobody waits), else when one frees up;
   * `onRejected('queue-full')` runs now when holders and waiters fill `queueDepth + capacity`.
   * Returns a cancel that takes a still-waiting entry out of the queue (neither callback runs
   * then); after `onSlot` ran it does nothing and the holder must {@link release}.
   */
  enter(onSlot: () => void, onRejected: (reason: RejectReason) => void): () => void {
    if (this.queued === 0 && this.held < this.max) {
      this.held += 1;
      onSlot();
      return noop;
    }
    if (this.held + this.queued >= this.queueDepth + this.max) {
      onRejected(RejectReason.queueFull);
      return noop;
    }
    const waiter: Waiter = { onSlot, onRejected, prev: undefined, next: undefined, linked: false };
    this.link(waiter);
    return () => this.cancel(waiter);
  }

  /**
   * Gives back the slot of a holder that found no backend to use and parks it: it is put back at
   * the head of the queue at the next {@link release} or {@link updateCapacity} (never within the
   * current one, so a mismatch cannot spin). Bypasses the queue bound. Returns its cancel.
   */
  park(onSlot: () => void, onRejected: (reason: RejectReason) => void): () => void {
    if (this.held > 0) this.held -= 1;
    const waiter: Waiter = { onSlot, onRejected, prev: undefined, next: undefined, linked: false };
    this.parked.add(waiter);
    this.queued += 1;
    return () => this.cancel(waiter);
  }

  /** Takes a slot only if one is free now and nobody waits; true when taken. */
  tryReserve(): boolean {
    if (this.queued > 0 || this.held >= this.max) return false;
    this.held += 1;
    return true;
  }

  /** Gives a slot back and serves the first waiter if a slot is free. */
  release(): void {
    if (this.held > 0) this.held -= 1;
    this.unpark();
    this.drain();
  }

  /** Changes the capacity; a growth serves waiters at once, a shrink lets holders finish. */
  updateCapacity(capacity: number): void {
    this.max = Math.max(0, capacity);
    this.unpark();
    this.drain();
  }

  /** Rejects every waiter with `aborted` (e.g. the revision was deleted). */
  close(): void {
    this.unpark();
    while (this.head !== undefined) {
      const waiter = this.head;
      this.unlink(waiter);
      waiter.onRejected(RejectReason.aborted);
    }
  }

  /** Grants free slots to waiters in order. */
  private drain(): void {
    while (this.head !== undefined && this.held < this.max) {
      const waiter = this.head;
      this.unlink(waiter);
      this.held += 1;
      waiter.onSlot();
    }
  }

  /** Moves parked entries to the head of the queue, in the order they were parked. */
  private unpark(): void {
    if (this.parked.size === 0) return;
    const entries = [...this.parked].reverse();
    this.parked.clear();
    for (const waiter of entries) {
      this.queued -= 1;
      this.link(waiter, true);
    }
  }

  /** Takes an entry out of the queue or the parked set. */
  private cancel(waiter: Waiter): void {
    if (this.parked.delete(waiter)) this.queued -= 1;
    else this.unlink(waiter);
  }

  private link(waiter: Waiter, atHead = false): void {
    waiter.linked = true;
    if (atHead) {
      waiter.prev = undefined;
      waiter.next = this.head;
      if (this.head === undefined) this.tail = waiter;
      else this.head.prev = waiter;
      this.head = waiter;
    } else {
      waiter.prev = this.tail;
      waiter.next = undefined;
      if (this.tail === undefined) this.head = waiter;
      else this.tail.next = waiter;
      this.tail = waiter;
    }
    this.queued += 1;
  }

  private unlink(waiter: Waiter): void {
    if (!waiter.linked) return;
    waiter.linked = false;
    if (waiter.prev === undefined) this.head = waiter.next;
    else waiter.prev.next = waiter.next;
    if (waiter.next === undefined) this.tail = waiter.prev;
    else waiter.next.prev = waiter.prev;
    waiter.prev = undefined;
    waiter.next = undefined;
    this.queued -= 1;
  }
}
