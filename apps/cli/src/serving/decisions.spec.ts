import { CliError } from '../context.js';
import { decisionsProxyPath, DecisionsFormatError, freshest, parseDecisionCount, parseDecisions, readyPods, type PodLike, type ScaleDecisionRecord } from './decisions.js';

const pod = (name: string, phase: string, ready: string, deleting = false): PodLike => ({
  metadata: { name, ...(deleting ? { deletionTimestamp: '2026-11-26T03:00:00Z' } : {}) },
  status: { phase, conditions: [{ type: 'Ready', status: ready }] },
});

describe('readyPods', () => {
  it.each<{ name: string; pods: PodLike[]; want: string[] }>([
    { name: 'no pods', pods: [], want: [] },
    { name: 'only a pending pod', pods: [pod('a', 'Pending', 'False')], want: [] },
    { name: 'running but not ready', pods: [pod('a', 'Running', 'False')], want: [] },
    { name: 'ready but being deleted', pods: [pod('a', 'Running', 'True', true)], want: [] },
    { name: 'the ready one among others', pods: [pod('a', 'Running', 'False'), pod('b', 'Running', 'True')], want: ['b'] },
    { name: 'several ready, by name', pods: [pod('z', 'Running', 'True'), pod('m', 'Running', 'True')], want: ['m', 'z'] },
  ])('$name', ({ pods, want }) => {
    expect(readyPods(pods).map((p) => p.metadata?.name)).toEqual(want);
  });
});

describe('freshest', () => {
  const at = (timestamp: number): ScaleDecisionRecord => ({ timestamp, desiredScale: 1, excessBurstCapacity: 0, panic: false, observedStableValue: 0, observedPanicValue: 0, reason: '' });
  it.each<{ name: string; answers: ScaleDecisionRecord[][]; want: number[] | undefined }>([
    { name: 'no answers', answers: [], want: undefined },
    { name: 'one replica', answers: [[at(5), at(3)]], want: [5, 3] },
    { name: 'the bucket holder has the newest decision', answers: [[at(4)], [at(9), at(7)]], want: [9, 7] },
    { name: 'a replica with none loses to one with some', answers: [[], [at(1)]], want: [1] },
    { name: 'none has any: the first (empty) answer', answers: [[], []], want: [] },
  ])('$name', ({ answers, want }) => {
    expect(freshest(answers)?.map((d) => d.timestamp)).toEqual(want);
  });
});

describe('decisionsProxyPath', () => {
  it('goes through the pods/proxy subresource to port 8083', () => {
    expect(decisionsProxyPath({ systemNamespace: 'ebb-system', pod: 'autoscaler-7f-x2', namespace: 'default', revision: 'hello-00001' })).toBe(
      '/api/v1/namespaces/ebb-system/pods/autoscaler-7f-x2:8083/proxy/decisions/default/hello-00001',
    );
  });
});

describe('parseDecisions', () => {
  const decision = { timestamp: 2000, desiredScale: 3, excessBurstCapacity: -5, panic: true, observedStableValue: 12.5, observedPanicValue: 40, readyPods: 2, reason: 'panicking', extra: 'ignored' };

  it.each([
    {
      name: 'sorted newest first, unknown fields dropped, readyPods kept',
      body: { namespace: 'default', revision: 'r', decisions: [{ ...decision, timestamp: 1000, panic: false }, decision] },
      want: [
        { timestamp: 2000, desiredScale: 3, excessBurstCapacity: -5, panic: true, observedStableValue: 12.5, observedPanicValue: 40, readyPods: 2, reason: 'panicking' },
        { timestamp: 1000, desiredScale: 3, excessBurstCapacity: -5, panic: false, observedStableValue: 12.5, observedPanicValue: 40, readyPods: 2, reason: 'panicking' },
      ],
    },
    {
      name: 'without readyPods and reason',
      body: { decisions: [{ timestamp: 5, desiredScale: 0, excessBurstCapacity: 0, panic: false, observedStableValue: 0, observedPanicValue: 0 }] },
      want: [{ timestamp: 5, desiredScale: 0, excessBurstCapacity: 0, panic: false, observedStableValue: 0, observedPanicValue: 0, reason: '' }],
    },
    { name: 'no decisions yet', body: { namespace: 'default', revision: 'r', decisions: [] }, want: [] },
  ])('reads $name', ({ body, want }) => {
    expect(parseDecisions(body)).toEqual(want);
  });

  it.each([
    { name: 'a body without decisions', body: { message: 'hi' }, error: 'the answer has no decisions list' },
    { name: 'a non-object body', body: 'text', error: 'the answer has no decisions list' },
    { name: 'a decision without a number', body: { decisions: [{ ...decision, desiredScale: 'three' }] }, error: 'decision 0: desiredScale is not a number' },
  ])('refuses $name', ({ body, error }) => {
    expect(() => parseDecisions(body)).toThrow(new DecisionsFormatError(error));
  });
});

describe('parseDecisionCount', () => {
  it.each([
    { text: '0', want: 0 },
    { text: '25', want: 25 },
  ])('reads $text', ({ text, want }) => {
    expect(parseDecisionCount(text)).toBe(want);
  });

  it.each(['-1', 'ten', '1.5', ''])('refuses %p', (text) => {
    expect(() => parseDecisionCount(text)).toThrow(new CliError(`invalid --decisions '${text}': want a number of decisions (0 or more)`));
  });
});
