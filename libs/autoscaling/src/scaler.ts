/**
 * AUTOSCALING.md §4.6 (serving `kpa/scaler.go` `scale` + `handleScaleToZero`): the reconciler's
 * bounds and the two-phase scale-to-zero gates, as a pure function of what the reconciler knows
 * (condition times, proxy time, whether the activator is in the path).
 */
import type { ScaleInputs, ScaleOutcome } from './types.js';

/** Requeue when the SKS is already in Proxy mode and the PA may go Inactive (Knative: 3 s). */
const PROXY_REQUEUE_MS = 3_000;
/** Requeue while the activator is not yet in the path (Knative's async probe period). */
const ACTIVATOR_REQUEUE_MS = 1_000;

/** A duration for people: whole seconds when possible. */
function secs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}

/** Steps 2–3: min (raised to initial scale before initialisation), max; clamp. */
function bounded(inputs: ScaleInputs): number {
  let min = inputs.reachable ? inputs.bounds.min : 0;
  if (inputs.bounds.initial > 1 && !inputs.targetInitialized && inputs.reachable) min = Math.max(min, inputs.bounds.initial);
  const max = inputs.bounds.max;
  if (inputs.desired < min) return min;
  return max !== 0 && inputs.desired > max ? max : inputs.desired;
}

/** Active=Unknown: give up (allow 0) only after the activation timeout; else wait for it. */
function activating(inputs: ScaleInputs): ScaleOutcome {
  const activatingFor = inputs.nowMs - inputs.active.sinceMs;
  if (activatingFor > inputs.activationTimeoutMs) {
    return { want: 0, apply: true, reason: `activation timed out after ${secs(inputs.activationTimeoutMs)}: scale to zero` };
  }
  return { want: -1, apply: false, requeueAfterMs: inputs.activationTimeoutMs, reason: `activating for ${secs(activatingFor)}: wait up to ${secs(inputs.activationTimeoutMs)}` };
}

/** Active=True: after a stable window of wanting 0, report 0 (not applied) so the PA turns Inactive; before that keep 1. */
function active(inputs: ScaleInputs): ScaleOutcome {
  const activeFor = inputs.nowMs - inputs.active.sinceMs;
  if (activeFor >= inputs.stableWindowMs) {
    const requeue = inputs.proxyForMs !== undefined ? { requeueAfterMs: PROXY_REQUEUE_MS } : {};
    return { want: 0, apply: false, ...requeue, reason: `no traffic for a stable window (${secs(inputs.stableWindowMs)}): deactivate` };
  }
  const rest = inputs.stableWindowMs - activeFor;
  return { want: 1, apply: true, requeueAfterMs: rest, reason: `wants zero: keep 1 pod for ${secs(rest)} more before deactivating` };
}

/** Active=False: zero after max(grace, retention) inactive, or once the activator has proxied for the grace period. */
function inactive(inputs: ScaleInputs): ScaleOutcome {
  if (!inputs.activatorReady) {
    return { want: 0, apply: false, requeueAfterMs: ACTIVATOR_REQUEUE_MS, reason: 'activator not yet in the path: keep the last pod' };
  }
  const retention = inputs.reachable ? inputs.retentionMs : 0;
  const inactiveFor = inputs.nowMs - inputs.active.sinceMs;
  if (inactiveFor >= Math.max(inputs.gracePeriodMs, retention)) {
    return { want: 0, apply: true, reason: `inactive for ${secs(inactiveFor)}: scale to zero` };
  }
  if (retention > 0 && inactiveFor < retention) {
    return { want: 0, apply: false, requeueAfterMs: retention - inactiveFor, reason: `pod retention: keep the last pod ${secs(retention - inactiveFor)} more` };
  }
  const proxyFor = inputs.proxyForMs ?? 0;
  const wait = inputs.gracePeriodMs - proxyFor;
  if (wait <= 0) return { want: 0, apply: true, reason: `idle for ${secs(proxyFor)} in proxy mode: scale to zero` };
  const where = inputs.proxyForMs === undefined ? 'not in proxy mode yet' : `in proxy mode for ${secs(proxyFor)}`;
  return { want: 0, apply: false, requeueAfterMs: wait, reason: `${where}: scale to zero in ${secs(wait)}` };
}

/** §4.6: the reconciler's bounds + scale-to-zero gates. */
export function scaleTarget(inputs: ScaleInputs): ScaleOutcome {
  if (inputs.desired < 0 && inputs.active.status !== 'Unknown') return { want: inputs.desired, apply: false, reason: 'no scaling decision yet' };
  const want = bounded(inputs);
  if (want !== 0) return { want, apply: true, reason: want === inputs.desired ? `scale to ${want}` : `scale to ${want} (bounds)` };
  if (!inputs.enableScaleToZero) return { want: 1, apply: true, reason: 'scale to zero disabled: keep 1 pod' };
  if (inputs.active.status === 'Unknown') return activating(inputs);
  return inputs.active.status === 'True' ? active(inputs) : inactive(inputs);
}
