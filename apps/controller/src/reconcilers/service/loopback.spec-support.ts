// Spec support for controller wiring tests: one kind held in memory that is at once the informer
// (cache + add/update/delete handlers) and the API client (writes land in the cache and fire the
// handlers, as a watch would), so real `Controller`s can run against it without a cluster.
import type { Informer, InformerHandler, KubeObjectLike, ResourceClient, ResourceType } from '@ebb/kube';
import { FakeKind } from '../testing/fake-kind.js';

type EventName = 'add' | 'update' | 'delete';

/** A kind whose writes are seen by its own informer handlers. */
export class LoopbackKind<T extends KubeObjectLike> extends FakeKind<T> {
  private readonly handlers: { event: EventName; handler: InformerHandler<T> }[] = [];

  constructor(
    readonly type: ResourceType,
    objects: readonly T[] = [],
  ) {
    super(objects);
  }

  /** Registers an informer handler. */
  on(event: EventName, handler: InformerHandler<T>): void {
    this.handlers.push({ event, handler });
  }

  override async create(object: T): Promise<T> {
    const created = await super.create(object);
    this.emit('add', created);
    return created;
  }

  override async update(object: T): Promise<T> {
    const old = this.get(object.metadata?.name ?? '', object.metadata?.namespace);
    const updated = await super.update(object);
    this.emit('update', updated, old);
    return updated;
  }

  /** PUT on the status subresource: only `status` of `object` is taken. */
  async updateStatus(object: T): Promise<T> {
    const current = this.get(object.metadata?.name ?? '', object.metadata?.namespace);
    if (current === undefined) throw new Error(`${object.metadata?.name ?? ''} not found`);
    return this.update({ ...current, status: (object as { status?: unknown }).status });
  }

  /** This kind as the informer the runtime expects. */
  asInformer(): Informer<T> {
    return this as unknown as Informer<T>;
  }

  /** This kind as the client the runtime expects (`get` takes namespace first there). */
  asClient(): ResourceClient<T> {
    const client = {
      type: this.type,
      get: async (namespace: string | undefined, name: string): Promise<T | undefined> => Promise.resolve(this.get(name, namespace)),
      create: async (o: T): Promise<T> => this.create(o),
      update: async (o: T): Promise<T> => this.update(o),
      updateStatus: async (o: T): Promise<T> => this.updateStatus(o),
      delete: async (namespace: string | undefined, name: string): Promise<boolean> => this.delete(namespace, name),
    };
    return client as unknown as ResourceClient<T>;
  }

  private emit(event: EventName, object: T, old?: T): void {
    for (const h of this.handlers) if (h.event === event) h.handler(structuredClone(object), old);
  }
}

/** The ResourceType of a serving.knative.dev/v1 kind. */
export function servingType(kind: string, plural: string): ResourceType {
  return { group: 'serving.knative.dev', version: 'v1', plural, kind, namespaced: true };
}
