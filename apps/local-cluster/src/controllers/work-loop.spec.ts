import type { Logger } from 'pino';
import { WorkLoop, type WorkOutcome } from './work-loop.js';

const RETRY_MS = 20;

interface Warning {
  readonly fields: Record<string, unknown>;
  readonly message: string;
}

function fakeLogger(warnings: Warning[]): Logger {
  return { warn: (fields: Record<string, unknown>, message: string) => warnings.push({ fields, message }) } as unknown as Logger;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(2);
  }
}

/** One scripted run: per key, the outcomes of its successive calls (`throw` raises). */
type Step = WorkOutcome | 'throw';

interface Harness {
  readonly loop: WorkLoop;
  readonly calls: { key: string; at: number }[];
  readonly warnings: Warning[];
}

function harness(script: Record<string, Step[]>): Harness {
  const calls: { key: string; at: number }[] = [];
  const warnings: Warning[] = [];
  const seen = new Map<string, number>();
  const handle = (key: string): Promise<WorkOutcome> => {
    calls.push({ key, at: Date.now() });
    const index = seen.get(key) ?? 0;
    seen.set(key, index + 1);
    const step = script[key]?.[index] ?? 'done';
    if (step === 'throw') return Promise.reject(new Error(`boom ${key}`));
    return Promise.resolve(step);
  };
  return { loop: new WorkLoop('test', handle, fakeLogger(warnings), RETRY_MS), calls, warnings };
}

describe('WorkLoop', () => {
  it.each([
    { name: 'dedupes keys scheduled before they run', schedule: ['a', 'a', 'b', 'a'], script: {}, expected: ['a', 'b'], warnings: 0 },
    { name: 'retry outcome: runs again after the delay', schedule: ['a'], script: { a: ['retry', 'done'] }, expected: ['a', 'a'], warnings: 0 },
    { name: 'error: logged and retried', schedule: ['a'], script: { a: ['throw', 'done'] }, expected: ['a', 'a'], warnings: 1 },
    { name: 'two retries then done', schedule: ['a', 'b'], script: { a: ['retry', 'throw', 'done'] }, expected: ['a', 'b', 'a', 'a'], warnings: 1 },
  ] as { name: string; schedule: string[]; script: Record<string, Step[]>; expected: string[]; warnings: number }[])('$name', async ({ schedule, script, expected, warnings }) => {
    const h = harness(script);
    for (const key of schedule) h.loop.schedule(key);
    await until(() => h.calls.length >= expected.length && h.loop.idle());
    await sleep(RETRY_MS * 3);
    h.loop.stop();
    expect(h.calls.map((c) => c.key)).toEqual(expected);
    expect(h.warnings).toHaveLength(warnings);
  });

  it.each([
    { name: 'retry', step: 'retry' },
    { name: 'error', step: 'throw' },
  ] as { name: string; step: Step }[])('waits at least the retry delay after $name', async ({ step }) => {
    const h = harness({ a: [step, 'done'] });
    h.loop.schedule('a');
    await until(() => h.calls.length === 2);
    h.loop.stop();
    const [first, second] = h.calls;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(RETRY_MS - 2);
  });

  it.each([{ name: 'warning names the controller and key' }])('$name', async () => {
    const h = harness({ k: ['throw', 'done'] });
    h.loop.schedule('k');
    await until(() => h.warnings.length === 1);
    h.loop.stop();
    expect(h.warnings[0]?.message).toBe('controller work failed; retrying');
    expect(h.warnings[0]?.fields).toMatchObject({ controller: 'test', key: 'k' });
    expect((h.warnings[0]?.fields.err as Error).message).toBe('boom k');
  });

  it.each([
    { name: 'stop cancels a pending retry', scheduleAfterStop: false },
    { name: 'schedule after stop is ignored', scheduleAfterStop: true },
  ])('$name', async ({ scheduleAfterStop }) => {
    const h = harness({ a: ['retry', 'retry', 'retry'] });
    h.loop.schedule('a');
    await until(() => h.calls.length === 1 && h.loop.idle());
    h.loop.stop();
    if (scheduleAfterStop) h.loop.schedule('b');
    await sleep(RETRY_MS * 4);
    expect(h.calls.map((c) => c.key)).toEqual(['a']);
    expect(h.loop.idle()).toBe(true);
  });

  it.each([{ name: 'a key scheduled while it runs runs again' }])('$name', async () => {
    const calls: string[] = [];
    const warnings: Warning[] = [];
    const loop: WorkLoop = new WorkLoop(
      'test',
      (key) => {
        calls.push(key);
        if (calls.length === 1) loop.schedule(key);
        return Promise.resolve('done');
      },
      fakeLogger(warnings),
      RETRY_MS,
    );
    loop.schedule('a');
    await until(() => calls.length === 2 && loop.idle());
    await sleep(5);
    loop.stop();
    expect(calls).toEqual(['a', 'a']);
  });

  it.each([
    { name: 'idle before any work', schedule: false, expected: true },
    { name: 'not idle right after schedule', schedule: true, expected: false },
  ])('$name', ({ schedule, expected }) => {
    const h = harness({});
    if (schedule) h.loop.schedule('a');
    expect(h.loop.idle()).toBe(expected);
    h.loop.stop();
  });
});
