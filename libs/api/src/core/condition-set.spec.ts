import type { Condition } from './condition.js';
import {
  batchConditionSet,
  ConditionSet,
  type ConditionsStatus,
  getCondition,
  livingConditionSet,
  postProcessReconcile,
  preProcessReconcile,
  setCondition,
  TerminalConditionError,
  timestamp,
} from './condition-set.js';
import { configurationConditionSet, revisionConditionSet, routeConditionSet, serviceConditionSet } from './lifecycle.js';

const T0 = '2026-01-01T00:00:00Z';
const T1 = '2026-01-01T00:00:01Z';
const T2 = '2026-01-01T00:00:02Z';
const T3 = '2026-01-01T00:00:03Z';

const types = (s: ConditionsStatus) => (s.conditions ?? []).map((c) => c.type);
const cond = (s: ConditionsStatus, type: string) => getCondition(s, type);
const deepFreeze = <T extends ConditionsStatus>(s: T): T => {
  for (const c of s.conditions ?? []) Object.freeze(c);
  if (s.conditions) Object.freeze(s.conditions);
  return Object.freeze(s);
};

describe('ConditionSet construction', () => {
  it.each([
    { name: 'living set', set: livingConditionSet('A', 'B'), happy: 'Ready', dependents: ['A', 'B'] },
    { name: 'duplicates and the happy type are dropped', set: livingConditionSet('A', 'Ready', 'A'), happy: 'Ready', dependents: ['A'] },
    { name: 'batch set', set: batchConditionSet('A'), happy: 'Succeeded', dependents: ['A'] },
    { name: 'no dependents', set: new ConditionSet('Ready', []), happy: 'Ready', dependents: [] },
  ])('$name', ({ set, happy, dependents }) => {
    expect(set.happy).toBe(happy);
    expect(set.dependents).toEqual(dependents);
  });

  it.each([
    { name: 'happy', type: 'Ready', severity: '' },
    { name: 'dependent', type: 'ContainerHealthy', severity: '' },
    { name: 'other (Active)', type: 'Active', severity: 'Info' },
  ])('severity of $name is "$severity"', ({ type, severity }) => {
    expect(revisionConditionSet.severity(type)).toBe(severity);
  });
});

describe('timestamp', () => {
  it.each([
    { name: 'a Date at second precision', now: new Date('2026-03-04T05:06:07.891Z'), want: '2026-03-04T05:06:07Z' },
    { name: 'a string verbatim', now: T1, want: T1 },
  ])('$name', ({ now, want }) => {
    expect(timestamp(now)).toBe(want);
  });
});

describe('initializeConditions', () => {
  it('sets the happy condition and dependents Unknown, sorted by type, without touching Active', () => {
    const status = revisionConditionSet.initializeConditions(deepFreeze<ConditionsStatus>({}), T0);
    expect(status.conditions).toEqual([
      { type: 'ContainerHealthy', status: 'Unknown', lastTransitionTime: T0 },
      { type: 'Ready', status: 'Unknown', lastTransitionTime: T0 },
      { type: 'ResourcesAvailable', status: 'Unknown', lastTransitionTime: T0 },
    ]);
  });

  it('initializes missing dependents True when Ready is True', () => {
    const status = routeConditionSet.initializeConditions({ conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: T0 }] }, T1);
    expect(status.conditions?.map((c) => [c.type, c.status, c.lastTransitionTime])).toEqual([
      ['AllTrafficAssigned', 'True', T1],
      ['CertificateProvisioned', 'True', T1],
      ['IngressReady', 'True', T1],
      ['Ready', 'True', T0],
    ]);
  });

  it('returns the very same status when everything is there', () => {
    const once = serviceConditionSet.initializeConditions({ observedGeneration: 1 }, T0);
    expect(serviceConditionSet.initializeConditions(once, T1)).toBe(once);
    expect(types(once)).toEqual(['ConfigurationsReady', 'Ready', 'RoutesReady']);
  });
});

