// The informer cache's rules as pure functions: how objects are keyed and ordered, which
// handler event a watch event becomes given what is cached (client-go's DeltaFIFO + indexer:
// an ADDED for a cached object is an update, an update fires only when the resourceVersion
// moved), and the diff a relist (after 410 Gone) fires against the cache.
import type { KubeObjectLike } from './object.js';

/** What an informer tells its handlers. */
export type InformerEvent = 'add' | 'update' | 'delete';

/** One change to the cache and the event it fires: `old` is the cached object before it. */
export interface CacheChange<T extends KubeObjectLike> {
  readonly event: InformerEvent;
  readonly object: T;
  readonly old?: T;
}

/** The type of a watch event that carries an object. */
export type ObjectEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** The cache key of an object name and namespace: `namespace/name`, or `name` when cluster-scoped. */
export function cacheKey(name: string, namespace?: string): string {
  return namespace === undefined || namespace === '' ? name : `${namespace}/${name}`;
}

/** The namespace (`''` when cluster-scoped) and name of a {@link cacheKey}. */
export function splitCacheKey(key: string): [namespace: string, name: string] {
  const slash = key.indexOf('/');
  return slash < 0 ? ['', key] : [key.slice(0, slash), key.slice(slash + 1)];
}

/** The cache key of an object. */
export function objectKey(object: KubeObjectLike): string {
  return cacheKey(object.metadata?.name ?? '', object.metadata?.namespace);
}

/** An object's resourceVersion, or `''`. */
export function resourceVersionOf(object: KubeObjectLike): string {
  return object.metadata?.resourceVersion ?? '';
}

/** Go's string order. */
function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Order by namespace, then name. */
export function compareObjects(a: KubeObjectLike, b: KubeObjectLike): number {
  return compareStrings(a.metadata?.namespace ?? '', b.metadata?.namespace ?? '') || compareStrings(a.metadata?.name ?? '', b.metadata?.name ?? '');
}

/** The change a watch event makes to the cache, or undefined when nothing fires (same resourceVersion). */
export function watchChange<T extends KubeObjectLike>(cached: ReadonlyMap<string, T>, type: ObjectEventType, object: T): CacheChange<T> | undefined {
  const old = cached.get(objectKey(object));
  if (type === 'DELETED') return old === undefined ? { event: 'delete', object } : { event: 'delete', object, old };
  if (old === undefined) return { event: 'add', object };
  if (resourceVersionOf(old) === resourceVersionOf(object)) return undefined;
  return { event: 'update', object, old };
}

/** The changes that turn the cache into a fresh list: adds and updates in list order, then deletes in cache order. */
export function relistChanges<T extends KubeObjectLike>(cached: ReadonlyMap<string, T>, items: readonly T[]): CacheChange<T>[] {
  const changes: CacheChange<T>[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    seen.add(objectKey(item));
    const change = watchChange(cached, 'MODIFIED', item);
    if (change !== undefined) changes.push(change);
  }
  for (const [key, old] of cached) {
    if (!seen.has(key)) changes.push({ event: 'delete', object: old, old });
  }
  return changes;
}
