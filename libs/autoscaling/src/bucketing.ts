/**
 * AUTOSCALING.md §4.4: Knative's `TimedFloat64Buckets` / `WeightedFloat64Buckets` — a ring of
 * per-second buckets averaged over a window, linearly or with exponential weights. Pure: every
 * call takes the time (epoch ms); nothing reads a clock.
 */
import type { AggregationAlgorithm } from './types.js';

/** Knative `precision`: linear averages are cut to 6 decimals. */
const PRECISION = 1e6;
/** Knative `weightPrecision`: the weights of a full window sum to at least this. */
const WEIGHT_PRECISION = 0.9999;
/** Knative `minExponent`: the smallest smoothing coefficient. */
const MIN_EXPONENT = 0.2;

/** Knative `roundToNDigits(6, f)`: floors to 6 decimals (Go `math.Floor(f*p)/p`). */
function round6(value: number): number {
  return Math.floor(value * PRECISION) / PRECISION;
}

/** Knative `computeSmoothingCoeff`: max(1 − 0.0001^(1/n), 0.2). */
export function smoothingCoefficient(buckets: number): number {
  return Math.max(1 - Math.pow(1 - WEIGHT_PRECISION, 1 / buckets), MIN_EXPONENT);
}

/** Number of buckets of a window: ceil(window / granularity), at least 1. */
function bucketCount(windowMs: number, granularityMs: number): number {
  return Math.max(1, Math.ceil(windowMs / granularityMs));
}

/** §4.4 ring of per-second buckets. */
export class WindowBuckets {
  private buckets: number[];
  private windowMs: number;
  private algorithm: AggregationAlgorithm;
  private readonly granularityMs: number;
  private smoothing: number;
  /** Index (time / granularity) of the earliest write of the current run; undefined = never written. */
  private firstIdx: number | undefined;
  /** Index of the latest write; undefined = never written. */
  private lastIdx: number | undefined;
  /** Sum of every bucket, stale ones included (Knative `windowTotal`). */
  private total = 0;

  /** A ring covering `windowMs` in buckets of `granularityMs` (1 s), averaged with `algorithm` (linear). */
  constructor(windowMs: number, algorithm: AggregationAlgorithm = 'linear', granularityMs = 1000) {
    this.windowMs = windowMs;
    this.algorithm = algorithm;
    this.granularityMs = granularityMs;
    this.buckets = new Array<number>(bucketCount(windowMs, granularityMs)).fill(0);
    this.smoothing = smoothingCoefficient(this.buckets.length);
  }

  /** The bucket index of a time (Knative `timeToIndex` of the truncated time). */
  private index(nowMs: number): number {
    return Math.floor(nowMs / this.granularityMs);
  }

  /** The window expressed in buckets-worth of time (ms → index units), for gap comparisons. */
  private windowIdx(): number {
    return this.windowMs / this.granularityMs;
  }

  /** Adds `value` to the bucket of `nowMs`; values within the same bucket sum; data older than a window is dropped. */
  record(nowMs: number, value: number): void {
    const idx = this.index(nowMs);
    if (idx !== this.lastIdx) {
      const last = this.lastIdx ?? Number.NEGATIVE_INFINITY;
      if (!(idx + this.windowIdx() > last)) return;
      if (this.firstIdx === undefined || this.firstIdx > idx) this.firstIdx = idx;
      if (idx > last) this.advance(idx, last);
    }
    const n = this.buckets.length;
    const slot = ((idx % n) + n) % n;
    this.buckets[slot] = (this.buckets[slot] ?? 0) + value;
    this.total += value;
  }

  /** Moves the last write forward to `idx`: resets after a window of silence, else zeroes the skipped buckets. */
  private advance(idx: number, last: number): void {
    const n = this.buckets.length;
    if (idx - last >= this.windowIdx()) {
      this.firstIdx = idx;
      this.buckets.fill(0);
      this.total = 0;
    } else {
      for (let i = last + 1; i <= idx; i++) {
        const slot = ((i % n) + n) % n;
        this.total -= this.buckets[slot] ?? 0;
        this.buckets[slot] = 0;
      }
    }
    this.lastIdx = idx;
  }

