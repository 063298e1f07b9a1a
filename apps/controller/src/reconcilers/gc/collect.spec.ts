// Table tests of revision garbage collection, one row per step of API.md §9.2, with concrete times.
import { GC_DISABLED, type GcConfig } from '@ebb/config';
import { collect, type GcRevision } from './collect.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const H = 3_600_000;
/** An RFC 3339 time `hours` before NOW. */
const ago = (hours: number): string => new Date(NOW.getTime() - hours * H).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Knative's defaults: 48 h since creation, 15 h since last active, keep 20, at most 1000. */
const DEFAULTS: GcConfig = { retainSinceCreateTime: 48 * H, retainSinceLastActiveTime: 15 * H, minNonActiveRevisions: 20, maxNonActiveRevisions: 1000 };
const SMALL: GcConfig = { retainSinceCreateTime: 1000, retainSinceLastActiveTime: 1000, minNonActiveRevisions: 1, maxNonActiveRevisions: GC_DISABLED };

/** A Revision created `createdH` hours ago, in `state`, last active `activeH` hours ago (no annotation when undefined). */
function rev(name: string, createdH: number, state = 'reserve', activeH?: number): GcRevision {
  return {
    name,
    creationTimestamp: ago(createdH),
    labels: { 'serving.knative.dev/routingState': state },
    annotations: activeH === undefined ? {} : { 'serving.knative.dev/routingStateModified': ago(activeH) },
  };
}

/** The same, annotated `serving.knative.dev/no-gc` (case does not matter). */
const noGc = (revision: GcRevision): GcRevision => ({ ...revision, annotations: { ...revision.annotations, 'serving.knative.dev/no-gc': 'TRUE' } });

interface Row {
  readonly name: string;
  readonly config: GcConfig;
  readonly revisions: GcRevision[];
  readonly latest?: string;
  readonly want: string[];
}

