// The Stat builders (table) and the publisher's flush with a recording publish function and a
// fixed clock (one unit: no NATS here; the activator's integration spec covers the real bus).
import { check, type Stat } from '@ebb/messaging';
import { ConcurrencyReporter } from './concurrency-reporter.js';
import { makeFirstRequestStat, makeStat, StatsPublisher } from './stats-publisher.js';

describe('makeStat and makeFirstRequestStat', () => {
  it.each([
    {
      name: 'a report becomes a v1 Stat with no proxied share',
      made: makeStat({ namespace: 'ns', revision: 'r', averageConcurrency: 2.5, requestCount: 7, windowSeconds: 1 }, 'activator-abc', 1234.9),
      want: { v: 1, instance: 'activator-abc', averageConcurrency: 2.5, requestCount: 7, averageProxiedConcurrency: 0, proxiedRequestCount: 0, windowSeconds: 1, timestamp: 1234 },
    },
    {
      name: 'the first-request stat is concurrency 1, count 1',
      made: makeFirstRequestStat('activator-abc', 99),
      want: { v: 1, instance: 'activator-abc', averageConcurrency: 1, requestCount: 1, averageProxiedConcurrency: 0, proxiedRequestCount: 0, windowSeconds: 1, timestamp: 99 },
    },
  ])('$name', ({ made, want }) => {
    expect(made).toEqual(want);
    expect(check('stat', made)).toBeUndefined();
  });
});

describe('StatsPublisher', () => {
  it('publishes one valid Stat per tracked revision on its metrics subject', () => {
    const reporter = new ConcurrencyReporter({ subtractFirst: true });
    const sent: { subject: string; kind: string; message: Stat }[] = [];
    let now = 10_000;
    const publisher = new StatsPublisher({ reporter, instance: 'pod-1', now: () => now, publish: (subject, kind, message) => sent.push({ subject, kind, message }) });
    reporter.begin('default', 'hello-00001', 10_000);
    publisher.publishFirst('default', 'hello-00001');
    reporter.begin('default', 'hello-00001', 10_000);
    now = 11_000;
    expect(publisher.flush()).toBe(1);
    expect(sent).toEqual([
      { subject: 'ebb.v1.metrics.default.hello-00001', kind: 'stat', message: makeFirstRequestStat('pod-1', 10_000) },
      {
        subject: 'ebb.v1.metrics.default.hello-00001',
        kind: 'stat',
        message: { v: 1, instance: 'pod-1', averageConcurrency: 1, requestCount: 1, averageProxiedConcurrency: 0, proxiedRequestCount: 0, windowSeconds: 1, timestamp: 11_000 },
      },
    ]);
    for (const { message } of sent) expect(check('stat', message)).toBeUndefined();
  });

  it('drops a stat whose publish throws and goes on with the others', () => {
    const reporter = new ConcurrencyReporter();
    const subjects: string[] = [];
    const publisher = new StatsPublisher({
      reporter,
      instance: 'pod-1',
      now: () => 1000,
      publish: (subject) => {
        subjects.push(subject);
        throw new Error('nats down');
      },
    });
    reporter.begin('a', 'r1', 0);
    reporter.begin('b', 'r2', 0);
    expect(publisher.flush()).toBe(2);
    expect(subjects).toEqual(['ebb.v1.metrics.a.r1', 'ebb.v1.metrics.b.r2']);
  });
});
