// Per-revision request timeouts as Knative's queue-proxy applies them (API.md §10), as data:
// the total `timeoutSeconds` (default 300), `responseStartTimeoutSeconds` and
// `idleTimeoutSeconds` (0 or unset: off), and what a deadline does — 504 `request timeout` when
// nothing was written to the client yet, else the body is cut where it is.

/** The default of a Revision's `timeoutSeconds` (config-defaults `revision-timeout-seconds`). */
export const DEFAULT_REVISION_TIMEOUT_SECONDS = 300;
/** The body of a 504 sent at a deadline. */
export const REQUEST_TIMEOUT_BODY = 'request timeout';

/** The timeouts of one request in milliseconds; 0 turns one off. */
export interface RequestTimeouts {
  /** From the request's start to the end of the response. */
  readonly totalMs: number;
  /** From the request's start to the first byte of the response. */
  readonly responseStartMs: number;
  /** Longest stretch without a byte written to the client. */
  readonly idleMs: number;
}

/** The Revision spec fields that set the timeouts. */
export interface RevisionTimeoutFields {
  readonly timeoutSeconds?: number | null;
  readonly responseStartTimeoutSeconds?: number | null;
  readonly idleTimeoutSeconds?: number | null;
}

/** Which deadline passed. */
export const TimeoutKind = { total: 'total', responseStart: 'responseStart', idle: 'idle' } as const;
/** One of {@link TimeoutKind}. */
export type TimeoutKind = (typeof TimeoutKind)[keyof typeof TimeoutKind];

/** What a passed deadline does to the client's response. */
export const DeadlineAction = { respond504: 'respond-504', cut: 'cut' } as const;
/** One of {@link DeadlineAction}. */
export type DeadlineAction = (typeof DeadlineAction)[keyof typeof DeadlineAction];

function positiveSeconds(value: number | null | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/** The timeouts of a Revision's spec: a missing or zero `timeoutSeconds` is the default; the others are off when 0 or unset. */
export function revisionTimeouts(spec: RevisionTimeoutFields | undefined, defaultTimeoutSeconds = DEFAULT_REVISION_TIMEOUT_SECONDS): RequestTimeouts {
  const total = positiveSeconds(spec?.timeoutSeconds) || defaultTimeoutSeconds;
  return {
    totalMs: total * 1000,
    responseStartMs: positiveSeconds(spec?.responseStartTimeoutSeconds) * 1000,
    idleMs: positiveSeconds(spec?.idleTimeoutSeconds) * 1000,
  };
}

/** A deadline's effect: 504 while nothing went to the client, else the body is cut. */
export function deadlineAction(responseStarted: boolean): DeadlineAction {
  return responseStarted ? DeadlineAction.cut : DeadlineAction.respond504;
}
