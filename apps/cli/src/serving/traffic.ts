// kn's traffic computation (knative/client `pkg/kn/traffic/compute.go`; KN.md §1 Traffic): the
// Service's spec.traffic after `--untag`, `--tag REF=TAG` and `--traffic REF=PERCENT`, with kn's
// checks and error texts. Pure: the Service, its revisions and the flags in, targets out.
import type { Service, TrafficTarget } from '@ebb/api';
import { CliError } from '../context.js';

/** `@latest`: the latest ready revision (a `latestRevision: true` target). */
export const LATEST_REF = '@latest';

/** The traffic flags of create/update (repeatable, comma-separated lists already split). */
export interface TrafficFlags {
  /** `--traffic REF=PERCENT` (or a bare PERCENT for @latest). */
  readonly traffic?: readonly string[];
  /** `--tag REF=TAG`. */
  readonly tag?: readonly string[];
  /** `--untag TAG`. */
  readonly untag?: readonly string[];
}

/** What the computation needs besides the flags. */
export interface TrafficInput {
  /** The Service as it is (spec.traffic is edited; status.traffic and latestReadyRevisionName are read). */
  readonly service: Service;
  /** Names of the Service's revisions on the cluster. */
  readonly revisions: readonly string[];
  /** True when this update also changes the template, so a new revision will become @latest. */
  readonly mutation: boolean;
  /** True for `create` (tags set the traffic block even without --traffic). */
  readonly create?: boolean;
}

/** Splits `a,b` list entries (kn's StringSlice flags). */
export function splitList(entries: readonly string[] | undefined): string[] {
  return (entries ?? []).flatMap((entry) => entry.split(',')).filter((entry) => entry !== '');
}

/** kn's splitByEqualSign: `REF=VALUE` (a trailing % dropped), or a bare VALUE meaning @latest. */
export function splitRef(pair: string): [string, string] {
  const parts = pair.split('=');
  if (parts.length === 1) return [LATEST_REF, parts[0] ?? ''];
  const [ref = '', value = ''] = parts;
  if (parts.length !== 2 || ref === '' || value === '') throw new CliError(`expecting the value format in value1=value2, given ${pair}`);
  return [ref, value.replace(/%$/, '')];
}

function repeated(flag: string, name: string): CliError {
  return new CliError(`repetition of ${name === LATEST_REF ? `identifier ${LATEST_REF}` : `revision reference ${name}`} is not allowed, use only once with ${flag} flag`);
}

function distributionError(sum: number, countReason: boolean): CliError {
  const reason = countReason ? 'incorrect number of revisions specified. Only 1 revision should be missing' : 'cannot determine the missing revision';
  return new CliError(`unable to allocate the remaining traffic: ${100 - sum}%. Reason: ${reason}`);
}

/** The percents of --traffic by reference, checked (integers 0..100, no repeats) and summed. */
export function trafficPercents(entries: readonly string[]): { refs: Map<string, number>; sum: number } {
  const refs = new Map<string, number>();
  let sum = 0;
  for (const entry of entries) {
    const [ref, percent] = splitRef(entry);
    if (refs.has(ref)) throw repeated('--traffic', ref);
    if (!/^[+-]?\d+$/.test(percent)) throw new CliError(`error converting given ${percent} to integer value for traffic distribution`);
    const value = Number(percent);
    if (value < 0 || value > 100) throw new CliError(`invalid value for traffic percent ${value}, expected 0 <= percent <= 100`);
    refs.set(ref, value);
    sum += value;
  }
  return { refs, sum };
}

function checkLatestTagOnce(tags: readonly string[]): void {
  let seen = false;
  for (const entry of tags) {
    const [ref] = splitRef(entry);
    if (ref === LATEST_REF && seen) throw repeated('--tag', LATEST_REF);
    if (ref === LATEST_REF) seen = true;
  }
}

/** The --traffic entries with the remainder (< 100) given to the one revision left out, as kn's verifyInput does. */
export function completeTraffic(entries: readonly string[], input: TrafficInput, tags: readonly string[]): string[] {
  checkLatestTagOnce(tags);
  const { refs, sum } = trafficPercents(entries);
  if (sum === 100 || entries.length === 0) return [...entries];
  if (sum > 100) throw new CliError(`given traffic percents sum to ${sum}, want <=100`);
  return [...entries, `${remainderTarget(refs, sum, entries.length, input)}=${100 - sum}`];
}

/** Who gets the remainder: @latest when a new revision comes (and @latest was not named), else the one revision left out. */
function remainderTarget(refs: Map<string, number>, sum: number, given: number, input: TrafficInput): string {
  const { traffic: existing = [], latestReadyRevisionName: latest = '' } = input.service.status ?? {};
  if (given !== (input.mutation ? existing.length : existing.length - 1)) throw distributionError(sum, true);
  if (input.mutation && !refs.has(LATEST_REF)) return LATEST_REF;
  if (refs.has(LATEST_REF)) refs.set(latest, 0);
  const missing = missingRevision(existing, refs, input.revisions);
  if (missing === undefined) throw distributionError(sum, false);
  return missing;
}

