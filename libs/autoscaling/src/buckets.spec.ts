import { bucketName, bucketNames, bucketOf } from './buckets.js';

describe('bucket names', () => {
  it.each([
    { index: 0, count: 1, want: 'autoscaler-bucket-00-of-01' },
    { index: 1, count: 2, want: 'autoscaler-bucket-01-of-02' },
    { index: 9, count: 10, want: 'autoscaler-bucket-09-of-10' },
  ])('bucket $index of $count is $want', ({ index, count, want }) => {
    expect(bucketName(index, count)).toBe(want);
  });

  it('lists every bucket in order', () => {
    expect(bucketNames(3)).toEqual(['autoscaler-bucket-00-of-03', 'autoscaler-bucket-01-of-03', 'autoscaler-bucket-02-of-03']);
  });
});

describe('bucketOf', () => {
  it.each([
    { name: 'one bucket holds everything', namespace: 'default', revision: 'hello-00001', count: 1, want: 0 },
    // FNV-1a 32 of "default/hello-00001" is 0x63be216f (1673404783): % 2 = 1, % 5 = 3, % 8 = 7.
    { name: 'two buckets', namespace: 'default', revision: 'hello-00001', count: 2, want: 1 },
    { name: 'five buckets', namespace: 'default', revision: 'hello-00001', count: 5, want: 3 },
    { name: 'eight buckets', namespace: 'default', revision: 'hello-00001', count: 8, want: 7 },
  ])('$name', ({ namespace, revision, count, want }) => {
    expect(bucketOf(namespace, revision, count)).toBe(want);
  });

  it('hashes the namespace too: one name in ten namespaces lands in several buckets', () => {
    const seen = new Set(Array.from({ length: 10 }, (_, i) => bucketOf(`ns${i}`, 'same', 10)));
    expect(seen.size).toBeGreaterThan(3);
  });

  it('spreads 10,000 revisions over 4 buckets within 5 % of even', () => {
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 10_000; i++) counts[bucketOf(`ns-${i % 37}`, `rev-${i}-00001`, 4)]! += 1;
    for (const n of counts) expect(Math.abs(n - 2500)).toBeLessThan(125);
  });
});
