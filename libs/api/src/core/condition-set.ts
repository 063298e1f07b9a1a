/**
 * Knative's condition-set mechanics (knative/pkg `apis/condition_set.go`, API.md §6): a happy
 * condition (Ready) derived from dependent conditions, conditions kept sorted by type, and
 * `lastTransitionTime` moved only when a condition really changes. Every function is pure: it
 * takes `now` and returns a new status object (or the very same one when nothing changed).
 */
import { type Condition, ConditionSeverity, ConditionStatus } from './condition.js';

/** The happy condition of long-running resources. */
export const CONDITION_READY = 'Ready';
/** The happy condition of run-to-completion resources. */
export const CONDITION_SUCCEEDED = 'Succeeded';

/** The status fields the condition mechanics work on (a subset of the duck `Status`). */
export interface ConditionsStatus {
  /** The generation last processed by the controller. */
  observedGeneration?: number | undefined;
  /** The conditions, kept sorted by type. */
  conditions?: Condition[] | undefined;
}

/** A point in time: a Date, or an RFC 3339 string used verbatim. */
export type Instant = Date | string;

/** What to mark: a condition type with an optional reason and message. */
export interface ConditionMark {
  /** The condition type, e.g. `ContainerHealthy`. */
  readonly type: string;
  /** CamelCase reason, e.g. `Deploying`. */
  readonly reason?: string | undefined;
  /** Human readable message. */
  readonly message?: string | undefined;
}

/** A condition's content as Knative compares it (everything but lastTransitionTime). */
interface ConditionContent {
  readonly type: string;
  readonly status: ConditionStatus;
  readonly severity?: ConditionSeverity | undefined;
  readonly reason?: string | undefined;
  readonly message?: string | undefined;
}

/** Thrown when asked to clear a terminal (happy or dependent) condition, which Knative does not allow. */
export class TerminalConditionError extends Error {
  override readonly name = 'TerminalConditionError';
  /** Made for the condition type that was to be cleared. */
  constructor(readonly conditionType: string) {
    super('Clearing terminal conditions not implemented');
  }
}

/** `now` as a Kubernetes timestamp: RFC 3339 in UTC at second precision (`metav1.Time`). */
export function timestamp(now: Instant): string {
  return typeof now === 'string' ? now : now.toISOString().replace(/\.\d+Z$/, 'Z');
}

/** A timestamp in epoch milliseconds; a missing or bad one counts as the oldest (Go's zero time). */
function timeOf(c: Condition): number {
  const t = Date.parse(c.lastTransitionTime ?? '');
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
}

/** The fields Knative compares when deciding whether a condition changed. */
const CONTENT_KEYS = ['type', 'status', 'severity', 'reason', 'message'] as const;

/** Whether two conditions have the same content (ignoring lastTransitionTime; '' equals absent). */
export function sameCondition(a: ConditionContent, b: ConditionContent): boolean {
  return CONTENT_KEYS.every((k) => (a[k] ?? '') === (b[k] ?? ''));
}

/** A condition as Knative serialises it: empty severity, reason and message omitted. */
function build(c: ConditionContent, lastTransitionTime: string | undefined): Condition {
  const out: Condition = { type: c.type, status: c.status };
  if ((c.severity ?? '') !== '') out.severity = c.severity;
  if (lastTransitionTime !== undefined) out.lastTransitionTime = lastTransitionTime;
  if ((c.reason ?? '') !== '') out.reason = c.reason;
  if ((c.message ?? '') !== '') out.message = c.message;
  return out;
}

/** Sorts conditions by type, as knative/pkg keeps them (for kubectl). */
function byType(a: Condition, b: Condition): number {
  return a.type < b.type ? -1 : a.type > b.type ? 1 : 0;
}

/** The condition of `type`, if present. */
export function getCondition(status: ConditionsStatus, type: string): Condition | undefined {
  return status.conditions?.find((c) => c.type === type);
}

/**
 * `status` with `cond` set (knative/pkg `SetCondition`): an existing condition of that type is
 * replaced; `lastTransitionTime` becomes `now` only if status, severity, reason or message changed,
 * otherwise `status` itself is returned. Conditions stay sorted by type.
 */
export function setCondition<S extends ConditionsStatus>(status: S, cond: ConditionContent, now: Instant): S {
  const old = getCondition(status, cond.type);
  if (old !== undefined && sameCondition(old, cond)) return status;
  const others = (status.conditions ?? []).filter((c) => c.type !== cond.type);
  const conditions = [...others, build(cond, timestamp(now))].sort(byType);
  return { ...status, conditions };
}

/**
 * Keeps the previous `lastTransitionTime` of every condition whose content is unchanged since
 * `previous` and stamps all others with `now` (knative/pkg `groomConditionsTransitionTime`), so a
 * reconcile that flips a condition and flips it back leaves no trace.
 */
