// Publishes a data-plane instance's per-revision Stats (issue 8, AUTOSCALING.md §6.4): every
// second (an unref'd timer) it takes the ConcurrencyReporter's report and sends one `Stat` per
// revision on `ebb.v1.metrics.<ns>.<rev>` through the publish function it was given
// (MessageBus.publish fits). Lossy by design: a stat that cannot go (NATS down) is dropped.
// The gateway reports what it sends straight to pods and the activator what it proxies; the
// autoscaler adds both, so both send averageProxiedConcurrency = proxiedRequestCount = 0.
import { subjects, type Stat } from '@ebb/messaging';
import type { ConcurrencyReporter, StatReport } from './concurrency-reporter.js';

/** Sends one message (MessageBus.publish fits); the result is ignored. */
export type StatPublish = (subject: string, kind: 'stat', message: Stat) => unknown;

/** What a {@link StatsPublisher} needs. */
export interface StatsPublisherOptions {
  readonly reporter: ConcurrencyReporter;
  readonly publish: StatPublish;
  /** This instance's id in every Stat (its pod name, HOSTNAME). */
  readonly instance: string;
  /** Report period (default 1000 ms). */
  readonly intervalMs?: number;
  /** The clock in ms since the epoch (default Date.now). */
  readonly now?: () => number;
}

/** The Stat message of one report. */
export function makeStat(report: StatReport, instance: string, nowMs: number): Stat {
  return {
    v: 1,
    instance,
    averageConcurrency: report.averageConcurrency,
    requestCount: report.requestCount,
    averageProxiedConcurrency: 0,
    proxiedRequestCount: 0,
    windowSeconds: report.windowSeconds,
    timestamp: Math.floor(nowMs),
  };
}

/** The immediate Stat sent for a revision's first request (concurrency 1, count 1), the scale-from-zero signal. */
export function makeFirstRequestStat(instance: string, nowMs: number): Stat {
  return { v: 1, instance, averageConcurrency: 1, requestCount: 1, averageProxiedConcurrency: 0, proxiedRequestCount: 0, windowSeconds: 1, timestamp: Math.floor(nowMs) };
}

/** The per-second Stat loop (see the file comment). */
export class StatsPublisher {
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(private readonly options: StatsPublisherOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Starts the loop (idempotent); the timer does not keep the process alive. */
  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => this.flush(), this.options.intervalMs ?? 1000);
    this.timer.unref();
  }

  /** Stops the loop. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Reports now and publishes each revision's Stat; returns how many were handed to publish. */
  flush(): number {
    const nowMs = this.now();
    const reports = this.options.reporter.report(nowMs);
    for (const report of reports) this.send(report.namespace, report.revision, makeStat(report, this.options.instance, nowMs));
    return reports.length;
  }

  /** Publishes the immediate first-request Stat of a revision. */
  publishFirst(namespace: string, revision: string): void {
    this.send(namespace, revision, makeFirstRequestStat(this.options.instance, this.now()));
  }

  private send(namespace: string, revision: string, stat: Stat): void {
    try {
      this.options.publish(subjects.metrics(namespace, revision), 'stat', stat);
    } catch {
      // Lossy by design: a stat that cannot be encoded or sent is dropped; the next second sends anew.
    }
  }
}
