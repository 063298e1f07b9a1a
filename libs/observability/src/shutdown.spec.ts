import { DRAIN_SETTLE_MS, DrainTimer, withTimeout } from './shutdown.js';

describe('DrainTimer', () => {
  it('waits its period', async () => {
    const timer = new DrainTimer();
    let done = false;
    const waiting = timer.wait(20).then((end) => {
      done = true;
      return end;
    });
    expect(done).toBe(false);
    expect(await waiting).toBe('period');
    expect(done).toBe(true);
  });

  it('ends at once when cut', async () => {
    const timer = new DrainTimer();
    const waiting = timer.wait(60_000);
    timer.cut();
    await expect(waiting).resolves.toBe('cut');
  });

  it('ends early once its condition has held for the settle time, not at the first true', async () => {
    const timer = new DrainTimer();
    const started = Date.now();
    let holds = false;
    setTimeout(() => (holds = true), 150);
    expect(await timer.wait(60_000, () => holds)).toBe('condition');
    expect(Date.now() - started).toBeGreaterThanOrEqual(150 + DRAIN_SETTLE_MS - 50);
  });

  it('starts the settle time again when the condition stops holding', async () => {
    const timer = new DrainTimer();
    let holds = true;
    setTimeout(() => (holds = false), 300);
    setTimeout(() => (holds = true), 500);
    const started = Date.now();
    expect(await timer.wait(60_000, () => holds)).toBe('condition');
    expect(Date.now() - started).toBeGreaterThanOrEqual(500 + DRAIN_SETTLE_MS - 50);
  });

  it('still ends at its period when the condition never holds', async () => {
    const timer = new DrainTimer();
    expect(await timer.wait(200, () => false)).toBe('period');
  });
});

describe('withTimeout', () => {
  it('passes the result through', async () => {
    await expect(withTimeout(Promise.resolve(7), 1000, 'x')).resolves.toBe(7);
  });

  it('fails naming the work that took too long', async () => {
    await expect(withTimeout(new Promise(() => undefined), 10, 'closing the app')).rejects.toThrow('closing the app did not finish within 10 ms');
  });
});
