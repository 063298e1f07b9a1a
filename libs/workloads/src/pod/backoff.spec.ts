import { backoffEventMessage, backoffMessage, backoffRemainingMs, goDuration, nextBackoff, shouldRestart } from './backoff.js';

const pod = { name: 'web-1', namespace: 'default', uid: 'u-1' };

describe('restart back-off', () => {
  it.each([
    ['no entry: restart at once', undefined, [1000, 1500], 0],
    ['inside the delay', { delayMs: 10_000, lastUpdateMs: 0 }, [1000, 4000], 7000],
    ['delay passed', { delayMs: 10_000, lastUpdateMs: 0 }, [1000, 11_000], 0],
    ['entry older than 10 min starts over', { delayMs: 300_000, lastUpdateMs: 0 }, [600_001, 600_002], 0],
  ] as const)('remaining: %s', (_name, entry, [finishedAt, now], expected) => {
    expect(backoffRemainingMs(entry, finishedAt, now)).toBe(expected);
  });

  it.each([
    ['first restart', undefined, 5000, { delayMs: 10_000, lastUpdateMs: 5000 }],
    ['doubles', { delayMs: 10_000, lastUpdateMs: 0 }, 20_000, { delayMs: 20_000, lastUpdateMs: 20_000 }],
    ['capped at 300 s', { delayMs: 160_000, lastUpdateMs: 0 }, 200_000, { delayMs: 300_000, lastUpdateMs: 200_000 }],
    ['resets after 10 min', { delayMs: 300_000, lastUpdateMs: 0 }, 700_000, { delayMs: 10_000, lastUpdateMs: 700_000 }],
  ])('next: %s', (_name, entry, finishedAt, expected) => {
    expect(nextBackoff(entry, finishedAt)).toEqual(expected);
  });

  it.each([
    ['Always', 0, true],
    [undefined, 0, true],
    ['OnFailure', 0, false],
    ['OnFailure', 2, true],
    ['Never', 1, false],
  ])('restartPolicy %s, exit %d → restart %s', (policy, code, expected) => {
    expect(shouldRestart(policy, code)).toBe(expected);
  });

  it.each([
    [10_000, '10s'],
    [80_000, '1m20s'],
    [300_000, '5m0s'],
    [3_600_000, '1h0m0s'],
  ])('goDuration(%d) = %s', (ms, text) => {
    expect(goDuration(ms)).toBe(text);
  });

  it('formats the waiting and event messages as the kubelet does', () => {
    expect(backoffMessage(20_000, 'app', pod)).toBe('back-off 20s restarting failed container=app pod=web-1_default(u-1)');
    expect(backoffEventMessage('app', pod)).toBe('Back-off restarting failed container app in pod web-1_default(u-1)');
  });
});
