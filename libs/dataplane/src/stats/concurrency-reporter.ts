// The pure accumulator behind a data-plane instance's per-second Stat (AUTOSCALING.md §6.4,
// Knative's `ConcurrencyReporter` and `network.RequestStats`): per revision, the time-weighted
// average number of requests in flight and the number that arrived, over the period since the
// last report. `begin` says when a request is the first one of a revision the reporter was not
// tracking (new, or dropped after an idle period): the caller then sends an immediate stat of
// concurrency 1 / count 1, which the next report subtracts when `subtractFirst` is on (the
// activator). A revision whose period had no request in flight at all is reported once (zeros)
// and dropped, so memory stays bounded by the active revisions. Time comes in as `nowMs`.

/** One revision's figures for one period. */
export interface StatReport {
  readonly namespace: string;
  readonly revision: string;
  /** Time-weighted average of requests in flight over the period. */
  readonly averageConcurrency: number;
  /** Requests that began in the period. */
  readonly requestCount: number;
  /** Length of the period in seconds (> 0). */
  readonly windowSeconds: number;
}

/** Options of a {@link ConcurrencyReporter}. */
export interface ConcurrencyReporterOptions {
  /**
   * Subtract the 1 already sent at once for a revision's first request from its next report
   * (concurrency floored at 0), as Knative's activator does. Default false.
   */
  readonly subtractFirst?: boolean;
}

/** The smallest window reported, so a report made in the instant a revision appeared stays valid. */
const MIN_WINDOW_SECONDS = 0.001;

/** One revision's running figures. */
interface RevisionStat {
  readonly namespace: string;
  readonly revision: string;
  /** Requests in flight now (not reset by a report). */
  concurrency: number;
  /** Σ concurrency × seconds over the period. */
  weighted: number;
  /** Seconds covered by the period so far. */
  seconds: number;
  requests: number;
  lastChangeMs: number;
  /** An immediate stat was sent for this revision and not yet subtracted. */
  firstSent: boolean;
}

/** Time-weighted request concurrency per revision (see the file comment). */
export class ConcurrencyReporter {
  private readonly stats = new Map<string, Map<string, RevisionStat>>();
  private readonly subtractFirst: boolean;

  constructor(options: ConcurrencyReporterOptions = {}) {
    this.subtractFirst = options.subtractFirst ?? false;
  }

  /** Revisions tracked now. */
  get size(): number {
    let n = 0;
    for (const byRevision of this.stats.values()) n += byRevision.size;
    return n;
  }

  /** A request of the revision began; true when the reporter was not tracking the revision (send an immediate stat). */
  begin(namespace: string, revision: string, nowMs: number): boolean {
    let byRevision = this.stats.get(namespace);
    if (byRevision === undefined) {
      byRevision = new Map();
      this.stats.set(namespace, byRevision);
    }
    let stat = byRevision.get(revision);
    const first = stat === undefined;
    if (stat === undefined) {
      stat = { namespace, revision, concurrency: 0, weighted: 0, seconds: 0, requests: 0, lastChangeMs: nowMs, firstSent: true };
      byRevision.set(revision, stat);
    }
    advance(stat, nowMs);
    stat.concurrency += 1;
    stat.requests += 1;
    return first;
  }

  /** A request of the revision ended (ignored for a revision not tracked). */
  end(namespace: string, revision: string, nowMs: number): void {
    const stat = this.stats.get(namespace)?.get(revision);
    if (stat === undefined || stat.concurrency === 0) return;
    advance(stat, nowMs);
    stat.concurrency -= 1;
  }

  /** The figures of every tracked revision since the last report; starts a new period and drops idle revisions. */
  report(nowMs: number): StatReport[] {
    const reports: StatReport[] = [];
    for (const [namespace, byRevision] of this.stats) {
      for (const [revision, stat] of byRevision) {
        advance(stat, nowMs);
        const average = stat.seconds > 0 ? stat.weighted / stat.seconds : 0;
        const adjust = this.subtractFirst && stat.firstSent ? 1 : 0;
        reports.push({
          namespace,
          revision,
          averageConcurrency: Math.max(0, average - adjust),
          requestCount: Math.max(0, stat.requests - adjust),
          windowSeconds: Math.max(stat.seconds, MIN_WINDOW_SECONDS),
        });
        if (average === 0 && stat.concurrency === 0) byRevision.delete(revision);
        else resetPeriod(stat);
      }
      if (byRevision.size === 0) this.stats.delete(namespace);
    }
    return reports;
  }
}

/** Adds the time since the last change at the current concurrency. */
function advance(stat: RevisionStat, nowMs: number): void {
  const seconds = (nowMs - stat.lastChangeMs) / 1000;
  if (seconds <= 0) return;
  stat.seconds += seconds;
  stat.weighted += stat.concurrency * seconds;
  stat.lastChangeMs = nowMs;
}

/** Starts a new period: keeps the requests in flight, clears the sums. */
function resetPeriod(stat: RevisionStat): void {
  stat.weighted = 0;
  stat.seconds = 0;
  stat.requests = 0;
  stat.firstSent = false;
}