/** The first status target's revision that no --traffic reference names (by name or tag); undefined when a revision is gone or none is left. */
function missingRevision(existing: readonly TrafficTarget[], refs: ReadonlyMap<string, number>, revisions: readonly string[]): string | undefined {
  for (const target of existing) {
    const name = target.revisionName ?? '';
    if (!revisions.includes(name)) break;
    const tagsOfRevision = existing.filter((t) => t.revisionName === name && t.tag !== undefined && t.tag !== '').map((t) => t.tag ?? '');
    if (!refs.has(name) && !tagsOfRevision.some((tag) => refs.has(tag))) return name;
  }
  return undefined;
}

type Target = TrafficTarget & { tag: string; percent: number; latestRevision: boolean };

function target(tag: string, revision: string, percent: number, latest: boolean): Target {
  return latest ? { tag, latestRevision: true, percent } : { tag, revisionName: revision, latestRevision: false, percent };
}

function overwriteError(tag: string): CliError {
  return new CliError(`refusing to overwrite existing tag in service, add flag '--untag ${tag}' in command to untag it`);
}

function tagLatest(traffic: Target[], tag: string): void {
  const latest = traffic.find((t) => t.latestRevision);
  const existing = latest?.tag ?? '';
  if (existing === tag) return;
  if (traffic.some((t) => t.tag === tag)) throw overwriteError(tag);
  if (existing !== '') {
    throw new CliError(`tag '${existing}' exists on latest ready revision of service, refusing to overwrite existing tag with '${tag}', add flag '--untag ${existing}' in command to untag it`);
  }
  if (latest === undefined) traffic.push(target(tag, '', 0, true));
  else latest.tag = tag;
}

function tagRevision(traffic: Target[], tag: string, revision: string): void {
  if (traffic.some((t) => t.tag === tag && t.revisionName === revision)) return;
  if (traffic.some((t) => t.tag === tag)) throw overwriteError(tag);
  const first = traffic.find((t) => t.revisionName === revision);
  if (first !== undefined && first.tag === '') first.tag = tag;
  else traffic.push(target(tag, revision, 0, false));
}

function setPercent(traffic: Target[], ref: string, percent: number): void {
  const match = ref === LATEST_REF ? traffic.find((t) => t.latestRevision) : (traffic.find((t) => t.tag === ref) ?? traffic.find((t) => t.revisionName === ref));
  if (match !== undefined) match.percent = percent;
  else traffic.push(target('', ref, percent, ref === LATEST_REF));
}

function untag(traffic: Target[], tags: readonly string[], service = ''): void {
  const missing = tags.filter((tag) => {
    const found = traffic.find((t) => t.tag === tag);
    if (found !== undefined) found.tag = '';
    return found === undefined;
  });
  if (missing.length > 0) throw new CliError(`tag(s) ${missing.join(', ')} not present for any revisions of service ${service}`);
}

/** A spec target as kn writes it: explicit latestRevision and percent, no empty tag. */
function written(t: Target): TrafficTarget {
  const { tag, ...rest } = t;
  return tag === '' ? rest : { tag, ...rest };
}

/** The Service's new spec.traffic for the flags, or undefined when no traffic flag was given. */
export function computeTraffic(flags: TrafficFlags, input: TrafficInput): TrafficTarget[] | undefined {
  const tags = splitList(flags.tag);
  const untags = splitList(flags.untag);
  if (flags.traffic === undefined && tags.length === 0 && untags.length === 0) return undefined;
  const creating = input.create === true && flags.traffic === undefined;
  const percents = completeTraffic(creating ? [`${LATEST_REF}=100`] : splitList(flags.traffic), input, tags);
  const traffic = targetsOf(input.service);
  untag(traffic, untags, input.service.metadata?.name);
  applyTags(traffic, tags);
  if (flags.traffic !== undefined || (creating && tags.length > 0)) setPercents(traffic, percents);
  return traffic.filter((t) => t.tag !== '' || t.percent !== 0).map(written);
}

/** --tag REF=TAG entries in order (@latest first precedence, then revisions). */
function applyTags(traffic: Target[], tags: readonly string[]): void {
  for (const entry of tags) {
    const [ref, tag] = splitRef(entry);
    if (ref === LATEST_REF) tagLatest(traffic, tag);
    else tagRevision(traffic, tag, ref);
  }
}

/** The spec targets with tag, percent and latestRevision filled in. */
function targetsOf(service: Service): Target[] {
  return (service.spec?.traffic ?? []).map((t) => ({ ...t, tag: t.tag ?? '', percent: t.percent ?? 0, latestRevision: t.latestRevision ?? false }));
}

/** --traffic is the desired split: every percent reset, then set per reference. */
function setPercents(traffic: Target[], percents: readonly string[]): void {
  for (const t of traffic) t.percent = 0;
  for (const entry of percents) {
    const [ref, percent] = splitRef(entry);
    setPercent(traffic, ref, Number(percent));
  }
}
