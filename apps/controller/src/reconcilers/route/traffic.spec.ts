// Table spec of traffic resolution (API.md §6.3, §7): each row states the Configurations and
// Revisions in the cache, the Route's spec.traffic, and the complete resolution or failure.
import type { Condition, Configuration, Revision, Route, TrafficTarget } from '@ebb/api';
import { FakeKind } from '../testing/fake-kind.js';
import { resolveTraffic, type ResolvedTarget, type ResolvedTraffic, type UnresolvedTraffic } from './traffic.js';

const NS = 'default';
const ready = (status: Condition['status'], reason?: string): Condition[] => [{ type: 'Ready', status, ...(reason === undefined ? {} : { reason }) }];

const configuration = (name: string, latestReady?: string, readyStatus: Condition['status'] = 'True'): Configuration => ({
  metadata: { name, namespace: NS, generation: 1 },
  status: { observedGeneration: 1, conditions: ready(readyStatus), ...(latestReady === undefined ? {} : { latestReadyRevisionName: latestReady }) },
});
const revision = (
  name: string,
  opts: { ready?: Condition['status']; observed?: number; labels?: Record<string, string>; port?: string; config?: string } = {},
): Revision => ({
  metadata: { name, namespace: NS, generation: 1, labels: { 'serving.knative.dev/configuration': opts.config ?? 'hello', ...opts.labels } },
  spec: { containers: [{ image: 'ko://hello', ...(opts.port === undefined ? {} : { ports: [{ name: opts.port, containerPort: 8080 }] }) }] },
  status: { observedGeneration: opts.observed ?? 1, conditions: ready(opts.ready ?? 'True') },
});
const route = (traffic: TrafficTarget[], labels: Record<string, string> = {}): Route => ({ metadata: { name: 'hello', namespace: NS, labels }, spec: { traffic } });
const t = (revisionName: string, percent: number, extra: Partial<ResolvedTarget> = {}): ResolvedTarget => ({
  revisionName,
  configurationName: 'hello',
  percent,
  protocol: 'http1',
  ...extra,
});
const ok = (targets: [string, ResolvedTarget[]][], flat: ResolvedTarget[]): ResolvedTraffic => ({ ok: true, targets: new Map(targets), flat });
const fail = (status: 'True' | 'False' | 'Unknown', reason: string, message: string): UnresolvedTraffic => ({ ok: false, status, reason, message } as UnresolvedTraffic);

const world = {
  configurations: [configuration('hello', 'hello-00002'), configuration('waiting', undefined, 'Unknown'), configuration('broken', undefined, 'False')],
  revisions: [
    revision('hello-00001'),
    revision('hello-00002'),
    revision('hello-h2c', { port: 'h2c' }),
    revision('hello-pending', { ready: 'Unknown' }),
    revision('hello-failed', { ready: 'False' }),
    revision('hello-stale', { observed: 0 }),
    revision('other-00001', { labels: { 'serving.knative.dev/service': 'other' }, config: 'other' }),
    revision('mine-00001', { labels: { 'serving.knative.dev/service': 'hello' } }),
    revision('orphan-00001', { config: 'gone' }),
  ],
};

