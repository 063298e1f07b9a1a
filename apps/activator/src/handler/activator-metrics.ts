// The activator's Prometheus metrics: requests by status code, rejections by reason, and the
// requests buffered now (in total and per revision, read from the throttlers at scrape time).
// The per-code and per-reason counter children are cached so the hot path does no label hashing.
import { Counter, Gauge, type Registry } from 'prom-client';

/** What the buffered-requests gauges read at scrape time. */
export interface BufferedSource {
  /** Waiting requests per revision. */
  buffered(): Iterable<{ readonly namespace: string; readonly revision: string; readonly waiting: number }>;
}

/** Why the activator refused a request. */
export const RejectionReason = { bufferFull: 'buffer-full', revisionGone: 'revision-deleted' } as const;
/** One of {@link RejectionReason}. */
export type RejectionReason = (typeof RejectionReason)[keyof typeof RejectionReason];

/** Counters and gauges of the activator. */
export class ActivatorMetrics {
  private readonly requests: Counter<'code'>;
  private readonly rejected: Counter<'reason'>;
  private readonly byCode = new Map<number, Counter.Internal>();

  constructor(registry: Registry, source: BufferedSource) {
    this.requests = new Counter({ name: 'ebb_activator_requests_total', help: 'Requests the activator answered, by HTTP status code (0: none sent).', labelNames: ['code'], registers: [registry] });
    this.rejected = new Counter({ name: 'ebb_activator_rejected_requests_total', help: 'Requests the activator refused without forwarding, by reason.', labelNames: ['reason'], registers: [registry] });
    new Gauge({
      name: 'ebb_activator_buffered_requests',
      help: 'Requests waiting in the activator for a pod, over all revisions.',
      registers: [registry],
      collect(): void {
        let total = 0;
        for (const entry of source.buffered()) total += entry.waiting;
        this.set(total);
      },
    });
    new Gauge({
      name: 'ebb_activator_revision_buffered_requests',
      help: 'Requests waiting in the activator for a pod, per revision (revisions with none are left out).',
      labelNames: ['namespace', 'revision'],
      registers: [registry],
      collect(): void {
        this.reset();
        for (const entry of source.buffered()) if (entry.waiting > 0) this.labels(entry.namespace, entry.revision).set(entry.waiting);
      },
    });
  }

  /** Counts one answered request. */
  answered(code: number): void {
    let child = this.byCode.get(code);
    if (child === undefined) {
      child = this.requests.labels(String(code));
      this.byCode.set(code, child);
    }
    child.inc();
  }

  /** Counts one refused request. */
  refused(reason: RejectionReason): void {
    this.rejected.labels(reason).inc();
  }
}
