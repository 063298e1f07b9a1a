// Table tests of pod subsetting across activators and of the activator index (Knative's
// assignSlice / pickIndices examples).
import type { Endpoint } from '../endpoints/endpoints.js';
import { activatorIndex, assignSlice, sliceAssignment } from './subset.js';

const pod = (address: string, port = 8012): Endpoint => ({ address, port, protocol: 'http1' });
const pods = (n: number): Endpoint[] => Array.from({ length: n }, (_, i) => pod(`10.0.0.${String.fromCharCode(97 + i)}`));
const names = (list: readonly Endpoint[]): string[] => list.map((e) => e.address.slice(-1));

describe('assignSlice', () => {
  it.each([
    { name: 'index −1 takes all', count: 5, index: -1, pods: pods(3), want: ['a', 'b', 'c'] },
    { name: 'a single activator takes all', count: 1, index: 0, pods: pods(3), want: ['a', 'b', 'c'] },
    { name: 'no pods: nothing', count: 3, index: 1, pods: [], want: [] },
    { name: 'even split, first slice', count: 2, index: 0, pods: pods(4), want: ['a', 'b'] },
    { name: 'even split, second slice', count: 2, index: 1, pods: pods(4), want: ['c', 'd'] },
    { name: '7 pods / 3 activators: index 0 takes its 2 and the first leftover', count: 3, index: 0, pods: pods(7), want: ['a', 'b', 'g'] },
    { name: '7 pods / 3 activators: index 1 takes its 2 only', count: 3, index: 1, pods: pods(7), want: ['c', 'd'] },
    { name: '7 pods / 3 activators: index 2 takes its 2 only', count: 3, index: 2, pods: pods(7), want: ['e', 'f'] },
    { name: '8 pods / 3 activators: index 1 takes the second leftover', count: 3, index: 1, pods: pods(8), want: ['c', 'd', 'h'] },
    { name: 'more activators than pods: pod i mod n (index 0)', count: 5, index: 0, pods: pods(2), want: ['a'] },
    { name: 'more activators than pods: pod i mod n (index 3)', count: 5, index: 3, pods: pods(2), want: ['b'] },
    { name: 'one pod, two activators: both take it', count: 2, index: 1, pods: pods(1), want: ['a'] },
    { name: 'unsorted input is sorted by address first', count: 2, index: 0, pods: [pod('10.0.0.d'), pod('10.0.0.a'), pod('10.0.0.c'), pod('10.0.0.b')], want: ['a', 'b'] },
  ])('$name', ({ pods: input, index, count, want }) => {
    expect(names(assignSlice(input, index, count))).toEqual(want);
  });

  it('sorts by address string, then port', () => {
    expect(assignSlice([pod('10.0.0.2'), pod('10.0.0.10', 2), pod('10.0.0.10', 1), pod('10.0.0.1')], -1, 1).map((e) => `${e.address}:${e.port}`)).toEqual(['10.0.0.1:8012', '10.0.0.10:1', '10.0.0.10:2', '10.0.0.2:8012']);
  });

  it('gives every pod to exactly one activator', () => {
    for (const [n, m] of [[7, 3], [10, 4], [3, 3], [9, 2]] as const) {
      const all = Array.from({ length: m }, (_, i) => names(assignSlice(pods(n), i, m))).flat().sort();
      expect(all).toEqual(names(pods(n)));
    }
  });
});

describe('activatorIndex and sliceAssignment', () => {
  const activators = [pod('10.1.0.3', 8012), pod('10.1.0.1', 8012), pod('10.1.0.2', 8012)];
  it.each([
    { name: 'the position in the sorted list', self: '10.1.0.3', want: { index: 2, assignment: { index: 2, count: 3 } } },
    { name: 'first', self: '10.1.0.1', want: { index: 0, assignment: { index: 0, count: 3 } } },
    { name: 'absent: −1, takes all', self: '10.1.0.9', want: { index: -1, assignment: { index: -1, count: 1 } } },
    { name: 'no own address: −1, takes all', self: '', want: { index: -1, assignment: { index: -1, count: 1 } } },
  ])('$name', ({ self, want }) => {
    expect({ index: activatorIndex(self, activators), assignment: sliceAssignment(self, activators) }).toEqual(want);
  });
});
