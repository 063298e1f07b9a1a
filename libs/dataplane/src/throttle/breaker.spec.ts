// Table tests of the breaker: scripted enters, releases, capacity changes, parks and cancels,
// checked against the full log of callbacks and the final counts.
import { Breaker } from './breaker.js';

/** A step: `enter x`, `reserve x`, `park x`, `release`, `cap n`, `cancel x`, `close`. */
type Step = string;

interface Outcome {
  readonly log: string[];
  readonly inFlight: number;
  readonly waiting: number;
}

function run(capacity: number, queueDepth: number, steps: readonly Step[]): Outcome {
  const breaker = new Breaker({ capacity, queueDepth });
  const log: string[] = [];
  const cancels = new Map<string, () => void>();
  const callbacks = (id: string): [() => void, (reason: string) => void] => [() => log.push(`${id} go`), (reason) => log.push(`${id} ${reason}`)];
  const actions: Record<string, (arg: string) => void> = {
    enter: (arg) => cancels.set(arg, breaker.enter(...callbacks(arg))),
    park: (arg) => cancels.set(arg, breaker.park(...callbacks(arg))),
    reserve: (arg) => log.push(`${arg} ${breaker.tryReserve() ? 'reserved' : 'refused'}`),
    release: () => breaker.release(),
    cap: (arg) => breaker.updateCapacity(arg === 'inf' ? Number.POSITIVE_INFINITY : Number(arg)),
    cancel: (arg) => cancels.get(arg)?.(),
    close: () => breaker.close(),
  };
  for (const step of steps) {
    const [verb = '', arg = ''] = step.split(' ');
    actions[verb]?.(arg);
  }
  return { log, inFlight: breaker.inFlight, waiting: breaker.waiting };
}

describe('Breaker', () => {
  it.each([
    { name: 'grants up to the capacity at once', capacity: 2, queueDepth: 5, steps: ['enter a', 'enter b'], want: { log: ['a go', 'b go'], inFlight: 2, waiting: 0 } },
    { name: 'queues beyond the capacity', capacity: 1, queueDepth: 5, steps: ['enter a', 'enter b', 'enter c'], want: { log: ['a go'], inFlight: 1, waiting: 2 } },
    { name: 'rejects queue-full beyond queueDepth + capacity', capacity: 1, queueDepth: 1, steps: ['enter a', 'enter b', 'enter c'], want: { log: ['a go', 'c queue-full'], inFlight: 1, waiting: 1 } },
    { name: 'serves waiters first-in first-out on release', capacity: 1, queueDepth: 5, steps: ['enter a', 'enter b', 'enter c', 'release', 'release'], want: { log: ['a go', 'b go', 'c go'], inFlight: 1, waiting: 0 } },
    { name: 'with capacity 0 everything waits', capacity: 0, queueDepth: 3, steps: ['enter a', 'enter b', 'enter c', 'enter d'], want: { log: ['d queue-full'], inFlight: 0, waiting: 3 } },
    { name: 'a capacity growth wakes waiters at once', capacity: 0, queueDepth: 5, steps: ['enter a', 'enter b', 'enter c', 'cap 2'], want: { log: ['a go', 'b go'], inFlight: 2, waiting: 1 } },
    { name: 'an infinite capacity wakes every waiter and never rejects', capacity: 0, queueDepth: 2, steps: ['enter a', 'enter b', 'cap inf', 'enter c', 'enter d'], want: { log: ['a go', 'b go', 'c go', 'd go'], inFlight: 4, waiting: 0 } },
    { name: 'a shrink lets holders finish and grants nothing until below it', capacity: 3, queueDepth: 5, steps: ['enter a', 'enter b', 'enter c', 'cap 1', 'enter d', 'release', 'release'], want: { log: ['a go', 'b go', 'c go'], inFlight: 1, waiting: 1 } },
    { name: 'a cancelled waiter leaves the queue silently', capacity: 1, queueDepth: 5, steps: ['enter a', 'enter b', 'enter c', 'cancel b', 'release'], want: { log: ['a go', 'c go'], inFlight: 1, waiting: 0 } },
    { name: 'cancelling a holder does nothing', capacity: 1, queueDepth: 5, steps: ['enter a', 'cancel a', 'enter b'], want: { log: ['a go'], inFlight: 1, waiting: 1 } },
    { name: 'a cancel frees room in the bounded queue', capacity: 1, queueDepth: 1, steps: ['enter a', 'enter b', 'cancel b', 'enter c'], want: { log: ['a go'], inFlight: 1, waiting: 1 } },
    { name: 'tryReserve takes a free slot', capacity: 1, queueDepth: 5, steps: ['reserve x', 'reserve y'], want: { log: ['x reserved', 'y refused'], inFlight: 1, waiting: 0 } },
    { name: 'tryReserve does not jump the queue', capacity: 1, queueDepth: 5, steps: ['cap 0', 'enter a', 'reserve x'], want: { log: ['x refused'], inFlight: 0, waiting: 1 } },
    { name: 'close rejects every waiter aborted', capacity: 1, queueDepth: 5, steps: ['enter a', 'enter b', 'enter c', 'close'], want: { log: ['a go', 'b aborted', 'c aborted'], inFlight: 1, waiting: 0 } },
    { name: 'a parked holder gives its slot back and waits for the next release', capacity: 1, queueDepth: 5, steps: ['enter a', 'park a', 'enter b'], want: { log: ['a go'], inFlight: 0, waiting: 2 } },
    { name: 'a parked holder goes first at the next capacity change', capacity: 1, queueDepth: 5, steps: ['enter a', 'enter b', 'park a', 'cap 1'], want: { log: ['a go', 'a go'], inFlight: 1, waiting: 1 } },
    { name: 'a cancelled parked holder is gone', capacity: 1, queueDepth: 5, steps: ['enter a', 'park a', 'cancel a', 'cap 1', 'enter b'], want: { log: ['a go', 'b go'], inFlight: 1, waiting: 0 } },
  ])('$name', ({ capacity, queueDepth, steps, want }) => {
    expect(run(capacity, queueDepth, steps)).toEqual(want);
  });

  it('runs no callback inside a cancelled wait even when capacity comes later', () => {
    const breaker = new Breaker({ capacity: 0, queueDepth: 1 });
    const seen: string[] = [];
    const cancel = breaker.enter(
      () => seen.push('go'),
      (reason) => seen.push(reason),
    );
    cancel();
    breaker.updateCapacity(5);
    breaker.close();
    expect({ seen, inFlight: breaker.inFlight, waiting: breaker.waiting }).toEqual({ seen: [], inFlight: 0, waiting: 0 });
  });
});
