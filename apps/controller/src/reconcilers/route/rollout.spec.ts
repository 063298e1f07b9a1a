import { currentRollout, nextStepTime, observeReady, parseRollout, rolloutInProgress, stepRollout, withRollout, type ConfigurationRollout, type Rollout } from './rollout.js';
import type { ResolvedTarget, ResolvedTraffic } from './traffic.js';

const T0 = Date.parse('2026-11-26T12:00:00Z');
const S = 1000;

const latest = (revisionName: string, percent = 100, tag?: string): ResolvedTarget => ({ configurationName: 'hello', revisionName, latestRevision: true, percent, protocol: 'http1', ...(tag === undefined ? {} : { tag }) });
const pinned = (revisionName: string, percent: number): ResolvedTarget => ({ configurationName: 'hello', revisionName, latestRevision: false, percent, protocol: 'http1' });
const traffic = (...targets: ResolvedTarget[]): ResolvedTraffic => ({ ok: true, targets: new Map([['', targets]]), flat: targets });
const config = (revisions: [string, number][], stepParams: ConfigurationRollout['stepParams'] = {}, percent = 100): Rollout => ({
  configurations: [{ configurationName: 'hello', percent, revisions: revisions.map(([revisionName, p]) => ({ revisionName, percent: p })), stepParams }],
});

describe('currentRollout', () => {
  it('takes each latest-revision target with traffic, not pinned or 0 % ones', () => {
    expect(currentRollout(traffic(latest('hello-00002', 80), pinned('hello-00001', 20)))).toEqual(config([['hello-00002', 80]], {}, 80));
    expect(currentRollout(traffic(latest('hello-00002', 0), pinned('hello-00001', 100)))).toEqual({ configurations: [] });
  });
});

describe('stepRollout', () => {
  it.each([
    { name: 'no history: the traffic as it is', previous: undefined, current: config([['b', 100]]), want: config([['b', 100]]) },
    { name: 'a new latest revision starts at 1 %, taken from the previous one', previous: config([['a', 100]]), current: config([['b', 100]]), want: config([['a', 99], ['b', 1]], { startTime: T0 }) },
    {
      name: 'stacked: a newer revision during a rollout takes 1 % from the newest',
      previous: config([['a', 50], ['b', 50]], { startTime: T0 - 5 * S, stepSize: 10, stepDuration: S, nextStepTime: T0 + 500 }),
      current: config([['c', 100]]),
      want: config([['a', 50], ['b', 49], ['c', 1]], { startTime: T0 }),
    },
    { name: 'the same latest revision: nothing moves before the step time', previous: config([['a', 94], ['b', 6]], { startTime: T0 - 2 * S, stepSize: 5, stepDuration: S, nextStepTime: T0 + S }), current: config([['b', 100]]), want: config([['a', 94], ['b', 6]], { startTime: T0 - 2 * S, stepSize: 5, stepDuration: S, nextStepTime: T0 + S }) },
    { name: 'a due step moves stepSize from the oldest to the newest', previous: config([['a', 94], ['b', 6]], { startTime: T0 - 2 * S, stepSize: 5, stepDuration: S, nextStepTime: T0 }), current: config([['b', 100]]), want: config([['a', 89], ['b', 11]], { startTime: T0 - 2 * S, stepSize: 5, stepDuration: S, nextStepTime: T0 + S }) },
    { name: 'the last step leaves only the newest', previous: config([['a', 3], ['b', 97]], { startTime: T0 - 20 * S, stepSize: 5, stepDuration: S, nextStepTime: T0 }), current: config([['b', 100]]), want: config([['b', 100]]) },
    { name: 'a lower percent is taken from the oldest', previous: config([['a', 60], ['b', 40]], { startTime: T0 - S, stepSize: 5, stepDuration: S, nextStepTime: T0 + S }), current: config([['b', 50]], {}, 50), want: config([['a', 10], ['b', 40]], { startTime: T0 - S, stepSize: 5, stepDuration: S, nextStepTime: T0 + S }, 50) },
    { name: 'a higher percent goes to the newest', previous: config([['a', 30], ['b', 20]], { startTime: T0 - S, stepSize: 5, stepDuration: S, nextStepTime: T0 + S }, 50), current: config([['b', 100]]), want: config([['a', 30], ['b', 70]], { startTime: T0 - S, stepSize: 5, stepDuration: S, nextStepTime: T0 + S }) },
    { name: 'a 1 % target is never rolled', previous: config([['a', 1]], {}, 1), current: config([['b', 1]], {}, 1), want: config([['b', 1]], {}, 1) },
  ])('$name', ({ previous, current, want }) => {
    expect(stepRollout(current, previous, T0)).toEqual(want);
  });
});

