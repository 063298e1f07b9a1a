// Table tests of one KPA tick (AUTOSCALING.md §4.5 steps 1–12) and the creation rule.
import { defaultAutoscalerConfig } from '@ebb/config';
import { decide, initialDeciderState } from './decider.js';
import { deciderSpec } from './spec.js';
import type { DeciderSpec, DeciderState, Recommendation } from './types.js';

/** A whole, even second (so two ticks 1 s apart share a 2 s delay slot). */
const T0 = 1_700_000_000_000;
/** Easy numbers: target 10, total 10, TBC 0 (EBC 0), default rates and windows. */
const BASE: DeciderSpec = {
  metric: 'concurrency',
  targetValue: 10,
  totalValue: 10,
  targetBurstCapacity: 0,
  activatorCapacity: 100,
  panicThreshold: 2,
  stableWindowMs: 60_000,
  panicWindowMs: 6_000,
  scaleDownDelayMs: 0,
  maxScaleUpRate: 1000,
  maxScaleDownRate: 2,
  initialScale: 1,
  activationScale: 1,
  reachable: true,
  algorithm: 'linear',
};
const CALM: DeciderState = { maxPanicPods: 0, delayWindow: [] };

/** The recommendation without its sentence. */
type Numbers = Omit<Recommendation, 'reason'>;

interface Row {
  readonly name: string;
  readonly spec?: Partial<DeciderSpec>;
  readonly state?: DeciderState;
  readonly ready: number;
  readonly stable: number;
  readonly panic: number;
  readonly want: { readonly state: DeciderState; readonly rec: Omit<Numbers, 'readyPods'> };
}

/** Runs one row's tick at T0 and returns what the table compares. */
function tick(row: Row): { state: DeciderState; rec: Numbers } {
  const { state, recommendation } = decide({ ...BASE, ...row.spec }, row.state ?? CALM, { nowMs: T0, readyPods: row.ready, stable: row.stable, panic: row.panic });
  const { reason: _reason, ...rec } = recommendation;
  return { state, rec };
}

/** The expected result of a row. */
function expected(row: Row): { state: DeciderState; rec: Numbers } {
  return { state: row.want.state, rec: { ...row.want.rec, readyPods: row.ready } };
}

const calm = (desired: number, stable = desired, panic = desired): Row['want'] => ({
  state: CALM,
  rec: { desiredScale: desired, desiredStable: stable, desiredPanic: panic, panic: false, excessBurstCapacity: 0 },
});

describe('decide: rates and activation scale (steps 3–6)', () => {
  it.each<Row>([
    { name: 'stable 35 / target 10 → 4 pods', ready: 4, stable: 35, panic: 35, want: calm(4) },
    { name: 'no load on one pod → 0', ready: 1, stable: 0, panic: 0, want: calm(0) },
    { name: 'scale-down limited to ready / max-scale-down-rate', ready: 10, stable: 10, panic: 10, want: calm(5) },
    { name: 'unreachable: no scale-down limit', spec: { reachable: false }, ready: 10, stable: 10, panic: 10, want: calm(1) },
    { name: 'scale-up limited to ceil(rate × ready)', spec: { maxScaleUpRate: 2 }, ready: 2, stable: 100, panic: 30, want: calm(4, 4, 3) },
    { name: 'zero ready pods count as one for the rates', spec: { maxScaleUpRate: 2 }, ready: 0, stable: 50, panic: 10, want: calm(2, 2, 1) },
    { name: 'activation scale lifts a non-zero count', spec: { activationScale: 3 }, ready: 1, stable: 5, panic: 5, want: calm(3) },
    { name: 'activation scale leaves zero at zero', spec: { activationScale: 3 }, ready: 1, stable: 0, panic: 0, want: calm(0) },
    { name: 'activation scale below the count changes nothing', spec: { activationScale: 3 }, ready: 5, stable: 50, panic: 50, want: calm(5) },
  ])('$name', (row) => {
    expect(tick(row)).toEqual(expected(row));
  });
});

