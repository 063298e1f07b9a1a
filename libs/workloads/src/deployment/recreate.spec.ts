import { planDeploymentSync } from './plan.js';
import { deployment, NOW, planSummary, pod, replicaSet } from './spec-fixtures.js';

const old = (replicas: number, current = replicas): ReturnType<typeof replicaSet> => replicaSet({ image: 'app:v1', created: 1, replicas, current, revision: 1 });

describe('Recreate plan', () => {
  it.each([
    ['old ReplicaSets go to zero first', [old(3)], [], ['web-v1 3→0']],
    ['waits while an old ReplicaSet still reports pods', [old(0, 2)], [], []],
    ['waits while an old pod is still running', [old(0, 0)], [pod('web-v1-a', 'uid-v1', 'Running')], []],
    ['waits for a pod in phase Unknown', [old(0, 0)], [pod('web-v1-a', 'uid-v1', 'Unknown')], []],
    ['finished pods do not hold it back', [old(0, 0)], [pod('web-v1-a', 'uid-v1', 'Succeeded'), pod('web-v1-b', 'uid-v1', 'Failed')], ['create NEW 3', 'revision 2']],
    ['pods of other ReplicaSets do not count', [old(0, 0)], [pod('x', 'uid-other', 'Running')], ['create NEW 3', 'revision 2']],
  ])('%s', (_name, replicaSets, pods, expected) => {
    const plan = planDeploymentSync({ deployment: deployment({ strategy: 'Recreate' }), replicaSets, pods, now: NOW });
    expect(planSummary(plan).map((line) => line.replace(/web-[a-z0-9]{10}\b/, 'NEW'))).toEqual(expected);
  });
});
