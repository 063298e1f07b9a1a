// Whole rollouts played sync after sync against a stand-in ReplicaSet controller whose pods are
// available at once: the plan must converge and keep the surge and availability bounds throughout.
import type { V1Deployment, V1ReplicaSet } from '@kubernetes/client-node';
import { planDeploymentSync, type DeploymentPlan } from './plan.js';
import { at, deployment, replicaSet } from './spec-fixtures.js';
import { rolloutVerdict } from './status.js';

interface World {
  d: V1Deployment;
  replicaSets: V1ReplicaSet[];
}

/** The ReplicaSet controller's part: status follows spec, every pod available. */
function settle(rs: V1ReplicaSet): V1ReplicaSet {
  const n = rs.spec?.replicas ?? 0;
  return { ...rs, status: { replicas: n, readyReplicas: n, availableReplicas: n, observedGeneration: rs.metadata?.generation ?? 1 } };
}

function apply(world: World, plan: DeploymentPlan, step: number): World {
  const updated = new Map(plan.updates.map((u) => [u.replicaSet.metadata?.name, u.replicaSet]));
  let replicaSets = world.replicaSets.map((rs) => updated.get(rs.metadata?.name) ?? rs).filter((rs) => !plan.deletes.some((gone) => gone.metadata?.name === rs.metadata?.name));
  if (plan.create !== undefined) replicaSets.push({ ...plan.create, metadata: { ...plan.create.metadata, uid: `uid-${step}`, generation: 1, creationTimestamp: at(step) } });
  replicaSets = replicaSets.map(settle);
  const annotations = plan.revision === undefined ? world.d.metadata?.annotations : { ...world.d.metadata?.annotations, 'deployment.kubernetes.io/revision': plan.revision };
  return { d: { ...world.d, metadata: { ...world.d.metadata, annotations }, status: plan.status ?? world.d.status }, replicaSets };
}

function walk(start: World, limit: number): { world: World; steps: string[][]; maxTotal: number; minAvailable: number } {
  let world = start;
  const steps: string[][] = [];
  let [maxTotal, minAvailable] = [0, Number.MAX_SAFE_INTEGER];
  for (let i = 1; i <= limit; i++) {
    const plan = planDeploymentSync({ deployment: world.d, replicaSets: world.replicaSets, pods: [], now: at(i) });
    const writes = [...(plan.create === undefined ? [] : [`+${plan.create.spec?.replicas ?? 0}`]), ...plan.updates.filter((u) => u.from !== u.to).map((u) => `${u.replicaSet.spec?.template?.spec?.containers[0]?.image ?? ''} ${u.from}→${u.to}`)];
    if (writes.length === 0 && plan.status === undefined && plan.revision === undefined) break;
    world = apply(world, plan, i);
    if (writes.length > 0) steps.push(writes);
    maxTotal = Math.max(maxTotal, world.replicaSets.reduce((n, rs) => n + (rs.spec?.replicas ?? 0), 0));
    minAvailable = Math.min(minAvailable, world.replicaSets.reduce((n, rs) => n + (rs.status?.availableReplicas ?? 0), 0));
  }
  return { world, steps, maxTotal, minAvailable };
}

const settled = (replicas: number): World => ({
  d: deployment({ replicas, image: 'app:v2', annotations: { 'deployment.kubernetes.io/revision': '1' } }),
  replicaSets: [settle(replicaSet({ image: 'app:v1', created: 0, replicas, revision: 1, sizedFor: [replicas, replicas + Math.ceil(replicas / 4)] }))],
});

describe('a rolling update played to the end', () => {
  it('3 replicas (surge 1, unavailable 0): one pod at a time, never fewer than 3 available or more than 4', () => {
    const { world, steps, maxTotal, minAvailable } = walk(settled(3), 30);
    expect(steps).toEqual([['+1'], ['app:v1 3→2'], ['app:v2 1→2'], ['app:v1 2→1'], ['app:v2 2→3'], ['app:v1 1→0']]);
    expect([maxTotal, minAvailable]).toEqual([4, 3]);
    expect(rolloutVerdict(world.d)).toEqual({ done: true, message: 'deployment "web" successfully rolled out' });
    expect(world.d.status?.conditions?.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable'],
      ['Progressing', 'True', 'NewReplicaSetAvailable'],
    ]);
    expect(world.d.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
  });

  it('10 replicas (surge 3, unavailable 2): converges within the bounds', () => {
    const { world, maxTotal, minAvailable } = walk(settled(10), 40);
    expect(world.replicaSets.map((rs) => [rs.spec?.template?.spec?.containers[0]?.image, rs.spec?.replicas])).toEqual([
      ['app:v1', 0],
      ['app:v2', 10],
    ]);
    expect([maxTotal <= 13, minAvailable >= 8]).toEqual([true, true]);
    expect(rolloutVerdict(world.d).done).toBe(true);
  });

  it('Recreate: old pods to zero first, then the new ReplicaSet at full size', () => {
    const start = settled(3);
    start.d = deployment({ replicas: 3, image: 'app:v2', strategy: 'Recreate', annotations: { 'deployment.kubernetes.io/revision': '1' } });
    const { world, steps } = walk(start, 10);
    expect(steps).toEqual([['app:v1 3→0'], ['+3']]);
    expect(rolloutVerdict(world.d).done).toBe(true);
  });
});