describe('deriving Ready (Revision)', () => {
  const init = deepFreeze(revisionConditionSet.initializeConditions({}, T0));

  it('stays Unknown until every dependent is True, then turns True', () => {
    const one = revisionConditionSet.markTrue(init, { type: 'ResourcesAvailable' }, T1);
    expect(cond(one, 'Ready')).toEqual({ type: 'Ready', status: 'Unknown', lastTransitionTime: T0 });
    const both = revisionConditionSet.markTrue(one, { type: 'ContainerHealthy' }, T2);
    expect(cond(both, 'Ready')).toEqual({ type: 'Ready', status: 'True', lastTransitionTime: T2 });
    expect(types(both)).toEqual(['ContainerHealthy', 'Ready', 'ResourcesAvailable']);
  });

  it('a False dependent takes Ready False with its reason and message', () => {
    const failed = revisionConditionSet.markFalse(init, { type: 'ContainerHealthy', reason: 'ExitCode5', message: 'Container failed with: boom' }, T1);
    expect(cond(failed, 'Ready')).toEqual({
      type: 'Ready',
      status: 'False',
      reason: 'ExitCode5',
      message: 'Container failed with: boom',
      lastTransitionTime: T1,
    });
  });

  it('an Unknown dependent makes Ready Unknown with its reason', () => {
    const deploying = revisionConditionSet.markUnknown(init, { type: 'ResourcesAvailable', reason: 'Deploying' }, T1);
    expect(cond(deploying, 'Ready')).toEqual({ type: 'Ready', status: 'Unknown', reason: 'Deploying', lastTransitionTime: T1 });
  });

  it('False beats Unknown: a later Unknown dependent leaves Ready False', () => {
    const failed = revisionConditionSet.markFalse(init, { type: 'ContainerHealthy', reason: 'ContainerMissing', message: 'no digest' }, T1);
    const later = revisionConditionSet.markUnknown(failed, { type: 'ResourcesAvailable', reason: 'Deploying' }, T2);
    expect(cond(later, 'Ready')).toMatchObject({ status: 'False', reason: 'ContainerMissing', lastTransitionTime: T1 });
    expect(cond(later, 'ResourcesAvailable')).toMatchObject({ status: 'Unknown', reason: 'Deploying', lastTransitionTime: T2 });
  });

  it('knative/pkg quirk: Unknown while another dependent is False makes a non-False Ready False with the Unknown reason', () => {
    const status: ConditionsStatus = {
      conditions: [
        { type: 'ContainerHealthy', status: 'False', reason: 'ExitCode1', lastTransitionTime: T0 },
        { type: 'Ready', status: 'Unknown', lastTransitionTime: T0 },
        { type: 'ResourcesAvailable', status: 'Unknown', lastTransitionTime: T0 },
      ],
    };
    const next = revisionConditionSet.markUnknown(status, { type: 'ResourcesAvailable', reason: 'Deploying', message: 'm' }, T1);
    expect(cond(next, 'Ready')).toEqual({ type: 'Ready', status: 'False', reason: 'Deploying', message: 'm', lastTransitionTime: T1 });
  });

  it('recovering a dependent while another is False keeps Ready False', () => {
    const failed = revisionConditionSet.markFalse(init, { type: 'ResourcesAvailable', reason: 'ProgressDeadlineExceeded', message: 'Initial scale was never achieved' }, T1);
    const next = revisionConditionSet.markTrue(failed, { type: 'ContainerHealthy' }, T2);
    expect(cond(next, 'Ready')).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded', lastTransitionTime: T1 });
  });

  it.each([
    { name: 'Active False (scaled to zero)', mark: 'markFalse' as const, status: 'False' },
    { name: 'Active Unknown', mark: 'markUnknown' as const, status: 'Unknown' },
    { name: 'Active True', mark: 'markTrue' as const, status: 'True' },
  ])('a non-dependent does not touch Ready: $name', ({ mark, status }) => {
    const ready = revisionConditionSet.markTrue(revisionConditionSet.markTrue(init, { type: 'ResourcesAvailable' }, T1), { type: 'ContainerHealthy' }, T1);
    const next = revisionConditionSet[mark](ready, { type: 'Active', reason: 'NoTraffic', message: 'scaled to zero' }, T2);
    expect(cond(next, 'Active')).toEqual({ type: 'Active', status, severity: 'Info', reason: 'NoTraffic', message: 'scaled to zero', lastTransitionTime: T2 });
    expect(cond(next, 'Ready')).toEqual({ type: 'Ready', status: 'True', lastTransitionTime: T1 });
    expect(types(next)).toEqual(['Active', 'ContainerHealthy', 'Ready', 'ResourcesAvailable']);
  });
});

