// Table tests of the Revision status verbs, including Knative's PropagateAutoscalerStatus rows.
import type { Condition } from '../../core/condition.js';
import { PodAutoscalerLifecycle as PA } from '../../autoscaling/v1alpha1/pod-autoscaler.lifecycle.js';
import type { PodAutoscalerStatus } from '../../autoscaling/v1alpha1/pod-autoscaler.types.js';
import { RevisionLifecycle as R } from './revision.lifecycle.js';
import type { RevisionStatus } from './revision.types.js';

const T0 = '2026-01-01T00:00:00Z';
const T1 = '2026-01-01T00:01:00Z';

/** Conditions without times/severity, for compact expectations. */
const brief = (s: RevisionStatus): Partial<Condition>[] =>
  (s.conditions ?? []).map(({ type, status, reason, message }) => ({ type, status, ...(reason ? { reason } : {}), ...(message ? { message } : {}) }));

const init = R.initialize(undefined, T0);

describe('RevisionLifecycle verbs', () => {
  it.each([
    {
      name: 'initialize',
      run: (s: RevisionStatus) => s,
      want: [
        { type: 'ContainerHealthy', status: 'Unknown' },
        { type: 'Ready', status: 'Unknown' },
        { type: 'ResourcesAvailable', status: 'Unknown' },
      ],
    },
    {
      name: 'deploying',
      run: (s: RevisionStatus) => R.markDeploying(s, T1),
      want: [
        { type: 'ContainerHealthy', status: 'Unknown', reason: 'Deploying' },
        { type: 'Ready', status: 'Unknown', reason: 'Deploying' },
        { type: 'ResourcesAvailable', status: 'Unknown', reason: 'Deploying' },
      ],
    },
    {
      name: 'both True → Ready True',
      run: (s: RevisionStatus) => R.markContainerHealthyTrue(R.markResourcesAvailableTrue(s, T1), T1),
      want: [
        { type: 'ContainerHealthy', status: 'True' },
        { type: 'Ready', status: 'True' },
        { type: 'ResourcesAvailable', status: 'True' },
      ],
    },
    {
      name: 'deployment not owned',
      run: (s: RevisionStatus) => R.markResourcesNotOwned(s, 'foo-deployment', T1),
      want: [
        { type: 'ContainerHealthy', status: 'Unknown' },
        { type: 'Ready', status: 'False', reason: 'NotOwned', message: 'There is an existing Deployment "foo-deployment" that we do not own.' },
        { type: 'ResourcesAvailable', status: 'False', reason: 'NotOwned', message: 'There is an existing Deployment "foo-deployment" that we do not own.' },
      ],
    },
    {
      name: 'PodAutoscaler not owned',
      run: (s: RevisionStatus) => R.markResourcesNotOwned(s, 'foo', T1, 'PodAutoscaler'),
      want: [
        { type: 'ContainerHealthy', status: 'Unknown' },
        { type: 'Ready', status: 'False', reason: 'NotOwned', message: 'There is an existing PodAutoscaler "foo" that we do not own.' },
        { type: 'ResourcesAvailable', status: 'False', reason: 'NotOwned', message: 'There is an existing PodAutoscaler "foo" that we do not own.' },
      ],
    },
    {
      name: 'progress deadline exceeded',
      run: (s: RevisionStatus) => R.markProgressDeadlineExceeded(s, T1),
      want: [
        { type: 'ContainerHealthy', status: 'Unknown' },
        { type: 'Ready', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'Initial scale was never achieved' },
        { type: 'ResourcesAvailable', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'Initial scale was never achieved' },
      ],
    },
    {
      name: 'container exiting with a message',
      run: (s: RevisionStatus) => R.markContainerExiting(s, 5, 'boom', T1),
      want: [
        { type: 'ContainerHealthy', status: 'False', reason: 'ExitCode5', message: 'Container failed with: boom' },
        { type: 'Ready', status: 'False', reason: 'ExitCode5', message: 'Container failed with: boom' },
        { type: 'ResourcesAvailable', status: 'Unknown' },
      ],
    },
    {
      name: 'container exiting without a message',
      run: (s: RevisionStatus) => R.markContainerExiting(s, 0, '', T1),
      want: [
        { type: 'ContainerHealthy', status: 'False', reason: 'ExitCode0', message: 'Container failed with: container exited with no error' },
        { type: 'Ready', status: 'False', reason: 'ExitCode0', message: 'Container failed with: container exited with no error' },
        { type: 'ResourcesAvailable', status: 'Unknown' },
      ],
    },
    {
      name: 'resources unavailable (image pull)',
      run: (s: RevisionStatus) => R.markResourcesAvailableFalse(s, 'ErrImagePull', 'image not found', T1),
      want: [
        { type: 'ContainerHealthy', status: 'Unknown' },
        { type: 'Ready', status: 'False', reason: 'ErrImagePull', message: 'image not found' },
        { type: 'ResourcesAvailable', status: 'False', reason: 'ErrImagePull', message: 'image not found' },
      ],
    },
    {
      name: 'active False is Info and keeps Ready',
      run: (s: RevisionStatus) => R.markActiveFalse(R.markContainerHealthyTrue(R.markResourcesAvailableTrue(s, T1), T1), 'NoTraffic', 'idle', T1),
      want: [
        { type: 'Active', status: 'False', reason: 'NoTraffic', message: 'idle' },
        { type: 'ContainerHealthy', status: 'True' },
        { type: 'Ready', status: 'True' },
        { type: 'ResourcesAvailable', status: 'True' },
      ],
    },
  ])('$name', ({ run, want }) => {
    expect(brief(run(init))).toEqual(want);
  });
});

