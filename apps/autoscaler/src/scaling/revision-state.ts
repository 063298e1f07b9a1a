// One revision's scaler, Knative's UniScaler + its metric collection in one pure object: the
// stable/panic buckets, the decider state between ticks, the last desired scale (for the poke
// rule) and what was last put in the KV (to put again only on a change). Time comes in as
// `nowMs`; the service around it does the I/O (NATS, KV, clock).
import { activatorCount, decide, initialDeciderState, RevisionMetrics, type DeciderSpec, type DeciderState, type ScalingMetric } from '@ebb/autoscaling';
import type { ScaleDecision } from '@ebb/messaging';
import type { DecisionRecord, DecisionTrigger } from '../history/decision-history.js';

/** Put the decision in the KV at least this often even when nothing changed. */
export const STORE_REFRESH_MS = 30_000;
/** The schema's limit on `reason`. */
const MAX_REASON_LENGTH = 1024;

/** What the KV holds as far as {@link shouldStore} compares it. */
export interface StoredMark {
  readonly desiredScale: number;
  readonly excessBurstCapacity: number;
  readonly panic: boolean;
  readonly timestamp: number;
}

/**
 * Whether a new decision goes into the KV: the desired scale, the sign of the excess burst
 * capacity (what decides serve vs proxy) or panic changed, nothing was stored yet, or the stored
 * one is {@link STORE_REFRESH_MS} old.
 */
export function shouldStore(stored: StoredMark | undefined, next: StoredMark): boolean {
  if (stored === undefined) return true;
  return (
    stored.desiredScale !== next.desiredScale ||
    stored.excessBurstCapacity >= 0 !== next.excessBurstCapacity >= 0 ||
    stored.panic !== next.panic ||
    next.timestamp - stored.timestamp >= STORE_REFRESH_MS
  );
}

/** The outcome of one tick: the message to publish, the history record, and whether to put it in the KV. */
export interface TickResult {
  readonly decision: ScaleDecision;
  readonly record: DecisionRecord;
  readonly store: boolean;
}

/** What one tick needs from outside. */
export interface TickRequest {
  readonly nowMs: number;
  readonly readyPods: number;
  /** The spec from the PA and the config of now (windows may have changed). */
  readonly spec: DeciderSpec;
  readonly trigger: DecisionTrigger;
}

const sameWindows = (a: DeciderSpec, b: DeciderSpec): boolean => a.stableWindowMs === b.stableWindowMs && a.panicWindowMs === b.panicWindowMs && a.algorithm === b.algorithm;

/** One revision's metrics and decider state. */
export class RevisionScaler {
  private spec: DeciderSpec;
  private readonly metrics: RevisionMetrics;
  private state: DeciderState | undefined;
  private lastDesired = -1;
  private stored: StoredMark | undefined;

  constructor(spec: DeciderSpec) {
    this.spec = spec;
    this.metrics = new RevisionMetrics(spec);
  }

  /** The last desired scale: from the last tick, else the restored decision, else -1. */
  get desiredScale(): number {
    return this.lastDesired;
  }

  /** The metric the revision scales on (what a stat's value is read as). */
  get metric(): ScalingMetric {
    return this.spec.metric;
  }

  /** Takes the decision the KV held at start-up as the last one (the controller applies it meanwhile). */
  restore(decision: ScaleDecision): void {
    this.lastDesired = decision.desiredScale;
    this.stored = decision;
  }

  /** Records a stat's value at receive time; true when it should tick at once (load while the last decision was 0: Knative's Poke). */
  record(nowMs: number, value: number): boolean {
    this.metrics.record(nowMs, value);
    return value > 0 && this.lastDesired === 0;
  }

  /** One decision: observe the windows, decide, and say whether the KV needs it. */
  tick(request: TickRequest): TickResult {
    const { nowMs, readyPods, spec } = request;
    if (!sameWindows(this.spec, spec)) this.metrics.updateSpec(spec, nowMs);
    this.spec = spec;
    const observed = this.metrics.observe(nowMs);
    const before = this.state ?? initialDeciderState(readyPods, nowMs);
    const { state, recommendation: r } = decide(spec, before, { nowMs, readyPods, stable: observed.stable, panic: observed.panic });
    this.state = state;
    this.lastDesired = r.desiredScale;
    const decision: ScaleDecision = {
      v: 1,
      desiredScale: r.desiredScale,
      excessBurstCapacity: r.excessBurstCapacity,
      panic: r.panic,
      observedStableValue: observed.stable,
      observedPanicValue: observed.panic,
      reason: r.reason.slice(0, MAX_REASON_LENGTH),
      timestamp: nowMs,
      readyPods: r.readyPods,
      desiredStable: r.desiredStable,
      desiredPanic: r.desiredPanic,
      activators: activatorCount(spec, readyPods),
      target: spec.targetValue,
      metric: spec.metric,
      stableWindowSeconds: spec.stableWindowMs / 1000,
    };
    const store = shouldStore(this.stored, decision);
    if (store) this.stored = decision;
    const record: DecisionRecord = {
      ...decision,
      trigger: request.trigger,
      panicWindowSeconds: spec.panicWindowMs / 1000,
      panicThreshold: spec.panicThreshold,
      ...(state.panicSinceMs === undefined ? {} : { panicSinceMs: state.panicSinceMs }),
      maxPanicPods: state.maxPanicPods,
    };
    return { decision, record, store };
  }

  /** The KV put of the last stored decision failed: store again at the next tick. */
  storeFailed(): void {
    this.stored = undefined;
  }
}
