// The public API used together, as the autoscaler app will: stats into the buckets, one tick, the
// reconciler's gates and the SKS mode, from a cold start through a steady load to idling.
import { defaultAutoscalerConfig } from '@ebb/config';
import { activatorCount, chooseMode, decide, deciderSpec, initialDeciderState, RevisionMetrics, scaleTarget, statValue, type ScaleInputs } from './index.js';

const T0 = 1_700_000_000_000;
const spec = deciderSpec({ containerConcurrency: 10 }, defaultAutoscalerConfig());
const GATES: Omit<ScaleInputs, 'nowMs' | 'desired'> = {
  bounds: { min: 0, max: 0, initial: 1 },
  reachable: true,
  targetInitialized: true,
  active: { status: 'True', sinceMs: T0 },
  enableScaleToZero: true,
  stableWindowMs: spec.stableWindowMs,
  gracePeriodMs: 30_000,
  retentionMs: 0,
  proxyForMs: undefined,
  activatorReady: true,
  activationTimeoutMs: 630_000,
};

/** One tick through every piece; returns what the reconciler would act on. */
function reconcile(metrics: RevisionMetrics, state: ReturnType<typeof initialDeciderState>, nowMs: number, readyPods: number): unknown {
  const observed = metrics.observe(nowMs);
  const { recommendation } = decide(spec, state, { nowMs, readyPods, ...observed });
  const outcome = scaleTarget({ ...GATES, nowMs, desired: recommendation.desiredScale });
  return {
    observed,
    desired: recommendation.desiredScale,
    ebc: recommendation.excessBurstCapacity,
    apply: [outcome.want, outcome.apply],
    mode: chooseMode(outcome.want, recommendation.excessBurstCapacity, false),
    activators: activatorCount(spec, readyPods),
  };
}

describe('@ebb/autoscaling together', () => {
  it('cold start: one activator stat asks for one pod behind the activator', () => {
    const metrics = new RevisionMetrics(spec);
    metrics.record(T0, statValue({ averageConcurrency: 1, averageProxiedConcurrency: 0, requestCount: 1, proxiedRequestCount: 0, windowSeconds: 1 }, spec.metric));
    expect(reconcile(metrics, initialDeciderState(0, T0), T0, 0)).toEqual({
      observed: { stable: 1, panic: 1 },
      desired: 1,
      ebc: -212,
      apply: [1, true],
      mode: 'Proxy',
      activators: 3,
    });
  });

  it('a steady 35 concurrent requests for a minute: 5 pods, activator kept for burst capacity', () => {
    const metrics = new RevisionMetrics(spec);
    for (let s = 1; s <= 60; s++) metrics.record(T0 + s * 1000, 35);
    expect(reconcile(metrics, initialDeciderState(1, T0), T0 + 60_000, 5)).toEqual({
      observed: { stable: 35, panic: 35 },
      desired: 5,
      ebc: -196,
      apply: [5, true],
      mode: 'Proxy',
      activators: 3,
    });
  });

  it('a stable window after the last stat: halves towards zero', () => {
    const metrics = new RevisionMetrics(spec);
    for (let s = 1; s <= 60; s++) metrics.record(T0 + s * 1000, 35);
    expect(reconcile(metrics, initialDeciderState(1, T0), T0 + 121_000, 5)).toEqual({
      observed: { stable: 0, panic: 0 },
      desired: 2,
      ebc: -161,
      apply: [2, true],
      mode: 'Proxy',
      activators: 3,
    });
  });

  it('one idle pod for a stable window: wants zero, the PA goes Inactive first', () => {
    expect(reconcile(new RevisionMetrics(spec), initialDeciderState(1, T0), T0 + 60_000, 1)).toEqual({
      observed: { stable: 0, panic: 0 },
      desired: 0,
      ebc: -201,
      apply: [0, false],
      mode: 'Proxy',
      activators: 3,
    });
  });
});
