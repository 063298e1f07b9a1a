import { mergeMap, mergeMeta } from './last-applied.js';

type Map = Record<string, string> | undefined;

describe('mergeMap', () => {
  it.each<{ name: string; current: Map; desired: Map; previous: Map; want: Map }>([
    { name: 'keeps keys set by others', current: { creator: 'admin', a: '1' }, desired: { a: '2' }, previous: { a: '1' }, want: { creator: 'admin', a: '2' } },
    { name: 'drops keys the last apply set and this one does not', current: { a: '1', b: '2' }, desired: { a: '1' }, previous: { a: '1', b: '2' }, want: { a: '1' } },
    { name: 'adds new keys', current: undefined, desired: { a: '1' }, previous: undefined, want: { a: '1' } },
  ])('$name', ({ current, desired, previous, want }) => {
    expect(mergeMap(current, desired, previous)).toEqual(want);
  });
});

describe('mergeMeta', () => {
  it('reads the previous apply from the last-applied annotation', () => {
    const last = JSON.stringify({ metadata: { labels: { old: 'x' }, annotations: { note: 'n' } } });
    const current = { labels: { old: 'x', 'serving.knative.dev/route': 'r' }, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': last, note: 'n', 'serving.knative.dev/creator': 'admin' } };
    const desired = { labels: { fresh: 'y' }, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' } };
    expect(mergeMeta(current, desired)).toEqual({
      labels: { 'serving.knative.dev/route': 'r', fresh: 'y' },
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', 'serving.knative.dev/creator': 'admin' },
    });
  });
});