export function groomTransitionTimes<S extends ConditionsStatus>(status: S, previous: ConditionsStatus, now: Instant): S {
  const conditions = (status.conditions ?? []).map((c) => {
    const old = getCondition(previous, c.type);
    return build(c, old !== undefined && sameCondition(old, c) ? old.lastTransitionTime : timestamp(now));
  });
  return status.conditions === undefined ? status : { ...status, conditions };
}

/** Whether the condition of `type` has `value`. */
function hasStatus(status: ConditionsStatus, type: string, value: ConditionStatus): boolean {
  return getCondition(status, type)?.status === value;
}

/**
 * A set of condition types: the happy one (`Ready`) and the dependents it is derived from
 * (knative/pkg `apis.ConditionSet`). Other condition types are allowed but get severity Info and do
 * not affect the happy condition (e.g. Revision `Active`).
 */
export class ConditionSet {
  /** The dependents, without duplicates and without the happy type. */
  readonly dependents: readonly string[];

  /** A set with happy condition `happy` derived from `dependents`. */
  constructor(
    readonly happy: string,
    dependents: readonly string[],
  ) {
    this.dependents = Object.freeze([...new Set(dependents)].filter((d) => d !== happy));
    Object.freeze(this);
  }

  /** Whether `type` is the happy condition or one of its dependents. */
  isTerminal(type: string): boolean {
    return type === this.happy || this.dependents.includes(type);
  }

  /** The severity Knative gives a condition of `type`: Error ('') for terminal ones, Info otherwise. */
  severity(type: string): ConditionSeverity {
    return this.isTerminal(type) ? ConditionSeverity.Error : ConditionSeverity.Info;
  }

  /** The happy condition, if present. */
  getTopLevelCondition(status: ConditionsStatus): Condition | undefined {
    return getCondition(status, this.happy);
  }

  /** Whether the happy condition is True (ignores observedGeneration; see {@link ConditionSet.isReady}). */
  isHappy(status: ConditionsStatus): boolean {
    return hasStatus(status, this.happy, ConditionStatus.True);
  }

  /** `observedGeneration == generation && Ready == True` (the clients' `IsReady`). */
  isReady(status: ConditionsStatus, generation: number): boolean {
    return status.observedGeneration === generation && this.isHappy(status);
  }

  /** `observedGeneration == generation && Ready == False` (the clients' `IsFailed`). */
  isFailed(status: ConditionsStatus, generation: number): boolean {
    return status.observedGeneration === generation && hasStatus(status, this.happy, ConditionStatus.False);
  }

  /** `status` with the missing happy condition and dependents set Unknown (True if the happy one is True). */
  initializeConditions<S extends ConditionsStatus>(status: S, now: Instant): S {
    let next = status;
    if (this.getTopLevelCondition(next) === undefined) {
      next = setCondition(next, { type: this.happy, status: ConditionStatus.Unknown }, now);
    }
    const initial = this.isHappy(next) ? ConditionStatus.True : ConditionStatus.Unknown;
    for (const type of this.dependents) {
      if (getCondition(next, type) === undefined) next = setCondition(next, { type, status: initial }, now);
    }
    return next;
  }

  /** `status` without the non-terminal condition of `type`; throws {@link TerminalConditionError} for terminal ones. */
  clearCondition<S extends ConditionsStatus>(status: S, type: string): S {
    if (this.isTerminal(type)) throw new TerminalConditionError(type);
    if (getCondition(status, type) === undefined) return status;
    return { ...status, conditions: (status.conditions ?? []).filter((c) => c.type !== type) };
  }

  /** A condition of this set with Knative's severity for its type. */
  private content(mark: ConditionMark, value: ConditionStatus): ConditionContent {
    return { type: mark.type, status: value, severity: this.severity(mark.type), reason: mark.reason, message: mark.message };
  }

  /** `status` with `mark.type` True; the happy condition becomes True when all dependents are, else mirrors the unhappy one. */
  markTrue<S extends ConditionsStatus>(status: S, mark: ConditionMark, now: Instant): S {
    return this.markHappy(setCondition(status, this.content(mark, ConditionStatus.True), now), mark.type, now);
  }

  /** `status` with `mark.type` False; a dependent takes the happy condition False with it (same reason/message). */
  markFalse<S extends ConditionsStatus>(status: S, mark: ConditionMark, now: Instant): S {
    const next = setCondition(status, this.content(mark, ConditionStatus.False), now);
    if (!this.dependents.includes(mark.type)) return next;
    return setCondition(next, this.content({ ...mark, type: this.happy }, ConditionStatus.False), now);
  }

