// Table tests of the reconciler's bounds and scale-to-zero gates (AUTOSCALING.md §4.6, kpa/scaler.go).
import { scaleTarget } from './scaler.js';
import type { ScaleInputs, ScaleOutcome } from './types.js';

const T0 = 1_700_000_000_000;
const BASE: ScaleInputs = {
  nowMs: T0,
  desired: 3,
  bounds: { min: 0, max: 0, initial: 1 },
  reachable: true,
  targetInitialized: true,
  active: { status: 'True', sinceMs: T0 - 100_000 },
  enableScaleToZero: true,
  stableWindowMs: 60_000,
  gracePeriodMs: 30_000,
  retentionMs: 0,
  proxyForMs: undefined,
  activatorReady: true,
  activationTimeoutMs: 630_000,
};
const ago = (ms: number): number => T0 - ms;
const bounds = (b: Partial<ScaleInputs['bounds']>): ScaleInputs['bounds'] => ({ ...BASE.bounds, ...b });

describe('scaleTarget: decisions and bounds', () => {
  it.each<{ name: string; inputs: Partial<ScaleInputs>; want: ScaleOutcome }>([
    { name: 'no decision, not activating: nothing to do', inputs: { desired: -1 }, want: { want: -1, apply: false, reason: 'no scaling decision yet' } },
    { name: 'a decision within bounds is applied', inputs: {}, want: { want: 3, apply: true, reason: 'scale to 3' } },
    { name: 'clamped to max-scale', inputs: { desired: 10, bounds: bounds({ max: 5 }) }, want: { want: 5, apply: true, reason: 'scale to 5 (bounds)' } },
    { name: 'max 0 is unlimited', inputs: { desired: 10 }, want: { want: 10, apply: true, reason: 'scale to 10' } },
    { name: 'raised to min-scale', inputs: { desired: 0, bounds: bounds({ min: 2 }) }, want: { want: 2, apply: true, reason: 'scale to 2 (bounds)' } },
    {
      name: 'initial scale raises min until the target is initialised',
      inputs: { desired: 1, bounds: bounds({ initial: 3 }), targetInitialized: false },
      want: { want: 3, apply: true, reason: 'scale to 3 (bounds)' },
    },
    { name: 'initial scale is ignored once initialised', inputs: { desired: 1, bounds: bounds({ initial: 3 }) }, want: { want: 1, apply: true, reason: 'scale to 1' } },
    {
      name: 'initial scale is ignored when unreachable',
      inputs: { desired: 1, bounds: bounds({ initial: 3 }), targetInitialized: false, reachable: false },
      want: { want: 1, apply: true, reason: 'scale to 1' },
    },
    {
      name: 'no decision while activating is clamped to min and applied',
      inputs: { desired: -1, bounds: bounds({ min: 2 }), active: { status: 'Unknown', sinceMs: ago(1000) } },
      want: { want: 2, apply: true, reason: 'scale to 2 (bounds)' },
    },
  ])('$name', ({ inputs, want }) => {
    expect(scaleTarget({ ...BASE, ...inputs })).toEqual(want);
  });
});

