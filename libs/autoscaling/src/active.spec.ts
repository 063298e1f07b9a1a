// Table tests of the Active condition and its threshold (AUTOSCALING.md §4.8, kpa.go computeActiveCondition).
import { activeCondition, activeThreshold } from './active.js';
import type { ActiveInputs, ActiveOutcome } from './types.js';

const NO_TRAFFIC: ActiveOutcome = { status: 'False', reason: 'NoTraffic', message: 'The target is not receiving traffic.' };
const TIMED_OUT: ActiveOutcome = { status: 'False', reason: 'TimedOut', message: 'The target could not be activated.' };
const QUEUED: ActiveOutcome = { status: 'Unknown', reason: 'Queued', message: 'Requests to the target are being buffered as resources are provisioned.' };
const ACTIVE: ActiveOutcome = { status: 'True' };

describe('activeThreshold', () => {
  it.each([
    { name: 'before init: max(min, initial)', minScale: 0, initialScale: 3, targetInitialized: false, want: 3 },
    { name: 'before init, min larger', minScale: 5, initialScale: 3, targetInitialized: false, want: 5 },
    { name: 'before init, initial 0', minScale: 0, initialScale: 0, targetInitialized: false, want: 0 },
    { name: 'after init: max(min, 1)', minScale: 0, initialScale: 3, targetInitialized: true, want: 1 },
    { name: 'after init, min larger', minScale: 2, initialScale: 3, targetInitialized: true, want: 2 },
  ])('$name', (row) => {
    expect(activeThreshold(row)).toBe(row.want);
  });
});

describe('activeCondition', () => {
  const base: ActiveInputs = { want: 1, ready: 1, minScale: 0, initialScale: 1, targetInitialized: true, current: { status: 'True' } };
  it.each<{ name: string; inputs: Partial<ActiveInputs>; want: ActiveOutcome }>([
    { name: 'want 0 → NoTraffic', inputs: { want: 0, ready: 1 }, want: NO_TRAFFIC },
    { name: 'want 0 while activating → TimedOut', inputs: { want: 0, ready: 0, current: { status: 'Unknown' } }, want: TIMED_OUT },
    { name: 'threshold 0 (initial scale 0) → NoTraffic even while activating', inputs: { want: -1, ready: 0, initialScale: 0, targetInitialized: false, current: { status: 'Unknown' } }, want: NO_TRAFFIC },
    { name: 'want > 0, too few ready → Queued', inputs: { want: 3, ready: 0 }, want: QUEUED },
    { name: 'want > 0, too few ready, was Inactive → Queued', inputs: { want: 3, ready: 0, current: { status: 'False' } }, want: QUEUED },
    { name: 'no decision, too few ready, active → Queued', inputs: { want: -1, ready: 0 }, want: QUEUED },
    { name: 'no decision, too few ready, Inactive → stays NoTraffic', inputs: { want: -1, ready: 0, current: { status: 'False', reason: 'NoTraffic' } }, want: NO_TRAFFIC },
    { name: 'want > 0, enough ready → Active', inputs: { want: 2, ready: 2 }, want: ACTIVE },
    { name: 'want > 0, enough ready, was Inactive → Active', inputs: { want: 2, ready: 1, current: { status: 'False' } }, want: ACTIVE },
    { name: 'no decision, enough ready, activating → Active', inputs: { want: -1, ready: 1, current: { status: 'Unknown' } }, want: ACTIVE },
    { name: 'no decision, enough ready, Inactive → unchanged', inputs: { want: -1, ready: 1, current: { status: 'False', reason: 'NoTraffic' } }, want: { status: 'False', unchanged: true } },
    { name: 'before init the initial scale is the bar', inputs: { want: 3, ready: 2, initialScale: 3, targetInitialized: false }, want: QUEUED },
  ])('$name', ({ inputs, want }) => {
    expect(activeCondition({ ...base, ...inputs })).toEqual(want);
  });
});
