// A probe's result after its thresholds, as the kubelet's prober worker (pkg/kubelet/prober/
// worker.go) decides it: a result only changes after `successThreshold` successes or
// `failureThreshold` failures in a row. Pure: the kubelet runs the probes and feeds the outcomes in.
import type { V1Probe } from '@kubernetes/client-node';

/** Which probe: they differ in their initial result and in what a failure means. */
export type ProbeKind = 'startup' | 'readiness' | 'liveness';

/** A probe's current result. */
export type ProbeResult = 'unknown' | 'success' | 'failure';

/** The outcome of one probe attempt. */
export type ProbeOutcome = 'success' | 'failure';

/** A probe's timing fields with Kubernetes' defaults applied. */
export interface ProbeTimings {
  readonly initialDelaySeconds: number;
  readonly timeoutSeconds: number;
  readonly periodSeconds: number;
  readonly successThreshold: number;
  readonly failureThreshold: number;
}

/** pkg/apis/core/v1/defaults.go `SetDefaults_Probe`. */
export const PROBE_DEFAULTS: ProbeTimings = { initialDelaySeconds: 0, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 };

/** The probe's timings: a missing (or non-positive) field takes its default; initialDelaySeconds may be 0. */
export function probeTimings(probe: Pick<V1Probe, keyof ProbeTimings>): ProbeTimings {
  const positive = (value: number | undefined, fallback: number): number => (value !== undefined && value > 0 ? value : fallback);
  return {
    initialDelaySeconds: Math.max(probe.initialDelaySeconds ?? 0, 0),
    timeoutSeconds: positive(probe.timeoutSeconds, PROBE_DEFAULTS.timeoutSeconds),
    periodSeconds: positive(probe.periodSeconds, PROBE_DEFAULTS.periodSeconds),
    successThreshold: positive(probe.successThreshold, PROBE_DEFAULTS.successThreshold),
    failureThreshold: positive(probe.failureThreshold, PROBE_DEFAULTS.failureThreshold),
  };
}

/** A probe worker's memory. */
export interface ProbeState {
  readonly result: ProbeResult;
  /** The outcome of the last attempt and how many attempts in a row had it. */
  readonly lastOutcome?: ProbeOutcome;
  readonly run: number;
  /**
   * No more probing for this container: a startup probe that succeeded, or a liveness/startup
   * probe that failed (the container is restarted and gets a new worker).
   */
  readonly done: boolean;
}

/** The result before any attempt: readiness `failure`, liveness `success`, startup `unknown`. */
export function initialProbeState(kind: ProbeKind): ProbeState {
  const result: ProbeResult = kind === 'readiness' ? 'failure' : kind === 'liveness' ? 'success' : 'unknown';
  return { result, run: 0, done: false };
}

/** The state after one attempt's outcome. */
export function nextProbeState(kind: ProbeKind, state: ProbeState, outcome: ProbeOutcome, timings: Pick<ProbeTimings, 'successThreshold' | 'failureThreshold'>): ProbeState {
  if (state.done) return state;
  const run = state.lastOutcome === outcome ? state.run + 1 : 1;
  const threshold = outcome === 'success' ? timings.successThreshold : timings.failureThreshold;
  if (run < threshold) return { ...state, lastOutcome: outcome, run };
  const restarts = outcome === 'failure' && kind !== 'readiness';
  const started = outcome === 'success' && kind === 'startup';
  return { result: outcome, lastOutcome: outcome, run: restarts ? 0 : run, done: restarts || started };
}