describe('scaleTarget: scale-to-zero gates', () => {
  const zero = (inputs: Partial<ScaleInputs>): ScaleInputs => ({ ...BASE, desired: 0, ...inputs });
  it.each<{ name: string; inputs: ScaleInputs; want: ScaleOutcome }>([
    { name: 'scale to zero disabled → 1', inputs: zero({ enableScaleToZero: false }), want: { want: 1, apply: true, reason: 'scale to zero disabled: keep 1 pod' } },
    {
      name: 'unreachable ignores min-scale and goes to zero',
      inputs: zero({ reachable: false, bounds: bounds({ min: 2 }) }),
      want: { want: 0, apply: false, reason: 'no traffic for a stable window (60s): deactivate' },
    },
    {
      name: 'activating, before the timeout: wait, nothing applied',
      inputs: zero({ desired: -1, active: { status: 'Unknown', sinceMs: ago(100_000) } }),
      want: { want: -1, apply: false, requeueAfterMs: 630_000, reason: 'activating for 100s: wait up to 630s' },
    },
    {
      name: 'activating exactly the timeout: still waiting (strictly after)',
      inputs: zero({ active: { status: 'Unknown', sinceMs: ago(630_000) } }),
      want: { want: -1, apply: false, requeueAfterMs: 630_000, reason: 'activating for 630s: wait up to 630s' },
    },
    {
      name: 'activating past the timeout: scale to zero',
      inputs: zero({ active: { status: 'Unknown', sinceMs: ago(630_001) } }),
      want: { want: 0, apply: true, reason: 'activation timed out after 630s: scale to zero' },
    },
    {
      name: 'active for a stable window: report 0 without applying',
      inputs: zero({ active: { status: 'True', sinceMs: ago(60_000) } }),
      want: { want: 0, apply: false, reason: 'no traffic for a stable window (60s): deactivate' },
    },
    {
      name: 'active for a stable window, SKS already proxying: requeue in 3 s',
      inputs: zero({ active: { status: 'True', sinceMs: ago(60_000) }, proxyForMs: 5_000 }),
      want: { want: 0, apply: false, requeueAfterMs: 3_000, reason: 'no traffic for a stable window (60s): deactivate' },
    },
    {
      name: 'active for less than a stable window: keep 1, requeue the rest',
      inputs: zero({ active: { status: 'True', sinceMs: ago(20_000) } }),
      want: { want: 1, apply: true, requeueAfterMs: 40_000, reason: 'wants zero: keep 1 pod for 40s more before deactivating' },
    },
    {
      name: 'inactive, activator not in the path: keep, requeue 1 s',
      inputs: zero({ active: { status: 'False', sinceMs: ago(100_000) }, activatorReady: false }),
      want: { want: 0, apply: false, requeueAfterMs: 1_000, reason: 'activator not yet in the path: keep the last pod' },
    },
    {
      name: 'inactive for the grace period: scale to zero',
      inputs: zero({ active: { status: 'False', sinceMs: ago(30_000) } }),
      want: { want: 0, apply: true, reason: 'inactive for 30s: scale to zero' },
    },
    {
      name: 'inactive less than the retention: keep the last pod',
      inputs: zero({ active: { status: 'False', sinceMs: ago(10_000) }, retentionMs: 60_000, proxyForMs: 40_000 }),
      want: { want: 0, apply: false, requeueAfterMs: 50_000, reason: 'pod retention: keep the last pod 50s more' },
    },
    {
      name: 'inactive past max(grace, retention): scale to zero',
      inputs: zero({ active: { status: 'False', sinceMs: ago(60_000) }, retentionMs: 60_000 }),
      want: { want: 0, apply: true, reason: 'inactive for 60s: scale to zero' },
    },
    {
      name: 'retention is ignored when unreachable: fast path',
      inputs: zero({ active: { status: 'False', sinceMs: ago(10_000) }, retentionMs: 60_000, proxyForMs: 30_000, reachable: false }),
      want: { want: 0, apply: true, reason: 'idle for 30s in proxy mode: scale to zero' },
    },
    {
      name: 'proxying for the grace period: fast path',
      inputs: zero({ active: { status: 'False', sinceMs: ago(10_000) }, proxyForMs: 30_000 }),
      want: { want: 0, apply: true, reason: 'idle for 30s in proxy mode: scale to zero' },
    },
    {
      name: 'proxying less than the grace period: requeue the rest',
      inputs: zero({ active: { status: 'False', sinceMs: ago(10_000) }, proxyForMs: 20_000 }),
      want: { want: 0, apply: false, requeueAfterMs: 10_000, reason: 'in proxy mode for 20s: scale to zero in 10s' },
    },
    {
      name: 'not proxying yet: wait the full grace period',
      inputs: zero({ active: { status: 'False', sinceMs: ago(10_000) } }),
      want: { want: 0, apply: false, requeueAfterMs: 30_000, reason: 'not in proxy mode yet: scale to zero in 30s' },
    },
  ])('$name', ({ inputs, want }) => {
    expect(scaleTarget(inputs)).toEqual(want);
  });
});
