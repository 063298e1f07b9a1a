// Readers of the pod and ReplicaSet fields the ReplicaSet controller decides on: phase, readiness
// and its time, ownership, restart counts, deletion cost. Objects come from informers as JSON
// or as client-node models (timestamps as strings or Dates), so every reader accepts both.
import { isPlainObject, listOf, recordOf, stringOf, type KubeObject } from '@ebb/apimachinery';
import { timeMs } from '../time.js';

/** The annotation that orders pods for scale-down (lower cost goes first). */
export const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

/** A pod as the status readers need it: plain JSON or a client-node model. */
export interface PodWithStatus {
  readonly metadata?: unknown;
  readonly status?: unknown;
}

/** `status.phase` of a pod (`''` when unset). */
export function podPhase(pod: PodWithStatus): string {
  return stringOf(recordOf(pod.status).phase);
}

/** The pod's condition of `type`, if any. */
export function podCondition(pod: PodWithStatus, type: string): Record<string, unknown> | undefined {
  return listOf(recordOf(pod.status).conditions).find((c): c is Record<string, unknown> => isPlainObject(c) && c.type === type);
}

/** podutil.IsPodReady: the Ready condition is True. */
export function isPodReady(pod: PodWithStatus): boolean {
  return podCondition(pod, 'Ready')?.status === 'True';
}

/** When a ready pod became ready (Ready's lastTransitionTime), in epoch ms; undefined if not ready or unknown. */
export function podReadySince(pod: PodWithStatus): number | undefined {
  const ready = podCondition(pod, 'Ready');
  return ready?.status === 'True' ? timeMs(ready.lastTransitionTime) : undefined;
}

/** podutil.IsPodAvailable: ready, and for longer than `minReadySeconds` at `now`. */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, now: Date): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds <= 0) return true;
  const since = podReadySince(pod);
  return since !== undefined && since + minReadySeconds * 1000 < now.getTime();
}

/** controller.IsPodActive: not Succeeded/Failed and not being deleted. */
export function isPodActive(pod: KubeObject): boolean {
  const phase = podPhase(pod);
  return phase !== 'Succeeded' && phase !== 'Failed' && pod.metadata.deletionTimestamp == null;
}



/** `spec.nodeName` (`''` when unscheduled). */
export function podNodeName(pod: KubeObject): string {
  return stringOf(recordOf(pod.spec).nodeName);
}

function maxRestarts(statuses: unknown): number {
  return listOf(statuses).reduce<number>((max, s) => Math.max(max, typeof recordOf(s).restartCount === 'number' ? (recordOf(s).restartCount as number) : 0), 0);
}

/** The highest restart count of the pod's containers, then of its init (sidecar) containers. */
export function podRestarts(pod: KubeObject): { regular: number; init: number } {
  const status = recordOf(pod.status);
  return { regular: maxRestarts(status.containerStatuses), init: maxRestarts(status.initContainerStatuses) };
}

/** The pod-deletion-cost annotation as an integer (0 when absent or invalid, as Kubernetes reads it). */
export function podDeletionCost(pod: KubeObject): number {
  const text = pod.metadata.annotations?.[POD_DELETION_COST_ANNOTATION];
  if (text === undefined || !/^[+-]?\d+$/.test(text)) return 0;
  const cost = Number(text);
  return Number.isSafeInteger(cost) && Math.abs(cost) <= 2_147_483_647 ? cost : 0;
}

/** The ReplicaSet's desired replicas (`spec.replicas`, default 1). */
export function desiredReplicas(rs: KubeObject): number {
  const replicas = recordOf(rs.spec).replicas;
  return typeof replicas === 'number' ? replicas : 1;
}

/** The ReplicaSet's `spec.minReadySeconds` (0 when unset). */
export function minReadySecondsOf(rs: KubeObject): number {
  const value = recordOf(rs.spec).minReadySeconds;
  return typeof value === 'number' ? value : 0;
}

