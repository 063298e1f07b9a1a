// A pod's status as the kubelet reports it, built from what the kubelet knows about its
// containers (SEMANTICS.md §10; pkg/kubelet/kubelet_pods.go getPhase and
// pkg/kubelet/status/generate.go): the phase, the conditions with Kubernetes' reasons and
// messages, and the IPs. Pure: the kubelet passes the container statuses, the previous status
// (so that lastTransitionTime moves only on a real change) and `now`.
import { rfc3339Seconds } from '@ebb/apimachinery';

export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface ContainerStateWaiting {
  readonly reason: string;
  readonly message?: string;
}
export interface ContainerStateRunning {
  readonly startedAt: string;
}
export interface ContainerStateTerminated {
  readonly exitCode: number;
  readonly signal?: number;
  readonly reason: string;
  readonly message?: string;
  readonly startedAt?: string;
  readonly finishedAt: string;
  readonly containerID?: string;
}
/** One of waiting, running, terminated (or none: `{}` for an empty lastState). */
export interface ContainerState {
  readonly waiting?: ContainerStateWaiting;
  readonly running?: ContainerStateRunning;
  readonly terminated?: ContainerStateTerminated;
}

/** `status.containerStatuses[]` / `initContainerStatuses[]`. */
export interface ContainerStatusView {
  readonly name: string;
  readonly state: ContainerState;
  readonly lastState: ContainerState;
  readonly ready: boolean;
  readonly started: boolean;
  readonly restartCount: number;
  readonly image: string;
  readonly imageID: string;
  readonly containerID?: string;
}

export interface PodConditionView {
  readonly type: string;
  readonly status: ConditionStatus;
  readonly lastProbeTime: null;
  readonly lastTransitionTime: string;
  readonly reason?: string;
  readonly message?: string;
}

/** The status the kubelet writes. */
export interface PodStatusView {
  readonly phase: string;
  readonly conditions: PodConditionView[];
  readonly hostIP: string;
  readonly hostIPs: { ip: string }[];
  readonly podIP?: string;
  readonly podIPs?: { ip: string }[];
  readonly startTime?: string;
  readonly initContainerStatuses?: ContainerStatusView[];
  readonly containerStatuses: ContainerStatusView[];
  readonly qosClass?: string;
}

/** What the previous status contributes (read from the pod; fields may be missing). */
export interface PreviousPodStatus {
  readonly phase?: string;
  readonly qosClass?: string;
  readonly conditions?: readonly { readonly type?: string; readonly status?: string; readonly lastTransitionTime?: unknown }[];
}

export interface PodStatusInput {
  readonly restartPolicy?: string;
  readonly initContainers: readonly ContainerStatusView[];
  readonly containers: readonly ContainerStatusView[];
  /** The pod's IP and volumes are in place (PodReadyToStartContainers). */
  readonly sandboxReady: boolean;
  readonly hostIP: string;
  readonly podIP?: string;
  readonly startTime?: string;
  readonly previous?: PreviousPodStatus;
  readonly now: Date;
}

const TERMINAL = new Set(['Succeeded', 'Failed']);

function initPhase(restartPolicy: string | undefined, init: readonly ContainerStatusView[]): string | undefined {
  const failed = init.some((c) => (c.state.terminated?.exitCode ?? 0) !== 0 || (c.state.waiting !== undefined && (c.lastState.terminated?.exitCode ?? 0) !== 0));
  if (failed && restartPolicy === 'Never') return 'Failed';
  return init.every((c) => c.state.terminated?.exitCode === 0) ? undefined : 'Pending';
}

interface Counts {
  running: number;
  waiting: number;
  stopped: number;
  succeeded: number;
}

function countStates(containers: readonly ContainerStatusView[]): Counts {
  const counts: Counts = { running: 0, waiting: 0, stopped: 0, succeeded: 0 };
  for (const c of containers) {
    if (c.state.running !== undefined) counts.running++;
    else if (c.state.terminated !== undefined) {
      counts.stopped++;
      if (c.state.terminated.exitCode === 0) counts.succeeded++;
    } else if (c.lastState.terminated !== undefined) counts.stopped++;
    else counts.waiting++;
  }
  return counts;
}

