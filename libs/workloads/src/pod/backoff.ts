// The kubelet's container restart rules as plain functions: whether a container that ended is
// restarted under the pod's restartPolicy, and the crash-loop back-off of client-go's
// flowcontrol.Backoff as the kubelet uses it (10 s doubling to 300 s; an entry not updated for
// twice the cap, i.e. 10 min, starts over). The first restart after a crash is immediate; the
// next ones wait (CrashLoopBackOff) until `delay` has passed since the container finished.

/** The first back-off delay. */
export const BACKOFF_INITIAL_MS = 10_000;
/** The back-off cap. */
export const BACKOFF_MAX_MS = 300_000;

/** One container's back-off: the current delay and when it was last updated (a restart). */
export interface BackoffEntry {
  readonly delayMs: number;
  readonly lastUpdateMs: number;
}

/** A pod as the back-off messages name it. */
export interface BackoffPodRef {
  readonly name: string;
  readonly namespace: string;
  readonly uid: string;
}

function expired(entry: BackoffEntry, eventMs: number): boolean {
  return eventMs - entry.lastUpdateMs > 2 * BACKOFF_MAX_MS;
}

/** How long a container that finished at `finishedAtMs` must still wait before its restart (0: restart now). */
export function backoffRemainingMs(entry: BackoffEntry | undefined, finishedAtMs: number, nowMs: number): number {
  if (entry === undefined || expired(entry, finishedAtMs)) return 0;
  return Math.max(0, entry.delayMs - (nowMs - finishedAtMs));
}

/** The entry after restarting a container that finished at `finishedAtMs`. */
export function nextBackoff(entry: BackoffEntry | undefined, finishedAtMs: number): BackoffEntry {
  if (entry === undefined || expired(entry, finishedAtMs)) return { delayMs: BACKOFF_INITIAL_MS, lastUpdateMs: finishedAtMs };
  return { delayMs: Math.min(entry.delayMs * 2, BACKOFF_MAX_MS), lastUpdateMs: finishedAtMs };
}

/** Whether a container that exited with `exitCode` is started again under `restartPolicy` (default Always). */
export function shouldRestart(restartPolicy: string | undefined, exitCode: number): boolean {
  if (restartPolicy === 'Never') return false;
  if (restartPolicy === 'OnFailure') return exitCode !== 0;
  return true;
}

/** A duration as Go's `time.Duration.String` prints whole seconds: `10s`, `1m20s`, `5m0s`, `1h0m0s`. */
export function goDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (hours > 0) return `${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${minutes}m${seconds}s`;
  return `${seconds}s`;
}

/** `<pod>_<ns>(<uid>)`, the kubelet's name for a pod in messages. */
export function podFullName(pod: BackoffPodRef): string {
  return `${pod.name}_${pod.namespace}(${pod.uid})`;
}

/** The CrashLoopBackOff waiting message. */
export function backoffMessage(delayMs: number, container: string, pod: BackoffPodRef): string {
  return `back-off ${goDuration(delayMs)} restarting failed container=${container} pod=${podFullName(pod)}`;
}

/** The message of the `BackOff` Warning event. */
export function backoffEventMessage(container: string, pod: BackoffPodRef): string {
  return `Back-off restarting failed container ${container} in pod ${podFullName(pod)}`;
}
