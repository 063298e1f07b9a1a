// The kubelet's record of one container of a pod and the pure decisions over it: what its
// status looks like (state / lastState as the API reports them) and what to do next (start it,
// wait out the crash-loop back-off, or nothing), init containers first, one at a time.
import type { V1Container } from '@kubernetes/client-node';
import { backoffRemainingMs, shouldRestart, type BackoffEntry, type ContainerState, type ContainerStateTerminated, type ContainerStateWaiting, type ContainerStatusView } from '@ebb/workloads';
import type { RunningContainer } from './runtime/runtime.js';

/** Something to stop when the container ends (its probe workers). */
export interface Stoppable {
  stop(): void;
}

/** One container of a pod, as the kubelet tracks it. */
export interface ContainerSlot {
  readonly name: string;
  readonly init: boolean;
  readonly spec: V1Container;
  restartCount: number;
  /** The run in progress. */
  running?: { readonly container: RunningContainer; readonly startedAt: string };
  /** How the latest run ended (until the container is started again). */
  exit?: ContainerStateTerminated;
  /** How the run before ended (`lastState` while running). */
  lastTerminated?: ContainerStateTerminated;
  /** Why it is not running, when there is a reason to tell (back-off, a start error). */
  waiting?: ContainerStateWaiting;
  backoff?: BackoffEntry;
  /** After a start error: when to try again. */
  retryAtMs?: number;
  startFailures: number;
  imageID: string;
  containerID?: string;
  ready: boolean;
  started: boolean;
  /** The kubelet is stopping this run (liveness failure, deletion): its end is expected. */
  killing: boolean;
  probes: Stoppable[];
}

/** A fresh slot for a container of the pod spec. */
export function newSlot(spec: V1Container, init: boolean): ContainerSlot {
  return { name: spec.name, init, spec, restartCount: 0, startFailures: 0, imageID: '', ready: false, started: false, killing: false, probes: [] };
}

function stateOf(slot: ContainerSlot, defaultWaiting: string): { state: ContainerState; lastState: ContainerState } {
  const last: ContainerState = slot.lastTerminated === undefined ? {} : { terminated: slot.lastTerminated };
  if (slot.running !== undefined) return { state: { running: { startedAt: slot.running.startedAt } }, lastState: last };
  if (slot.exit !== undefined && slot.waiting !== undefined) return { state: { waiting: slot.waiting }, lastState: { terminated: slot.exit } };
  if (slot.exit !== undefined) return { state: { terminated: slot.exit }, lastState: last };
  return { state: { waiting: slot.waiting ?? { reason: defaultWaiting } }, lastState: last };
}

/** The slot as `containerStatuses[]` reports it (`defaultWaiting`: ContainerCreating or PodInitializing). */
export function slotStatus(slot: ContainerSlot, defaultWaiting: string): ContainerStatusView {
  const running = slot.running !== undefined;
  return {
    name: slot.name,
    ...stateOf(slot, defaultWaiting),
    ready: running && slot.ready,
    started: running && slot.started,
    restartCount: slot.restartCount,
    image: slot.spec.image ?? '',
    imageID: slot.imageID,
    ...(slot.containerID === undefined ? {} : { containerID: slot.containerID }),
  };
}

/** What to do with a container now. */
export type SlotAction = { readonly kind: 'start'; readonly slot: ContainerSlot } | { readonly kind: 'wait'; readonly slot: ContainerSlot; readonly delayMs: number };

function succeeded(slot: ContainerSlot): boolean {
  return slot.running === undefined && slot.exit?.exitCode === 0;
}

function restartable(slot: ContainerSlot, restartPolicy: string | undefined, exitCode: number): boolean {
  if (slot.init) return restartPolicy !== 'Never' && exitCode !== 0;
  return shouldRestart(restartPolicy, exitCode);
}

function startOrWait(slot: ContainerSlot, remainingMs: number): SlotAction {
  return remainingMs > 0 ? { kind: 'wait', slot, delayMs: remainingMs } : { kind: 'start', slot };
}

/** The next step for one container, or undefined when there is nothing to do. */
export function slotAction(slot: ContainerSlot, restartPolicy: string | undefined, nowMs: number): SlotAction | undefined {
  if (slot.running !== undefined) return undefined;
  if (slot.retryAtMs !== undefined) return startOrWait(slot, slot.retryAtMs - nowMs);
  if (slot.exit === undefined) return { kind: 'start', slot };
  if (!restartable(slot, restartPolicy, slot.exit.exitCode)) return undefined;
  return startOrWait(slot, backoffRemainingMs(slot.backoff, Date.parse(slot.exit.finishedAt), nowMs));
}

/** The pod's next steps: the first unfinished init container alone, then every app container. */
export function planContainers(init: readonly ContainerSlot[], app: readonly ContainerSlot[], restartPolicy: string | undefined, nowMs: number): SlotAction[] {
  const pendingInit = init.find((slot) => !succeeded(slot));
  if (pendingInit !== undefined) {
    const action = slotAction(pendingInit, restartPolicy, nowMs);
    return action === undefined ? [] : [action];
  }
  return app.map((slot) => slotAction(slot, restartPolicy, nowMs)).filter((action): action is SlotAction => action !== undefined);
}

/** Whether every init container has completed. */
export function initialized(init: readonly ContainerSlot[]): boolean {
  return init.every(succeeded);
}