function stoppedPhase(restartPolicy: string | undefined, counts: Counts): string {
  if (restartPolicy === undefined || restartPolicy === 'Always') return 'Running';
  if (counts.stopped === counts.succeeded) return 'Succeeded';
  return restartPolicy === 'Never' ? 'Failed' : 'Running';
}

/** The pod phase (kubelet getPhase): Pending until initialised and every container started, then Running, Succeeded or Failed. */
export function podPhase(restartPolicy: string | undefined, init: readonly ContainerStatusView[], containers: readonly ContainerStatusView[]): string {
  const fromInit = initPhase(restartPolicy, init);
  if (fromInit !== undefined) return fromInit;
  const counts = countStates(containers);
  if (counts.waiting > 0) return 'Pending';
  if (counts.running > 0) return 'Running';
  return counts.stopped > 0 ? stoppedPhase(restartPolicy, counts) : 'Pending';
}

function names(containers: readonly ContainerStatusView[]): string {
  return `[${containers.map((c) => c.name).join(' ')}]`;
}

interface ConditionValue {
  readonly status: ConditionStatus;
  readonly reason?: string;
  readonly message?: string;
}

function readiness(phase: string, incompleteInit: readonly ContainerStatusView[], containers: readonly ContainerStatusView[]): ConditionValue {
  if (phase === 'Succeeded') return { status: 'False', reason: 'PodCompleted' };
  if (incompleteInit.length > 0) return { status: 'False', reason: 'ContainersNotInitialized', message: `containers with incomplete status: ${names(incompleteInit)}` };
  const unready = containers.filter((c) => !c.ready);
  if (unready.length > 0) return { status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: ${names(unready)}` };
  return { status: 'True' };
}

function initialized(phase: string, incompleteInit: readonly ContainerStatusView[]): ConditionValue {
  if (incompleteInit.length === 0) return phase === 'Succeeded' ? { status: 'True', reason: 'PodCompleted' } : { status: 'True' };
  return { status: 'False', reason: 'ContainersNotInitialized', message: `containers with incomplete status: ${names(incompleteInit)}` };
}

function transitionTime(previous: PreviousPodStatus | undefined, type: string, status: ConditionStatus, now: Date): string {
  const old = previous?.conditions?.find((c) => c.type === type);
  if (old?.status === status && typeof old.lastTransitionTime === 'string') return old.lastTransitionTime;
  if (old?.status === status && old.lastTransitionTime instanceof Date) return rfc3339Seconds(old.lastTransitionTime);
  return rfc3339Seconds(now);
}

/** The pod's conditions in the kubelet's order, lastTransitionTime kept while a status stays. */
export function podConditions(input: PodStatusInput, phase: string): PodConditionView[] {
  const incompleteInit = input.initContainers.filter((c) => c.state.terminated?.exitCode !== 0);
  const ready = readiness(phase, incompleteInit, input.containers);
  const values: [string, ConditionValue][] = [
    ['PodReadyToStartContainers', { status: input.sandboxReady ? 'True' : 'False' }],
    ['Initialized', initialized(phase, incompleteInit)],
    ['Ready', ready],
    ['ContainersReady', ready],
    ['PodScheduled', { status: 'True' }],
  ];
  return values.map(([type, value]) => ({ type, ...value, lastProbeTime: null, lastTransitionTime: transitionTime(input.previous, type, value.status, input.now) }));
}

/** The pod status the kubelet writes (a terminal phase stays terminal). */
export function buildPodStatus(input: PodStatusInput): PodStatusView {
  const computed = podPhase(input.restartPolicy, input.initContainers, input.containers);
  const phase = input.previous?.phase !== undefined && TERMINAL.has(input.previous.phase) ? input.previous.phase : computed;
  return {
    phase,
    conditions: podConditions(input, phase),
    hostIP: input.hostIP,
    hostIPs: [{ ip: input.hostIP }],
    ...(input.podIP === undefined ? {} : { podIP: input.podIP, podIPs: [{ ip: input.podIP }] }),
    ...(input.startTime === undefined ? {} : { startTime: input.startTime }),
    ...(input.initContainers.length === 0 ? {} : { initContainerStatuses: [...input.initContainers] }),
    containerStatuses: [...input.containers],
    ...(input.previous?.qosClass === undefined ? {} : { qosClass: input.previous.qosClass }),
  };
}
