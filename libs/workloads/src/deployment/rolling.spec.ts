import { podTemplateHash } from './hash.js';
import { planDeploymentSync } from './plan.js';
import { deployment, NOW, planSummary, replicaSet, template } from './spec-fixtures.js';

const V2 = `web-${podTemplateHash(template('app:v2'))}`;

/** A Deployment already at revision 2 (its new ReplicaSet's). */
const REV2 = { annotations: { 'deployment.kubernetes.io/revision': '2' } };

const v1 = (replicas: number, available = replicas, current = replicas): ReturnType<typeof replicaSet> =>
  replicaSet({ image: 'app:v1', created: 10, replicas, available, current, revision: 1, sizedFor: [3, 4] });
const v2 = (replicas: number, available = replicas, current = replicas): ReturnType<typeof replicaSet> =>
  replicaSet({ image: 'app:v2', created: 20, replicas, available, current, revision: 2, sizedFor: [3, 4] });

describe('RollingUpdate plan (3 replicas, maxSurge 1, maxUnavailable 0 unless said)', () => {
  it.each([
    ['first rollout creates the new ReplicaSet at full size', {}, [], [`create ${V2} 3`, 'revision 1']],
    ['a template change creates the new ReplicaSet within the surge', {}, [v1(3)], [`create ${V2} 1`, 'revision 2']],
    ['surge used and the new pod not available: wait', REV2, [v1(3), v2(1, 0)], []],
    ['the new pod available: one old pod goes', REV2, [v1(3), v2(1)], ['web-v1 3→2']],
    ['room under the surge again: the new ReplicaSet grows', REV2, [v1(2), v2(1)], ['web-v2 1→2']],
    ['the last old pod goes once all new ones are available', REV2, [v1(1), v2(3)], ['web-v1 1→0']],
    ['unhealthy old pods are removed first (maxUnavailable 1)', { ...REV2, maxUnavailable: 1, maxSurge: 1 }, [v1(3, 1), v2(1, 0)], ['web-v1 3→2']],
    ['maxUnavailable 1 lets old pods go before new ones are ready', { maxUnavailable: 1, maxSurge: 0 }, [v1(3)], [`create ${V2} 0`, 'web-v1 3→2', 'revision 2']],
    [
      '10 replicas: surge by 3 and, with maxUnavailable 2, two old pods go in the same sync',
      { replicas: 10 },
      [replicaSet({ image: 'app:v1', created: 10, replicas: 10, revision: 1, sizedFor: [10, 13] })],
      [`create ${V2} 3`, 'web-v1 10→8', 'revision 2'],
    ],
    ['a new ReplicaSet above the desired size is cut back', REV2, [replicaSet({ image: 'app:v2', created: 20, replicas: 5, revision: 2 })], ['web-v2 5→3']],
    ['steady state writes nothing', REV2, [v2(3)], []],
    ['a Deployment without its revision annotation gets it', {}, [v2(3)], ['revision 2']],
  ])('%s', (_name, options, replicaSets, expected) => {
    const plan = planDeploymentSync({ deployment: deployment(options), replicaSets, pods: [], now: NOW });
    expect(planSummary(plan)).toEqual(expected);
  });

  it('a scaled ReplicaSet records the size it was made for', () => {
    const plan = planDeploymentSync({ deployment: deployment({ replicas: 3 }), replicaSets: [v1(2), replicaSet({ image: 'app:v2', created: 20, replicas: 1, revision: 2 })], pods: [], now: NOW });
    expect(plan.updates[0]?.replicaSet.metadata?.annotations).toMatchObject({ 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4' });
  });

  it('rollback: the old ReplicaSet becomes new with the next revision, its old one in the history', () => {
    const d = deployment({ image: 'app:v1', annotations: { 'deployment.kubernetes.io/revision': '2' } });
    const plan = planDeploymentSync({ deployment: d, replicaSets: [replicaSet({ image: 'app:v1', created: 10, replicas: 0, revision: 1 }), v2(3)], pods: [], now: NOW });
    expect(planSummary(plan)).toEqual(['web-v1 0→1', 'revision 3']);
    expect(plan.updates[0]?.replicaSet.metadata?.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1' });
  });

  it('copies Deployment annotations onto the existing new ReplicaSet, and a changed minReadySeconds', () => {
    const d = deployment({ minReadySeconds: 7, annotations: { 'kubernetes.io/change-cause': 'bump', 'deployment.kubernetes.io/revision': '2' } });
    const plan = planDeploymentSync({ deployment: d, replicaSets: [v2(3)], pods: [], now: NOW });
    expect(plan.updates.map((u) => [u.from, u.to, u.replicaSet.spec?.minReadySeconds, u.replicaSet.metadata?.annotations?.['kubernetes.io/change-cause']])).toEqual([[3, 3, 7, 'bump']]);
  });

  it('a name taken by another template bumps collisionCount instead of creating', () => {
    const squatter = { ...replicaSet({ image: 'app:other', created: 5, replicas: 1, owner: 'uid-other' }), metadata: { name: V2, namespace: 'default', uid: 'x' } };
    const plan = planDeploymentSync({ deployment: deployment(), replicaSets: [v1(3)], namespaceReplicaSets: [v1(3), squatter], pods: [], now: NOW });
    expect([planSummary(plan), plan.status?.collisionCount]).toEqual([[], 1]);
  });

  it('with collisionCount 1 the new ReplicaSet gets the other hash', () => {
    const plan = planDeploymentSync({ deployment: deployment({ status: { collisionCount: 1 } }), replicaSets: [], pods: [], now: NOW });
    expect(plan.create?.metadata?.name).toBe(`web-${podTemplateHash(template('app:v2'), 1)}`);
  });

  it('a name taken by the same template (not yet seen as ours) waits', () => {
    const same = replicaSet({ image: 'app:v2', created: 5, replicas: 1, owner: null });
    same.metadata = { ...same.metadata, name: V2 };
    const plan = planDeploymentSync({ deployment: deployment(), replicaSets: [], namespaceReplicaSets: [same], pods: [], now: NOW });
    expect([planSummary(plan), plan.status?.collisionCount]).toEqual([[], undefined]);
  });
});