const rows: Row[] = [
  { name: 'every limit disabled: nothing, however old', config: { ...SMALL, retainSinceCreateTime: GC_DISABLED, retainSinceLastActiveTime: GC_DISABLED }, revisions: [rev('a', 100), rev('b', 100), rev('c', 100)], want: [] },
  { name: 'no more revisions than min: nothing', config: { ...DEFAULTS, minNonActiveRevisions: 3 }, revisions: [rev('a', 100, 'reserve', 99), rev('b', 100, 'reserve', 99), rev('c', 100, 'reserve', 99)], want: [] },
  {
    name: 'active, pending, unlabelled, latest ready and no-gc revisions are kept, so min is not exceeded',
    config: SMALL,
    latest: 'latest',
    revisions: [rev('routed', 100, 'active', 99), rev('new', 100, 'pending'), { name: 'bare', creationTimestamp: ago(100) }, rev('latest', 100, 'reserve', 99), noGc(rev('pinned', 100, 'reserve', 99)), rev('old', 100, 'reserve', 99)],
    want: [],
  },
  {
    name: 'stale by creation age and last activity: the oldest go, min kept',
    config: { ...DEFAULTS, minNonActiveRevisions: 1 },
    revisions: [rev('a', 100, 'reserve', 90), rev('b', 80, 'reserve', 70), rev('c', 60, 'reserve', 50)],
    want: ['a: stale: created 360000s ago (retain-since-create-time 172800s), last active 324000s ago (retain-since-last-active-time 54000s)', 'b: stale: created 288000s ago (retain-since-create-time 172800s), last active 252000s ago (retain-since-last-active-time 54000s)'],
  },
  { name: 'old by creation but active 1 h ago: kept (last-active retention)', config: { ...DEFAULTS, minNonActiveRevisions: 0 }, revisions: [rev('a', 100, 'reserve', 1)], want: [] },
  { name: 'inactive for long but created 10 h ago: kept (creation retention)', config: { ...DEFAULTS, minNonActiveRevisions: 0 }, revisions: [rev('a', 10, 'reserve', 9.5)], want: [] },
  {
    name: 'creation retention disabled: last activity alone decides',
    config: { ...DEFAULTS, minNonActiveRevisions: 0, retainSinceCreateTime: GC_DISABLED },
    revisions: [rev('a', 20, 'reserve', 16), rev('b', 20, 'reserve', 14)],
    want: ['a: stale: last active 57600s ago (retain-since-last-active-time 54000s)'],
  },
  {
    name: 'last-active retention disabled: creation alone decides; no routingStateModified falls back to creation',
    config: { ...DEFAULTS, minNonActiveRevisions: 0, retainSinceLastActiveTime: GC_DISABLED },
    revisions: [rev('a', 50), rev('b', 47, 'reserve', 40)],
    want: ['a: stale: created 180000s ago (retain-since-create-time 172800s)'],
  },
  {
    name: 'oldest last-active first: a revision created later but inactive longer goes first',
    config: { ...DEFAULTS, minNonActiveRevisions: 1 },
    revisions: [rev('older', 200, 'reserve', 60), rev('newer', 100, 'reserve', 80)],
    want: ['newer: stale: created 360000s ago (retain-since-create-time 172800s), last active 288000s ago (retain-since-last-active-time 54000s)'],
  },
  {
    name: 'the max pass: beyond max the oldest go whatever their age',
    config: { ...DEFAULTS, minNonActiveRevisions: 1, maxNonActiveRevisions: 2 },
    revisions: [rev('a', 3, 'reserve', 2.5), rev('b', 3, 'reserve', 2), rev('c', 3, 'reserve', 1.5), rev('d', 3, 'reserve', 1)],
    want: ['a: more than max-non-active-revisions (2) non-active revisions', 'b: more than max-non-active-revisions (2) non-active revisions'],
  },
  {
    name: 'stale ones first, then the max pass over what is left',
    config: { ...DEFAULTS, minNonActiveRevisions: 1, maxNonActiveRevisions: 2 },
    revisions: [rev('a', 100, 'reserve', 99), rev('b', 3, 'reserve', 2), rev('c', 3, 'reserve', 1.5), rev('d', 3, 'reserve', 1)],
    want: ['a: stale: created 360000s ago (retain-since-create-time 172800s), last active 356400s ago (retain-since-last-active-time 54000s)', 'b: more than max-non-active-revisions (2) non-active revisions'],
  },
  { name: 'max disabled: young revisions stay however many', config: { ...DEFAULTS, minNonActiveRevisions: 0, maxNonActiveRevisions: GC_DISABLED }, revisions: [rev('a', 1, 'reserve', 1), rev('b', 1, 'reserve', 1), rev('c', 1, 'reserve', 1)], want: [] },
  {
    name: "issue 10's small values: of five let-go revisions one reserve stays",
    config: SMALL,
    latest: 'e',
    revisions: [rev('a', 0.01, 'reserve', 0.005), rev('b', 0.01, 'reserve', 0.004), rev('c', 0.01, 'reserve', 0.003), rev('d', 0.01, 'reserve', 0.002), rev('e', 0.01, 'active', 0.001)],
    want: ['a: stale: created 36s ago (retain-since-create-time 1s), last active 18s ago (retain-since-last-active-time 1s)', 'b: stale: created 36s ago (retain-since-create-time 1s), last active 15s ago (retain-since-last-active-time 1s)', 'c: stale: created 36s ago (retain-since-create-time 1s), last active 11s ago (retain-since-last-active-time 1s)'],
  },
];

describe('collect', () => {
  it.each(rows)('$name', ({ config, revisions, latest, want }) => {
    const result = collect({ revisions, config, now: NOW, ...(latest === undefined ? {} : { latestReadyRevisionName: latest }) });
    expect(result.delete.map((c) => `${c.name}: ${c.reason}`)).toEqual(want);
  });

  it.each([
    { name: 'a kept revision that turns stale later: look again then', revisions: [rev('a', 100, 'reserve', 14.5), rev('b', 100, 'reserve', 14)], want: NOW.getTime() + 0.5 * H },
    { name: 'only min left: nothing to look for', revisions: [rev('a', 100, 'reserve', 14.5)], want: undefined },
  ])('$name', ({ revisions, want }) => {
    expect(collect({ revisions, config: { ...DEFAULTS, minNonActiveRevisions: 1 }, now: NOW }).nextCheckAt).toBe(want);
  });
});