describe('decide: panic mode (steps 7–9)', () => {
  it.each<Row>([
    {
      name: 'enters panic when ceil(panic/target) / ready ≥ threshold',
      ready: 1,
      stable: 10,
      panic: 40,
      want: { state: { panicSinceMs: T0, maxPanicPods: 4, delayWindow: [] }, rec: { desiredScale: 4, desiredStable: 1, desiredPanic: 4, panic: true, excessBurstCapacity: 0 } },
    },
    {
      name: 'the threshold compare is ≥',
      ready: 2,
      stable: 10,
      panic: 40,
      want: { state: { panicSinceMs: T0, maxPanicPods: 4, delayWindow: [] }, rec: { desiredScale: 4, desiredStable: 1, desiredPanic: 4, panic: true, excessBurstCapacity: 0 } },
    },
    { name: 'just under the threshold stays calm', ready: 2, stable: 10, panic: 30, want: calm(1, 1, 3) },
    {
      name: 'the compare uses the unclamped panic count',
      spec: { maxScaleUpRate: 2 },
      ready: 1,
      stable: 10,
      panic: 100,
      want: { state: { panicSinceMs: T0, maxPanicPods: 2, delayWindow: [] }, rec: { desiredScale: 2, desiredStable: 1, desiredPanic: 2, panic: true, excessBurstCapacity: 0 } },
    },
    {
      name: 'still over: panic is extended to now',
      state: { panicSinceMs: T0 - 30_000, maxPanicPods: 4, delayWindow: [] },
      ready: 1,
      stable: 10,
      panic: 30,
      want: { state: { panicSinceMs: T0, maxPanicPods: 4, delayWindow: [] }, rec: { desiredScale: 4, desiredStable: 1, desiredPanic: 3, panic: true, excessBurstCapacity: 0 } },
    },
    {
      name: 'exactly a stable window after the last over-threshold tick: still panicking, holding the high-water mark',
      state: { panicSinceMs: T0 - 60_000, maxPanicPods: 4, delayWindow: [] },
      ready: 4,
      stable: 10,
      panic: 10,
      want: { state: { panicSinceMs: T0 - 60_000, maxPanicPods: 4, delayWindow: [] }, rec: { desiredScale: 4, desiredStable: 2, desiredPanic: 2, panic: true, excessBurstCapacity: 0 } },
    },
    {
      name: 'strictly more than a stable window: exits and resets the mark',
      state: { panicSinceMs: T0 - 60_001, maxPanicPods: 4, delayWindow: [] },
      ready: 4,
      stable: 10,
      panic: 10,
      want: calm(2),
    },
    {
      name: 'in panic the mark follows the larger stable count',
      state: { panicSinceMs: T0 - 10_000, maxPanicPods: 3, delayWindow: [] },
      ready: 3,
      stable: 60,
      panic: 20,
      want: { state: { panicSinceMs: T0 - 10_000, maxPanicPods: 6, delayWindow: [] }, rec: { desiredScale: 6, desiredStable: 6, desiredPanic: 2, panic: true, excessBurstCapacity: 0 } },
    },
    {
      name: 'calm ticks keep the creation-time mark',
      state: { maxPanicPods: 1, delayWindow: [] },
      ready: 1,
      stable: 10,
      panic: 10,
      want: { state: { maxPanicPods: 1, delayWindow: [] }, rec: { desiredScale: 1, desiredStable: 1, desiredPanic: 1, panic: false, excessBurstCapacity: 0 } },
    },
  ])('$name', (row) => {
    expect(tick(row)).toEqual(expected(row));
  });
});

describe('decide: excess burst capacity (step 11)', () => {
  const ebc = (spec: Partial<DeciderSpec>, ready: number, panic: number): number =>
    decide({ ...BASE, ...spec }, CALM, { nowMs: T0, readyPods: ready, stable: 0, panic }).recommendation.excessBurstCapacity;
  it.each([
    { name: 'TBC 0 → 0', spec: { targetBurstCapacity: 0 }, ready: 3, panic: 50, want: 0 },
    { name: 'TBC -1 → -1', spec: { targetBurstCapacity: -1 }, ready: 3, panic: 50, want: -1 },
    { name: 'worked example: 1 pod × 100 − 211 − 150 = −261', spec: { targetBurstCapacity: 211, totalValue: 100 }, ready: 1, panic: 150, want: -261 },
    { name: '4 pods are enough: 400 − 211 − 150 = 39', spec: { targetBurstCapacity: 211, totalValue: 100 }, ready: 4, panic: 150, want: 39 },
    { name: 'zero ready pods use the real count', spec: { targetBurstCapacity: 211, totalValue: 100 }, ready: 0, panic: 0, want: -211 },
    { name: 'floored: 10 − 5 − 2.5', spec: { targetBurstCapacity: 5 }, ready: 1, panic: 2.5, want: 2 },
    { name: 'floored below zero: 0 − 1 − 0.5', spec: { targetBurstCapacity: 1 }, ready: 0, panic: 0.5, want: -2 },
  ])('$name', ({ spec, ready, panic, want }) => {
    expect(ebc(spec, ready, panic)).toBe(want);
  });

  it('the worked example with default config also panics to 3 pods', () => {
    const spec = deciderSpec({}, defaultAutoscalerConfig());
    const { state, recommendation } = decide(spec, CALM, { nowMs: T0, readyPods: 1, stable: 150, panic: 150 });
    expect({ state, recommendation }).toEqual({
      state: { panicSinceMs: T0, maxPanicPods: 3, delayWindow: [] },
      recommendation: {
        desiredScale: 3,
        excessBurstCapacity: -261,
        panic: true,
        desiredStable: 3,
        desiredPanic: 3,
        readyPods: 1,
        reason: 'stable concurrency 150 / target 70 → 3 pods; panic window 150 → 3 pods = 3 per ready pod (threshold 2); panicking: hold 3 pods',
      },
    });
  });
});

