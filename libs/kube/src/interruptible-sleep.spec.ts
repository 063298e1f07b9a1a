// An interrupted sleep resolves at once; an uninterrupted one resolves after its delay.
import { InterruptibleSleep } from './interruptible-sleep.js';

describe('InterruptibleSleep', () => {
  it('interrupt ends a long sleep', async () => {
    const sleeper = new InterruptibleSleep();
    const slept = sleeper.sleep(60_000);
    sleeper.interrupt();
    await expect(slept).resolves.toBeUndefined();
  });

  it('a short sleep resolves on its own, and interrupting after it is harmless', async () => {
    const sleeper = new InterruptibleSleep();
    await expect(sleeper.sleep(1)).resolves.toBeUndefined();
    expect(() => sleeper.interrupt()).not.toThrow();
  });

  it('interrupt without a sleep is a no-op', () => {
    expect(() => new InterruptibleSleep().interrupt()).not.toThrow();
  });
});