describe('resolveTraffic', () => {
  it.each<{ name: string; route: Route; want: ResolvedTraffic | UnresolvedTraffic }>([
    {
      name: 'configuration target floats to its latest ready revision',
      route: route([{ configurationName: 'hello', latestRevision: true, percent: 100 }]),
      want: ok([['', [t('hello-00002', 100, { latestRevision: true })]]], [t('hello-00002', 100, { latestRevision: true })]),
    },
    {
      name: 'two-revision split keeps spec order and percents',
      route: route([
        { revisionName: 'hello-00001', latestRevision: false, percent: 80 },
        { configurationName: 'hello', latestRevision: true, percent: 20 },
      ]),
      want: ok(
        [['', [t('hello-00001', 80, { latestRevision: false }), t('hello-00002', 20, { latestRevision: true })]]],
        [t('hello-00001', 80, { latestRevision: false }), t('hello-00002', 20, { latestRevision: true })],
      ),
    },
    {
      name: 'tag: its own group at 100 %, and part of the main group',
      route: route([
        { configurationName: 'hello', latestRevision: true, percent: 100 },
        { tag: 'old', revisionName: 'hello-00001', latestRevision: false, percent: 0 },
      ]),
      want: ok(
        [
          ['', [t('hello-00002', 100, { latestRevision: true }), t('hello-00001', 0, { tag: 'old', latestRevision: false })]],
          ['old', [t('hello-00001', 100, { tag: 'old', latestRevision: false })]],
        ],
        [t('hello-00002', 100, { latestRevision: true }), t('hello-00001', 0, { tag: 'old', latestRevision: false })],
      ),
    },
    {
      name: 'same (tag, revision, latestRevision) merged in status; same revision merged per group',
      route: route([
        { revisionName: 'hello-00001', latestRevision: false, percent: 30 },
        { revisionName: 'hello-00001', latestRevision: false, percent: 20 },
        { tag: 'x', revisionName: 'hello-00001', latestRevision: false, percent: 10 },
        { configurationName: 'hello', latestRevision: true, percent: 40 },
      ]),
      want: ok(
        [
          ['', [t('hello-00001', 60, { latestRevision: false }), t('hello-00002', 40, { latestRevision: true })]],
          ['x', [t('hello-00001', 100, { tag: 'x', latestRevision: false })]],
        ],
        [t('hello-00001', 50, { latestRevision: false }), t('hello-00001', 10, { tag: 'x', latestRevision: false }), t('hello-00002', 40, { latestRevision: true })],
      ),
    },
    {
      name: 'h2c port name: protocol h2c',
      route: route([{ revisionName: 'hello-h2c', latestRevision: false, percent: 100 }]),
      want: ok([['', [t('hello-h2c', 100, { latestRevision: false, protocol: 'h2c' })]]], [t('hello-h2c', 100, { latestRevision: false, protocol: 'h2c' })]),
    },
    {
      name: 'configuration without a ready revision yet: Unknown waiting',
      route: route([{ configurationName: 'waiting', latestRevision: true, percent: 100 }]),
      want: fail('Unknown', 'RevisionMissing', 'Configuration "waiting" is waiting for a Revision to become ready.'),
    },
    {
      name: 'configuration whose revision failed: False',
      route: route([{ configurationName: 'broken', latestRevision: true, percent: 100 }]),
      want: fail('False', 'RevisionMissing', 'Configuration "broken" does not have any ready Revision.'),
    },
    {
      name: 'missing configuration: False ConfigurationMissing',
      route: route([{ configurationName: 'nope', latestRevision: true, percent: 100 }]),
      want: fail('False', 'ConfigurationMissing', 'Configuration "nope" referenced in traffic not found.'),
    },
    {
      name: 'missing revision: False RevisionMissing',
      route: route([{ revisionName: 'hello-00009', latestRevision: false, percent: 100 }]),
      want: fail('False', 'RevisionMissing', 'Revision "hello-00009" referenced in traffic not found.'),
    },
    {
      name: 'revision not ready: Unknown',
      route: route([{ revisionName: 'hello-pending', latestRevision: false, percent: 100 }]),
      want: fail('Unknown', 'RevisionMissing', 'Revision "hello-pending" is not yet ready.'),
    },
    {
      name: 'revision Ready for an older generation: not yet ready',
      route: route([{ revisionName: 'hello-stale', latestRevision: false, percent: 100 }]),
      want: fail('Unknown', 'RevisionMissing', 'Revision "hello-stale" is not yet ready.'),
    },
    {
      name: 'revision failed: False',
      route: route([{ revisionName: 'hello-failed', latestRevision: false, percent: 100 }]),
      want: fail('False', 'RevisionMissing', 'Revision "hello-failed" failed to become ready.'),
    },
    {
      name: 'a later failure replaces an earlier wait',
      route: route([
        { revisionName: 'hello-pending', latestRevision: false, percent: 50 },
        { revisionName: 'hello-failed', latestRevision: false, percent: 50 },
      ]),
      want: fail('False', 'RevisionMissing', 'Revision "hello-failed" failed to become ready.'),
    },
    {
      name: 'a later wait does not replace an earlier failure',
      route: route([
        { revisionName: 'hello-failed', latestRevision: false, percent: 50 },
        { revisionName: 'hello-pending', latestRevision: false, percent: 50 },
      ]),
      want: fail('False', 'RevisionMissing', 'Revision "hello-failed" failed to become ready.'),
    },
    {
      name: "pinned revision's configuration is gone: ConfigurationMissing",
      route: route([{ revisionName: 'orphan-00001', latestRevision: false, percent: 100 }]),
      want: fail('False', 'ConfigurationMissing', 'Configuration "gone" referenced in traffic not found.'),
    },
    {
      name: "Service-owned route and another Service's revision: RevisionNotOwned",
      route: route([{ revisionName: 'other-00001', latestRevision: false, percent: 100 }], { 'serving.knative.dev/service': 'hello' }),
      want: fail('False', 'RevisionNotOwned', 'Revision "other-00001" belongs to Service "other", not Service "hello".'),
    },
    {
      name: 'Service-owned route and a revision of no Service: RevisionNotOwned',
      route: route([{ revisionName: 'hello-00001', latestRevision: false, percent: 100 }], { 'serving.knative.dev/service': 'hello' }),
      want: fail('False', 'RevisionNotOwned', 'Revision "hello-00001" does not belong to Service "hello".'),
    },
    {
      name: "Service-owned route and its own Service's revision: resolved",
      route: route([{ revisionName: 'mine-00001', latestRevision: false, percent: 100 }], { 'serving.knative.dev/service': 'hello' }),
      want: ok([['', [t('mine-00001', 100, { latestRevision: false })]]], [t('mine-00001', 100, { latestRevision: false })]),
    },
  ])('$name', ({ route: r, want }) => {
    const listers = { configurations: new FakeKind(world.configurations), revisions: new FakeKind(world.revisions) };
    expect(resolveTraffic(r, listers)).toEqual(want);
  });
});
