// Table tests of revisionHealth / applyRevisionHealth: what the workload says about a Revision.
import { PodAutoscalerLifecycle, RevisionLifecycle, type PodAutoscaler, type PodAutoscalerStatus, type RevisionStatus } from '@ebb/api';
import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import { testRevision } from './fixtures.spec-support.js';
import { applyRevisionHealth, revisionHealth, type HealthMark } from './status.js';

const NOW = new Date('2026-01-01T00:01:00Z');
const T0 = '2026-01-01T00:00:00Z';

/** A Deployment wanting `replicas` with `available` of them available and `conditions`. */
function deployment(replicas: number, available: number, conditions: { type: string; status: string; reason?: string }[] = []): V1Deployment {
  return { metadata: { name: 'hello-00001-deployment', namespace: 'default' }, spec: { replicas } as never, status: { availableReplicas: available, readyReplicas: available, conditions } };
}

/** A pod of the Revision with the serving container's status and pod conditions. */
function pod(container: Record<string, unknown> | undefined, conditions: { type: string; status: string; reason?: string; message?: string }[] = []): V1Pod {
  return {
    metadata: { name: 'hello-00001-deployment-abc', namespace: 'default' },
    status: { conditions, containerStatuses: container === undefined ? [] : [{ name: 'user-container', ...container }] } as never,
  };
}

/** A PA whose status is `status`. */
const pa = (status: PodAutoscalerStatus): PodAutoscaler => ({ metadata: { name: 'hello-00001' }, status });
const readyPA = pa(
  [PodAutoscalerLifecycle.markScaleTargetInitialized, PodAutoscalerLifecycle.markSKSReady, PodAutoscalerLifecycle.markActive].reduce(
    (s, verb) => verb(s, T0),
    { ...PodAutoscalerLifecycle.initialize({}, T0), serviceName: 'hello-00001-private', desiredScale: 1, actualScale: 1 } as PodAutoscalerStatus,
  ),
);
const activatingPA = pa({ ...PodAutoscalerLifecycle.initialize({}, T0), serviceName: 'hello-00001-private', desiredScale: 1, actualScale: 0 });

type Row = { name: string; start?: RevisionStatus; deployment: V1Deployment | undefined; pods: V1Pod[]; pa: PodAutoscaler | undefined; marks: HealthMark[]; ready: string; reason?: string; message?: string };

