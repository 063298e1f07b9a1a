import { backoffDelay, WorkQueue, type WorkQueueOptions } from './work-queue.js';
import { captureLogger, until, type LogLine } from './testing/support.js';

/** A promise the test resolves by hand. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

interface Harness {
  readonly queue: WorkQueue;
  readonly calls: string[];
  readonly lines: LogLine[];
}

const queues: WorkQueue[] = [];

function harness(handler: (key: string) => Promise<void>, options: Partial<WorkQueueOptions> = {}): Harness {
  const { logger, lines } = captureLogger();
  const calls: string[] = [];
  const queue = new WorkQueue(
    async (key) => {
      calls.push(key);
      await handler(key);
    },
    { name: 'test-queue', logger, baseDelayMs: 2, ...options },
  );
  queues.push(queue);
  return { queue, calls, lines };
}

afterEach(async () => {
  await Promise.all(queues.splice(0).map((q) => q.stop()));
});

describe('backoffDelay', () => {
  it.each([
    { failures: 0, base: 5, max: 30_000, want: 5 },
    { failures: 1, base: 5, max: 30_000, want: 10 },
    { failures: 3, base: 5, max: 30_000, want: 40 },
    { failures: 13, base: 5, max: 30_000, want: 30_000 },
    { failures: 1000, base: 5, max: 30_000, want: 30_000 },
  ])('after $failures failures (base $base) waits $want ms', ({ failures, base, max, want }) => {
    expect(backoffDelay(failures, base, max)).toBe(want);
  });
});

describe('WorkQueue', () => {
  it('does not run the handler inside add()', () => {
    const h = harness(() => Promise.resolve());
    h.queue.add('a');
    expect(h.calls).toEqual([]);
    expect(h.queue.idle()).toBe(false);
  });

  it('queues a key once however often it is added before it runs', async () => {
    const h = harness(() => Promise.resolve());
    h.queue.add('a');
    h.queue.add('b');
    h.queue.add('a');
    h.queue.add('a');
    await until(() => h.queue.idle());
    expect(h.calls).toEqual(['a', 'b']);
  });

  it('handles a key added while it runs again afterwards, never twice at once', async () => {
    const first = gate();
    let active = 0;
    let maxActive = 0;
    const h = harness(
      async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        if (h.calls.length === 1) await first.promise;
        active--;
      },
      { concurrency: 4 },
    );
    h.queue.add('a');
    await until(() => h.calls.length === 1);
    h.queue.add('a');
    h.queue.add('a');
    await new Promise((resolve) => setImmediate(resolve));
    expect(h.calls).toEqual(['a']);
    first.open();
    await until(() => h.queue.idle());
    expect(h.calls).toEqual(['a', 'a']);
    expect(maxActive).toBe(1);
  });

  it.each([
    { concurrency: 1, wantParallel: 1 },
    { concurrency: 2, wantParallel: 2 },
    { concurrency: 3, wantParallel: 3 },
  ])('runs up to $concurrency keys in parallel', async ({ concurrency, wantParallel }) => {
    const release = gate();
    let active = 0;
    let maxActive = 0;
    const h = harness(
      async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        await release.promise;
        active--;
      },
      { concurrency },
    );
    for (const key of ['a', 'b', 'c', 'd']) h.queue.add(key);
    await until(() => h.calls.length === wantParallel);
    release.open();
    await until(() => h.queue.idle());
    expect(maxActive).toBe(wantParallel);
    expect([...h.calls].sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('retries a failing key with doubling delays, logs each failure, and forgets failures on success', async () => {
    let failuresLeft = 3;
    const h = harness(async (key) => {
      if (key === 'a' && failuresLeft-- > 0) throw new Error('try again');
      return Promise.resolve();
    });
    h.queue.add('a');
    await until(() => h.calls.length === 4 && h.queue.idle());
    const warnings = h.lines.filter((l) => l.msg === 'work failed; retrying');
    expect(warnings.map((l) => [l['queue'], l['key'], l['failures'], l['delayMs']])).toEqual([
      ['test-queue', 'a', 1, 2],
      ['test-queue', 'a', 2, 4],
      ['test-queue', 'a', 3, 8],
    ]);
    failuresLeft = 1;
    h.queue.add('a');
    await until(() => h.calls.length === 6 && h.queue.idle());
    expect(h.lines.filter((l) => l.msg === 'work failed; retrying').at(-1)?.['delayMs']).toBe(2);
  });


  it('logs retries of quiet errors at debug, others at warn, backing off both', async () => {
    let calls = 0;
    const h = harness(
      async () => {
        calls += 1;
        if (calls <= 2) throw new Error(calls === 1 ? 'conflict' : 'broken');
        return Promise.resolve();
      },
      { quietError: (error) => error instanceof Error && error.message === 'conflict' },
    );
    h.queue.add('a');
    await until(() => h.calls.length === 3 && h.queue.idle());
    const retries = h.lines.filter((l) => l.msg === 'work failed; retrying');
    expect(retries.map((l) => [l.level, l['failures'], l['delayMs']])).toEqual([
      [20, 1, 2],
      [40, 2, 4],
    ]);
  });
  it('addAfter: the earliest of several pending delays wins', async () => {
    const h = harness(() => Promise.resolve());
    h.queue.addAfter('a', 60_000);
    h.queue.addAfter('a', 5);
    h.queue.addAfter('a', 30_000);
    await until(() => h.calls.length === 1);
    expect(h.calls).toEqual(['a']);
  });

  it('addAfter with no delay queues at once', async () => {
    const h = harness(() => Promise.resolve());
    h.queue.addAfter('a', 0);
    expect(h.queue.idle()).toBe(false);
    await until(() => h.calls.length === 1);
  });

  it('idle() ignores keys waiting for their delay', () => {
    const h = harness(() => Promise.resolve());
    h.queue.addAfter('a', 60_000);
    expect(h.queue.idle()).toBe(true);
  });

  it('stop() waits for running handlers, clears delays, and takes no more work', async () => {
    const release = gate();
    let finished = false;
    const h = harness(async (key) => {
      if (key === 'slow') {
        await release.promise;
        finished = true;
      }
    });
    h.queue.add('slow');
    h.queue.addAfter('delayed', 1);
    await until(() => h.calls.length === 1);
    h.queue.add('queued');
    const stopped = h.queue.stop();
    h.queue.add('late');
    release.open();
    await stopped;
    expect(finished).toBe(true);
    expect(h.calls).toEqual(['slow']);
    expect(h.queue.idle()).toBe(true);
  });
});
