// Table tests of the revision throttler: scripted endpoint updates, acquires, releases and
// cancels, checked against which pod each request got and the final counts.
import type { Endpoint } from '../endpoints/endpoints.js';
import { RevisionThrottler } from './throttler.js';

const pod = (name: string): Endpoint => ({ address: `10.0.0.${name}`, port: 8012, protocol: 'http1' });

/**
 * Steps: `pods a,b` (ready pods; `pods -` none), `assign i/n`, `cc n`, `acq x` (acquire as x),
 * `avoid x p` (acquire as x avoiding pod p), `rel x`, `rel2 x` (release x twice), `cancel x`, `close`.
 */
function run(options: { cc: number; queueDepth?: number; random?: number[] }, steps: readonly string[]): { log: string[]; counts: Record<string, number> } {
  const randoms = [...(options.random ?? [])];
  const throttler = new RevisionThrottler({ containerConcurrency: options.cc, queueDepth: options.queueDepth ?? 100, random: () => randoms.shift() ?? 0 });
  const log: string[] = [];
  const releases = new Map<string, () => void>();
  const cancels = new Map<string, () => void>();
  let assignment = { index: -1, count: 1 };
  let current: Endpoint[] = [];
  const acquire = (id: string, avoid?: Endpoint): void => {
    const onAcquired = (p: Endpoint, release: () => void): void => {
      log.push(`${id}→${p.address.slice(7)}`);
      releases.set(id, release);
    };
    cancels.set(id, throttler.acquire(onAcquired, (reason) => log.push(`${id} ${reason}`), avoid));
  };
  const setPods = (arg: string): void => {
    current = arg === '-' ? [] : arg.split(',').map(pod);
    throttler.updateEndpoints(current, assignment);
  };
  const setAssignment = (arg: string): void => {
    const [index = '0', count = '1'] = arg.split('/');
    assignment = { index: Number(index), count: Number(count) };
    throttler.updateEndpoints(current, assignment);
  };
  const actions: Record<string, (arg: string, extra: string) => void> = {
    pods: setPods,
    assign: setAssignment,
    cc: (arg) => throttler.updateContainerConcurrency(Number(arg)),
    acq: (arg) => acquire(arg),
    avoid: (arg, extra) => acquire(arg, pod(extra)),
    rel: (arg) => releases.get(arg)?.(),
    rel2: (arg) => {
      releases.get(arg)?.();
      releases.get(arg)?.();
    },
    cancel: (arg) => cancels.get(arg)?.(),
    close: () => throttler.close(),
  };
  for (const step of steps) {
    const [verb = '', arg = '', extra = ''] = step.split(' ');
    actions[verb]?.(arg, extra);
  }
  return { log, counts: { waiting: throttler.waiting, inFlight: throttler.inFlight, capacity: throttler.capacity, podCount: throttler.podCount } };
}

const INF = Number.POSITIVE_INFINITY;

