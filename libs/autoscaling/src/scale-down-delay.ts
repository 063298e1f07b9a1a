/**
 * AUTOSCALING.md §4.5 step 10 (serving `aggregation/max.TimeWindow`): the scale-down delay as a
 * sliding maximum over `ceil(delay / 2 s)` slots keyed by `floor(unix seconds / 2)`. Plain data in,
 * plain data out, so the decider state stays JSON.
 */
import type { DelaySlot } from './types.js';

/** Knative `tickInterval`: the width of one delay slot. */
export const DELAY_SLOT_MS = 2_000;

/** The slot of a time: `floor(unix seconds / 2)` (Knative `int(now.Unix()) / 2`). */
export function delaySlot(nowMs: number): number {
  return Math.floor(Math.floor(nowMs / 1000) / (DELAY_SLOT_MS / 1000));
}

/**
 * Records `value` at `nowMs` in the window (a monotonic deque, values decreasing) and returns the
 * new window and its maximum. Entries expire when `slot − entrySlot >= ceil(delay / 2 s)`; two
 * values in the same slot keep the larger.
 */
export function applyScaleDownDelay(
  window: readonly DelaySlot[],
  input: { readonly nowMs: number; readonly value: number; readonly delayMs: number },
): { readonly window: readonly DelaySlot[]; readonly value: number } {
  const slots = Math.ceil(input.delayMs / DELAY_SLOT_MS);
  const slot = delaySlot(input.nowMs);
  const kept = [...window];
  while (kept.length > 0 && (kept.at(-1)?.value ?? 0) <= input.value) kept.pop();
  const live = kept.filter((entry) => slot - entry.slot < slots);
  live.push({ slot, value: input.value });
  return { window: live, value: Math.max(...live.map((entry) => entry.value)) };
}
