// Table tests of the stat value rule and a revision's stable + panic windows (AUTOSCALING.md §4.3).
import { RevisionMetrics, statValue, type DataPlaneStat, type WindowSpec } from './metrics.js';

const T0 = 1_700_000_000_000;
const STAT: DataPlaneStat = { averageConcurrency: 0, averageProxiedConcurrency: 0, requestCount: 0, proxiedRequestCount: 0, windowSeconds: 1 };

describe('statValue', () => {
  it.each([
    { name: 'concurrency minus the activator-proxied share', stat: { averageConcurrency: 5, averageProxiedConcurrency: 2 }, metric: 'concurrency', want: 3 },
    { name: 'concurrency never negative', stat: { averageConcurrency: 1, averageProxiedConcurrency: 2 }, metric: 'concurrency', want: 0 },
    { name: 'rps = (count − proxied) / window seconds', stat: { requestCount: 30, proxiedRequestCount: 10, windowSeconds: 2 }, metric: 'rps', want: 10 },
    { name: 'rps with no window counts one second', stat: { requestCount: 20, windowSeconds: 0 }, metric: 'rps', want: 20 },
    { name: 'rps never negative', stat: { requestCount: 1, proxiedRequestCount: 3 }, metric: 'rps', want: 0 },
    { name: 'concurrency ignores the counts', stat: { averageConcurrency: 4, requestCount: 100 }, metric: 'concurrency', want: 4 },
  ] as const)('$name', ({ stat, metric, want }) => {
    expect(statValue({ ...STAT, ...stat }, metric)).toBe(want);
  });
});

const SPEC: WindowSpec = { stableWindowMs: 10_000, panicWindowMs: 2_000, algorithm: 'linear' };

describe('RevisionMetrics', () => {
  it.each([
    { name: 'nothing recorded reads zeros (push model: no ErrNoData)', records: [], update: undefined, at: 0, want: { stable: 0, panic: 0, lastWriteMs: undefined } },
    { name: 'both windows get the value', records: [[0, 10], [1000, 20]], update: undefined, at: 1000, want: { stable: 15, panic: 15, lastWriteMs: T0 + 1000 } },
    {
      name: 'the panic window only sees its last 2 seconds',
      records: [[0, 10], [1000, 20], [2000, 30]],
      update: undefined,
      at: 2000,
      want: { stable: 20, panic: 25, lastWriteMs: T0 + 2000 },
    },
    {
      name: 'silence longer than the panic window zeroes panic only',
      records: [[0, 10], [1000, 20], [2000, 30]],
      update: undefined,
      at: 5000,
      want: { stable: 20, panic: 0, lastWriteMs: T0 + 2000 },
    },
    {
      name: 'a spec update resizes and keeps the data',
      records: [[0, 10], [1000, 20], [2000, 30]],
      update: { stableWindowMs: 2_000, panicWindowMs: 1_000, algorithm: 'linear' },
      at: 2000,
      want: { stable: 25, panic: 30, lastWriteMs: T0 + 2000 },
    },
    {
      name: 'a spec update switches the algorithm',
      records: [[0, 10]],
      update: { stableWindowMs: 60_000, panicWindowMs: 6_000, algorithm: 'weighted-exponential' },
      at: 0,
      want: { stable: 2, panic: 10 * (1 - Math.pow(1 - 0.9999, 1 / 6)), lastWriteMs: T0 },
    },
  ] as const)('$name', ({ records, update, at, want }) => {
    const metrics = new RevisionMetrics(SPEC);
    for (const [t, v] of records) metrics.record(T0 + t, v);
    if (update !== undefined) metrics.updateSpec(update, T0 + at);
    expect({ ...metrics.observe(T0 + at), lastWriteMs: metrics.lastWriteMs() }).toEqual(want);
  });
});
