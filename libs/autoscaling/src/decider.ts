/**
 * AUTOSCALING.md §4.5 (serving `pkg/autoscaler/scaling/autoscaler.go` `Scale`): one decision tick
 * of the KPA as a pure function of the spec, the state left by the previous tick and what the
 * tick observes. The state is plain data so the caller can keep it anywhere.
 */
import { applyScaleDownDelay } from './scale-down-delay.js';
import type { DeciderSpec, DeciderState, Recommendation, TickInputs } from './types.js';

/** §4.5 creation rule: > 1 ready pod → start in panic at `nowMs` with maxPanicPods = ready. */
export function initialDeciderState(readyPods: number, nowMs: number): DeciderState {
  const ready = Math.max(0, readyPods);
  return ready > 1 ? { panicSinceMs: nowMs, maxPanicPods: ready, delayWindow: [] } : { maxPanicPods: ready, delayWindow: [] };
}

/** Steps 3–6: the rate-limited, activation-scaled pod counts of both windows. */
interface PodCounts {
  /** Unclamped ceil(stable / target). */
  readonly dspc: number;
  /** Unclamped ceil(panic / target). */
  readonly dppc: number;
  readonly desiredStable: number;
  readonly desiredPanic: number;
  readonly maxUp: number;
  readonly maxDown: number;
}

/** Step 6: a raw non-zero count below activation-scale becomes activation-scale. */
function withActivationScale(raw: number, desired: number, activationScale: number): number {
  return activationScale > 1 && raw > 0 && activationScale > desired ? activationScale : desired;
}

/** Steps 3–6. */
function podCounts(spec: DeciderSpec, inputs: TickInputs, ready: number): PodCounts {
  const maxUp = Math.ceil(spec.maxScaleUpRate * ready);
  const maxDown = spec.reachable ? Math.floor(ready / spec.maxScaleDownRate) : 0;
  const dspc = Math.ceil(inputs.stable / spec.targetValue);
  const dppc = Math.ceil(inputs.panic / spec.targetValue);
  const clamp = (n: number): number => Math.min(Math.max(n, maxDown), maxUp);
  return {
    dspc,
    dppc,
    desiredStable: withActivationScale(dspc, clamp(dspc), spec.activationScale),
    desiredPanic: withActivationScale(dppc, clamp(dppc), spec.activationScale),
    maxUp,
    maxDown,
  };
}

/** Step 8: the new panic start (undefined = calm) given whether this tick is over the threshold. */
function nextPanicSince(spec: DeciderSpec, state: DeciderState, over: boolean, nowMs: number): number | undefined {
  if (over) return nowMs;
  const since = state.panicSinceMs;
  return since !== undefined && since + spec.stableWindowMs < nowMs ? undefined : since;
}

/** Step 9: the high-water mark grows while panicking, resets to 0 on exit, is left alone while calm. */
function nextMaxPanicPods(state: DeciderState, counts: PodCounts, panicking: boolean): number {
  if (panicking) return Math.max(state.maxPanicPods, counts.desiredStable, counts.desiredPanic);
  return state.panicSinceMs === undefined ? state.maxPanicPods : 0;
}

/** Step 11: excess burst capacity from the real ready count and the panic-window value. */
function excessBurstCapacity(spec: DeciderSpec, readyPods: number, panic: number): number {
  if (spec.targetBurstCapacity === 0) return 0;
  if (spec.targetBurstCapacity < 0) return -1;
  return Math.floor(readyPods * spec.totalValue - spec.targetBurstCapacity - panic);
}

/** A number for people: at most 2 decimals, no trailing zeros. */
function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}

/** The one-sentence explanation of a tick. */
function explain(spec: DeciderSpec, inputs: TickInputs, counts: PodCounts, outcome: { panicking: boolean; result: number; delayed: boolean }): string {
  const ready = Math.max(1, inputs.readyPods);
  const parts = [`stable ${spec.metric} ${fmt(inputs.stable)} / target ${fmt(spec.targetValue)} → ${counts.dspc} pods`];
  if (counts.desiredStable !== counts.dspc) parts.push(` (held at ${counts.desiredStable} by rate limits [${counts.maxDown}, ${counts.maxUp}] or activation scale)`);
  parts.push(`; panic window ${fmt(inputs.panic)} → ${counts.dppc} pods = ${fmt(counts.dppc / ready)} per ready pod (threshold ${fmt(spec.panicThreshold)})`);
  parts.push(outcome.panicking ? `; panicking: hold ${outcome.result} pods` : `; stable: ${outcome.result} pods`);
  if (outcome.delayed) parts.push(' (scale-down delay)');
  return parts.join('');
}

/** §4.5 steps 1–12, one tick. */
export function decide(spec: DeciderSpec, state: DeciderState, inputs: TickInputs): { readonly state: DeciderState; readonly recommendation: Recommendation } {
  const ready = Math.max(1, inputs.readyPods);
  const counts = podCounts(spec, inputs, ready);
  const over = counts.dppc / ready >= spec.panicThreshold;
  const panicSinceMs = nextPanicSince(spec, state, over, inputs.nowMs);
  const panicking = panicSinceMs !== undefined;
  const maxPanicPods = nextMaxPanicPods(state, counts, panicking);
  const undelayed = panicking ? maxPanicPods : counts.desiredStable;
  const useDelay = spec.reachable && spec.scaleDownDelayMs > 0;
  const delay = useDelay ? applyScaleDownDelay(state.delayWindow, { nowMs: inputs.nowMs, value: undelayed, delayMs: spec.scaleDownDelayMs }) : { window: [], value: undelayed };
  const result = delay.value;
  const next: DeciderState = panicking ? { panicSinceMs, maxPanicPods, delayWindow: delay.window } : { maxPanicPods, delayWindow: delay.window };
  const recommendation: Recommendation = {
    desiredScale: result,
    excessBurstCapacity: excessBurstCapacity(spec, inputs.readyPods, inputs.panic),
    panic: panicking,
    desiredStable: counts.desiredStable,
    desiredPanic: counts.desiredPanic,
    readyPods: inputs.readyPods,
    reason: explain(spec, inputs, counts, { panicking, result, delayed: result !== undelayed }),
  };
  return { state: next, recommendation };
}