describe('the most recently transitioned False dependent wins (Route)', () => {
  const status = (ataTime: string, ingressTime: string): ConditionsStatus => ({
    conditions: [
      { type: 'AllTrafficAssigned', status: 'False', reason: 'RevisionMissing', lastTransitionTime: ataTime },
      { type: 'CertificateProvisioned', status: 'Unknown', reason: 'CertificateNotReady', lastTransitionTime: T3 },
      { type: 'IngressReady', status: 'False', reason: 'NotOwned', lastTransitionTime: ingressTime },
      { type: 'Ready', status: 'Unknown', lastTransitionTime: T0 },
    ],
  });

  it.each([
    { name: 'AllTrafficAssigned newer', ata: T2, ingress: T1, reason: 'RevisionMissing' },
    { name: 'IngressReady newer', ata: T1, ingress: T2, reason: 'NotOwned' },
  ])('$name → Ready False $reason', ({ ata, ingress, reason }) => {
    const next = routeConditionSet.markTrue(status(ata, ingress), { type: 'CertificateProvisioned', reason: 'TLSNotEnabled' }, T3);
    expect(cond(next, 'Ready')).toEqual({ type: 'Ready', status: 'False', reason, lastTransitionTime: T3 });
    expect(cond(next, 'CertificateProvisioned')).toMatchObject({ status: 'True', reason: 'TLSNotEnabled' });
  });

  it.each([
    {
      name: 'an Unknown dependent and no False one',
      conditions: [
        { type: 'AllTrafficAssigned', status: 'True', lastTransitionTime: T0 },
        { type: 'IngressReady', status: 'Unknown', reason: 'IngressNotConfigured', lastTransitionTime: T1 },
      ] satisfies Condition[],
      want: { status: 'Unknown', reason: 'IngressNotConfigured' },
    },
    {
      name: 'a missing dependent',
      conditions: [{ type: 'AllTrafficAssigned', status: 'True', lastTransitionTime: T0 }] satisfies Condition[],
      want: { status: 'Unknown' },
    },
    {
      name: 'all True',
      conditions: [
        { type: 'AllTrafficAssigned', status: 'True', lastTransitionTime: T0 },
        { type: 'CertificateProvisioned', status: 'True', lastTransitionTime: T0 },
        { type: 'IngressReady', status: 'True', lastTransitionTime: T0 },
      ] satisfies Condition[],
      want: undefined,
    },
  ])('findUnhappyDependent: $name', ({ conditions, want }) => {
    expect(routeConditionSet.findUnhappyDependent({ conditions })).toEqual(want === undefined ? undefined : expect.objectContaining(want));
  });
});

describe('lastTransitionTime moves only on change', () => {
  const base = deepFreeze(revisionConditionSet.markFalse({}, { type: 'ContainerHealthy', reason: 'ExitCode1', message: 'a' }, T1));

  it.each([
    { name: 'same status, reason and message', mark: { reason: 'ExitCode1', message: 'a' }, time: T1 },
    { name: 'message changed', mark: { reason: 'ExitCode1', message: 'b' }, time: T2 },
    { name: 'reason changed', mark: { reason: 'ExitCode2', message: 'a' }, time: T2 },
  ])('$name', ({ mark, time }) => {
    const next = revisionConditionSet.markFalse(base, { type: 'ContainerHealthy', ...mark }, T2);
    expect(cond(next, 'ContainerHealthy')?.lastTransitionTime).toBe(time);
  });

  it('returns the very same object when nothing changed', () => {
    expect(revisionConditionSet.markFalse(base, { type: 'ContainerHealthy', reason: 'ExitCode1', message: 'a' }, T3)).toBe(base);
    expect(setCondition(base, { type: 'ContainerHealthy', status: 'False', reason: 'ExitCode1', message: 'a' }, T3)).toBe(base);
  });

  it('moves when the status changes', () => {
    const next = setCondition(base, { type: 'ContainerHealthy', status: 'True' }, T3);
    expect(cond(next, 'ContainerHealthy')).toEqual({ type: 'ContainerHealthy', status: 'True', lastTransitionTime: T3 });
    expect(cond(base, 'ContainerHealthy')?.status).toBe('False');
  });
});

describe('clearCondition', () => {
  const status = deepFreeze(revisionConditionSet.markTrue({}, { type: 'Active' }, T0));

  it('removes a non-terminal condition', () => {
    expect(types(revisionConditionSet.clearCondition(status, 'Active'))).not.toContain('Active');
    expect(types(status)).toContain('Active');
  });

  it('returns the same status when the condition is absent', () => {
    const bare = {};
    expect(revisionConditionSet.clearCondition(bare, 'Active')).toBe(bare);
  });

  it.each(['Ready', 'ContainerHealthy'])('refuses the terminal %s', (type) => {
    expect(() => revisionConditionSet.clearCondition(status, type)).toThrow(TerminalConditionError);
    expect(() => revisionConditionSet.clearCondition(status, type)).toThrow('Clearing terminal conditions not implemented');
  });
});

