import type { Condition } from '@ebb/api';
import { initialWaitState, waitStep, type Waitable, type WaitInput, type WaitState } from './wait.js';

const ready = (status: string, reason = '', message = ''): Condition => ({ type: 'Ready', status, reason, message }) as Condition;
const at = (generation: number, observed: number | undefined, conditions: Condition[]): { object: Waitable } => ({
  object: { metadata: { generation }, status: { ...(observed === undefined ? {} : { observedGeneration: observed }), conditions } },
});
const tick: WaitInput = { tick: true };

/** Runs inputs at times (ms since start; timeout 10 s, window 2 s) and collects progress and the outcome. */
function run(steps: readonly (readonly [number, WaitInput])[]): { progress: string[]; outcome: unknown } {
  let state: WaitState = initialWaitState(0, 10_000, 2_000);
  const progress: string[] = [];
  for (const [time, input] of steps) {
    const step = waitStep(state, input, time);
    state = step.state;
    if (step.progress !== undefined) progress.push(step.progress);
    if (step.outcome !== undefined) return { progress, outcome: step.outcome };
  }
  return { progress, outcome: undefined };
}

describe('waitStep', () => {
  it.each([
    {
      name: 'ready once the status caught up with the generation',
      steps: [
        [0, at(2, 1, [ready('True')])],
        [100, at(2, 2, [ready('Unknown', 'Deploying', 'Configuration "hello" is waiting for a Revision to become ready.')])],
        [200, at(2, 2, [ready('Unknown', 'Deploying', 'Configuration "hello" is waiting for a Revision to become ready.')])],
        [300, at(2, 2, [ready('Unknown', 'IngressNotConfigured', 'Ingress has not yet been reconciled.')])],
        [400, at(2, 2, [ready('True')])],
      ] as const,
      want: { progress: ['Configuration "hello" is waiting for a Revision to become ready.', 'Ingress has not yet been reconciled.'], outcome: { ready: true } },
    },
    {
      name: 'stale Ready=False of an older generation is ignored',
      steps: [
        [0, at(3, 2, [ready('False', 'RevisionFailed', 'old')])],
        [5_000, tick],
      ] as const,
      want: { progress: [], outcome: undefined },
    },
    {
      name: 'Ready=False fails after the window',
      steps: [
        [0, at(1, 1, [ready('False', 'RevisionFailed', 'Revision "hello-00001" failed with message: exit 1.')])],
        [1_999, tick],
        [2_000, tick],
      ] as const,
      want: { progress: [], outcome: { ready: false, timedOut: false, error: 'RevisionFailed: Revision "hello-00001" failed with message: exit 1.' } },
    },
    {
      name: 'Ready=False that recovers within the window',
      steps: [
        [0, at(1, 1, [ready('False', 'Failing', 'x')])],
        [1_000, at(1, 1, [ready('Unknown', 'Deploying', 'again')])],
        [2_500, at(1, 1, [ready('False', 'Failing', 'x')])],
        [4_000, tick],
        [4_500, at(1, 1, [ready('True')])],
      ] as const,
      want: { progress: ['again'], outcome: { ready: true } },
    },
    {
      name: 'a timeout',
      steps: [
        [0, { object: null }],
        [9_999, tick],
        [10_000, tick],
      ] as const,
      want: { progress: [], outcome: { ready: false, timedOut: true, error: 'timeout' } },
    },
  ])('$name', ({ steps, want }) => {
    expect(run(steps)).toEqual(want);
  });
});
