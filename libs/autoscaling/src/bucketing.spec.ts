// Table tests of the per-second bucket ring (AUTOSCALING.md §4.4, serving aggregation/bucketing.go).
import { smoothingCoefficient, WindowBuckets } from './bucketing.js';

/** A whole-second epoch time, so offsets below are bucket-aligned. */
const T0 = 1_700_000_000_000;

/** Records `[offsetMs, value]` pairs into fresh buckets. */
function filled(windowMs: number, records: readonly (readonly [number, number])[], algorithm: 'linear' | 'weighted-exponential' = 'linear'): WindowBuckets {
  const buckets = new WindowBuckets(windowMs, algorithm);
  for (const [at, value] of records) buckets.record(T0 + at, value);
  return buckets;
}

describe('WindowBuckets linear windowAverage (5 s window)', () => {
  it.each([
    { name: 'nothing recorded reads 0', records: [], at: 0, want: 0 },
    { name: 'one sample averages to itself', records: [[0, 2]], at: 0, want: 2 },
    { name: 'a fresh revision averages over the seconds it has', records: [[0, 2], [1000, 4]], at: 1000, want: 3 },
    { name: 'values in the same second sum', records: [[0, 2], [500, 3]], at: 900, want: 5 },
    { name: 'a gap inside the data counts as zero', records: [[0, 6], [2000, 3]], at: 2000, want: 3 },
    { name: 'seconds since the last write drop the stale ring slots', records: [[0, 1], [1000, 2], [2000, 3], [3000, 4], [4000, 5]], at: 6000, want: 4 },
    { name: 'a full ring averages the newest window', records: [[0, 1], [1000, 2], [2000, 3], [3000, 4], [4000, 5], [5000, 6], [6000, 7]], at: 6000, want: 5 },
    { name: 'a lone sample less than a window old still counts', records: [[0, 5]], at: 4000, want: 5 },
    { name: 'a window without writes reads 0', records: [[0, 5]], at: 5000, want: 0 },
    { name: 'a value older than a window before the last write is dropped', records: [[10_000, 1], [4000, 100]], at: 10_000, want: 1 },
    { name: 'a late value within the window extends the span back', records: [[10_000, 1], [8000, 3]], at: 10_000, want: 1.333333 },
    { name: 'a write after a silent window resets the ring', records: [[0, 100], [5000, 2]], at: 5000, want: 2 },
    { name: 'averages are floored to 6 decimals', records: [[0, 1], [1000, 1], [2000, 0]], at: 2000, want: 0.666666 },
    { name: 'a query before the last write divides by the span', records: [[0, 3], [3000, 3]], at: 1000, want: 1.5 },
  ] as const)('$name', ({ records, at, want }) => {
    expect(filled(5000, records).windowAverage(T0 + at)).toBe(want);
  });
});

describe('WindowBuckets isEmpty (5 s window)', () => {
  it.each([
    { name: 'never written', records: [], at: 0, want: true },
    { name: 'written this second', records: [[0, 1]], at: 0, want: false },
    { name: 'exactly a window ago is still data', records: [[0, 1]], at: 5999, want: false },
    { name: 'more than a window ago', records: [[0, 1]], at: 6000, want: true },
  ] as const)('$name', ({ records, at, want }) => {
    expect(filled(5000, records).isEmpty(T0 + at)).toBe(want);
  });
});

describe('smoothingCoefficient', () => {
  it.each([
    { name: '5 buckets: 1 − 0.0001^(1/5)', buckets: 5, want: 0.841511 },
    { name: '60 buckets: floored at 0.2', buckets: 60, want: 0.2 },
  ])('$name', ({ buckets, want }) => {
    expect(smoothingCoefficient(buckets)).toBeCloseTo(want, 6);
  });
});

describe('WindowBuckets weighted-exponential windowAverage (60 s window, m = 0.2)', () => {
  it.each([
    { name: 'a single sample of 2 yields 2m', records: [[0, 2]], at: 0, want: 0.4 },
    { name: 'newest weighs most: [10, 10, 5, 5]', records: [[0, 10], [1000, 10], [2000, 5], [3000, 5]], at: 3000, want: 4.104 },
    { name: 'reversed: [5, 5, 10, 10]', records: [[0, 5], [1000, 5], [2000, 10], [3000, 10]], at: 3000, want: 2 + 1.6 + 0.64 + 0.512 },
    { name: 'seconds since the last write are leading zeros', records: [[0, 2]], at: 2000, want: 2 * 0.2 * 0.8 * 0.8 },
    { name: 'nothing within the window reads 0', records: [[0, 2]], at: 61_000, want: 0 },
    { name: 'nothing recorded reads 0', records: [], at: 0, want: 0 },
  ] as const)('$name', ({ records, at, want }) => {
    expect(filled(60_000, records, 'weighted-exponential').windowAverage(T0 + at)).toBeCloseTo(want, 12);
  });
});

describe('WindowBuckets resizeWindow', () => {
  it.each([
    {
      name: 'shrinking keeps the newest buckets',
      from: 5000, records: [[0, 1], [1000, 2], [2000, 3], [3000, 4], [4000, 5]], to: 3000, resizeAt: undefined, then: [], at: 4000, want: 4,
    },
    {
      name: 'growing keeps all and averages over more seconds',
      from: 3000, records: [[0, 1], [1000, 2], [2000, 3]], to: 6000, resizeAt: undefined, then: [[3000, 6]], at: 3000, want: 3,
    },
    { name: 'the same size changes nothing', from: 5000, records: [[0, 4], [1000, 2]], to: 5000, resizeAt: undefined, then: [], at: 1000, want: 3 },
    { name: 'stale data is dropped when the time is given', from: 5000, records: [[0, 5]], to: 60_000, resizeAt: 10_000, then: [], at: 10_000, want: 0 },
    // The first write stays (Knative keeps firstWrite): one second of data averages to itself.
    { name: 'without a time the data and its first write are kept', from: 5000, records: [[0, 5]], to: 60_000, resizeAt: undefined, then: [], at: 10_000, want: 5 },
    { name: 'a shrink keeps only the newest buckets', from: 10_000, records: [[0, 4], [8000, 2], [9000, 6]], to: 2000, resizeAt: undefined, then: [], at: 9000, want: 4 },
  ] as const)('$name', ({ from, records, to, resizeAt, then, at, want }) => {
    const buckets = filled(from, records);
    buckets.resizeWindow(to, resizeAt === undefined ? undefined : T0 + resizeAt);
    for (const [t, v] of then) buckets.record(T0 + t, v);
    expect(buckets.windowAverage(T0 + at)).toBe(want);
  });

  it('switches algorithm keeping the data', () => {
    const buckets = filled(60_000, [[0, 2]]);
    buckets.useAlgorithm('weighted-exponential');
    expect([buckets.windowAverage(T0), buckets.lastWriteMs()]).toEqual([0.4, T0]);
  });
});
