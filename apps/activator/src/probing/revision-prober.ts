// The edge of the activator's probing for one revision (AUTOSCALING.md §6.3): feeds the pure
// probe state (probe-state.ts) with the slices' not-ready endpoints, the revision's requests and
// probe results, and runs what it says — a probe per due endpoint (one in flight per endpoint,
// through an injectable transport) and one timer for the next retry (an injectable clock). It
// probes only while the revision has demand (requests waiting, or one within the window); an
// endpoint stops being probed once its probe passes or the slice drops it, marks it ready or
// terminating. `onHealthy` runs when an endpoint's probe passes, so its requests can go.
import { endpointKey, type Endpoint } from '@ebb/dataplane';
import type { ProbeSettings } from './probe-config.js';
import { TCP_PROBE, type ProbeSpec } from './probe-spec.js';
import { EMPTY_PROBE_STATE, hasDemand, healthyEndpoints, nextRetryAt, ProbeEventType, probesDue, reduceProbes, type ProbeEvent, type ProbeState } from './probe-state.js';
import type { ProbeTransport } from './probe-transport.js';

/** Time and timers (real ones: performance.now and setTimeout). */
export interface ProbeClock {
  now(): number;
  /** Runs `callback` after `ms`; returns a cancel. */
  schedule(callback: () => void, ms: number): () => void;
}

/** The real clock. */
export const SYSTEM_PROBE_CLOCK: ProbeClock = {
  now: () => performance.now(),
  schedule: (callback, ms) => {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
};

/** What a {@link RevisionProber} needs. */
export interface RevisionProberOptions {
  readonly transport: ProbeTransport;
  readonly clock: ProbeClock;
  readonly settings: ProbeSettings;
  /** Requests waiting in the revision's throttler now. */
  readonly waiting: () => number;
  /** An endpoint's probe passed: the healthy endpoints grew. */
  readonly onHealthy: () => void;
  /** Every probe result (metrics). */
  readonly onResult?: (ok: boolean) => void;
}

/** Probes one revision's not-ready pods while it has demand (see the file comment). */
export class RevisionProber {
  private state: ProbeState = EMPTY_PROBE_STATE;
  private spec: ProbeSpec = TCP_PROBE;
  private lastRequestAt = Number.NEGATIVE_INFINITY;
  private lastId = 0;
  private cancelTimer: (() => void) | undefined;
  /** When the timer fires (clock time). */
  private timerAt = Number.NaN;
  private closed = false;
  private healthyMemo: readonly Endpoint[] | undefined;

  constructor(private readonly options: RevisionProberOptions) {}

  /** The not-ready endpoints whose probe passed, in slice order. */
  get healthy(): readonly Endpoint[] {
    this.healthyMemo ??= healthyEndpoints(this.state);
    return this.healthyMemo;
  }

  /** How to probe (from the Revision); applies to the next probes. */
  setSpec(spec: ProbeSpec): void {
    this.spec = spec;
  }

  /** The slices' not-ready, not-terminating endpoints now; probes new ones at once when there is demand. */
  updateEndpoints(notReady: readonly Endpoint[]): void {
    this.apply({ type: ProbeEventType.endpoints, notReady });
    this.kick();
  }

  /** A request for the revision arrived (hot path: O(1) when no pod is not-ready). */
  noteRequest(): void {
    this.lastRequestAt = this.options.clock.now();
    if (this.state.size > 0) this.kick();
  }

  /** Stops probing for good (the revision is gone); results still in flight are dropped. */
  close(): void {
    this.closed = true;
    this.setTimer(undefined, 0);
  }

  private apply(event: ProbeEvent): void {
    const before = this.state;
    this.state = reduceProbes(this.state, event);
    if (this.state !== before) this.healthyMemo = undefined;
  }

  /** Starts the due probes when there is demand and sets the timer for the next retry. */
  private kick(): void {
    const { clock, settings, waiting } = this.options;
    const now = clock.now();
    if (this.closed || this.state.size === 0 || !hasDemand({ waiting: waiting(), lastRequestAt: this.lastRequestAt, now, windowMs: settings.demandWindowMs })) {
      this.setTimer(undefined, now);
      return;
    }
    for (const endpoint of probesDue(this.state, now)) this.probe(endpoint);
    this.setTimer(nextRetryAt(this.state), now);
  }

  /** Keeps one timer, firing at `at` (none when undefined); an unchanged time keeps the running timer. */
  private setTimer(at: number | undefined, now: number): void {
    if (at === this.timerAt && this.cancelTimer !== undefined) return;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.timerAt = Number.NaN;
    if (at === undefined) return;
    this.timerAt = at;
    this.cancelTimer = this.options.clock.schedule(() => {
      this.cancelTimer = undefined;
      this.timerAt = Number.NaN;
      this.kick();
    }, Math.max(0, at - now));
  }

  private probe(endpoint: Endpoint): void {
    const key = endpointKey(endpoint);
    this.lastId += 1;
    const id = this.lastId;
    this.apply({ type: ProbeEventType.started, key, id });
    void this.options.transport(endpoint, this.spec, this.options.settings.timeoutMs).then(
      (ok) => this.finished(key, id, ok),
      () => this.finished(key, id, false),
    );
  }

  private finished(key: string, id: number, ok: boolean): void {
    if (this.closed) return;
    this.options.onResult?.(ok);
    const healthyBefore = this.healthy.length;
    this.apply({ type: ProbeEventType.finished, key, id, ok, retryAt: this.options.clock.now() + this.options.settings.intervalMs });
    if (this.healthy.length > healthyBefore) this.options.onHealthy();
    else if (!ok) this.kick();
  }
}
