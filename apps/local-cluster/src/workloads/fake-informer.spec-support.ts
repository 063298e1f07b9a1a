// Shared by the workload controllers' specs (not a spec itself): an informer cache the test fills
// by hand, whose handlers run synchronously as the real informer runs them.
import type { KubernetesObject } from '@kubernetes/client-node';

type Handler<T> = (object: T, old?: T) => void;

/** An informer cache the test fills by hand; handlers run synchronously, as the real one runs them. */
export class FakeInformer<T extends KubernetesObject> {
  private readonly objects = new Map<string, T>();
  private readonly handlers: Record<'add' | 'update' | 'delete', Handler<T>[]> = { add: [], update: [], delete: [] };

  on(event: 'add' | 'update' | 'delete', handler: Handler<T>): void {
    this.handlers[event].push(handler);
  }

  get(name: string, namespace?: string): T | undefined {
    return this.objects.get(`${namespace ?? ''}/${name}`);
  }

  list(namespace?: string): T[] {
    return [...this.objects.values()].filter((o) => namespace === undefined || o.metadata?.namespace === namespace);
  }

  set(object: T): void {
    const key = `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
    const old = this.objects.get(key);
    this.objects.set(key, object);
    for (const handler of this.handlers[old === undefined ? 'add' : 'update']) handler(object, old);
  }

  remove(object: T): void {
    const key = `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
    const old = this.objects.get(key);
    this.objects.delete(key);
    if (old !== undefined) for (const handler of this.handlers.delete) handler(old, old);
  }
}
