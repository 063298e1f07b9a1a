import type { KubeObject } from '@ebb/apimachinery';
import { replicaAction, slowStartBatches } from './manage.js';

const NOW = new Date('2026-01-01T12:00:00Z');
const rs = (replicas?: number): KubeObject => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web' }, spec: replicas === undefined ? {} : { replicas } });
const pod = (name: string, phase = 'Running'): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, uid: name }, spec: { nodeName: 'local' }, status: { phase } });

describe('slowStartBatches', () => {
  it.each([
    { count: 0, batches: [] },
    { count: 1, batches: [1] },
    { count: 3, batches: [1, 2] },
    { count: 10, batches: [1, 2, 4, 3] },
    { count: 500, batches: [1, 2, 4, 8, 16, 32, 64, 128, 245] },
  ])('$count → $batches', ({ count, batches }) => {
    expect(slowStartBatches(count)).toEqual(batches);
  });
});

describe('replicaAction', () => {
  it.each([
    { name: 'at size: nothing', active: 2, replicas: 2, expected: { type: 'none' } },
    { name: 'replicas unset means 1', active: 0, replicas: undefined, expected: { type: 'create', count: 1, batches: [1] } },
    { name: 'scaled to 0: deletes all', active: 1, replicas: 0, expected: { type: 'delete', pods: [pod('p0')] } },
    { name: 'short by 3: create 3 in 1, 2', active: 1, replicas: 4, expected: { type: 'create', count: 3, batches: [1, 2] } },
    { name: 'short by 600: capped at 500', active: 0, replicas: 600, expected: { type: 'create', count: 500, batches: [1, 2, 4, 8, 16, 32, 64, 128, 245] } },
  ])('$name', ({ active, replicas, expected }) => {
    expect(replicaAction(rs(replicas), Array.from({ length: active }, (_, i) => pod(`p${i}`)), NOW)).toEqual(expected);
  });

  it('over by 1: deletes the lowest-ranked pod', () => {
    const action = replicaAction(rs(2), [pod('running'), pod('pending', 'Pending'), pod('running2')], NOW);
    expect(action.type === 'delete' ? action.pods.map((p) => p.metadata.name) : action).toEqual(['pending']);
  });
});
