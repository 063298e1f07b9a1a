import { deciderSpec, type DeciderSpec } from '@ebb/autoscaling';
import { defaultAutoscalerConfig } from '@ebb/config';
import type { ScaleDecision } from '@ebb/messaging';
import { RevisionScaler, shouldStore, STORE_REFRESH_MS, type StoredMark } from './revision-state.js';

const T0 = 1_764_000_000_000;
/** target 10 at 100 %: 35 concurrent → 4 pods; 6 s stable window, 1 s panic window, TBC 211. */
const SPEC: DeciderSpec = deciderSpec(
  { annotations: { 'autoscaling.knative.dev/target': '10', 'autoscaling.knative.dev/target-utilization-percentage': '100' } },
  { ...defaultAutoscalerConfig(), stableWindow: 6_000 },
);
const mark = (over: Partial<StoredMark> = {}): StoredMark => ({ desiredScale: 2, excessBurstCapacity: -10, panic: false, timestamp: T0, ...over });

describe('shouldStore', () => {
  it.each([
    { name: 'nothing stored yet', stored: undefined, next: mark(), want: true },
    { name: 'same values a tick later', stored: mark(), next: mark({ timestamp: T0 + 2_000 }), want: false },
    { name: 'desired scale changed', stored: mark(), next: mark({ desiredScale: 3 }), want: true },
    { name: 'EBC turned non-negative', stored: mark(), next: mark({ excessBurstCapacity: 0 }), want: true },
    { name: 'EBC turned negative', stored: mark({ excessBurstCapacity: 5 }), next: mark({ excessBurstCapacity: -1 }), want: true },
    { name: 'EBC changed but kept its sign', stored: mark(), next: mark({ excessBurstCapacity: -200 }), want: false },
    { name: 'panic started', stored: mark(), next: mark({ panic: true }), want: true },
    { name: 'just under the refresh period', stored: mark(), next: mark({ timestamp: T0 + STORE_REFRESH_MS - 1 }), want: false },
    { name: 'refresh period reached', stored: mark(), next: mark({ timestamp: T0 + STORE_REFRESH_MS }), want: true },
  ])('$name → $want', ({ stored, next, want }) => {
    expect(shouldStore(stored, next)).toBe(want);
  });
});

describe('RevisionScaler', () => {
  it('decides from the stats it recorded and carries every input in the decision and the record', () => {
    const scaler = new RevisionScaler(SPEC);
    expect(scaler.record(T0, 35)).toBe(false);
    const result = scaler.tick({ nowMs: T0, readyPods: 1, spec: SPEC, trigger: 'tick' });
    const decision: ScaleDecision = {
      v: 1,
      desiredScale: 4,
      excessBurstCapacity: -236,
      panic: true,
      observedStableValue: 35,
      observedPanicValue: 35,
      reason: result.decision.reason,
      timestamp: T0,
      readyPods: 1,
      desiredStable: 4,
      desiredPanic: 4,
      activators: 3,
      target: 10,
      metric: 'concurrency',
      stableWindowSeconds: 6,
    };
    expect(result).toEqual({
      decision,
      record: { ...decision, trigger: 'tick', panicWindowSeconds: 1, panicThreshold: 2, panicSinceMs: T0, maxPanicPods: 4 },
      store: true,
    });
    expect(result.decision.reason).toContain('35');
    expect(scaler.desiredScale).toBe(4);
  });

  it('stores again only on a change, after a failed put, or once the refresh period passed', () => {
    const scaler = new RevisionScaler(SPEC);
    const tick = (nowMs: number): boolean => scaler.tick({ nowMs, readyPods: 0, spec: SPEC, trigger: 'tick' }).store;
    expect([tick(T0), tick(T0 + 2_000)]).toEqual([true, false]);
    scaler.storeFailed();
    expect([tick(T0 + 4_000), tick(T0 + 6_000)]).toEqual([true, false]);
    expect(tick(T0 + 4_000 + STORE_REFRESH_MS)).toBe(true);
    scaler.record(T0 + 4_000 + STORE_REFRESH_MS, 35);
    expect(tick(T0 + 4_000 + STORE_REFRESH_MS)).toBe(true);
  });

  it.each([
    { name: 'no decision yet: no poke', restored: undefined, value: 3, want: false },
    { name: 'last decision 0 and load: poke', restored: 0, value: 0.5, want: true },
    { name: 'last decision 0 and no load: no poke', restored: 0, value: 0, want: false },
    { name: 'last decision 2: no poke', restored: 2, value: 3, want: false },
  ])('poke rule: $name', ({ restored, value, want }) => {
    const scaler = new RevisionScaler(SPEC);
    if (restored !== undefined) scaler.restore({ v: 1, desiredScale: restored, excessBurstCapacity: -211, panic: false, observedStableValue: 0, observedPanicValue: 0, reason: 'r', timestamp: T0 });
    expect(scaler.record(T0 + 1_000, value)).toBe(want);
  });

  it('takes a restored decision as the last one: no KV put while nothing changes, one once the refresh period passed', () => {
    const restored: ScaleDecision = { v: 1, desiredScale: 0, excessBurstCapacity: -211, panic: false, observedStableValue: 0, observedPanicValue: 0, reason: 'idle', timestamp: T0 - 1_000 };
    const fresh = new RevisionScaler(SPEC);
    fresh.restore(restored);
    expect(fresh.desiredScale).toBe(0);
    expect(fresh.tick({ nowMs: T0, readyPods: 0, spec: SPEC, trigger: 'tick' })).toMatchObject({ decision: { desiredScale: 0, excessBurstCapacity: -211 }, store: false });
    const old = new RevisionScaler(SPEC);
    old.restore({ ...restored, timestamp: T0 - STORE_REFRESH_MS });
    expect(old.tick({ nowMs: T0, readyPods: 0, spec: SPEC, trigger: 'tick' }).store).toBe(true);
  });

  it('starts in panic when more than one pod is ready at its first tick (restart rule), so it does not shrink at once', () => {
    const scaler = new RevisionScaler(SPEC);
    const result = scaler.tick({ nowMs: T0, readyPods: 3, spec: SPEC, trigger: 'tick' });
    expect(result.decision).toMatchObject({ desiredScale: 3, panic: true, readyPods: 3 });
    expect(result.record).toMatchObject({ panicSinceMs: T0, maxPanicPods: 3 });
  });

  it('follows a spec change at the next tick: new windows and target in the decision, the recorded data kept', () => {
    const scaler = new RevisionScaler(SPEC);
    scaler.record(T0, 35);
    const wider: DeciderSpec = { ...SPEC, stableWindowMs: 12_000, panicWindowMs: 2_000, targetValue: 5 };
    const { record } = scaler.tick({ nowMs: T0, readyPods: 1, spec: wider, trigger: 'poke' });
    expect(record).toMatchObject({ stableWindowSeconds: 12, panicWindowSeconds: 2, target: 5, trigger: 'poke' });
    expect(record.observedStableValue).toBeGreaterThan(0);
  });
});
