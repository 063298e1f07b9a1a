import { waitFor, WaitTimeoutError } from './wait-for.js';

describe('waitFor', () => {
  it('returns the first value that is neither undefined nor false', async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? `after ${calls}` : undefined), { description: 'three calls', intervalMs: 1 });
    expect(value).toBe('after 3');
  });

  it('keeps trying while the probe throws', async () => {
    let calls = 0;
    const value = await waitFor(
      () => {
        if (++calls < 2) throw new Error('not yet');
        return true;
      },
      { description: 'no error', intervalMs: 1 },
    );
    expect(value).toBe(true);
  });

  it('fails at the deadline, naming what it waited for and the last error', async () => {
    const failure = waitFor(
      () => {
        throw new Error('still down');
      },
      { description: 'the moon', timeoutMs: 30, intervalMs: 5 },
    );
    await expect(failure).rejects.toThrow(WaitTimeoutError);
    await expect(failure).rejects.toThrow('timed out waiting for the moon');
    await expect(failure.catch((e: Error) => (e.cause as Error).message)).resolves.toBe('still down');
  });
});
