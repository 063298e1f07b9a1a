/**
 * AUTOSCALING.md §4.7 (serving `kpa.go`): whether the activator stays in the request path (Proxy)
 * or the pods are served directly (Serve), and how many activators back a revision.
 */
import type { DeciderSpec, ServingMode } from './types.js';

/** Knative `minActivators`. */
export const MIN_ACTIVATORS = 2;

/** Serve only when pods are wanted and there is spare burst capacity; Proxy otherwise (including no decision while Inactive). */
export function chooseMode(want: number, excessBurstCapacity: number, inactive: boolean): ServingMode {
  if (want === -1 && inactive) return 'Proxy';
  return want > 0 && excessBurstCapacity >= 0 ? 'Serve' : 'Proxy';
}

/** Knative `computeNumActivators`: TBC 0 → 2; else max(2, ceil((ready × total + max(TBC, 0)) / activator-capacity)). */
export function activatorCount(spec: Pick<DeciderSpec, 'targetBurstCapacity' | 'totalValue' | 'activatorCapacity'>, readyPods: number): number {
  if (spec.targetBurstCapacity === 0) return MIN_ACTIVATORS;
  const capacity = readyPods * spec.totalValue + (spec.targetBurstCapacity > 0 ? spec.targetBurstCapacity : 0);
  return Math.max(MIN_ACTIVATORS, Math.ceil(capacity / spec.activatorCapacity));
}
