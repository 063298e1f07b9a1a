/**
 * The data shapes of the KPA (AUTOSCALING.md §4): the decider spec, its state between ticks, one
 * tick's inputs and recommendation, and the reconciler's scale/active inputs. Plain data only, so
 * the controller can log, persist or compare them.
 */

/** The bucket averaging algorithms (§4.4). */
export type AggregationAlgorithm = 'linear' | 'weighted-exponential';

/** The KPA metrics (§3 `metric`). */
export type ScalingMetric = 'concurrency' | 'rps';

/** Everything one revision's decisions depend on (Knative DeciderSpec + the scaler's knobs). */
export interface DeciderSpec {
  /** The metric scaled on. */
  readonly metric: ScalingMetric;
  /** §4.1 target per pod = max(0.01, total × utilisation). */
  readonly targetValue: number;
  /** §4.1 total per pod (feeds EBC and the activator count). */
  readonly totalValue: number;
  /** -1 (activator always in path), 0 (never) or > 0. */
  readonly targetBurstCapacity: number;
  /** Requests one activator takes (config `activator-capacity`). */
  readonly activatorCapacity: number;
  /** Panic threshold as a fraction: 200 % → 2. */
  readonly panicThreshold: number;
  /** Stable window in ms (whole seconds). */
  readonly stableWindowMs: number;
  /** §4.2 panic window in ms: stable × pct / 100 rounded to the second, at least 1 s. */
  readonly panicWindowMs: number;
  /** Scale-down delay in ms (0 = none). */
  readonly scaleDownDelayMs: number;
  /** Max scale-up factor per tick. */
  readonly maxScaleUpRate: number;
  /** Max scale-down factor per tick. */
  readonly maxScaleDownRate: number;
  /** Replicas on creation (annotation else config). */
  readonly initialScale: number;
  /** Minimum non-zero scale; 1 when unset. */
  readonly activationScale: number;
  /** PA spec.reachability !== 'Unreachable'. */
  readonly reachable: boolean;
  /** The bucket averaging algorithm. */
  readonly algorithm: AggregationAlgorithm;
}

/** One slot of the scale-down-delay sliding max window: `slot` = floor(unix seconds / 2). */
export interface DelaySlot {
  readonly slot: number;
  readonly value: number;
}

/** Decider state between ticks (panic, high-water mark, scale-down-delay window). Plain data, JSON-serialisable. */
export interface DeciderState {
  /** When panic was last entered or extended (epoch ms); absent = not panicking. */
  readonly panicSinceMs?: number;
  /** The panic high-water mark. */
  readonly maxPanicPods: number;
  /** The scale-down-delay window, oldest first. */
  readonly delayWindow: readonly DelaySlot[];
}

/** What one tick sees: the time, ready pods and the stable/panic window averages (revision totals). */
export interface TickInputs {
  readonly nowMs: number;
  readonly readyPods: number;
  readonly stable: number;
  readonly panic: number;
}

/** One tick's decision. */
export interface Recommendation {
  /** Desired pods (before the reconciler's bounds). */
  readonly desiredScale: number;
  /** Excess burst capacity (§4.5 step 11); -1 when TBC = -1. */
  readonly excessBurstCapacity: number;
  /** Whether the decider is panicking after this tick. */
  readonly panic: boolean;
  /** Pods the stable window wants (after rates and activation scale). */
  readonly desiredStable: number;
  /** Pods the panic window wants (after rates and activation scale). */
  readonly desiredPanic: number;
  /** The ready pods the tick saw. */
  readonly readyPods: number;
  /** One short sentence for people, with the numbers. */
  readonly reason: string;
}

/** The SKS modes (§4.7). */
export type ServingMode = 'Serve' | 'Proxy';

/** A condition status. */
export type ConditionState = 'True' | 'False' | 'Unknown';

/** §4.6: what the reconciler's bounds + scale-to-zero gates look at. */
export interface ScaleInputs {
  readonly nowMs: number;
  /** The decision; -1 = none yet. */
  readonly desired: number;
  /** From @ebb/api scaleBounds (min already 0 when Unreachable). */
  readonly bounds: { readonly min: number; readonly max: number; readonly initial: number };
  readonly reachable: boolean;
  readonly targetInitialized: boolean;
  /** Active condition + its lastTransitionTime (epoch ms). */
  readonly active: { readonly status: ConditionState; readonly sinceMs: number };
  readonly enableScaleToZero: boolean;
  readonly stableWindowMs: number;
  readonly gracePeriodMs: number;
  /** Annotation else config; treated as 0 when unreachable. */
  readonly retentionMs: number;
  /** How long the revision has been in Proxy mode (undefined = not in proxy). */
  readonly proxyForMs: number | undefined;
  /** Stands in for Knative's activator probe: false → don't apply 0, requeue 1 s. */
  readonly activatorReady: boolean;
  /** Progress deadline + 30 s. */
  readonly activationTimeoutMs: number;
}

/** What the reconciler does with a decision. */
export interface ScaleOutcome {
  /** What the reconciler treats as desired (-1 none; may be 0 without applying). */
  readonly want: number;
  /** Patch spec.replicas to `want`. */
  readonly apply: boolean;
  readonly requeueAfterMs?: number;
  /** Short sentence, e.g. "idle for 30s in proxy mode: scale to zero". */
  readonly reason: string;
}

/** §4.8 computeActiveCondition inputs. */
export interface ActiveInputs {
  readonly want: number;
  readonly ready: number;
  readonly minScale: number;
  readonly initialScale: number;
  readonly targetInitialized: boolean;
  readonly current: { readonly status: ConditionState; readonly reason?: string };
}

/** The reasons {@link ActiveInputs} can lead to. */
export type ActiveReason = 'NoTraffic' | 'TimedOut' | 'Queued';

/** The Active condition to set. */
export interface ActiveOutcome {
  readonly status: ConditionState;
  readonly reason?: ActiveReason;
  readonly message?: string;
  /** True when Knative leaves the condition as it is (then `status` is the current one). */
  readonly unchanged?: boolean;
}