/** A PA status built from verbs. */
function pa(steps: ((s: PodAutoscalerStatus) => PodAutoscalerStatus)[], extra: Partial<PodAutoscalerStatus> = {}): PodAutoscalerStatus {
  return steps.reduce((s, step) => step(s), { ...PA.initialize({}, T0), ...extra });
}
const ready = [(s: PodAutoscalerStatus) => PA.markScaleTargetInitialized(s, T0), (s: PodAutoscalerStatus) => PA.markSKSReady(s, T0), (s: PodAutoscalerStatus) => PA.markActive(s, T0)];

describe('propagatePodAutoscalerStatus', () => {
  it.each([
    {
      name: 'no PA condition → Active and ResourcesAvailable Unknown Deploying',
      start: init,
      pa: { desiredScale: 1, actualScale: 0 },
      want: [
        { type: 'Active', status: 'Unknown', reason: 'Deploying' },
        { type: 'ContainerHealthy', status: 'Unknown' },
        { type: 'Ready', status: 'Unknown', reason: 'Deploying' },
        { type: 'ResourcesAvailable', status: 'Unknown', reason: 'Deploying' },
      ],
      replicas: { actualReplicas: 0, desiredReplicas: 1 },
    },
    {
      name: 'PA ready and initialized → Revision Ready',
      start: init,
      pa: pa(ready, { serviceName: 'foo-private', desiredScale: 1, actualScale: 1 }),
      want: [
        { type: 'Active', status: 'True' },
        { type: 'ContainerHealthy', status: 'True' },
        { type: 'Ready', status: 'True' },
        { type: 'ResourcesAvailable', status: 'True' },
      ],
      replicas: { actualReplicas: 1, desiredReplicas: 1 },
    },
    {
      name: 'initialized but no service name → ResourcesAvailable Unknown Deploying',
      start: init,
      pa: pa(ready, { desiredScale: 1, actualScale: 1 }),
      want: [
        { type: 'Active', status: 'True' },
        { type: 'ContainerHealthy', status: 'True' },
        { type: 'Ready', status: 'Unknown', reason: 'Deploying' },
        { type: 'ResourcesAvailable', status: 'Unknown', reason: 'Deploying' },
      ],
      replicas: { actualReplicas: 1, desiredReplicas: 1 },
    },
    {
      name: 'activating → Active Unknown Queued, nothing else',
      start: init,
      pa: pa([(s) => PA.markActivating(s, 'Queued', 'buffering', T0)], { serviceName: 'foo-private', desiredScale: -1 }),
      want: [
        { type: 'Active', status: 'Unknown', reason: 'Queued', message: 'buffering' },
        { type: 'ContainerHealthy', status: 'Unknown' },
        { type: 'Ready', status: 'Unknown' },
        { type: 'ResourcesAvailable', status: 'Unknown' },
      ],
      replicas: {},
    },
    {
      name: 'timed out before initializing → ProgressDeadlineExceeded',
      start: init,
      pa: pa([(s) => PA.markInactive(s, 'TimedOut', 'The target could not be activated.', T0)], { serviceName: 'foo-private', desiredScale: 0, actualScale: 0 }),
      want: [
        { type: 'Active', status: 'False', reason: 'TimedOut', message: 'The target could not be activated.' },
        { type: 'ContainerHealthy', status: 'Unknown' },
        { type: 'Ready', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'Initial scale was never achieved' },
        { type: 'ResourcesAvailable', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'Initial scale was never achieved' },
      ],
      replicas: { actualReplicas: 0, desiredReplicas: 0 },
    },
    {
      name: 'container already failed stays failed',
      start: R.markContainerExiting(init, 1, 'oops', T0),
      pa: pa(ready, { serviceName: 'foo-private', desiredScale: 1, actualScale: 0 }),
      want: [
        { type: 'Active', status: 'True' },
        { type: 'ContainerHealthy', status: 'False', reason: 'ExitCode1', message: 'Container failed with: oops' },
        { type: 'Ready', status: 'False', reason: 'ExitCode1', message: 'Container failed with: oops' },
        { type: 'ResourcesAvailable', status: 'Unknown' },
      ],
      replicas: { actualReplicas: 0, desiredReplicas: 1 },
    },
  ])('$name', ({ start, pa: paStatus, want, replicas }) => {
    const out = R.propagatePodAutoscalerStatus(start, paStatus, T1);
    expect(brief(out)).toEqual(want);
    expect({ actualReplicas: out.actualReplicas, desiredReplicas: out.desiredReplicas }).toEqual({
      actualReplicas: undefined,
      desiredReplicas: undefined,
      ...replicas,
    });
  });

  it('drops stale replica counts when the PA has none', () => {
    const out = R.propagatePodAutoscalerStatus({ ...init, actualReplicas: 3, desiredReplicas: 3 }, undefined, T1);
    expect('actualReplicas' in out || 'desiredReplicas' in out).toBe(false);
  });
});
