// A ReplicaSet's status (replica_set_utils.go calculateStatus): replicas, fullyLabeledReplicas,
// readyReplicas, availableReplicas (Ready for longer than minReadySeconds at `now`),
// observedGeneration, and a ReplicaFailure condition while creating or deleting pods fails. Also
// when to look again so pods that become available after minReadySeconds are counted.
import { isPlainObject, listOf, recordOf, rfc3339Seconds, type KubeObject } from '@ebb/apimachinery';
import { timeMs } from '../time.js';
import { desiredReplicas, isPodAvailable, isPodReady, minReadySecondsOf, podReadySince } from './pod-fields.js';

/** The ReplicaSet status the controller writes (zero counters omitted, as Go's omitempty does). */
export interface ReplicaSetStatus {
  replicas: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: Record<string, unknown>[];
}

/** What {@link calculateReplicaSetStatus} needs. */
export interface StatusInput {
  readonly rs: KubeObject;
  /** The claimed active pods. */
  readonly pods: readonly KubeObject[];
  /** The error of this sync's pod creations/deletions, if any. */
  readonly manageError?: string;
  readonly now: Date;
}

const FAILURE = 'ReplicaFailure';

function templateLabelsMatch(rs: KubeObject, pod: KubeObject): boolean {
  const wanted = recordOf(recordOf(recordOf(recordOf(rs.spec).template).metadata).labels);
  const labels = pod.metadata.labels ?? {};
  return Object.entries(wanted).every(([key, value]) => labels[key] === value);
}

function conditionsOf(rs: KubeObject): Record<string, unknown>[] {
  return listOf(recordOf(rs.status).conditions).filter(isPlainObject);
}

function withFailure(input: StatusInput): Record<string, unknown>[] {
  const { rs, pods, manageError, now } = input;
  const conditions = conditionsOf(rs);
  const failure = conditions.find((c) => c.type === FAILURE);
  if (manageError !== undefined && failure === undefined) {
    const diff = pods.length - desiredReplicas(rs);
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    return [...conditions, { type: FAILURE, status: 'True', lastTransitionTime: rfc3339Seconds(now), reason, message: manageError }];
  }
  if (manageError === undefined && failure !== undefined) return conditions.filter((c) => c !== failure);
  return conditions;
}

function positive(name: keyof ReplicaSetStatus, value: number | undefined): Partial<ReplicaSetStatus> {
  return value === undefined || value === 0 ? {} : { [name]: value };
}

/** The status of `rs` for its claimed active pods at `now`. */
export function calculateReplicaSetStatus(input: StatusInput): ReplicaSetStatus {
  const { rs, pods, now } = input;
  const minReady = minReadySecondsOf(rs);
  const fullyLabeled = pods.filter((pod) => templateLabelsMatch(rs, pod)).length;
  const ready = pods.filter(isPodReady);
  const available = ready.filter((pod) => isPodAvailable(pod, minReady, now)).length;
  const conditions = withFailure(input);
  return {
    replicas: pods.length,
    ...positive('fullyLabeledReplicas', fullyLabeled),
    ...positive('readyReplicas', ready.length),
    ...positive('availableReplicas', available),
    ...positive('observedGeneration', rs.metadata.generation),
    ...(conditions.length === 0 ? {} : { conditions }),
  };
}

function comparableCondition(condition: Record<string, unknown>): string {
  return JSON.stringify([condition.type, condition.status, condition.reason, condition.message, timeMs(condition.lastTransitionTime)]);
}

/** Whether `status` differs from the ReplicaSet's current status (times compared as instants). */
export function replicaSetStatusChanged(rs: KubeObject, status: ReplicaSetStatus): boolean {
  const current = recordOf(rs.status);
  const counters = ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration'] as const;
  if (counters.some((name) => (typeof current[name] === 'number' ? current[name] : 0) !== (status[name] ?? 0))) return true;
  const before = conditionsOf(rs).map(comparableCondition);
  const after = (status.conditions ?? []).map(comparableCondition);
  return JSON.stringify(before) !== JSON.stringify(after);
}

/** Milliseconds until a ready pod becomes available (minReadySeconds), or undefined when none will. */
export function nextAvailabilityCheckMs(rs: KubeObject, pods: readonly KubeObject[], now: Date): number | undefined {
  const minReady = minReadySecondsOf(rs);
  if (minReady <= 0) return undefined;
  const waits = pods
    .filter((pod) => isPodReady(pod) && !isPodAvailable(pod, minReady, now))
    .map((pod) => podReadySince(pod))
    .filter((since): since is number => since !== undefined)
    .map((since) => since + minReady * 1000 + 1 - now.getTime());
  return waits.length === 0 ? undefined : Math.max(1, Math.min(...waits));
}
