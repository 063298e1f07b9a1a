import type { V1ReplicaSet } from '@kubernetes/client-node';
import { historyToDelete } from './history.js';
import { planDeploymentSync } from './plan.js';
import { deployment, NOW, replicaSet } from './spec-fixtures.js';

const old = (revision: number, replicas = 0, extra: (rs: V1ReplicaSet) => void = () => undefined): V1ReplicaSet => {
  const rs = replicaSet({ image: `app:r${revision}`, created: 100 - revision, replicas, revision });
  extra(rs);
  return rs;
};
const names = (list: readonly V1ReplicaSet[]): string[] => list.map((rs) => rs.metadata?.name ?? '');

describe('revision history cleanup', () => {
  it.each([
    ['within the limit', 3, [old(1), old(2), old(3)], []],
    ['beyond the limit: lowest revisions first (not creation order)', 2, [old(3), old(1), old(2), old(4)], ['web-r1', 'web-r2']],
    ['limit 0 removes every old one', 0, [old(1), old(2)], ['web-r1', 'web-r2']],
    ['scaled-up old ReplicaSets are kept', 1, [old(1, 2), old(2)], []],
    ['old ReplicaSets still reporting pods are kept', 1, [old(1, 0, (rs) => (rs.status = { replicas: 1 })), old(2)], []],
    ['a generation not yet observed is kept', 1, [old(1, 0, (rs) => (rs.metadata = { ...rs.metadata, generation: 2 })), old(2)], []],
    ['ones being deleted neither count nor go again', 1, [old(1, 0, (rs) => (rs.metadata = { ...rs.metadata, deletionTimestamp: NOW })), old(2), old(3)], ['web-r2']],
    ['unlimited', undefined, [old(1), old(2)], []],
  ])('%s', (_name, limit, oldRSs, expected) => {
    expect(names(historyToDelete(limit, oldRSs))).toEqual(expected);
  });

  it('a complete rollout deletes what is beyond revisionHistoryLimit, never the new ReplicaSet', () => {
    const current = replicaSet({ image: 'app:v2', created: 200, replicas: 3, revision: 5 });
    const status = { observedGeneration: 1, replicas: 3, updatedReplicas: 3, availableReplicas: 3, readyReplicas: 3 };
    const d = deployment({ revisionHistoryLimit: 1, annotations: { 'deployment.kubernetes.io/revision': '5' }, status });
    const plan = planDeploymentSync({ deployment: d, replicaSets: [old(1), old(2), old(3), current], pods: [], now: NOW });
    expect(names(plan.deletes)).toEqual(['web-r1', 'web-r2']);
  });

  it('no cleanup while the rollout is under way', () => {
    const current = replicaSet({ image: 'app:v2', created: 200, replicas: 3, available: 1, revision: 5 });
    const d = deployment({ revisionHistoryLimit: 0, annotations: { 'deployment.kubernetes.io/revision': '5' }, status: { replicas: 3, updatedReplicas: 3, availableReplicas: 1 } });
    expect(planDeploymentSync({ deployment: d, replicaSets: [old(1), current], pods: [], now: NOW }).deletes).toEqual([]);
  });
});