describe('observeReady', () => {
  it("fixes the steps once the first step's Ingress is Ready (API.md §8)", () => {
    // Ready 1 s after the start of a 20 s rollout: minStep 1 s, 19 s left, 19 steps of 5 % a second.
    const started = config([['a', 99], ['b', 1]], { startTime: T0 });
    expect(observeReady(started, started, { now: T0 + S, durationMs: 20 * S })).toEqual(config([['a', 99], ['b', 1]], { startTime: T0, stepSize: 5, stepDuration: S, nextStepTime: T0 + 2 * S }));
    // Ready after 4 s: 4 s steps over the 16 s left, four steps of 25 %.
    expect(observeReady(started, started, { now: T0 + 3.5 * S, durationMs: 20 * S })).toEqual(config([['a', 99], ['b', 1]], { startTime: T0, stepSize: 25, stepDuration: 4 * S, nextStepTime: T0 + 7.5 * S }));
  });

  it('keeps steps already fixed and rollouts that are over', () => {
    const fixed = config([['a', 50], ['b', 50]], { startTime: T0, stepSize: 5, stepDuration: S, nextStepTime: T0 + S });
    expect(observeReady(fixed, fixed, { now: T0 + 9 * S, durationMs: 20 * S })).toEqual(fixed);
    expect(observeReady(config([['b', 100]]), undefined, { now: T0, durationMs: 20 * S })).toEqual(config([['b', 100]]));
  });

  it('waits while the Ready Ingress does not carry the first step yet', () => {
    const started = config([['a', 99], ['b', 1]], { startTime: T0 });
    expect(observeReady(started, config([['a', 100]]), { now: T0 + S, durationMs: 20 * S })).toEqual(started);
  });
});

describe('a rollout from start to end', () => {
  it('goes from 1 % to 100 % in the steps observeReady fixed, one per step time', () => {
    let rollout = stepRollout(config([['b', 100]]), config([['a', 100]]), T0);
    rollout = observeReady(rollout, rollout, { now: T0 + S, durationMs: 10 * S });
    const shares: number[] = [rollout.configurations[0]?.revisions.at(-1)?.percent ?? 0];
    for (let now = T0 + S; rolloutInProgress(rollout); now = nextStepTime(rollout) ?? now + S) {
      rollout = stepRollout(config([['b', 100]]), rollout, nextStepTime(rollout) ?? now);
      shares.push(rollout.configurations[0]?.revisions.at(-1)?.percent ?? 0);
    }
    expect(shares).toEqual([1, 12, 23, 34, 45, 56, 67, 78, 89, 100]);
  });
});

describe('withRollout', () => {
  it('fans a latest-revision target out into its rollout revisions, pinned ones untouched', () => {
    const t = traffic(latest('b', 80), pinned('x', 20));
    const expanded = withRollout(t, config([['a', 79], ['b', 1]], { startTime: T0 }, 80));
    expect(expanded.flat.map((e) => `${e.revisionName}=${e.percent}${e.latestRevision === true ? ' latest' : ''}`)).toEqual(['a=79 latest', 'b=1 latest', 'x=20']);
    expect(expanded.targets.get('')?.map((e) => e.revisionName)).toEqual(['a', 'b', 'x']);
  });
});

describe('parseRollout', () => {
  it.each([[undefined], [''], ['not json'], ['{"other":1}']])('reads %j as no rollout', (text) => {
    expect(parseRollout(text)).toBeUndefined();
  });

  it('reads back what it wrote', () => {
    const rollout = config([['a', 99], ['b', 1]], { startTime: T0 });
    expect(parseRollout(JSON.stringify(rollout))).toEqual(rollout);
  });
});
