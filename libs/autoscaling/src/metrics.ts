/**
 * AUTOSCALING.md §4.3 (serving `pkg/autoscaler/metrics/collector.go`): what one data-plane stat
 * adds to a revision's buckets, and the revision's stable + panic bucket sets. Ebb's data plane
 * pushes stats (no scraping), so an empty window reads 0 — Knative's TBC = -1 path — never ErrNoData.
 */
import { WindowBuckets } from './bucketing.js';
import type { DeciderSpec, ScalingMetric } from './types.js';

/** One data-plane stat as it arrives (revision-wide totals over `windowSeconds`). */
export interface DataPlaneStat {
  readonly averageConcurrency: number;
  readonly averageProxiedConcurrency: number;
  readonly requestCount: number;
  readonly proxiedRequestCount: number;
  readonly windowSeconds: number;
}

/** The window settings the buckets follow. */
export type WindowSpec = Pick<DeciderSpec, 'stableWindowMs' | 'panicWindowMs' | 'algorithm'>;

/** The value one data-plane Stat adds to the buckets (§4.3): concurrency = avgConc − avgProxiedConc; rps = (count − proxiedCount) / windowSeconds; never negative. */
export function statValue(stat: DataPlaneStat, metric: ScalingMetric): number {
  if (metric === 'concurrency') return Math.max(0, stat.averageConcurrency - stat.averageProxiedConcurrency);
  const seconds = stat.windowSeconds > 0 ? stat.windowSeconds : 1;
  return Math.max(0, (stat.requestCount - stat.proxiedRequestCount) / seconds);
}

/** A revision's stable + panic bucket sets. Push model: there is no scraping, so an empty window reads 0 (Knative's TBC=-1 path), never ErrNoData. */
export class RevisionMetrics {
  private readonly stable: WindowBuckets;
  private readonly panic: WindowBuckets;
  private algorithm: WindowSpec['algorithm'];

  /** Empty buckets sized by the spec's windows. */
  constructor(spec: WindowSpec) {
    this.stable = new WindowBuckets(spec.stableWindowMs, spec.algorithm);
    this.panic = new WindowBuckets(spec.panicWindowMs, spec.algorithm);
    this.algorithm = spec.algorithm;
  }

  /** Adds one value (a revision total) to both windows; values of the same second sum. */
  record(nowMs: number, value: number): void {
    this.stable.record(nowMs, value);
    this.panic.record(nowMs, value);
  }

  /** The stable and panic window averages at `nowMs` (0 when nothing was recorded within a window). */
  observe(nowMs: number): { readonly stable: number; readonly panic: number } {
    return { stable: this.stable.windowAverage(nowMs), panic: this.panic.windowAverage(nowMs) };
  }

  /** Follows a spec change: resizes the windows keeping data (stale data dropped when `nowMs` is given), switches the algorithm. */
  updateSpec(spec: WindowSpec, nowMs?: number): void {
    this.stable.resizeWindow(spec.stableWindowMs, nowMs);
    this.panic.resizeWindow(spec.panicWindowMs, nowMs);
    if (spec.algorithm !== this.algorithm) {
      this.stable.useAlgorithm(spec.algorithm);
      this.panic.useAlgorithm(spec.algorithm);
      this.algorithm = spec.algorithm;
    }
  }

  /** The start (epoch ms) of the second last recorded, or undefined when nothing was. */
  lastWriteMs(): number | undefined {
    return this.stable.lastWriteMs();
  }
}
