// Revision garbage collection (serving `pkg/reconciler/gc/gc.go`, API.md §9.2): which of a
// Configuration's Revisions to delete under config-gc, each with why, and when to look again
// (the earliest moment a kept Revision turns stale). Active Revisions are never collected: the
// Configuration's latest ready one, those annotated `serving.knative.dev/no-gc: "true"`, and every
// one whose routingState is not `reserve` (routed, pending or unlabelled). Of the rest, oldest
// last-active first (routingStateModified, else creation), stale ones go while more than
// min-non-active-revisions remain; then, beyond max-non-active-revisions, the oldest go whatever
// their age. Pure.
import { RoutingState, ServingAnnotations, ServingLabels, type StringMap } from '@ebb/api';
import { GC_DISABLED, type GcConfig, type GcLimit } from '@ebb/config';

/** What collection reads of a Revision. */
export interface GcRevision {
  readonly name: string;
  /** RFC 3339. */
  readonly creationTimestamp: string;
  readonly labels?: StringMap;
  readonly annotations?: StringMap;
}

/** A Revision to delete and why. */
export interface Collected {
  readonly name: string;
  readonly reason: string;
}

/** The outcome for one Configuration. */
export interface Collection {
  readonly delete: readonly Collected[];
  /** When a kept non-active Revision turns stale (ms since the epoch); undefined when none will by age alone. */
  readonly nextCheckAt?: number;
}

/** What {@link collect} decides from. */
export interface CollectInput {
  /** The Configuration's `status.latestReadyRevisionName`. */
  readonly latestReadyRevisionName?: string;
  /** Its Revisions (those labelled `serving.knative.dev/configuration=<name>`). */
  readonly revisions: readonly GcRevision[];
  readonly config: GcConfig;
  readonly now: Date;
}

const enabled = (limit: GcLimit): limit is number => limit !== GC_DISABLED;

/** Whether a Revision counts as active (never collected). */
function isActive(revision: GcRevision, latestReady: string | undefined): boolean {
  if (revision.name === latestReady) return true;
  if ((revision.annotations?.[ServingAnnotations.NoGC] ?? '').toLowerCase() === 'true') return true;
  return revision.labels?.[ServingLabels.RoutingState] !== RoutingState.Reserve;
}

/** When a Revision was last active: its routingStateModified, else its creation (ms). */
export function lastActiveMs(revision: GcRevision): number {
  const modified = Date.parse(revision.annotations?.[ServingAnnotations.RoutingStateModified] ?? '');
  return Number.isNaN(modified) ? Date.parse(revision.creationTimestamp) : modified;
}

/**
 * When a Revision turns stale (ms): once it is older than retain-since-create-time and has been
 * inactive longer than retain-since-last-active-time, each where enabled; undefined (never, by
 * age) when both are disabled.
 */
function staleFromMs(revision: GcRevision, config: GcConfig): number | undefined {
  const { retainSinceCreateTime: create, retainSinceLastActiveTime: lastActive } = config;
  if (!enabled(create) && !enabled(lastActive)) return undefined;
  const byCreation = enabled(create) ? Date.parse(revision.creationTimestamp) + create : Number.NEGATIVE_INFINITY;
  const byActivity = enabled(lastActive) ? lastActiveMs(revision) + lastActive : Number.NEGATIVE_INFINITY;
  return Math.max(byCreation, byActivity);
}

const seconds = (ms: number): string => `${Math.max(0, Math.round(ms / 1000))}s`;

function staleReason(revision: GcRevision, config: GcConfig, nowMs: number): string {
  const parts: string[] = [];
  if (enabled(config.retainSinceCreateTime)) parts.push(`created ${seconds(nowMs - Date.parse(revision.creationTimestamp))} ago (retain-since-create-time ${seconds(config.retainSinceCreateTime)})`);
  if (enabled(config.retainSinceLastActiveTime)) parts.push(`last active ${seconds(nowMs - lastActiveMs(revision))} ago (retain-since-last-active-time ${seconds(config.retainSinceLastActiveTime)})`);
  return `stale: ${parts.join(', ')}`;
}

/** The Revisions of one Configuration to collect now (see the file comment). */
export function collect(input: CollectInput): Collection {
  const { config, revisions } = input;
  const min = config.minNonActiveRevisions;
  if (!enabled(config.maxNonActiveRevisions) && !enabled(config.retainSinceCreateTime) && !enabled(config.retainSinceLastActiveTime)) return { delete: [] };
  if (revisions.length <= min) return { delete: [] };
  const nonActive = revisions.filter((revision) => !isActive(revision, input.latestReadyRevisionName)).sort((a, b) => lastActiveMs(a) - lastActiveMs(b) || a.name.localeCompare(b.name));
  if (nonActive.length <= min) return { delete: [] };
  const stale = stalePass(nonActive, config, input.now.getTime());
  if (stale.reachedMin) return { delete: stale.deleted };
  const overMax = maxPass(stale.kept, config.maxNonActiveRevisions);
  return { delete: [...stale.deleted, ...overMax.deleted], ...nextCheck(overMax.kept, config, min) };
}

/** Oldest first, the stale Revisions while more than min remain (reachedMin: it stopped there). */
function stalePass(nonActive: readonly GcRevision[], config: GcConfig, nowMs: number): { deleted: Collected[]; kept: GcRevision[]; reachedMin: boolean } {
  const deleted: Collected[] = [];
  const kept: GcRevision[] = [];
  let remaining = nonActive.length;
  for (const revision of nonActive) {
    if (remaining <= config.minNonActiveRevisions) return { deleted, kept, reachedMin: true };
    const staleAt = staleFromMs(revision, config);
    if (staleAt !== undefined && staleAt <= nowMs) {
      deleted.push({ name: revision.name, reason: staleReason(revision, config, nowMs) });
      remaining -= 1;
    } else kept.push(revision);
  }
  return { deleted, kept, reachedMin: false };
}

/** Beyond max, the oldest of what the stale pass kept. */
function maxPass(kept: readonly GcRevision[], max: GcLimit): { deleted: Collected[]; kept: readonly GcRevision[] } {
  if (!enabled(max) || kept.length <= max) return { deleted: [], kept };
  const over = kept.length - max;
  return { deleted: kept.slice(0, over).map((revision) => ({ name: revision.name, reason: `more than max-non-active-revisions (${max}) non-active revisions` })), kept: kept.slice(over) };
}

/** The earliest moment a kept Revision turns stale, when one can still go (more kept than min). */
function nextCheck(kept: readonly GcRevision[], config: GcConfig, min: number): { nextCheckAt?: number } {
  if (kept.length <= min) return {};
  const times = kept.map((revision) => staleFromMs(revision, config)).filter((at): at is number => at !== undefined);
  return times.length === 0 ? {} : { nextCheckAt: Math.min(...times) };
}
