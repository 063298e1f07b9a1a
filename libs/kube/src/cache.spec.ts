import type { KubernetesObject } from '@kubernetes/client-node';
import { cacheKey, compareObjects, relistChanges, splitCacheKey, watchChange, type CacheChange, type ObjectEventType } from './cache.js';

function obj(name: string, rv: string, namespace = 'ns'): KubernetesObject {
  return { metadata: { name, namespace, resourceVersion: rv } };
}

function cacheOf(...objects: KubernetesObject[]): Map<string, KubernetesObject> {
  return new Map(objects.map((o) => [cacheKey(o.metadata?.name ?? '', o.metadata?.namespace), o]));
}

/** A change as `event name old-rv->new-rv`. */
function show(change: CacheChange<KubernetesObject> | undefined): string {
  if (change === undefined) return 'none';
  return `${change.event} ${change.object.metadata?.name ?? ''} ${change.old?.metadata?.resourceVersion ?? '-'}->${change.object.metadata?.resourceVersion ?? '-'}`;
}

describe('cacheKey', () => {
  it.each([
    { name: 'a', namespace: 'ns', want: 'ns/a' },
    { name: 'a', namespace: '', want: 'a' },
    { name: 'a', namespace: undefined, want: 'a' },
  ])('$name in $namespace is $want, and splits back', ({ name, namespace, want }) => {
    expect(cacheKey(name, namespace)).toBe(want);
    expect(splitCacheKey(want)).toEqual([namespace ?? '', name]);
  });
});

describe('compareObjects', () => {
  it('orders by namespace, then name', () => {
    const objects = [obj('b', '1', 'y'), obj('a', '1', 'y'), obj('z', '1', 'x'), { metadata: { name: 'node' } }];
    expect(objects.sort(compareObjects).map((o) => cacheKey(o.metadata?.name ?? '', o.metadata?.namespace))).toEqual(['node', 'x/z', 'y/a', 'y/b']);
  });
});

describe('watchChange', () => {
  const cached = cacheOf(obj('a', '5'));
  it.each<{ name: string; type: ObjectEventType; object: KubernetesObject; want: string }>([
    { name: 'ADDED, not cached', type: 'ADDED', object: obj('b', '6'), want: 'add b -->6' },
    { name: 'ADDED, cached with another rv', type: 'ADDED', object: obj('a', '6'), want: 'update a 5->6' },
    { name: 'ADDED, cached with the same rv', type: 'ADDED', object: obj('a', '5'), want: 'none' },
    { name: 'MODIFIED, new rv', type: 'MODIFIED', object: obj('a', '7'), want: 'update a 5->7' },
    { name: 'MODIFIED, same rv', type: 'MODIFIED', object: obj('a', '5'), want: 'none' },
    { name: 'MODIFIED, not cached', type: 'MODIFIED', object: obj('c', '8'), want: 'add c -->8' },
    { name: 'DELETED, cached', type: 'DELETED', object: obj('a', '9'), want: 'delete a 5->9' },
    { name: 'DELETED, not cached', type: 'DELETED', object: obj('d', '9'), want: 'delete d -->9' },
    { name: 'same name, other namespace', type: 'ADDED', object: obj('a', '5', 'other'), want: 'add a -->5' },
  ])('$name → $want', ({ type, object, want }) => {
    expect(show(watchChange(cached, type, object))).toBe(want);
  });
});

describe('relistChanges', () => {
  it.each([
    { name: 'nothing changed', cached: [obj('a', '1')], items: [obj('a', '1')], want: [] },
    { name: 'first list', cached: [], items: [obj('a', '1'), obj('b', '2')], want: ['add a -->1', 'add b -->2'] },
    {
      name: 'add, update and delete',
      cached: [obj('keep', '1'), obj('change', '2'), obj('gone', '3')],
      items: [obj('keep', '1'), obj('change', '4'), obj('new', '5')],
      want: ['update change 2->4', 'add new -->5', 'delete gone 3->3'],
    },
    { name: 'everything deleted', cached: [obj('a', '1')], items: [], want: ['delete a 1->1'] },
  ])('$name', ({ cached, items, want }) => {
    expect(relistChanges(cacheOf(...cached), items).map(show)).toEqual(want);
  });
});
