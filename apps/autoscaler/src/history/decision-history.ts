// The "why did it scale" log no Knative component offers: the last N decisions of every revision
// with the inputs they were made from, in a fixed-size ring per revision so memory stays bounded
// however long the autoscaler runs. Pure data structure; the HTTP side is decisions.controller.ts.
import type { ScaleDecision } from '@ebb/messaging';

/** What made the autoscaler decide: its timer, a poke, a stat seen at zero, or the KV at start-up. */
export const DecisionTrigger = { Tick: 'tick', Poke: 'poke', Stat: 'stat', Restored: 'restored' } as const;
/** One of {@link DecisionTrigger}. */
export type DecisionTrigger = (typeof DecisionTrigger)[keyof typeof DecisionTrigger];

/** One decision as the history keeps it: the published message plus the decider's inner state. */
export interface DecisionRecord extends ScaleDecision {
  readonly trigger: DecisionTrigger;
  /** Length of the panic window, in seconds. */
  readonly panicWindowSeconds?: number;
  /** Panic threshold as a fraction of the ready pods' capacity (2 = 200 %). */
  readonly panicThreshold?: number;
  /** When the current panic started or was last extended (ms since the epoch); absent when calm. */
  readonly panicSinceMs?: number;
  /** The panic high-water mark. */
  readonly maxPanicPods?: number;
}

/** A revision and its newest decision (undefined before its first). */
export interface LatestDecision {
  readonly namespace: string;
  readonly revision: string;
  readonly decision: DecisionRecord | undefined;
}

/** A fixed-capacity ring, newest first when read. */
class Ring<T> {
  private readonly items: T[] = [];
  private next = 0;

  constructor(private readonly capacity: number) {}

  push(item: T): void {
    if (this.items.length < this.capacity) this.items.push(item);
    else this.items[this.next] = item;
    this.next = (this.next + 1) % this.capacity;
  }

  newestFirst(): T[] {
    const out: T[] = [];
    for (let i = 1; i <= this.items.length; i++) out.push(this.items[(this.next - i + this.items.length) % this.items.length] as T);
    return out;
  }

  newest(): T | undefined {
    return this.items.length === 0 ? undefined : this.items[(this.next - 1 + this.items.length) % this.items.length];
  }
}

interface Entry {
  readonly namespace: string;
  readonly revision: string;
  readonly ring: Ring<DecisionRecord>;
}

const keyOf = (namespace: string, revision: string): string => `${namespace}/${revision}`;

/** The last `capacity` decisions of each known revision. */
export class DecisionHistory {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`a decision history keeps at least 1 decision, not ${capacity}`);
  }

  /** Makes a revision known (an empty history) if it is not yet. */
  track(namespace: string, revision: string): void {
    this.entry(namespace, revision);
  }

  /** Adds a revision's newest decision (making the revision known). */
  add(namespace: string, revision: string, record: DecisionRecord): void {
    this.entry(namespace, revision).ring.push(record);
  }

  /** A revision's decisions, newest first; undefined for a revision it does not know. */
  list(namespace: string, revision: string): DecisionRecord[] | undefined {
    return this.entries.get(keyOf(namespace, revision))?.ring.newestFirst();
  }

  /** Every known revision with its newest decision, sorted by namespace and name. */
  latest(): LatestDecision[] {
    return [...this.entries.values()]
      .map((e) => ({ namespace: e.namespace, revision: e.revision, decision: e.ring.newest() }))
      .sort((a, b) => (a.namespace === b.namespace ? compare(a.revision, b.revision) : compare(a.namespace, b.namespace)));
  }

  /** Forgets a revision. */
  forget(namespace: string, revision: string): void {
    this.entries.delete(keyOf(namespace, revision));
  }

  private entry(namespace: string, revision: string): Entry {
    const key = keyOf(namespace, revision);
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = { namespace, revision, ring: new Ring(this.capacity) };
      this.entries.set(key, entry);
    }
    return entry;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
