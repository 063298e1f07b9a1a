// The pure core of the activator's own probing of not-ready pods (AUTOSCALING.md §6.3): per
// revision, the endpoints its slices list as not ready, each one unknown, being probed, waiting
// to retry, or healthy (its probe passed: it takes traffic before Kubernetes marks it ready).
// Events come in (the slices' not-ready endpoints, a probe started, a probe finished); selectors
// say which endpoints to probe now, when to wake up next and which are healthy. No clock, no I/O:
// `now` and the retry time are passed in; probe ids are the caller's.
import { endpointKey, type Endpoint } from '@ebb/dataplane';

/** What is known of one not-ready endpoint. */
export interface ProbeEntry {
  readonly endpoint: Endpoint;
  /** Its probe passed; it stays healthy until the slice drops it, marks it ready or terminating. */
  readonly healthy: boolean;
  /** The id of the probe in flight, 0 when none. */
  readonly inFlight: number;
  /** Earliest time of its next probe (after a failure), on the caller's clock; 0: at once. */
  readonly retryAt: number;
}

/** The not-ready endpoints of one revision by `address:port`. */
export type ProbeState = ReadonlyMap<string, ProbeEntry>;

/** No endpoint to probe. */
export const EMPTY_PROBE_STATE: ProbeState = new Map();

/** The kinds of {@link ProbeEvent}. */
export const ProbeEventType = { endpoints: 'endpoints', started: 'started', finished: 'finished' } as const;
/** One of {@link ProbeEventType}. */
export type ProbeEventType = (typeof ProbeEventType)[keyof typeof ProbeEventType];

/** Something that happened to a revision's probing. */
export type ProbeEvent =
  /** The slices now list these not-ready (not terminating) endpoints: others are forgotten, new ones are unknown. */
  | { readonly type: typeof ProbeEventType.endpoints; readonly notReady: readonly Endpoint[] }
  /** A probe with id `id` (> 0) went to the endpoint `key`. */
  | { readonly type: typeof ProbeEventType.started; readonly key: string; readonly id: number }
  /** The probe `id` of `key` ended; a failure retries no sooner than `retryAt`. */
  | { readonly type: typeof ProbeEventType.finished; readonly key: string; readonly id: number; readonly ok: boolean; readonly retryAt: number };

/** Keeps what is known of endpoints still listed (with the slice's latest endpoint), adds new ones as unknown, drops the rest. */
function withEndpoints(state: ProbeState, notReady: readonly Endpoint[]): ProbeState {
  const next = new Map<string, ProbeEntry>();
  for (const endpoint of notReady) {
    const key = endpointKey(endpoint);
    const known = state.get(key);
    next.set(key, known === undefined ? { endpoint, healthy: false, inFlight: 0, retryAt: 0 } : { ...known, endpoint });
  }
  return next;
}

/** A copy of `state` with the entry of `key` replaced. */
function withEntry(state: ProbeState, key: string, entry: ProbeEntry): ProbeState {
  const next = new Map(state);
  next.set(key, entry);
  return next;
}

/** Marks a probe in flight; ignored for an unknown, healthy or already probing endpoint. */
function started(state: ProbeState, key: string, id: number): ProbeState {
  const entry = state.get(key);
  if (entry === undefined || entry.healthy || entry.inFlight !== 0) return state;
  return withEntry(state, key, { ...entry, inFlight: id });
}

/** Applies a probe result; a result of another probe than the one in flight (the endpoint left and came back) is ignored. */
function finished(state: ProbeState, event: Extract<ProbeEvent, { type: 'finished' }>): ProbeState {
  const entry = state.get(event.key);
  if (entry === undefined || entry.inFlight !== event.id) return state;
  const next: ProbeEntry = event.ok ? { ...entry, healthy: true, inFlight: 0, retryAt: 0 } : { ...entry, inFlight: 0, retryAt: event.retryAt };
  return withEntry(state, event.key, next);
}

/** The state after `event`. */
export function reduceProbes(state: ProbeState, event: ProbeEvent): ProbeState {
  switch (event.type) {
    case ProbeEventType.endpoints:
      return withEndpoints(state, event.notReady);
    case ProbeEventType.started:
      return started(state, event.key, event.id);
    case ProbeEventType.finished:
      return finished(state, event);
  }
}

/** Whether an entry waits for a probe (neither healthy nor probing). */
function unsettled(entry: ProbeEntry): boolean {
  return !entry.healthy && entry.inFlight === 0;
}

/** The endpoints to probe at `now`: not healthy, no probe in flight, retry time reached. */
export function probesDue(state: ProbeState, now: number): Endpoint[] {
  return [...state.values()].filter((e) => unsettled(e) && e.retryAt <= now).map((e) => e.endpoint);
}

/** The earliest retry time of an endpoint waiting to be probed again, undefined when none waits. */
export function nextRetryAt(state: ProbeState): number | undefined {
  let next: number | undefined;
  for (const entry of state.values()) {
    if (unsettled(entry) && (next === undefined || entry.retryAt < next)) next = entry.retryAt;
  }
  return next;
}

/** The endpoints whose probe passed, in the state's order (the slices' sorted order). */
export function healthyEndpoints(state: ProbeState): Endpoint[] {
  return [...state.values()].filter((e) => e.healthy).map((e) => e.endpoint);
}

/** What says whether a revision wants its not-ready pods probed. */
export interface DemandInput {
  /** Requests waiting in its throttler. */
  readonly waiting: number;
  /** When its last request arrived (-Infinity: never). */
  readonly lastRequestAt: number;
  readonly now: number;
  /** How long after a request its pods are still probed. */
  readonly windowMs: number;
}

/** Probe only for revisions with requests waiting or a request within the window — never every pod of the cluster. */
export function hasDemand(input: DemandInput): boolean {
  return input.waiting > 0 || input.now - input.lastRequestAt <= input.windowMs;
}
