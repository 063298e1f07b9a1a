// Gradual rollout (serving `pkg/reconciler/route/traffic/rollout.go`, API.md §8): traffic that
// floats on a Configuration's latest revision moves to a new latest revision in steps over the
// rollout duration instead of at once. The state of every rollout lives in the Ingress
// annotation `networking.internal.knative.dev/rollout`; each reconcile reads it back, steps it
// and writes it again. Pure.
//
// - A new latest revision starts at 1 %, taken from the newest previous revision with traffic.
// - Once the Ingress serving that first step is Ready, the steps are fixed: minStep =
//   max(1, ceil(now − start)) s, d = max(1, duration − minStep), numSteps = max(1, d / minStep)
//   capped at percent − 1, stepSize = round((percent − 1) / numSteps), stepDuration = d / numSteps.
// - Each step moves stepSize from the oldest revisions to the newest, capped at the
//   configuration's percent; then the rollout is over and only the newest stays.
// - Rollouts stack: a newer revision during a rollout starts its own 1 % from the newest one.
// - A percent changed during a rollout: an increase goes to the newest revision, a decrease is
//   taken from the oldest. A configuration target at exactly 1 % is never rolled.
// Unlike Knative, times are in milliseconds since the epoch (Knative stores nanoseconds).
import type { ResolvedTarget, ResolvedTraffic } from './traffic.js';

/** One revision of a configuration's rollout and its share. */
export interface RevisionRollout {
  readonly revisionName: string;
  readonly percent: number;
}

/** When and how a rollout steps; empty until its Ingress was first Ready. */
export interface RolloutParams {
  readonly startTime?: number;
  readonly nextStepTime?: number;
  readonly stepDuration?: number;
  readonly stepSize?: number;
}

/** The rollout of one configuration under one traffic name (tag, '' for the default). */
export interface ConfigurationRollout {
  readonly configurationName: string;
  readonly tag?: string;
  /** The configuration's share of the traffic name. */
  readonly percent: number;
  /** Oldest first; the last is the configuration's latest ready revision. */
  readonly revisions: readonly RevisionRollout[];
  readonly stepParams: RolloutParams;
}

/** Every configuration rollout of a Route. */
export interface Rollout {
  readonly configurations: readonly ConfigurationRollout[];
}

const keyOf = (c: Pick<ConfigurationRollout, 'configurationName' | 'tag'>): string => `${c.configurationName}\u0000${c.tag ?? ''}`;

/** The rollout the traffic asks for right now (no history): each latest-revision target at its percent. */
export function currentRollout(traffic: ResolvedTraffic): Rollout {
  const configurations: ConfigurationRollout[] = [];
  for (const [name, targets] of traffic.targets) {
    for (const target of targets) {
      if (target.latestRevision !== true || target.configurationName === undefined || target.percent <= 0) continue;
      configurations.push({ configurationName: target.configurationName, ...(name === '' ? {} : { tag: name }), percent: target.percent, revisions: [{ revisionName: target.revisionName, percent: target.percent }], stepParams: {} });
    }
  }
  return { configurations };
}

