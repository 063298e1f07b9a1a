import type { KubeObject } from '@ebb/apimachinery';
import { calculateReplicaSetStatus, nextAvailabilityCheckMs, replicaSetStatusChanged } from './status.js';

const NOW = new Date('2026-01-01T12:00:00Z');
const ago = (seconds: number): string => new Date(NOW.getTime() - seconds * 1000).toISOString().replace('.000Z', 'Z');

function rs(o: { replicas?: number; minReadySeconds?: number; status?: Record<string, unknown> } = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web-1', namespace: 'ns', uid: 'rs-1', generation: 4 },
    spec: { replicas: o.replicas ?? 3, minReadySeconds: o.minReadySeconds ?? 0, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web', tier: 'front' } } } },
    ...(o.status === undefined ? {} : { status: o.status }),
  };
}

/** A pod ready since `readyAgo` seconds (undefined: not ready), labelled fully unless `partial`. */
function pod(name: string, readyAgo?: number, partial = false): KubeObject {
  const ready = readyAgo === undefined ? { type: 'Ready', status: 'False' } : { type: 'Ready', status: 'True', lastTransitionTime: ago(readyAgo) };
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: partial ? { app: 'web' } : { app: 'web', tier: 'front' } }, status: { phase: 'Running', conditions: [ready] } };
}

const failure = (reason: string, message: string): Record<string, unknown> => ({ type: 'ReplicaFailure', status: 'True', lastTransitionTime: '2026-01-01T12:00:00Z', reason, message });

describe('calculateReplicaSetStatus', () => {
  it.each([
    { name: 'no pods: only replicas 0 and observedGeneration', set: rs(), pods: [], error: undefined, status: { replicas: 0, observedGeneration: 4 } },
    {
      name: 'counts ready, available and fully labelled pods',
      set: rs(),
      pods: [pod('a', 5), pod('b'), pod('c', 1, true)],
      error: undefined,
      status: { replicas: 3, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 2, observedGeneration: 4 },
    },
    {
      name: 'minReadySeconds 10: ready 5 s is not available, ready 20 s is, exactly 10 s is not yet',
      set: rs({ minReadySeconds: 10 }),
      pods: [pod('a', 5), pod('b', 20), pod('c', 10)],
      error: undefined,
      status: { replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 1, observedGeneration: 4 },
    },
    {
      name: 'a create error adds ReplicaFailure FailedCreate',
      set: rs(),
      pods: [pod('a', 5)],
      error: 'pods "web-1-" is forbidden: exceeded quota',
      status: { replicas: 1, fullyLabeledReplicas: 1, readyReplicas: 1, availableReplicas: 1, observedGeneration: 4, conditions: [failure('FailedCreate', 'pods "web-1-" is forbidden: exceeded quota')] },
    },
    {
      name: 'a delete error adds ReplicaFailure FailedDelete',
      set: rs({ replicas: 0 }),
      pods: [pod('a')],
      error: 'boom',
      status: { replicas: 1, fullyLabeledReplicas: 1, observedGeneration: 4, conditions: [failure('FailedDelete', 'boom')] },
    },
    {
      name: 'an existing ReplicaFailure is kept while errors go on',
      set: rs({ status: { replicas: 0, conditions: [failure('FailedCreate', 'old')] } }),
      pods: [],
      error: 'new',
      status: { replicas: 0, observedGeneration: 4, conditions: [failure('FailedCreate', 'old')] },
    },
    {
      name: 'ReplicaFailure is removed after a clean sync',
      set: rs({ status: { replicas: 0, conditions: [failure('FailedCreate', 'old')] } }),
      pods: [],
      error: undefined,
      status: { replicas: 0, observedGeneration: 4 },
    },
  ])('$name', ({ set, pods, error, status }) => {
    expect(calculateReplicaSetStatus({ rs: set, pods, now: NOW, ...(error === undefined ? {} : { manageError: error }) })).toEqual(status);
  });
});

describe('replicaSetStatusChanged', () => {
  it.each([
    { name: 'same counters', current: { replicas: 2, readyReplicas: 2, observedGeneration: 4 }, next: { replicas: 2, readyReplicas: 2, observedGeneration: 4 }, changed: false },
    { name: 'a counter moved', current: { replicas: 2, readyReplicas: 1, observedGeneration: 4 }, next: { replicas: 2, readyReplicas: 2, observedGeneration: 4 }, changed: true },
    { name: 'generation observed', current: { replicas: 2, observedGeneration: 3 }, next: { replicas: 2, observedGeneration: 4 }, changed: true },
    {
      name: 'same condition with the time as a Date',
      current: { replicas: 0, conditions: [{ ...failure('FailedCreate', 'x'), lastTransitionTime: new Date('2026-01-01T12:00:00Z') }] },
      next: { replicas: 0, conditions: [failure('FailedCreate', 'x')] },
      changed: false,
    },
    { name: 'condition removed', current: { replicas: 0, conditions: [failure('FailedCreate', 'x')] }, next: { replicas: 0 }, changed: true },
  ])('$name', ({ current, next, changed }) => {
    expect(replicaSetStatusChanged(rs({ status: current }), next)).toBe(changed);
  });
});

describe('nextAvailabilityCheckMs', () => {
  it.each([
    { name: 'no minReadySeconds: never', min: 0, pods: [pod('a', 1)], ms: undefined },
    { name: 'all available: never', min: 10, pods: [pod('a', 60)], ms: undefined },
    { name: 'not ready pods do not count', min: 10, pods: [pod('a')], ms: undefined },
    { name: 'the earliest pod to become available (ready 4 s and 7 s ago, min 10)', min: 10, pods: [pod('a', 4), pod('b', 7), pod('c', 60)], ms: 3001 },
  ])('$name', ({ min, pods, ms }) => {
    expect(nextAvailabilityCheckMs(rs({ minReadySeconds: min }), pods, NOW)).toBe(ms);
  });
});
