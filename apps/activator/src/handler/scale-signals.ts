// What the activator tells the autoscaler (AUTOSCALING.md §6.4, issue 8): every second a Stat
// per revision it proxies (time-weighted concurrency, counted from arrival, so buffered requests
// count as demand); at once a Stat of concurrency 1 for a revision's first request after idle
// (subtracted from the next report, as Knative's activator does); and a poke on
// `ebb.v1.poke.<ns>.<rev>` when a revision without a ready pod gets its first buffered request,
// repeated each second while requests still wait for it (a lost poke costs at most 1 s).
// Lossy by design: nothing here waits for NATS.
import { ConcurrencyReporter, StatsPublisher, type RevisionThrottler } from '@ebb/dataplane';
import { subjects, type Poke, type Stat } from '@ebb/messaging';

/** Sends one message (MessageBus.publish fits). */
export interface SignalBus {
  publish(subject: string, kind: 'stat', message: Stat): unknown;
  publish(subject: string, kind: 'poke', message: Poke): unknown;
}

/** A revision as the signals see it. */
export interface SignalRevision {
  readonly namespace: string;
  readonly name: string;
  readonly throttler: Pick<RevisionThrottler, 'waiting' | 'podCount'>;
}

/** The Poke message for a revision with `buffered` waiting requests. */
export function makePoke(instance: string, buffered: number, nowMs: number): Poke {
  return { v: 1, instance, bufferedRequests: buffered, timestamp: Math.floor(nowMs) };
}

/** Whether a revision needs a poke: requests wait and it has no pod to send them to. */
export function needsPoke(revision: SignalRevision): boolean {
  return revision.throttler.waiting > 0 && revision.throttler.podCount === 0;
}

/** Stats and pokes of the activator (see the file comment). */
export class ScaleSignals {
  private readonly reporter = new ConcurrencyReporter({ subtractFirst: true });
  private readonly stats: StatsPublisher;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly bus: SignalBus,
    private readonly instance: string,
    private readonly revisions: () => Iterable<SignalRevision>,
  ) {
    this.stats = new StatsPublisher({ reporter: this.reporter, instance, publish: (subject, kind, message) => bus.publish(subject, kind, message) });
  }

  /** Starts the per-second stats and re-pokes. */
  start(): void {
    this.stats.start();
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => this.repoke(), 1000);
    this.timer.unref();
  }

  /** Stops both loops and sends the last stats. */
  stop(): void {
    this.stats.stop();
    clearInterval(this.timer);
    this.timer = undefined;
    this.stats.flush();
  }

  /** A request for the revision arrived (counted from now on); sends the first-request Stat when due. */
  begin(namespace: string, revision: string): void {
    if (this.reporter.begin(namespace, revision, Date.now())) this.stats.publishFirst(namespace, revision);
  }

  /** A request for the revision is over (answered, refused or abandoned). */
  end(namespace: string, revision: string): void {
    this.reporter.end(namespace, revision, Date.now());
  }

  /** A request started waiting: pokes when it is the first one of a revision without pods. */
  buffered(revision: SignalRevision): void {
    if (revision.throttler.waiting === 1 && revision.throttler.podCount === 0) this.poke(revision);
  }

  private repoke(): void {
    for (const revision of this.revisions()) if (needsPoke(revision)) this.poke(revision);
  }

  private poke(revision: SignalRevision): void {
    try {
      this.bus.publish(subjects.poke(revision.namespace, revision.name), 'poke', makePoke(this.instance, revision.throttler.waiting, Date.now()));
    } catch {
      // Lossy: the next second pokes again while requests still wait.
    }
  }
}