/** Reads the Ingress annotation; undefined when it is missing or not a rollout. */
export function parseRollout(text: string | undefined): Rollout | undefined {
  if (text === undefined || text === '') return undefined;
  try {
    const parsed = JSON.parse(text) as Partial<Rollout>;
    return Array.isArray(parsed.configurations) ? { configurations: parsed.configurations } : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a configuration rollout still has more than one revision. */
const inProgress = (c: ConfigurationRollout): boolean => c.revisions.length > 1;

/** Whether any rollout is in progress. */
export function rolloutInProgress(rollout: Rollout): boolean {
  return rollout.configurations.some(inProgress);
}

/** The earliest next step of the rollouts in progress (ms), undefined when none is scheduled. */
export function nextStepTime(rollout: Rollout): number | undefined {
  const times = rollout.configurations.filter(inProgress).flatMap((c) => (c.stepParams.nextStepTime === undefined ? [] : [c.stepParams.nextStepTime]));
  return times.length === 0 ? undefined : Math.min(...times);
}

/** Shares summing to `percent`: an increase goes to the newest revision, a decrease comes from the oldest. */
function adjustedTo(revisions: readonly RevisionRollout[], percent: number): RevisionRollout[] {
  const total = revisions.reduce((sum, r) => sum + r.percent, 0);
  const result = revisions.map((r) => ({ ...r }));
  if (percent >= total) {
    const newest = result[result.length - 1] as RevisionRollout & { percent: number };
    newest.percent += percent - total;
    return result;
  }
  let excess = total - percent;
  for (const revision of result) {
    const taken = Math.min(excess, revision.percent);
    (revision as { percent: number }).percent -= taken;
    excess -= taken;
  }
  return result.filter((r) => r.percent > 0);
}

/** A configuration's rollout after the traffic changed to `current` (see the file comment). */
function stepConfiguration(current: ConfigurationRollout, previous: ConfigurationRollout | undefined, now: number): ConfigurationRollout {
  const latest = current.revisions[0] as RevisionRollout;
  if (previous === undefined || current.percent <= 1 || previous.revisions.length === 0) return current;
  const revisions = adjustedTo(previous.revisions, current.percent);
  if (revisions.at(-1)?.revisionName === latest.revisionName) return { ...current, revisions, stepParams: revisions.length > 1 ? previous.stepParams : {} };
  // A new latest revision: the newest one with traffic gives it 1 %.
  const newest = revisions[revisions.length - 1] as RevisionRollout;
  const given = [...revisions.slice(0, -1), { ...newest, percent: newest.percent - 1 }].filter((r) => r.percent > 0);
  return { ...current, revisions: [...given, { revisionName: latest.revisionName, percent: 1 }], stepParams: { startTime: now } };
}

/** One step of an in-progress rollout whose time has come: stepSize from the oldest to the newest. */
function advance(rollout: ConfigurationRollout, now: number): ConfigurationRollout {
  const { nextStepTime: at, stepSize, stepDuration } = rollout.stepParams;
  if (!inProgress(rollout) || at === undefined || stepSize === undefined || stepDuration === undefined || at > now) return rollout;
  const newest = rollout.revisions[rollout.revisions.length - 1] as RevisionRollout;
  const target = Math.min(rollout.percent, newest.percent + stepSize);
  if (target >= rollout.percent) return { ...rollout, revisions: [{ revisionName: newest.revisionName, percent: rollout.percent }], stepParams: {} };
  const older = adjustedTo(rollout.revisions.slice(0, -1), rollout.percent - target);
  return { ...rollout, revisions: [...older, { ...newest, percent: target }], stepParams: { ...rollout.stepParams, nextStepTime: at + stepDuration } };
}

/** The rollout after this reconcile: the traffic now (`current`) applied to `previous`, then any steps that are due. */
export function stepRollout(current: Rollout, previous: Rollout | undefined, now: number): Rollout {
  const before = new Map((previous?.configurations ?? []).map((c) => [keyOf(c), c]));
  return { configurations: current.configurations.map((c) => advance(stepConfiguration(c, before.get(keyOf(c)), now), now)) };
}

/**
 * Fixes the steps of rollouts that have not got them, once the Ingress that carries their first
 * step is Ready: those whose start `served` (the Ready Ingress's rollout) already records.
 */
export function observeReady(rollout: Rollout, served: Rollout | undefined, input: { now: number; durationMs: number }): Rollout {
  const { now, durationMs } = input;
  const startedThen = new Map((served?.configurations ?? []).map((c) => [keyOf(c), c.stepParams.startTime]));
  return {
    configurations: rollout.configurations.map((c) => {
      const { startTime, stepSize } = c.stepParams;
      if (!inProgress(c) || startTime === undefined || stepSize !== undefined || startedThen.get(keyOf(c)) !== startTime) return c;
      const minStepS = Math.max(1, Math.ceil((now - startTime) / 1000));
      const durationS = Math.max(1, durationMs / 1000 - minStepS);
      const toMove = c.percent - (c.revisions.at(-1)?.percent ?? 1);
      const numSteps = Math.min(Math.max(1, Math.floor(durationS / minStepS)), Math.max(1, toMove));
      const stepDuration = Math.round((durationS * 1000) / numSteps);
      return { ...c, stepParams: { startTime, stepSize: Math.max(1, Math.round(toMove / numSteps)), stepDuration, nextStepTime: now + stepDuration } };
    }),
  };
}

/**
 * The traffic as the Ingress and status.traffic carry it during rollouts: each latest-revision
 * target replaced by its rollout's revisions (same tag and latestRevision, each its share).
 */
export function withRollout(traffic: ResolvedTraffic, rollout: Rollout): ResolvedTraffic {
  const byKey = new Map(rollout.configurations.map((c) => [keyOf(c), c]));
  const expand = (name: string, target: ResolvedTarget): ResolvedTarget[] => {
    const found = target.latestRevision === true && target.configurationName !== undefined ? byKey.get(keyOf({ configurationName: target.configurationName, ...(name === '' ? {} : { tag: name }) })) : undefined;
    if (found === undefined || !inProgress(found)) return [target];
    return found.revisions.map((r) => ({ ...target, revisionName: r.revisionName, percent: r.percent }));
  };
  const targets = new Map([...traffic.targets].map(([name, list]) => [name, list.flatMap((t) => expand(name, t))]));
  const flat = traffic.flat.flatMap((t) => expand(t.tag ?? '', t));
  return { ok: true, targets, flat };
}
