// An in-memory stand-in for one kind in reconciler specs: it answers as a Lister (the informer
// cache) and as a Writer (the API server), stamps what the server would (uid, resourceVersion,
// generation, bumped on spec changes; creationTimestamp), records every write, and can be told to fail the next call of
// a verb (e.g. a 409 Conflict). Specs only; the runtime uses real informers and clients.
import { KubeApiError } from '@ebb/kube';
import type { KubeObjectLike } from '@ebb/kube';
import type { Lister, Writer } from '../deps.js';

/** A write the fake saw. */
export interface RecordedWrite<T> {
  readonly verb: 'create' | 'update' | 'delete';
  readonly object: T;
}

type Verb = RecordedWrite<unknown>['verb'];

function keyOf(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

function matches(labels: Record<string, string> | undefined, wanted: Record<string, string> | undefined): boolean {
  return Object.entries(wanted ?? {}).every(([key, value]) => labels?.[key] === value);
}

/** One kind held in memory, with its writes recorded. */
export class FakeKind<T extends KubeObjectLike> implements Lister<T>, Writer<T> {
  readonly writes: RecordedWrite<T>[] = [];
  private readonly objects = new Map<string, T>();
  private readonly failures = new Map<Verb, Error>();
  private version = 100;

  constructor(objects: readonly T[] = []) {
    for (const object of objects) this.objects.set(keyOf(object.metadata?.namespace, object.metadata?.name ?? ''), structuredClone(object));
  }

  /** The next call of `verb` throws `error` (default: 409 Conflict). */
  failNext(verb: Verb, error: Error = new KubeApiError(409, 'Conflict', 'the object has been modified')): void {
    this.failures.set(verb, error);
  }

  /** The objects written with `verb`. */
  written(verb: RecordedWrite<T>['verb']): T[] {
    return this.writes.filter((write) => write.verb === verb).map((write) => write.object);
  }

  get(name: string, namespace?: string): T | undefined {
    return this.objects.get(keyOf(namespace, name));
  }

  list(namespace?: string): T[] {
    return [...this.objects.values()].filter((o) => namespace === undefined || o.metadata?.namespace === namespace);
  }

  listBySelector(namespace: string, selector: { matchLabels?: Record<string, string> } | undefined): T[] {
    if (selector === undefined) return [];
    return this.list(namespace).filter((o) => matches(o.metadata?.labels, selector.matchLabels));
  }

  async create(object: T): Promise<T> {
    this.throwIfFailing('create');
    const key = keyOf(object.metadata?.namespace, object.metadata?.name ?? '');
    if (this.objects.has(key)) throw new KubeApiError(409, 'AlreadyExists', `${key} already exists`);
    const stored = this.stamp(object, { uid: `uid-${object.metadata?.name ?? ''}`, generation: 1, creationTimestamp: '2026-01-01T00:00:00Z' });
    this.objects.set(key, stored);
    this.writes.push({ verb: 'create', object: structuredClone(stored) });
    return Promise.resolve(structuredClone(stored));
  }

  async update(object: T): Promise<T> {
    this.throwIfFailing('update');
    const key = keyOf(object.metadata?.namespace, object.metadata?.name ?? '');
    const old = this.objects.get(key);
    if (old === undefined) throw new KubeApiError(404, 'NotFound', `${key} not found`);
    const previous: { uid?: string; generation?: number; creationTimestamp?: unknown } = old.metadata ?? {};
    const specChanged = JSON.stringify((old as { spec?: unknown }).spec) !== JSON.stringify((object as { spec?: unknown }).spec);
    const generation = (previous.generation ?? 1) + (specChanged ? 1 : 0);
    const stored = this.stamp(object, { uid: previous.uid, generation, creationTimestamp: previous.creationTimestamp });
    this.objects.set(key, stored);
    this.writes.push({ verb: 'update', object: structuredClone(stored) });
    return Promise.resolve(structuredClone(stored));
  }

  async delete(namespace: string | undefined, name: string): Promise<boolean> {
    this.throwIfFailing('delete');
    const key = keyOf(namespace, name);
    const old = this.objects.get(key);
    if (old === undefined) return Promise.resolve(false);
    this.objects.delete(key);
    this.writes.push({ verb: 'delete', object: structuredClone(old) });
    return Promise.resolve(true);
  }

  private throwIfFailing(verb: Verb): void {
    const error = this.failures.get(verb);
    if (error === undefined) return;
    this.failures.delete(verb);
    throw error;
  }

  private stamp(object: T, fields: { uid: string | undefined; generation: number | undefined; creationTimestamp: unknown }): T {
    this.version += 1;
    const metadata = { ...object.metadata, uid: fields.uid, generation: fields.generation, creationTimestamp: fields.creationTimestamp, resourceVersion: String(this.version) };
    return structuredClone({ ...object, metadata });
  }
}