  /**
   * `status` with `mark.type` Unknown. If any dependent is False, the happy condition is (kept) False —
   * when it was not, it becomes False with this mark's reason/message (as knative/pkg does);
   * otherwise, if `mark.type` is a dependent, the happy condition becomes Unknown with this reason/message.
   */
  markUnknown<S extends ConditionsStatus>(status: S, mark: ConditionMark, now: Instant): S {
    const next = setCondition(status, this.content(mark, ConditionStatus.Unknown), now);
    if (this.dependents.some((d) => hasStatus(next, d, ConditionStatus.False))) {
      if (hasStatus(next, this.happy, ConditionStatus.False)) return next;
      return this.markFalse(next, { ...mark, type: this.happy }, now);
    }
    if (!this.dependents.includes(mark.type)) return next;
    return setCondition(next, this.content({ ...mark, type: this.happy }, ConditionStatus.Unknown), now);
  }

  /** After `type` turned True: the happy condition mirrors the unhappy dependent, or turns True (knative/pkg `markHappy`). */
  private markHappy<S extends ConditionsStatus>(status: S, type: string, now: Instant): S {
    const unhappy = this.findUnhappyDependent(status);
    if (unhappy !== undefined) {
      const mirrored: ConditionMark = { type: this.happy, reason: unhappy.reason, message: unhappy.message };
      return setCondition(status, this.content(mirrored, unhappy.status), now);
    }
    if (type === this.happy) return status;
    return setCondition(status, this.content({ type: this.happy }, ConditionStatus.True), now);
  }

  /**
   * The dependent that keeps the happy condition from True: among Error-severity non-happy conditions,
   * the most recently transitioned False one, else the most recent Unknown one, else a bare Unknown when
   * some dependent is missing; undefined when all are True (or there are no dependents).
   */
  findUnhappyDependent(status: ConditionsStatus): Pick<Condition, 'status' | 'reason' | 'message'> | undefined {
    if (this.dependents.length === 0) return undefined;
    const terminal = (status.conditions ?? [])
      .filter((c) => (c.severity ?? '') === ConditionSeverity.Error && c.type !== this.happy)
      .sort((a, b) => timeOf(b) - timeOf(a));
    const found = terminal.find((c) => c.status === ConditionStatus.False) ?? terminal.find((c) => c.status === ConditionStatus.Unknown);
    if (found !== undefined) return found;
    return this.dependents.length !== terminal.length ? { status: ConditionStatus.Unknown } : undefined;
  }
}

/** A set with happy condition `Ready` derived from `dependents` (knative/pkg `NewLivingConditionSet`). */
export function livingConditionSet(...dependents: string[]): ConditionSet {
  return new ConditionSet(CONDITION_READY, dependents);
}

/** A set with happy condition `Succeeded` derived from `dependents` (knative/pkg `NewBatchConditionSet`). */
export function batchConditionSet(...dependents: string[]): ConditionSet {
  return new ConditionSet(CONDITION_SUCCEEDED, dependents);
}

/** The reason a reconcile start puts on the happy condition when a new generation is observed. */
export const REASON_NEW_OBSERVED_GEN_FAILURE = 'NewObservedGenFailure';
/** The message that goes with {@link REASON_NEW_OBSERVED_GEN_FAILURE}. */
export const MESSAGE_NEW_OBSERVED_GEN_FAILURE = 'unsuccessfully observed a new generation';

/**
 * Before reconciling (knative/pkg `PreProcessReconcile`): initialize the conditions and, if
 * `observedGeneration != generation`, mark the happy condition Unknown `NewObservedGenFailure`.
 */
export function preProcessReconcile<S extends ConditionsStatus>(set: ConditionSet, status: S, generation: number, now: Instant): S {
  const next = set.initializeConditions(status, now);
  if (next.observedGeneration === generation) return next;
  return set.markUnknown(next, { type: set.happy, reason: REASON_NEW_OBSERVED_GEN_FAILURE, message: MESSAGE_NEW_OBSERVED_GEN_FAILURE }, now);
}

/** What {@link postProcessReconcile} needs besides the reconciled status. */
export interface PostProcessInput {
  /** The status as it was read before reconciling. */
  readonly previous: ConditionsStatus;
  /** The object's `metadata.generation`. */
  readonly generation: number;
  /** The time of this reconcile. */
  readonly now: Instant;
}

/**
 * After reconciling (knative/pkg `PostProcessReconcile`): `observedGeneration = generation` whatever the
 * outcome, and transition times groomed against the status read before reconciling.
 */
export function postProcessReconcile<S extends ConditionsStatus>(status: S, input: PostProcessInput): S {
  const groomed = groomTransitionTimes(status, input.previous, input.now);
  return { ...groomed, observedGeneration: input.generation };
}
