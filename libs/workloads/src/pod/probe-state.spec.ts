import { initialProbeState, nextProbeState, probeTimings, type ProbeKind, type ProbeOutcome, type ProbeResult } from './probe-state.js';

/** Feeds outcomes ('s'/'f' characters) through the state machine and returns the results after each. */
function run(kind: ProbeKind, outcomes: string, successThreshold: number, failureThreshold: number): ProbeResult[] {
  let state = initialProbeState(kind);
  return [...outcomes].map((c) => {
    const outcome: ProbeOutcome = c === 's' ? 'success' : 'failure';
    state = nextProbeState(kind, state, outcome, { successThreshold, failureThreshold });
    return state.result;
  });
}

describe('probe state', () => {
  it.each([
    ['readiness', 'failure'],
    ['liveness', 'success'],
    ['startup', 'unknown'],
  ] as const)('initial %s result is %s', (kind, result) => {
    expect(initialProbeState(kind).result).toBe(result);
  });

  it.each([
    ['readiness succeeds at once with threshold 1', 'readiness', 's', 1, 3, ['success']],
    ['readiness needs 2 successes in a row', 'readiness', 'sfss', 2, 3, ['failure', 'failure', 'failure', 'success']],
    ['readiness fails after 3 failures in a row', 'readiness', 'sffsfff', 1, 3, ['success', 'success', 'success', 'success', 'success', 'success', 'failure']],
    ['readiness recovers', 'readiness', 'sfs', 1, 1, ['success', 'failure', 'success']],
    ['liveness fails after the threshold', 'liveness', 'fff', 1, 3, ['success', 'success', 'failure']],
    ['liveness holds after failing (restart pending)', 'liveness', 'fs', 1, 1, ['failure', 'failure']],
    ['startup stays unknown below the threshold', 'startup', 'ff', 1, 3, ['unknown', 'unknown']],
    ['startup succeeds and stays', 'startup', 'sfff', 1, 1, ['success', 'success', 'success', 'success']],
    ['startup fails', 'startup', 'ff', 1, 2, ['unknown', 'failure']],
  ] as const)('%s', (...[, kind, outcomes, successThreshold, failureThreshold, expected]) => {
    expect(run(kind, outcomes, successThreshold, failureThreshold)).toEqual(expected);
  });

  it.each([
    ['liveness failure', 'liveness', 'failure', true],
    ['startup failure', 'startup', 'failure', true],
    ['startup success', 'startup', 'success', true],
    ['readiness failure', 'readiness', 'failure', false],
    ['liveness success', 'liveness', 'success', false],
  ] as const)('%s ends probing: %s', (_name, kind, outcome, done) => {
    expect(nextProbeState(kind, initialProbeState(kind), outcome, { successThreshold: 1, failureThreshold: 1 }).done).toBe(done);
  });

  it.each([
    ['all defaults', {}, { initialDelaySeconds: 0, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 }],
    ['given values', { initialDelaySeconds: 5, timeoutSeconds: 2, periodSeconds: 3, successThreshold: 2, failureThreshold: 7 }, { initialDelaySeconds: 5, timeoutSeconds: 2, periodSeconds: 3, successThreshold: 2, failureThreshold: 7 }],
    ['zeros take defaults', { timeoutSeconds: 0, periodSeconds: 0, successThreshold: 0, failureThreshold: 0 }, { initialDelaySeconds: 0, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 }],
  ])('timings: %s', (_name, probe, expected) => {
    expect(probeTimings(probe)).toEqual(expected);
  });
});
