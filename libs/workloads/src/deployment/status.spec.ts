import type { V1DeploymentStatus } from '@kubernetes/client-node';
import { planDeploymentSync } from './plan.js';
import { at, condition, deployment, NOW, replicaSet } from './spec-fixtures.js';
import { calculateStatus, progressRecheckMs, rolloutStatus, rolloutVerdict, sameStatus, setCondition } from './status.js';

const REV = { 'deployment.kubernetes.io/revision': '2' };
const v1 = (replicas: number, available = replicas): ReturnType<typeof replicaSet> => replicaSet({ image: 'app:v1', created: 1, replicas, available, revision: 1 });
const v2 = (replicas: number, available = replicas): ReturnType<typeof replicaSet> => replicaSet({ image: 'app:v2', created: 2, replicas, available, revision: 2 });
const counts = (s: V1DeploymentStatus): (number | undefined)[] => [s.replicas, s.updatedReplicas, s.readyReplicas, s.availableReplicas, s.unavailableReplicas];

describe('Deployment status', () => {
  it.each([
    { name: 'mid-rollout sums', replicas: 3, replicaSets: [v1(2), v2(2, 1)], expected: [4, 2, 3, 3, 1], available: 'True' },
    { name: 'nothing available: unavailable = Σ spec', replicas: 3, replicaSets: [v2(3, 0)], expected: [3, 3, undefined, undefined, 3], available: 'False' },
    { name: 'zero counters are omitted', replicas: 0, replicaSets: [v1(0)], expected: [undefined, undefined, undefined, undefined, undefined], available: 'True' },
  ])('calculateStatus: $name', ({ replicas, replicaSets, expected, available }) => {
    const newRS = replicaSets.find((rs) => rs.metadata?.name === 'web-v2');
    const status = calculateStatus(deployment({ replicas, generation: 4 }), replicaSets, newRS, NOW);
    expect(counts(status)).toEqual(expected);
    expect(status.observedGeneration).toBe(4);
    expect(status.conditions?.find((c) => c.type === 'Available')?.status).toBe(available);
  });

  it.each([
    { name: 'same status and reason: nothing moves', before: condition(['Available', 'True', 'MinimumReplicasAvailable', 'x'], at(-60)), next: condition(['Available', 'True', 'MinimumReplicasAvailable', 'y']), want: [at(-60), at(-60), 'x'] },
    { name: 'same status, new reason: transition time kept', before: condition(['Progressing', 'True', 'NewReplicaSetCreated', 'a'], at(-60)), next: condition(['Progressing', 'True', 'ReplicaSetUpdated', 'b']), want: [NOW, at(-60), 'b'] },
    { name: 'status changes: both times move', before: condition(['Available', 'False', 'MinimumReplicasUnavailable', 'a'], at(-60)), next: condition(['Available', 'True', 'MinimumReplicasAvailable', 'b']), want: [NOW, NOW, 'b'] },
  ])('setCondition: $name', ({ before, next, want: [lastUpdateTime, lastTransitionTime, message] }) => {
    const status: V1DeploymentStatus = { conditions: [before] };
    setCondition(status, next);
    expect(status.conditions).toEqual([{ ...next, message, lastUpdateTime, lastTransitionTime }]);
  });

  describe('Progressing against the deadline (600 s)', () => {
    const progressing = (since: number): ReturnType<typeof condition> => condition(['Progressing', 'True', 'ReplicaSetUpdated', 'ReplicaSet "web-v2" is progressing.'], at(since));
    const run = (status: V1DeploymentStatus, replicaSets: ReturnType<typeof replicaSet>[], options = {}): V1DeploymentStatus =>
      rolloutStatus(deployment({ annotations: REV, status, ...options }), replicaSets, replicaSets.find((rs) => rs.metadata?.name === 'web-v2'), NOW);
    const progressOf = (status: V1DeploymentStatus): unknown => status.conditions?.find((c) => c.type === 'Progressing');

    it.each([
      ['progress moves lastUpdateTime, keeps lastTransitionTime', { replicas: 4, updatedReplicas: 1, conditions: [progressing(-300)] }, [v1(3), v2(2, 1)], ['True', 'ReplicaSetUpdated', 'ReplicaSet "web-v2" is progressing.', NOW, at(-300)]],
      ['no progress within the deadline: unchanged', { replicas: 4, updatedReplicas: 1, readyReplicas: 3, availableReplicas: 3, conditions: [progressing(-599)] }, [v1(3), v2(1, 0)], ['True', 'ReplicaSetUpdated', 'ReplicaSet "web-v2" is progressing.', at(-599), at(-599)]],
      ['no progress past the deadline: timed out', { replicas: 4, updatedReplicas: 1, readyReplicas: 3, availableReplicas: 3, conditions: [progressing(-601)] }, [v1(3), v2(1, 0)], ['False', 'ProgressDeadlineExceeded', 'ReplicaSet "web-v2" has timed out progressing.', NOW, NOW]],
      ['complete', { replicas: 3, updatedReplicas: 3, readyReplicas: 2, availableReplicas: 2, conditions: [progressing(-30)] }, [v2(3)], ['True', 'NewReplicaSetAvailable', 'ReplicaSet "web-v2" has successfully progressed.', NOW, at(-30)]],
    ])('%s', (_name, status, replicaSets, [state, reason, message, updated, transition]) => {
      expect(progressOf(run(status, replicaSets))).toEqual({ type: 'Progressing', status: state, reason, message, lastUpdateTime: updated, lastTransitionTime: transition });
    });

    it('without a deadline (MaxInt32) there is no Progressing condition', () => {
      expect(progressOf(run({ conditions: [progressing(-30)] }, [v2(3)], { progressDeadlineSeconds: 2147483647 }))).toBeUndefined();
    });

    it('a ReplicaSet ReplicaFailure is copied up', () => {
      const failing = v2(3, 0);
      failing.status = { ...failing.status, replicas: 0, conditions: [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'quota', lastTransitionTime: at(-5) }] };
      const failure = run({}, [failing]).conditions?.find((c) => c.type === 'ReplicaFailure');
      expect(failure).toEqual({ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'quota', lastUpdateTime: at(-5), lastTransitionTime: at(-5) });
    });

    it.each([
      ['1 s before the deadline: look again 1 s after it', progressing(-599), 2000],
      ['already past: look again in 1 s', progressing(-700), 1000],
      ['timed out: no more looks', condition(['Progressing', 'False', 'ProgressDeadlineExceeded', 'x'], at(-700)), undefined],
      ['complete rollout: none', condition(['Progressing', 'True', 'NewReplicaSetAvailable', 'x'], at(-700)), undefined],
    ])('recheck: %s', (_name, progress, expected) => {
      expect(progressRecheckMs(deployment(), { replicas: 4, updatedReplicas: 1, conditions: [progress] }, NOW)).toBe(expected);
    });

    it('a sync with nothing to write still says when to look again for the deadline', () => {
      const d = deployment({ annotations: REV, status: { observedGeneration: 1, replicas: 4, updatedReplicas: 1, readyReplicas: 3, availableReplicas: 3, unavailableReplicas: 1, conditions: [condition(['Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'], at(-100)), progressing(-100)] } });
      const plan = planDeploymentSync({ deployment: d, replicaSets: [v1(3), v2(1, 0)], pods: [], now: NOW });
      expect([plan.status, plan.recheckAfterMs]).toEqual([undefined, 501_000]);
    });
  });

  it('minReadySeconds: look again when the first ready pod becomes available', () => {
    const pods = [at(-3), at(-8), at(-20)].map((since, i) => ({ metadata: { name: `p${i}` }, status: { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: since }] } }));
    const plan = planDeploymentSync({ deployment: deployment({ annotations: REV, minReadySeconds: 10 }), replicaSets: [v2(3)], pods, now: NOW });
    expect(plan.recheckAfterMs).toBe(3000);
  });

  it.each([
    ['Date and string times of the same second are the same', { conditions: [condition(['Available', 'True', 'R', 'm'])] }, { conditions: [{ ...condition(['Available', 'True', 'R', 'm']), lastUpdateTime: '2026-11-26T12:00:00Z' as unknown as Date, lastTransitionTime: '2026-11-26T12:00:00.000Z' as unknown as Date }] }, true],
    ['a counter differs', { replicas: 1 }, { replicas: 2 }, false],
    ['absent vs empty', undefined, {}, true],
  ])('sameStatus: %s', (_name, a, b, expected) => {
    expect(sameStatus(a, b)).toBe(expected);
  });

  it.each([
    ['spec not observed', { generation: 2, status: { observedGeneration: 1 } }, { done: false, message: 'Waiting for deployment spec update to be observed...' }],
    ['updating', { status: { observedGeneration: 1, replicas: 3, updatedReplicas: 1 } }, { done: false, message: 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...' }],
    ['old pods left', { status: { observedGeneration: 1, replicas: 4, updatedReplicas: 3 } }, { done: false, message: 'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...' }],
    ['not yet available', { status: { observedGeneration: 1, replicas: 3, updatedReplicas: 3, availableReplicas: 2 } }, { done: false, message: 'Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...' }],
    ['done', { status: { observedGeneration: 1, replicas: 3, updatedReplicas: 3, availableReplicas: 3 } }, { done: true, message: 'deployment "web" successfully rolled out' }],
    ['deadline exceeded', { status: { observedGeneration: 1, conditions: [condition(['Progressing', 'False', 'ProgressDeadlineExceeded', 'x'])] } }, { done: false, message: '', error: 'deployment "web" exceeded its progress deadline' }],
  ])('kubectl rollout status: %s', (_name, options, expected) => {
    expect(rolloutVerdict(deployment(options))).toEqual(expected);
  });
});
