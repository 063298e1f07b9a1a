/**
 * AUTOSCALING.md §4.8 (serving `kpa.go` computeActiveCondition + activeThreshold): the PA's
 * Active condition from the wanted and ready pod counts, with Knative's reasons and texts.
 */
import type { ActiveInputs, ActiveOutcome } from './types.js';

/** Knative's Active messages per reason. */
export const ActiveMessages = {
  NoTraffic: 'The target is not receiving traffic.',
  TimedOut: 'The target could not be activated.',
  Queued: 'Requests to the target are being buffered as resources are provisioned.',
} as const;

/** Ready pods needed for Active: max(min, initial) before the target was initialised, max(min, 1) after. */
export function activeThreshold(inputs: Pick<ActiveInputs, 'minScale' | 'initialScale' | 'targetInitialized'>): number {
  return Math.max(inputs.minScale, inputs.targetInitialized ? 1 : inputs.initialScale);
}

/** Active False with `reason`. */
function inactive(reason: 'NoTraffic' | 'TimedOut'): ActiveOutcome {
  return { status: 'False', reason, message: ActiveMessages[reason] };
}

/**
 * The Active condition to set (Knative's table). `unchanged: true` means Knative leaves the
 * condition as it is (no decision yet, or nothing wanted, while already Inactive with enough pods).
 */
export function activeCondition(inputs: ActiveInputs): ActiveOutcome {
  const threshold = activeThreshold(inputs);
  const wasInactive = inputs.current.status === 'False';
  if (inputs.want === 0 || threshold === 0) {
    return inputs.current.status === 'Unknown' && threshold > 0 ? inactive('TimedOut') : inactive('NoTraffic');
  }
  const wanted = inputs.want > 0 || !wasInactive;
  if (inputs.ready < threshold) return wanted ? { status: 'Unknown', reason: 'Queued', message: ActiveMessages.Queued } : inactive('NoTraffic');
  return wanted ? { status: 'True' } : { status: inputs.current.status, unchanged: true };
}