describe('isReady / isFailed (observedGeneration == generation)', () => {
  const withReady = (readyStatus: 'True' | 'False' | 'Unknown', observedGeneration: number): ConditionsStatus => ({
    observedGeneration,
    conditions: [{ type: 'Ready', status: readyStatus, lastTransitionTime: T0 }],
  });

  it.each([
    { name: 'Ready True, observed', status: withReady('True', 2), ready: true, failed: false },
    { name: 'Ready True, stale generation', status: withReady('True', 1), ready: false, failed: false },
    { name: 'Ready False, observed', status: withReady('False', 2), ready: false, failed: true },
    { name: 'Ready False, stale generation', status: withReady('False', 1), ready: false, failed: false },
    { name: 'Ready Unknown', status: withReady('Unknown', 2), ready: false, failed: false },
    { name: 'no conditions', status: { observedGeneration: 2 }, ready: false, failed: false },
  ])('$name', ({ status, ready, failed }) => {
    expect(serviceConditionSet.isReady(status, 2)).toBe(ready);
    expect(serviceConditionSet.isFailed(status, 2)).toBe(failed);
  });
});

describe('Configuration (only Ready)', () => {
  it('marks Ready directly', () => {
    const init = configurationConditionSet.initializeConditions<ConditionsStatus>({}, T0);
    const ok = configurationConditionSet.markTrue(init, { type: 'Ready' }, T1);
    expect(ok.conditions).toEqual([{ type: 'Ready', status: 'True', lastTransitionTime: T1 }]);
    const failed = configurationConditionSet.markFalse(ok, { type: 'Ready', reason: 'RevisionFailed', message: 'Revision "hello-00001" failed with message: boom.' }, T2);
    expect(failed.conditions).toEqual([
      { type: 'Ready', status: 'False', reason: 'RevisionFailed', message: 'Revision "hello-00001" failed with message: boom.', lastTransitionTime: T2 },
    ]);
    const unknown = configurationConditionSet.markUnknown(failed, { type: 'Ready' }, T3);
    expect(unknown.conditions).toEqual([{ type: 'Ready', status: 'Unknown', lastTransitionTime: T3 }]);
  });
});

describe('reconcile bracket (knative/pkg reconcile_common.go)', () => {
  const readyAtGen1: ConditionsStatus = deepFreeze({
    observedGeneration: 1,
    conditions: [
      { type: 'ConfigurationsReady', status: 'True', lastTransitionTime: T0 },
      { type: 'Ready', status: 'True', lastTransitionTime: T0 },
      { type: 'RoutesReady', status: 'True', lastTransitionTime: T0 },
    ],
  });

  it('marks Ready Unknown NewObservedGenFailure for a new generation', () => {
    const pre = preProcessReconcile(serviceConditionSet, readyAtGen1, 2, T1);
    expect(cond(pre, 'Ready')).toEqual({
      type: 'Ready',
      status: 'Unknown',
      reason: 'NewObservedGenFailure',
      message: 'unsuccessfully observed a new generation',
      lastTransitionTime: T1,
    });
  });

  it('only initializes when the generation was already observed', () => {
    expect(preProcessReconcile(serviceConditionSet, readyAtGen1, 1, T1)).toBe(readyAtGen1);
    expect(types(preProcessReconcile(serviceConditionSet, { observedGeneration: 0 }, 0, T1))).toEqual(['ConfigurationsReady', 'Ready', 'RoutesReady']);
  });

  it('bumps observedGeneration and keeps the old time of a condition that flipped back', () => {
    const pre = preProcessReconcile(serviceConditionSet, readyAtGen1, 2, T1);
    const reconciled = serviceConditionSet.markTrue(pre, { type: 'RoutesReady' }, T1);
    expect(cond(reconciled, 'Ready')).toMatchObject({ status: 'True', lastTransitionTime: T1 });
    const post = postProcessReconcile(reconciled, { previous: readyAtGen1, generation: 2, now: T2 });
    expect(post.observedGeneration).toBe(2);
    expect(cond(post, 'Ready')).toEqual({ type: 'Ready', status: 'True', lastTransitionTime: T0 });
  });

  it('stamps every changed condition with the same time, even if the set failed', () => {
    const pre = preProcessReconcile(serviceConditionSet, readyAtGen1, 2, T1);
    const reconciled = serviceConditionSet.markFalse(pre, { type: 'ConfigurationsReady', reason: 'NotOwned', message: 'There is an existing Configuration "hello" that we do not own.' }, T1);
    const post = postProcessReconcile(reconciled, { previous: readyAtGen1, generation: 2, now: T2 });
    expect(post.observedGeneration).toBe(2);
    expect(post.conditions?.map((c) => [c.type, c.status, c.lastTransitionTime])).toEqual([
      ['ConfigurationsReady', 'False', T2],
      ['Ready', 'False', T2],
      ['RoutesReady', 'True', T0],
    ]);
  });
});