describe('revisionHealth', () => {
  it.each<Row>([
    {
      name: 'healthy: PA initialized → Ready',
      deployment: deployment(1, 1, [{ type: 'Available', status: 'True' }]),
      pods: [pod({ state: { running: {} }, ready: true })],
      pa: readyPA,
      marks: [],
      ready: 'True',
    },
    {
      name: 'starting: ContainerCreating is no failure',
      deployment: deployment(1, 0),
      pods: [pod({ state: { waiting: { reason: 'ContainerCreating' } } })],
      pa: activatingPA,
      marks: [],
      ready: 'Unknown',
    },
    {
      name: 'crash: lastState terminated → ContainerHealthy False ExitCode',
      deployment: deployment(1, 0),
      pods: [pod({ state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s' } }, lastState: { terminated: { exitCode: 3, message: 'bad config' } } })],
      pa: activatingPA,
      marks: [{ kind: 'ContainerExited', exitCode: 3, message: 'bad config' }],
      ready: 'False',
      reason: 'ExitCode3',
      message: 'Container failed with: bad config',
    },
    {
      name: 'crash without a termination message',
      deployment: deployment(1, 0),
      pods: [pod({ state: { running: {} }, lastState: { terminated: { exitCode: 1 } } })],
      pa: activatingPA,
      marks: [{ kind: 'ContainerExited', exitCode: 1, message: '' }],
      ready: 'False',
      reason: 'ExitCode1',
      message: 'Container failed with: container exited with no error',
    },
    {
      name: 'image pull error → ResourcesAvailable False with the waiting reason',
      deployment: deployment(1, 0),
      pods: [pod({ state: { waiting: { reason: 'ErrImagePull', message: 'image "dev.local/nope" not found' } } })],
      pa: activatingPA,
      marks: [{ kind: 'ResourcesUnavailable', reason: 'ErrImagePull', message: 'image "dev.local/nope" not found' }],
      ready: 'False',
      reason: 'ErrImagePull',
      message: 'image "dev.local/nope" not found',
    },
    {
      name: 'unschedulable pod → ResourcesAvailable False with the scheduling reason',
      deployment: deployment(1, 0),
      pods: [pod(undefined, [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/1 nodes are available' }])],
      pa: activatingPA,
      marks: [{ kind: 'ResourcesUnavailable', reason: 'Unschedulable', message: '0/1 nodes are available' }],
      ready: 'False',
      reason: 'Unschedulable',
      message: '0/1 nodes are available',
    },
    {
      name: 'deadline exceeded → ResourcesAvailable False ProgressDeadlineExceeded',
      deployment: deployment(1, 0, [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }]),
      pods: [],
      pa: activatingPA,
      marks: [{ kind: 'ProgressDeadlineExceeded' }],
      ready: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: 'Initial scale was never achieved',
    },
    {
      name: 'pods ignored while some replica is available',
      deployment: deployment(2, 1),
      pods: [pod({ state: { waiting: { reason: 'ErrImagePull' } } })],
      pa: readyPA,
      marks: [],
      ready: 'True',
    },
    {
      name: 'active revision, Deployment fine → ResourcesAvailable True (heals an old image pull failure)',
      start: RevisionLifecycle.markActiveTrue(RevisionLifecycle.markResourcesAvailableFalse(RevisionLifecycle.initialize({}, T0), 'ErrImagePull', 'x', T0), T0),
      deployment: deployment(1, 1, [{ type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' }]),
      pods: [],
      pa: readyPA,
      marks: [{ kind: 'ResourcesAvailable' }],
      ready: 'True',
    },
    {
      name: 'active revision, ReplicaFailure → ResourcesAvailable False with its reason',
      start: RevisionLifecycle.markActiveTrue(RevisionLifecycle.initialize({}, T0), T0),
      deployment: deployment(1, 1, [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'quota exceeded' } as never]),
      pods: [],
      pa: readyPA,
      marks: [{ kind: 'ResourcesUnavailable', reason: 'FailedCreate', message: 'quota exceeded' }],
      ready: 'False',
      reason: 'FailedCreate',
      message: 'quota exceeded',
    },
    {
      name: 'activating revision with an old image pull failure stays failed',
      start: RevisionLifecycle.markResourcesAvailableFalse(RevisionLifecycle.initialize({}, T0), 'ErrImagePull', 'x', T0),
      deployment: deployment(1, 1),
      pods: [],
      pa: readyPA,
      marks: [],
      ready: 'False',
      reason: 'ErrImagePull',
      message: 'x',
    },
    {
      name: 'no PA yet → Deploying',
      deployment: deployment(1, 0),
      pods: [],
      pa: undefined,
      marks: [],
      ready: 'Unknown',
      reason: 'Deploying',
    },
  ])('$name', (row) => {
    const start = row.start ?? RevisionLifecycle.initialize({}, T0);
    const revision = { ...testRevision(), status: start };
    const health = revisionHealth({ revision, deployment: row.deployment, pods: row.pods, pa: row.pa });
    expect(health.marks).toEqual(row.marks);
    expect(health.containerStatuses).toEqual([{ name: 'user-container', imageDigest: 'dev.local/hello:1' }]);
    const status = applyRevisionHealth(start, health, NOW);
    const ready = status.conditions?.find((c) => c.type === 'Ready');
    expect({ status: ready?.status, reason: ready?.reason, message: ready?.message }).toEqual({ status: row.ready, reason: row.reason, message: row.message });
  });

  it('lists init containers too', () => {
    const revision = testRevision({ spec: { initContainers: [{ name: 'init', image: 'dev.local/init:1' }] } });
    const health = revisionHealth({ revision, deployment: undefined, pods: [], pa: undefined });
    expect(health.initContainerStatuses).toEqual([{ name: 'init', imageDigest: 'dev.local/init:1' }]);
    expect(applyRevisionHealth({}, health, NOW).initContainerStatuses).toEqual([{ name: 'init', imageDigest: 'dev.local/init:1' }]);
  });
});