  /** Whether nothing was written within the window before `nowMs` (Knative `IsEmpty`). */
  isEmpty(nowMs: number): boolean {
    if (this.lastIdx === undefined) return true;
    return (this.index(nowMs) - this.lastIdx) * this.granularityMs > this.windowMs;
  }

  /** The window average at `nowMs`: linear (floored to 6 decimals) or weighted-exponential; 0 when stale. */
  windowAverage(nowMs: number): number {
    return this.algorithm === 'weighted-exponential' ? this.weightedAverage(nowMs) : this.linearAverage(nowMs);
  }

  /** Knative `TimedFloat64Buckets.WindowAverage`. */
  private linearAverage(nowMs: number): number {
    const last = this.lastIdx;
    const first = this.firstIdx;
    if (last === undefined || first === undefined) return 0;
    const now = this.index(nowMs);
    const n = this.buckets.length;
    if (now <= last) return round6(this.total / Math.min(last - first + 1, n));
    if ((now - last) * this.granularityMs >= this.windowMs) return 0;
    let sum = this.total;
    for (let i = last + 1; i <= now; i++) sum -= this.buckets[((i % n) + n) % n] ?? 0;
    return round6(sum / Math.min(last - first + 1, n - (now - last)));
  }

  /** Knative `WeightedFloat64Buckets.WindowAverage`: newest weight m, each older ×(1−m), silent seconds as leading zeros. */
  private weightedAverage(nowMs: number): number {
    const last = this.lastIdx;
    if (last === undefined || this.isEmpty(nowMs)) return 0;
    const now = this.index(nowMs);
    const n = this.buckets.length;
    const m = this.smoothing;
    let multiplier = m;
    let count = n;
    if (now > last) {
      multiplier *= Math.pow(1 - m, now - last);
      count -= now - last;
    }
    let result = 0;
    for (let i = 0; i < count; i++) {
      result += (this.buckets[(((last - i) % n) + n) % n] ?? 0) * multiplier;
      multiplier *= 1 - m;
    }
    return result;
  }

  /**
   * Resizes the ring, keeping the newest buckets (Knative `ResizeWindow`). With `nowMs`, data older
   * than the old window is dropped instead (Knative checks against its clock); without it the
   * data is kept.
   */
  resizeWindow(windowMs: number, nowMs?: number): void {
    if (windowMs === this.windowMs) return;
    const size = bucketCount(windowMs, this.granularityMs);
    const fresh = new Array<number>(size).fill(0);
    const stale = nowMs !== undefined && this.isEmpty(nowMs);
    const last = stale ? undefined : this.lastIdx;
    let total = 0;
    if (last !== undefined) {
      const old = this.buckets.length;
      for (let i = 0; i < Math.min(size, old); i++) {
        const value = this.buckets[(((last - i) % old) + old) % old] ?? 0;
        fresh[(((last - i) % size) + size) % size] = value;
        total += value;
      }
      // The first write stays (Knative keeps firstWrite), unless it fell out of the copied buckets.
      this.firstIdx = Math.max(this.firstIdx ?? last, last - (Math.min(size, old) - 1));
    } else {
      this.firstIdx = undefined;
      this.lastIdx = undefined;
    }
    this.windowMs = windowMs;
    this.buckets = fresh;
    this.total = total;
    this.smoothing = smoothingCoefficient(size);
  }

  /** Switches the averaging algorithm; the data stays. */
  useAlgorithm(algorithm: AggregationAlgorithm): void {
    this.algorithm = algorithm;
  }

  /** The start (epoch ms) of the bucket last written, or undefined. */
  lastWriteMs(): number | undefined {
    return this.lastIdx === undefined ? undefined : this.lastIdx * this.granularityMs;
  }
}
