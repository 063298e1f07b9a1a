// What a Revision's status should say about its workload (serving `revision/reconcile_resources.go`):
// the Deployment's own verdict (progress deadline, replica failures), an unschedulable pod, a
// crashing serving container or one stuck waiting (image pull errors), then the PodAutoscaler's
// view. Pure: the reconciler passes what its listers hold and applies the result.
import {
  RevisionLifecycle,
  type ContainerStatus,
  type PodAutoscaler,
  type Revision,
  type RevisionStatus,
} from '@ebb/api';
import type { V1ContainerStatus, V1Deployment, V1Pod } from '@kubernetes/client-node';
import { servingContainer } from './meta.js';

/** Waiting reasons of a container that is simply starting (not a failure). */
const STARTING_REASONS: ReadonlySet<string> = new Set(['', 'ContainerCreating', 'PodInitializing']);

/** One thing to mark on the Revision. */
export type HealthMark =
  | { readonly kind: 'ResourcesAvailable' }
  | { readonly kind: 'ProgressDeadlineExceeded' }
  | { readonly kind: 'ResourcesUnavailable'; readonly reason: string; readonly message: string }
  | { readonly kind: 'ContainerExited'; readonly exitCode: number; readonly message: string };

/** What {@link revisionHealth} looks at. */
export interface RevisionHealthInput {
  readonly revision: Revision;
  /** The Revision's Deployment, if it exists and is ours. */
  readonly deployment: V1Deployment | undefined;
  /** The Revision's pods (selected by revisionUID), in a stable order. */
  readonly pods: readonly V1Pod[];
  /** The Revision's PodAutoscaler, if it exists and is ours. */
  readonly pa: PodAutoscaler | undefined;
}

/** What the Revision's status should get. */
export interface RevisionHealth {
  /** Marks from the workload, in the order Knative applies them. */
  readonly marks: readonly HealthMark[];
  /** `status.containerStatuses`: the images as written (no digest resolution here). */
  readonly containerStatuses: ContainerStatus[];
  /** `status.initContainerStatuses`, likewise. */
  readonly initContainerStatuses: ContainerStatus[];
  /** The PodAutoscaler's status, propagated last. */
  readonly pa: PodAutoscaler['status'];
}

/** Whether a Deployment's Progressing condition is False `ProgressDeadlineExceeded` (`hasDeploymentTimedOut`). */
export function hasDeploymentTimedOut(deployment: V1Deployment | undefined): boolean {
  return (deployment?.status?.conditions ?? []).some(
    (c) => c.type === 'Progressing' && c.status === 'False' && c.reason === 'ProgressDeadlineExceeded',
  );
}

/** Whether the Deployment wants pods and none is available (a container keeps failing, or pods cannot run). */
function wantsButHasNone(deployment: V1Deployment | undefined): boolean {
  if (deployment === undefined) return false;
  return (deployment.spec?.replicas ?? 1) > 0 && (deployment.status?.availableReplicas ?? 0) === 0;
}

/** The mark for a container that is waiting for anything but a normal start (image pull errors, …). */
function waitingMark(waiting: { reason?: string; message?: string } | undefined): HealthMark | undefined {
  const reason = waiting?.reason ?? '';
  if (waiting === undefined || STARTING_REASONS.has(reason)) return undefined;
  return { kind: 'ResourcesUnavailable', reason, message: waiting.message ?? '' };
}

/** The mark for the serving container's status: a previous termination, else a waiting failure. */
function containerMark(status: V1ContainerStatus | undefined): HealthMark | undefined {
  const terminated = status?.lastState?.terminated;
  if (terminated !== undefined) return { kind: 'ContainerExited', exitCode: terminated.exitCode, message: terminated.message ?? '' };
  return waitingMark(status?.state?.waiting);
}

