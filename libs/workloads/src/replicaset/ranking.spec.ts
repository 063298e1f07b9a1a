import type { KubeObject } from '@ebb/apimachinery';
import { POD_DELETION_COST_ANNOTATION } from './pod-fields.js';
import { podsToDelete, rankPodsForDeletion } from './ranking.js';

const NOW = new Date('2026-01-01T12:00:00Z');
/** A time `seconds` before NOW. */
const ago = (seconds: number): string => new Date(NOW.getTime() - seconds * 1000).toISOString().replace('.000Z', 'Z');

interface PodOptions {
  node?: string;
  phase?: string;
  readySecondsAgo?: number;
  cost?: string;
  restarts?: number;
  createdSecondsAgo?: number;
}

function pod(name: string, o: PodOptions = {}): KubeObject {
  const ready = o.readySecondsAgo === undefined ? { type: 'Ready', status: 'False' } : { type: 'Ready', status: 'True', lastTransitionTime: ago(o.readySecondsAgo) };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      uid: `uid-${name}`,
      creationTimestamp: ago(o.createdSecondsAgo ?? 3600),
      ...(o.cost === undefined ? {} : { annotations: { [POD_DELETION_COST_ANNOTATION]: o.cost } }),
    },
    spec: { nodeName: o.node ?? 'local' },
    status: { phase: o.phase ?? 'Running', conditions: [ready], containerStatuses: [{ name: 'app', restartCount: o.restarts ?? 0 }] },
  };
}

const names = (pods: readonly KubeObject[]): string[] => pods.map((p) => p.metadata.name ?? '');

describe('rankPodsForDeletion (first = deleted first)', () => {
  it.each([
    { name: 'unscheduled before scheduled', pods: [pod('sched'), pod('unsched', { node: '' })], order: ['unsched', 'sched'] },
    { name: 'Pending < Unknown < Running', pods: [pod('run'), pod('unknown', { phase: 'Unknown' }), pod('pending', { phase: 'Pending' })], order: ['pending', 'unknown', 'run'] },
    { name: 'not ready before ready', pods: [pod('ready', { readySecondsAgo: 100 }), pod('notready')], order: ['notready', 'ready'] },
    { name: 'lower deletion cost first', pods: [pod('high', { cost: '100' }), pod('low', { cost: '-5' }), pod('none')], order: ['low', 'none', 'high'] },
    { name: 'an invalid deletion cost counts as 0', pods: [pod('bad', { cost: 'abc' }), pod('neg', { cost: '-1' })], order: ['neg', 'bad'] },
    { name: 'more siblings on the same node first', pods: [pod('alone', { node: 'n2' }), pod('a', { node: 'n1' }), pod('b', { node: 'n1' })], order: ['a', 'b', 'alone'] },
    { name: 'ready for less time first (different log2 buckets)', pods: [pod('old', { readySecondsAgo: 1000 }), pod('new', { readySecondsAgo: 10 })], order: ['new', 'old'] },
    { name: 'more restarts first', pods: [pod('r1', { restarts: 1 }), pod('r5', { restarts: 5 }), pod('r0')], order: ['r5', 'r1', 'r0'] },
    { name: 'newer first (different log2 buckets)', pods: [pod('older', { createdSecondsAgo: 4000 }), pod('newer', { createdSecondsAgo: 30 })], order: ['newer', 'older'] },
    { name: 'same log2 bucket of age: ties broken by uid', pods: [pod('b', { createdSecondsAgo: 40 }), pod('a', { createdSecondsAgo: 50 })], order: ['a', 'b'] },
    { name: 'phase outranks readiness', pods: [pod('pending-ready', { phase: 'Pending', readySecondsAgo: 5 }), pod('running-notready')], order: ['pending-ready', 'running-notready'] },
  ])('$name', ({ pods, order }) => {
    expect(names(rankPodsForDeletion(pods, NOW))).toEqual(order);
  });
});

describe('podsToDelete', () => {
  const pods = [pod('ready', { readySecondsAgo: 100 }), pod('pending', { phase: 'Pending' }), pod('notready')];
  it.each([
    { count: 1, expected: ['pending'] },
    { count: 2, expected: ['pending', 'notready'] },
    { count: 3, expected: ['ready', 'pending', 'notready'] },
  ])('deletes $count', ({ count, expected }) => {
    expect(names(podsToDelete(pods, count, NOW))).toEqual(expected);
  });
});
