// Waiting for a Service (or any object with a Ready condition) as kn's `pkg/wait` does: events
// before `status.observedGeneration` catches up with `metadata.generation` are ignored; Ready
// True ends the wait; Ready False starts the --wait-window and fails with `<reason>: <message>`
// if it does not recover; messages of an Unknown Ready condition are progress. `waitStep` is
// the pure state machine; `waitForReady` feeds it from a list + watch and a clock tick.
import { collectionPath, listCollection, watchCollection, type ResourceType, type KubeObjectLike } from '@ebb/kube';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Condition } from '@ebb/api';

/** The parts of an object the wait reads. */
export interface Waitable {
  readonly metadata?: { readonly generation?: number };
  readonly status?: { readonly observedGeneration?: number; readonly conditions?: readonly Condition[] };
}

/** The wait so far. */
export interface WaitState {
  readonly deadline: number;
  readonly windowMs: number;
  /** The latest object seen (null: gone / not there). */
  readonly object?: Waitable | null;
  /** When Ready turned False (ms), while it stays False. */
  readonly falseSince?: number;
  /** The last progress message printed. */
  readonly lastMessage?: string;
}

/** What happened: a new version of the object (null when deleted / absent), or time passing. */
export type WaitInput = { readonly object: Waitable | null } | { readonly tick: true };

/** The end of a wait. */
export type WaitOutcome = { readonly ready: true } | { readonly ready: false; readonly timedOut: boolean; readonly error: string };

/** One step: the next state, a progress message to print, and the outcome once there is one. */
export interface WaitStepResult {
  readonly state: WaitState;
  readonly progress?: string;
  readonly outcome?: WaitOutcome;
}

/** The state at the start of a wait of `timeoutMs`, failing `windowMs` after Ready turns False. */
export function initialWaitState(nowMs: number, timeoutMs: number, windowMs: number): WaitState {
  return { deadline: nowMs + timeoutMs, windowMs };
}

function readyOf(object: Waitable): Condition | undefined {
  return object.status?.conditions?.find((c) => c.type === 'Ready');
}

function caughtUp(object: Waitable): boolean {
  return object.status?.observedGeneration !== undefined && object.status.observedGeneration === (object.metadata?.generation ?? 0);
}

/** Advances the wait by one input at `nowMs`. */
export function waitStep(previous: WaitState, input: WaitInput, nowMs: number): WaitStepResult {
  const state: WaitState = 'object' in input ? { ...previous, object: input.object } : previous;
  const object = state.object;
  const ready = object === undefined || object === null || !caughtUp(object) ? undefined : readyOf(object);
  if (ready?.status === 'True') return { state, outcome: { ready: true } };
  if (ready?.status === 'False') return failingStep(state, ready, nowMs);
  return waitingStep(state, ready, nowMs);
}

/** Ready=False: fail once it has lasted the window. */
function failingStep(state: WaitState, ready: Condition, nowMs: number): WaitStepResult {
  const falseSince = state.falseSince ?? nowMs;
  if (nowMs - falseSince >= state.windowMs) return { state: { ...state, falseSince }, outcome: { ready: false, timedOut: false, error: `${ready.reason ?? ''}: ${ready.message ?? ''}` } };
  return timeoutOr({ ...state, falseSince }, nowMs);
}

/** Ready Unknown (or not yet observed): a new message is progress. */
function waitingStep(state: WaitState, ready: Condition | undefined, nowMs: number): WaitStepResult {
  const { falseSince: _dropped, ...waiting } = state;
  const message = ready?.message;
  if (message !== undefined && message !== '' && message !== state.lastMessage) return { ...timeoutOr({ ...waiting, lastMessage: message }, nowMs), progress: message };
  return timeoutOr(waiting, nowMs);
}

function timeoutOr(state: WaitState, nowMs: number): WaitStepResult {
  if (nowMs < state.deadline) return { state };
  return { state, outcome: { ready: false, timedOut: true, error: 'timeout' } };
}

/** What {@link waitForReady} needs. */
export interface WaitOptions {
  readonly timeoutMs: number;
  readonly windowMs: number;
  readonly now: () => Date;
  /** Called with each progress message. */
  readonly onProgress: (message: string) => void;
  /** How often time is re-evaluated without events (default 200 ms). */
  readonly tickMs?: number;
}

/** The object a wait is for. */
export interface WaitTarget {
  readonly kubeConfig: KubeConfig;
  readonly type: ResourceType;
  readonly namespace: string;
  readonly name: string;
}

/** Waits for the named object to become Ready (list, then watch from its resourceVersion; re-listed when the watch ends). */
export async function waitForReady({ kubeConfig, type, namespace, name }: WaitTarget, options: WaitOptions): Promise<WaitOutcome> {
  let state = initialWaitState(options.now().getTime(), options.timeoutMs, options.windowMs);
  let outcome: WaitOutcome | undefined;
  const controller = new AbortController();
  const feed = (input: WaitInput): void => {
    if (outcome !== undefined) return;
    const step = waitStep(state, input, options.now().getTime());
    state = step.state;
    if (step.progress !== undefined) options.onProgress(step.progress);
    if (step.outcome !== undefined) {
      outcome = step.outcome;
      controller.abort();
    }
  };
  const timer = setInterval(() => feed({ tick: true }), options.tickMs ?? 200);
  const query = { path: collectionPath(type, namespace), fieldSelector: `metadata.name=${name}` };
  try {
    while (outcome === undefined) {
      const { items, resourceVersion } = await listCollection<KubeObjectLike>(kubeConfig, query, controller.signal);
      feed({ object: items[0] ?? null });
      if (outcome !== undefined) break;
      const timeoutSeconds = Math.max(1, Math.ceil((state.deadline - options.now().getTime()) / 1000));
      await watchCollection(kubeConfig, { ...query, resourceVersion, timeoutSeconds, signal: controller.signal }, (event) => feed({ object: event.type === 'DELETED' ? null : event.object })).catch((error: unknown) => {
        if (!controller.signal.aborted) throw error;
      });
    }
  } catch (error) {
    if (outcome === undefined) throw error;
  } finally {
    clearInterval(timer);
  }
  return outcome;
}