describe('RevisionThrottler', () => {
  it.each([
    {
      name: 'CC 0: requests wait while there are no pods and all go the moment one appears',
      cc: 0,
      steps: ['acq x', 'acq y', 'pods a'],
      want: { log: ['x→a', 'y→a'], counts: { waiting: 0, inFlight: 2, capacity: INF, podCount: 1 } },
    },
    {
      name: 'CC 0: unlimited per pod, no waiting once pods exist',
      cc: 0,
      steps: ['pods a', 'acq x', 'acq y', 'acq z'],
      want: { log: ['x→a', 'y→a', 'z→a'], counts: { waiting: 0, inFlight: 3, capacity: INF, podCount: 1 } },
    },
    {
      name: 'CC 0: power of two choices picks the pod with fewer in flight',
      cc: 0,
      // x: draws a (0.0) then b → tie → a. y: draws a then b → b has fewer. z: draws b (0.5) then a (0.0 → next) → tie at 1 → b.
      random: [0, 0, 0, 0, 0.5, 0],
      steps: ['pods a,b', 'acq x', 'acq y', 'acq z'],
      want: { log: ['x→a', 'y→b', 'z→b'], counts: { waiting: 0, inFlight: 3, capacity: INF, podCount: 2 } },
    },
    {
      name: 'CC 0: no subsetting (all activators use all pods)',
      cc: 0,
      steps: ['assign 1/2', 'pods a,b,c,d', 'acq x'],
      want: { log: ['x→a'], counts: { waiting: 0, inFlight: 1, capacity: INF, podCount: 4 } },
    },
    {
      name: 'CC 1: never more than one per pod; the rest wait and go on release',
      cc: 1,
      steps: ['pods a,b', 'acq x', 'acq y', 'acq z', 'rel y', 'rel x'],
      want: { log: ['x→a', 'y→b', 'z→b'], counts: { waiting: 0, inFlight: 1, capacity: 2, podCount: 2 } },
    },
    {
      name: 'CC 2: first available pod',
      cc: 2,
      steps: ['pods a,b', 'acq w', 'acq x', 'acq y', 'rel w', 'acq z'],
      want: { log: ['w→a', 'x→a', 'y→b', 'z→a'], counts: { waiting: 0, inFlight: 3, capacity: 4, podCount: 2 } },
    },
    {
      name: 'CC 4: round-robin, skipping full pods',
      cc: 4,
      steps: ['pods a,b,c', 'acq 1', 'acq 2', 'acq 3', 'acq 4'],
      want: { log: ['1→a', '2→b', '3→c', '4→a'], counts: { waiting: 0, inFlight: 4, capacity: 12, podCount: 3 } },
    },
    {
      name: 'capacity is CC × assigned pods and subsetting applies when CC > 0',
      cc: 5,
      steps: ['assign 1/2', 'pods a,b,c,d', 'acq x', 'acq y'],
      want: { log: ['x→c', 'y→d'], counts: { waiting: 0, inFlight: 2, capacity: 10, podCount: 2 } },
    },
    {
      name: 'queue full beyond queueDepth + capacity',
      cc: 1,
      queueDepth: 2,
      steps: ['pods a', 'acq w', 'acq x', 'acq y', 'acq z'],
      want: { log: ['w→a', 'z queue-full'], counts: { waiting: 2, inFlight: 1, capacity: 1, podCount: 1 } },
    },
    {
      name: 'a cancelled waiter never gets a pod',
      cc: 1,
      steps: ['pods a', 'acq x', 'acq y', 'acq z', 'cancel y', 'rel x'],
      want: { log: ['x→a', 'z→a'], counts: { waiting: 0, inFlight: 1, capacity: 1, podCount: 1 } },
    },
    {
      name: 'release is idempotent',
      cc: 1,
      steps: ['pods a', 'acq x', 'acq y', 'acq z', 'rel2 x'],
      want: { log: ['x→a', 'y→a'], counts: { waiting: 1, inFlight: 1, capacity: 1, podCount: 1 } },
    },
    {
      name: 'a removed pod keeps its requests counted; readded, it stays within CC',
      cc: 1,
      steps: ['pods a', 'acq x', 'pods -', 'pods a', 'acq y', 'rel x'],
      want: { log: ['x→a', 'y→a'], counts: { waiting: 0, inFlight: 1, capacity: 1, podCount: 1 } },
    },
    {
      name: 'losing every pod holds new requests; capacity 0',
      cc: 1,
      steps: ['pods a', 'pods -', 'acq x'],
      want: { log: [], counts: { waiting: 1, inFlight: 0, capacity: 0, podCount: 0 } },
    },
    {
      name: 'a CC change resizes the capacity and wakes waiters',
      cc: 1,
      steps: ['pods a', 'acq x', 'acq y', 'cc 3'],
      want: { log: ['x→a', 'y→a'], counts: { waiting: 0, inFlight: 2, capacity: 3, podCount: 1 } },
    },
    {
      name: 'CC 1 → 0 drops subsetting and the limit',
      cc: 1,
      steps: ['assign 0/2', 'pods a,b', 'acq x', 'acq y', 'cc 0', 'acq z'],
      // y waits (index 0 of 2 takes only a); at CC 0 it goes to b (fewer in flight), z ties and takes the first drawn, a.
      want: { log: ['x→a', 'y→b', 'z→a'], counts: { waiting: 0, inFlight: 3, capacity: INF, podCount: 2 } },
    },
    {
      name: 'avoid prefers another pod with a slot',
      cc: 2,
      steps: ['pods a,b', 'avoid x a'],
      want: { log: ['x→b'], counts: { waiting: 0, inFlight: 1, capacity: 4, podCount: 2 } },
    },
    {
      name: 'avoid waits for another pod rather than take the avoided one while others exist',
      cc: 1,
      steps: ['pods a,b', 'acq x', 'avoid y b', 'rel x'],
      want: { log: ['x→a', 'y→a'], counts: { waiting: 0, inFlight: 1, capacity: 2, podCount: 2 } },
    },
    {
      name: 'avoid with CC 0 takes another pod',
      cc: 0,
      steps: ['pods a,b', 'avoid x a', 'avoid y a'],
      want: { log: ['x→b', 'y→b'], counts: { waiting: 0, inFlight: 2, capacity: INF, podCount: 2 } },
    },
    {
      name: 'avoid falls back to the avoided pod when it is the only pod',
      cc: 1,
      steps: ['pods a', 'avoid x a'],
      want: { log: ['x→a'], counts: { waiting: 0, inFlight: 1, capacity: 1, podCount: 1 } },
    },
    {
      name: 'close rejects the waiting requests aborted',
      cc: 1,
      steps: ['acq x', 'acq y', 'close'],
      want: { log: ['x aborted', 'y aborted'], counts: { waiting: 0, inFlight: 0, capacity: 0, podCount: 0 } },
    },
  ])('$name', ({ cc, queueDepth, random, steps, want }) => {
    expect(run({ cc, queueDepth, random }, steps)).toEqual(want);
  });

  it('never lets more than CC requests hold one pod under churn', () => {
    const throttler = new RevisionThrottler({ containerConcurrency: 2, queueDepth: 1000 });
    const perPod = new Map<string, number>();
    let worst = 0;
    const live: (() => void)[] = [];
    const onAcquired = (p: Endpoint, release: () => void): void => {
      const n = (perPod.get(p.address) ?? 0) + 1;
      perPod.set(p.address, n);
      worst = Math.max(worst, n);
      live.push(() => {
        perPod.set(p.address, (perPod.get(p.address) ?? 1) - 1);
        release();
      });
    };
    const sets = [['a'], ['a', 'b'], [], ['b', 'c'], ['a', 'c']];
    for (let round = 0; round < 50; round += 1) {
      for (let i = 0; i < 5; i += 1) throttler.acquire(onAcquired, () => undefined);
      throttler.updateEndpoints((sets[round % sets.length] ?? []).map(pod));
      live.splice(0, 3).forEach((release) => release());
    }
    expect(worst).toBeLessThanOrEqual(2);
  });
});
