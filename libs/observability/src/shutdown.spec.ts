import { DrainTimer, withTimeout } from './shutdown.js';

describe('DrainTimer', () => {
  it('waits its period', async () => {
    const timer = new DrainTimer();
    let done = false;
    const waiting = timer.wait(20).then(() => (done = true));
    expect(done).toBe(false);
    await waiting;
    expect(done).toBe(true);
  });

  it('ends at once when cut', async () => {
    const timer = new DrainTimer();
    const waiting = timer.wait(60_000);
    timer.cut();
    await expect(waiting).resolves.toBeUndefined();
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
