import { Backoff } from './backoff.js';

describe('Backoff', () => {
  it.each([
    { random: 0, delays: [50, 100, 200, 400, 800, 1000, 1000] },
    { random: 1, delays: [100, 200, 400, 800, 1600, 2000, 2000] },
  ])('doubles up to the cap (random $random)', ({ random, delays }) => {
    const backoff = new Backoff(100, 2000, () => random);
    expect(delays.map(() => backoff.next())).toEqual(delays);
  });

  it('starts again from the base after reset', () => {
    const backoff = new Backoff(100, 2000, () => 1);
    backoff.next();
    backoff.next();
    backoff.reset();
    expect(backoff.next()).toBe(100);
  });
});