/** Marks from one pod of the Revision: PodScheduled False, then the serving container. */
function podMarks(pod: V1Pod, containerName: string): HealthMark[] {
  const marks: HealthMark[] = [];
  const unscheduled = (pod.status?.conditions ?? []).find((c) => c.type === 'PodScheduled' && c.status === 'False');
  if (unscheduled !== undefined) marks.push({ kind: 'ResourcesUnavailable', reason: unscheduled.reason ?? '', message: unscheduled.message ?? '' });
  const mark = containerMark((pod.status?.containerStatuses ?? []).find((s) => s.name === containerName));
  if (mark !== undefined) marks.push(mark);
  return marks;
}

/** `{name, imageDigest}` per container, the image as written (registries-skipping-tag-resolving: there is no registry). */
function imageStatuses(containers: readonly { name?: string | undefined; image?: string | undefined }[] | undefined): ContainerStatus[] {
  return (containers ?? []).map((c) => ({ name: c.name ?? '', imageDigest: c.image ?? '' }));
}

/**
 * The Deployment's own verdict (serving `PropagateDeploymentStatus`, `TransformDeploymentStatus`):
 * past its progress deadline → ProgressDeadlineExceeded; and, only once the Revision is Active
 * (Knative skips it while activation is required), a ReplicaFailure → unavailable, else available.
 */
function deploymentMarks(revision: Revision, deployment: V1Deployment | undefined): HealthMark[] {
  if (hasDeploymentTimedOut(deployment)) return [{ kind: 'ProgressDeadlineExceeded' }];
  if (deployment === undefined || !isActive(revision)) return [];
  const failure = (deployment.status?.conditions ?? []).find((c) => c.type === 'ReplicaFailure' && c.status === 'True');
  if (failure === undefined) return [{ kind: 'ResourcesAvailable' }];
  return [{ kind: 'ResourcesUnavailable', reason: failure.reason ?? '', message: failure.message ?? '' }];
}

/** Whether the Revision's Active condition is True (Knative's `!IsActivationRequired`). */
function isActive(revision: Revision): boolean {
  return (revision.status?.conditions ?? []).some((c) => c.type === 'Active' && c.status === 'True');
}

/** What the Revision's status should say, from its Deployment, pods and PodAutoscaler. */
export function revisionHealth(input: RevisionHealthInput): RevisionHealth {
  const marks = deploymentMarks(input.revision, input.deployment);
  const pod = input.pods[0];
  if (wantsButHasNone(input.deployment) && pod !== undefined) marks.push(...podMarks(pod, servingContainer(input.revision).name ?? ''));
  return {
    marks,
    containerStatuses: imageStatuses(input.revision.spec?.containers),
    initContainerStatuses: imageStatuses(input.revision.spec?.initContainers),
    pa: input.pa?.status,
  };
}

/** `status` with one mark applied. */
function applyMark(status: RevisionStatus, mark: HealthMark, now: Date): RevisionStatus {
  switch (mark.kind) {
    case 'ResourcesAvailable':
      return RevisionLifecycle.markResourcesAvailableTrue(status, now);
    case 'ProgressDeadlineExceeded':
      return RevisionLifecycle.markProgressDeadlineExceeded(status, now);
    case 'ResourcesUnavailable':
      return RevisionLifecycle.markResourcesAvailableFalse(status, mark.reason, mark.message, now);
    case 'ContainerExited':
      return RevisionLifecycle.markContainerExiting(status, mark.exitCode, mark.message, now);
  }
}

/** `status` with the health applied: container statuses, the marks, then the PodAutoscaler's status. */
export function applyRevisionHealth(status: RevisionStatus, health: RevisionHealth, now: Date): RevisionStatus {
  let next: RevisionStatus = { ...status, containerStatuses: health.containerStatuses };
  if (health.initContainerStatuses.length > 0) next.initContainerStatuses = health.initContainerStatuses;
  else delete next.initContainerStatuses;
  for (const mark of health.marks) next = applyMark(next, mark, now);
  return RevisionLifecycle.propagatePodAutoscalerStatus(next, health.pa, now);
}
