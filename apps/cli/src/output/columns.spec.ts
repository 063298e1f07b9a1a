import type { Condition, Revision, Service } from '@ebb/api';
import { conditionsColumn, reasonColumn, readyColumn, revisionRow, serviceRow, sortRevisions, trafficAndTags } from './columns.js';
import { describeConditions } from './describe.js';

const NOW = new Date('2026-11-26T03:00:00Z');
const ready = (status: Condition['status'], reason?: string, message?: string): Condition => ({ type: 'Ready', status, ...(reason === undefined ? {} : { reason }), ...(message === undefined ? {} : { message }) });

describe('condition columns', () => {
  it.each<{ name: string; conditions: Condition[] | undefined; want: [string, string, string] }>([
    { name: 'no status', conditions: undefined, want: ['0 OK / 0', '<unknown>', '<unknown>'] },
    { name: 'all ready', conditions: [ready('True'), { type: 'RoutesReady', status: 'True' }], want: ['2 OK / 2', 'True', ''] },
    { name: 'failing with a message', conditions: [ready('False', 'RevisionFailed', 'boom'), { type: 'RoutesReady', status: 'True' }], want: ['1 OK / 2', 'False', 'RevisionFailed : boom'] },
    { name: 'unknown without a message', conditions: [ready('Unknown', 'Deploying')], want: ['0 OK / 1', 'Unknown', 'Deploying'] },
  ])('$name', ({ conditions, want }) => {
    expect([conditionsColumn(conditions), readyColumn(conditions), reasonColumn(conditions)]).toEqual(want);
  });
});

const SERVICE: Service = {
  metadata: { name: 'hello', namespace: 'default', creationTimestamp: '2026-11-26T02:55:00Z' },
  status: {
    url: 'http://hello.default.127.0.0.1.sslip.io',
    latestReadyRevisionName: 'hello-00002',
    conditions: [ready('True')],
    traffic: [
      { revisionName: 'hello-00002', percent: 90, latestRevision: true },
      { revisionName: 'hello-00001', percent: 10, tag: 'old' },
      { revisionName: 'hello-00001', percent: 0, tag: 'v1' },
    ],
  },
};

function revision(name: string, generation: string, service = 'hello', namespace = 'default'): Revision {
  return { metadata: { name, namespace, creationTimestamp: '2026-11-26T02:59:30Z', labels: { 'serving.knative.dev/service': service, 'serving.knative.dev/configurationGeneration': generation } }, status: { conditions: [ready('True')] } };
}

describe('rows', () => {
  it('formats a service row, with NAMESPACE for -A', () => {
    expect(serviceRow(SERVICE, NOW, true)).toEqual(['default', 'hello', 'http://hello.default.127.0.0.1.sslip.io', 'hello-00002', '5m', '1 OK / 1', 'True', '']);
  });

  it.each([
    { name: 'traffic and tags summed over targets', revision: 'hello-00001', want: ['10%', 'old,v1'] },
    { name: 'the latest', revision: 'hello-00002', want: ['90%', ''] },
    { name: 'no target', revision: 'hello-00003', want: ['', ''] },
  ])('computes TRAFFIC/TAGS: $name', ({ revision: name, want }) => {
    expect(trafficAndTags(name, SERVICE)).toEqual(want);
  });

  it('formats a revision row', () => {
    expect(revisionRow(revision('hello-00001', '1'), SERVICE, NOW, false)).toEqual(['hello-00001', 'hello', '10%', 'old,v1', '1', '30s', '1 OK / 1', 'True', '']);
  });

  it('sorts revisions by namespace, service, then generation newest first', () => {
    const sorted = sortRevisions([revision('a-1', '1', 'a'), revision('b-2', '2', 'b'), revision('a-10', '10', 'a'), revision('z-1', '1', 'z', 'apps'), revision('a-2', '2', 'a')]);
    expect(sorted.map((r) => r.metadata?.name)).toEqual(['z-1', 'a-10', 'a-2', 'a-1', 'b-2']);
  });
});

describe('describeConditions', () => {
  it('marks and aligns conditions as kn does', () => {
    const conditions = [
      { type: 'Ready', status: 'False', reason: 'RevisionFailed', lastTransitionTime: '2026-11-26T02:59:00Z' },
      { type: 'ConfigurationsReady', status: 'True', lastTransitionTime: '2026-11-26T02:00:00Z' },
      { type: 'RoutesReady', status: 'Unknown', lastTransitionTime: '2026-11-26T02:59:58Z' },
    ] as Condition[];
    expect(describeConditions(conditions, NOW)).toBe(
      ['', 'Conditions:', '  OK TYPE                 AGE REASON', '  !! Ready                60s RevisionFailed', '  ++ ConfigurationsReady  60m', '  ?? RoutesReady           2s', ''].join('\n'),
    );
  });
});
