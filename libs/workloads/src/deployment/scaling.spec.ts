import { planDeploymentSync } from './plan.js';
import { deployment, NOW, planSummary, replicaSet } from './spec-fixtures.js';

const REV = { 'deployment.kubernetes.io/revision': '2' };
/** ReplicaSet `web-<tag>` of revision `created`, sized `replicas` for `sizedFor` (desired, max), all available. */
const rs = (image: string, created: number, replicas: number, sizedFor: readonly [number, number]): ReturnType<typeof replicaSet> =>
  replicaSet({ image, created, replicas, revision: created, sizedFor });

describe('scaling in the middle of a rollout (proportional) and while paused', () => {
  it.each([
    // 5 replicas (max 7) mid-rollout, resized to 10 (max 13): +6 spread 4:3 over the two.
    ['5 → 10 spreads the new room by size', 10, [rs('app:v1', 1, 4, [5, 7]), rs('app:v2', 2, 3, [5, 7])], ['web-v1 4→7', 'web-v2 3→6']],
    // 10 (max 13) → 5 (max 7): −6, larger first.
    ['10 → 5 shrinks both by their share', 5, [rs('app:v1', 1, 7, [10, 13]), rs('app:v2', 2, 6, [10, 13])], ['web-v1 7→4', 'web-v2 6→3']],
    ['to zero empties every ReplicaSet', 0, [rs('app:v1', 1, 7, [10, 13]), rs('app:v2', 2, 6, [10, 13])], ['web-v1 7→0', 'web-v2 6→0']],
    // 5 (max 7) → 6 (max 8): +1, which the larger (older) one takes.
    ['5 → 6: the single extra replica goes to the larger', 6, [rs('app:v1', 1, 4, [5, 7]), rs('app:v2', 2, 3, [5, 7])], ['web-v1 4→5', 'web-v2 3→3']],
    // Equal sizes scaling up: the newer first.
    ['equal sizes: the newer takes the odd one going up', 9, [rs('app:v1', 1, 5, [8, 10]), rs('app:v2', 2, 5, [8, 10])], ['web-v2 5→6', 'web-v1 5→6']],
    ['a single active ReplicaSet takes the whole new size', 5, [rs('app:v1', 1, 0, [3, 4]), rs('app:v2', 2, 3, [3, 4])], ['web-v2 3→5']],
  ])('%s', (_name, replicas, replicaSets, expected) => {
    const plan = planDeploymentSync({ deployment: deployment({ replicas, annotations: REV }), replicaSets, pods: [], now: NOW });
    expect(planSummary(plan)).toEqual(expected);
  });

  it('records the new desired and max replicas on every resized ReplicaSet', () => {
    const plan = planDeploymentSync({ deployment: deployment({ replicas: 10, annotations: REV }), replicaSets: [rs('app:v1', 1, 4, [5, 7]), rs('app:v2', 2, 3, [5, 7])], pods: [], now: NOW });
    expect(plan.updates.map((u) => [u.replicaSet.metadata?.annotations?.['deployment.kubernetes.io/desired-replicas'], u.replicaSet.metadata?.annotations?.['deployment.kubernetes.io/max-replicas']])).toEqual([
      ['10', '13'],
      ['10', '13'],
    ]);
  });

  it('a saturated new ReplicaSet scales an adopted old one to zero', () => {
    const replicaSets = [rs('app:v1', 1, 1, [2, 3]), rs('app:v2', 2, 3, [3, 4])];
    expect(planSummary(planDeploymentSync({ deployment: deployment({ replicas: 3, annotations: REV }), replicaSets, pods: [], now: NOW }))).toEqual(['web-v1 1→0']);
  });

  it('paused: a template change makes no new ReplicaSet, a resize still applies, Progressing says paused', () => {
    const d = deployment({ replicas: 5, image: 'app:v3', paused: true, annotations: REV });
    const plan = planDeploymentSync({ deployment: d, replicaSets: [rs('app:v2', 2, 3, [3, 4])], pods: [], now: NOW });
    expect(planSummary(plan)).toEqual(['web-v2 3→5']);
    expect(plan.status?.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
    expect(plan.recheckAfterMs).toBeUndefined();
  });

  it('resumed: Progressing says so, and the rollout goes on', () => {
    const paused = { type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused', lastUpdateTime: NOW, lastTransitionTime: NOW };
    const d = deployment({ replicas: 3, image: 'app:v3', annotations: REV, status: { replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, conditions: [paused] } });
    const plan = planDeploymentSync({ deployment: d, replicaSets: [rs('app:v2', 2, 3, [3, 4])], pods: [], now: NOW });
    expect(planSummary(plan)).toEqual([`create web-${plan.create?.metadata?.labels?.['pod-template-hash'] ?? ''} 1`, 'revision 3']);
    expect(plan.status?.conditions?.find((c) => c.type === 'Progressing')?.reason).toBe('NewReplicaSetCreated');
  });
});
