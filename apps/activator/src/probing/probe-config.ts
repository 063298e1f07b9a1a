// The settings of the activator's probing of not-ready pods: how often a failed probe is retried
// (EBB_ACTIVATOR_PROBE_INTERVAL_MS), how long one may take, and how long after a request a
// revision's pods are still probed. The envalid spec is here so the app config can take it in.
import { positiveInteger } from '@ebb/observability';
import type { ValidatorSpec } from 'envalid';

/** Injection token of the {@link ProbeSettings} (optional: {@link DEFAULT_PROBE_SETTINGS} without it). */
export const PROBE_SETTINGS = Symbol('ebb.activator.probe-settings');

/** How the activator probes not-ready pods. */
export interface ProbeSettings {
  /** Wait after a failed probe before the next one of the same endpoint. */
  readonly intervalMs: number;
  /** A probe with no answer by then fails. */
  readonly timeoutMs: number;
  /** A revision's pods are probed while requests wait and for this long after its last request. */
  readonly demandWindowMs: number;
}

/** Knative's 300 ms probe timeout; a 10 ms retry: a refused connect costs next to nothing, and the retry interval is, on average, half of it added to a cold start. */
export const DEFAULT_PROBE_SETTINGS: ProbeSettings = { intervalMs: 10, timeoutMs: 300, demandWindowMs: 5000 };

/** The envalid spec of the probe interval; `desc` is the README's description. */
export function probeEnvSpecs(): { readonly EBB_ACTIVATOR_PROBE_INTERVAL_MS: ValidatorSpec<number> } {
  return {
    EBB_ACTIVATOR_PROBE_INTERVAL_MS: positiveInteger({
      default: DEFAULT_PROBE_SETTINGS.intervalMs,
      desc: 'Milliseconds between probes of a starting (not yet ready) pod of a revision with requests; the pod takes traffic once a probe passes.',
    }),
  };
}

/** The probe settings from the parsed probe variables. */
export function toProbeSettings(env: { readonly EBB_ACTIVATOR_PROBE_INTERVAL_MS: number }): ProbeSettings {
  return { ...DEFAULT_PROBE_SETTINGS, intervalMs: env.EBB_ACTIVATOR_PROBE_INTERVAL_MS };
}
