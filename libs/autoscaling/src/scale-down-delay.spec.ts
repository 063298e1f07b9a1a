// Table tests of the scale-down-delay sliding max window (AUTOSCALING.md §4.5 step 10, aggregation/max).
import { applyScaleDownDelay, delaySlot } from './scale-down-delay.js';
import type { DelaySlot } from './types.js';

const T0 = 1_700_000_000_000;
const S0 = T0 / 2000;

describe('delaySlot', () => {
  it.each([
    { name: 'an even second starts a slot', at: 0, want: S0 },
    { name: 'the next second shares it', at: 1999, want: S0 },
    { name: 'two seconds later is the next slot', at: 2000, want: S0 + 1 },
  ])('$name', ({ at, want }) => {
    expect(delaySlot(T0 + at)).toBe(want);
  });
});

describe('applyScaleDownDelay', () => {
  it.each<{ name: string; window: DelaySlot[]; at: number; value: number; delayMs: number; want: { window: DelaySlot[]; value: number } }>([
    { name: 'empty window: the value itself', window: [], at: 0, value: 3, delayMs: 10_000, want: { window: [{ slot: S0, value: 3 }], value: 3 } },
    {
      name: 'a smaller value queues behind the max',
      window: [{ slot: S0, value: 5 }],
      at: 2000,
      value: 2,
      delayMs: 10_000,
      want: { window: [{ slot: S0, value: 5 }, { slot: S0 + 1, value: 2 }], value: 5 },
    },
    {
      name: 'a larger value evicts smaller ones',
      window: [{ slot: S0, value: 5 }, { slot: S0 + 1, value: 2 }],
      at: 4000,
      value: 4,
      delayMs: 10_000,
      want: { window: [{ slot: S0, value: 5 }, { slot: S0 + 2, value: 4 }], value: 5 },
    },
    {
      name: 'an entry expires when slot − entry ≥ slots',
      window: [{ slot: S0, value: 5 }, { slot: S0 + 1, value: 2 }],
      at: 10_000,
      value: 1,
      delayMs: 10_000,
      want: { window: [{ slot: S0 + 1, value: 2 }, { slot: S0 + 5, value: 1 }], value: 2 },
    },
    {
      name: 'same slot keeps the larger',
      window: [{ slot: S0, value: 3 }],
      at: 1000,
      value: 2,
      delayMs: 2_000,
      want: { window: [{ slot: S0, value: 3 }, { slot: S0, value: 2 }], value: 3 },
    },
    {
      name: 'an equal value replaces the older entry',
      window: [{ slot: S0, value: 3 }],
      at: 2000,
      value: 3,
      delayMs: 10_000,
      want: { window: [{ slot: S0 + 1, value: 3 }], value: 3 },
    },
  ])('$name', ({ window, at, value, delayMs, want }) => {
    expect(applyScaleDownDelay(window, { nowMs: T0 + at, value, delayMs })).toEqual(want);
  });
});