describe('decide: scale-down delay (step 10)', () => {
  /** Runs ticks `[offsetMs, stable]` on one ready pod (no rate limit down) and returns the desired scales. */
  function run(spec: Partial<DeciderSpec>, ticks: readonly (readonly [number, number])[]): number[] {
    let state = CALM;
    return ticks.map(([at, stable]) => {
      const out = decide({ ...BASE, maxScaleDownRate: 1000, ...spec }, state, { nowMs: T0 + at, readyPods: 1, stable, panic: 0 });
      state = out.state;
      return out.recommendation.desiredScale;
    });
  }
  it.each([
    { name: 'no delay follows the load', spec: {}, ticks: [[0, 50], [2000, 10]], want: [5, 1] },
    { name: '10 s delay = 5 slots: holds 5 until the slot 5 later', spec: { scaleDownDelayMs: 10_000 }, ticks: [[0, 50], [2000, 10], [8000, 10], [10_000, 10]], want: [5, 5, 5, 1] },
    { name: 'scale-up passes at once', spec: { scaleDownDelayMs: 10_000 }, ticks: [[0, 10], [2000, 50]], want: [1, 5] },
    { name: 'two results in one slot keep the larger', spec: { scaleDownDelayMs: 2_000 }, ticks: [[0, 30], [1000, 50], [1500, 20], [2000, 10]], want: [3, 5, 5, 1] },
    { name: '3 s delay rounds up to 2 slots', spec: { scaleDownDelayMs: 3_000 }, ticks: [[0, 50], [2000, 10], [4000, 10]], want: [5, 5, 1] },
    { name: 'unreachable revisions have no delay', spec: { scaleDownDelayMs: 10_000, reachable: false }, ticks: [[0, 50], [2000, 10]], want: [5, 1] },
  ] as const)('$name', ({ spec, ticks, want }) => {
    expect(run(spec, ticks)).toEqual(want);
  });

  it('keeps the window in the state as plain data', () => {
    const out = decide({ ...BASE, scaleDownDelayMs: 4_000 }, CALM, { nowMs: T0, readyPods: 1, stable: 20, panic: 0 });
    expect(JSON.parse(JSON.stringify(out.state))).toEqual({ maxPanicPods: 0, delayWindow: [{ slot: T0 / 2000, value: 2 }] });
  });
});

describe('initialDeciderState (creation rule)', () => {
  it.each([
    { name: 'no pods: calm, mark 0', ready: 0, want: { maxPanicPods: 0, delayWindow: [] } },
    { name: 'one pod: calm, mark 1', ready: 1, want: { maxPanicPods: 1, delayWindow: [] } },
    { name: 'five pods: panicking since creation, mark 5', ready: 5, want: { panicSinceMs: T0, maxPanicPods: 5, delayWindow: [] } },
    { name: 'a negative count (error) counts as 0', ready: -1, want: { maxPanicPods: 0, delayWindow: [] } },
  ])('$name', ({ ready, want }) => {
    expect(initialDeciderState(ready, T0)).toEqual(want);
  });

  it.each([
    { name: 'holds the ready count through a stable window of low load', at: 60_000, want: 5 },
    { name: 'lets go strictly after the stable window', at: 60_001, want: 2 },
  ])('$name', ({ at, want }) => {
    const out = decide(BASE, initialDeciderState(5, T0), { nowMs: T0 + at, readyPods: 5, stable: 10, panic: 10 });
    expect(out.recommendation.desiredScale).toBe(want);
  });
});

describe('decide: reason', () => {
  it.each([
    {
      name: 'calm, rate-limited',
      spec: {},
      state: CALM,
      inputs: { readyPods: 10, stable: 10, panic: 10 },
      want: 'stable concurrency 10 / target 10 → 1 pods (held at 5 by rate limits [5, 10000] or activation scale); panic window 10 → 1 pods = 0.1 per ready pod (threshold 2); stable: 5 pods',
    },
    {
      name: 'delayed',
      spec: { scaleDownDelayMs: 4_000, maxScaleDownRate: 1000 },
      state: { maxPanicPods: 0, delayWindow: [{ slot: T0 / 2000, value: 4 }] },
      inputs: { readyPods: 1, stable: 12.345, panic: 0 },
      want: 'stable concurrency 12.35 / target 10 → 2 pods; panic window 0 → 0 pods = 0 per ready pod (threshold 2); stable: 4 pods (scale-down delay)',
    },
  ])('$name', ({ spec, state, inputs, want }) => {
    expect(decide({ ...BASE, ...spec }, state, { nowMs: T0, ...inputs }).recommendation.reason).toBe(want);
  });
});
