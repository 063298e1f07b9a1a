// Picking up a pod that an earlier run of the local cluster was running (after a restart or a
// kill -9): its containers' statuses as the API still shows them become the kubelet's records,
// so restart counts continue and a container that was running counts as ended ("Unknown", 255,
// as Kubernetes reports containers lost with their node) and is started again by the restart
// policy; one that had finished stays finished.
import type { V1ContainerStateTerminated, V1ContainerStatus } from '@kubernetes/client-node';
import { rfc3339Seconds } from '@ebb/apimachinery';
import type { ContainerStateTerminated } from '@ebb/workloads';
import type { ContainerSlot } from './container-slot.js';

/** An API timestamp (string, or Date when a client deserialised it) as RFC 3339 text. */
export function timeText(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (value instanceof Date && !Number.isNaN(value.getTime())) return rfc3339Seconds(value);
  return undefined;
}

function terminatedFrom(state: V1ContainerStateTerminated | undefined, now: Date): ContainerStateTerminated | undefined {
  if (state === undefined) return undefined;
  const startedAt = timeText(state.startedAt);
  return {
    exitCode: state.exitCode,
    ...(state.signal === undefined ? {} : { signal: state.signal }),
    reason: state.reason ?? (state.exitCode === 0 ? 'Completed' : 'Error'),
    ...(state.message === undefined ? {} : { message: state.message }),
    ...(startedAt === undefined ? {} : { startedAt }),
    finishedAt: timeText(state.finishedAt) ?? rfc3339Seconds(now),
    ...(state.containerID === undefined ? {} : { containerID: state.containerID }),
  };
}

/** The end of a run that was in progress when the local cluster stopped. */
function lostRun(status: V1ContainerStatus, now: Date): ContainerStateTerminated {
  const startedAt = timeText(status.state?.running?.startedAt);
  return {
    exitCode: 255,
    reason: 'Unknown',
    message: 'The container was running when the local cluster stopped',
    ...(startedAt === undefined ? {} : { startedAt }),
    finishedAt: rfc3339Seconds(now),
    ...(status.containerID === undefined ? {} : { containerID: status.containerID }),
  };
}

/** Fills a fresh slot from the container's status as the API shows it. */
export function seedSlot(slot: ContainerSlot, status: V1ContainerStatus | undefined, now: Date): void {
  if (status === undefined) return;
  slot.restartCount = status.restartCount;
  slot.imageID = status.imageID;
  if (status.containerID !== undefined && status.containerID !== '') slot.containerID = status.containerID;
  const last = terminatedFrom(status.lastState?.terminated, now);
  if (status.state?.running !== undefined) {
    slot.exit = lostRun(status, now);
    slot.lastTerminated = last;
  } else if (status.state?.terminated !== undefined) {
    slot.exit = terminatedFrom(status.state.terminated, now);
    slot.lastTerminated = last;
  } else {
    slot.exit = last;
  }
}
