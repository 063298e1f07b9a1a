// The I/O side of endpoint tracking: listens to an informer of discovery.k8s.io/v1
// EndpointSlices (all namespaces, or one), keeps the slices of each Service indexed by the
// `kubernetes.io/service-name` label, and answers "ready endpoints of namespace/service" from a
// per-Service memo that a slice event of that Service invalidates. Listeners hear which Service
// changed its ready endpoints (e.g. to re-probe gateway replicas).
import { endpointKey, readyEndpoints, sameEndpoints, serviceKey, serviceKeyOfSlice, type Endpoint, type EndpointSliceLike } from './endpoints.js';

/** What the tracker needs of an informer (`Informer<V1EndpointSlice>` from @ebb/kube fits). */
export interface SliceSource<T extends EndpointSliceLike> {
  on(event: 'add' | 'update' | 'delete', handler: (object: T, old?: T) => void): void;
}

/** Called with the `namespace/service` key whose ready endpoints changed. */
export type EndpointsListener = (key: string) => void;

/** Ready endpoints per Service from an EndpointSlice informer. */
export class EndpointsTracker<T extends EndpointSliceLike = EndpointSliceLike> {
  /** Slices per Service key, by slice name. */
  private readonly slices = new Map<string, Map<string, T>>();
  /** Memoised ready endpoints per Service key, then per port name (`''` for the serving port). */
  private readonly memo = new Map<string, Map<string, readonly Endpoint[]>>();
  private readonly listeners: EndpointsListener[] = [];

  constructor(source: SliceSource<T>) {
    source.on('add', (slice) => this.put(slice));
    source.on('update', (slice, old) => {
      if (old !== undefined && serviceKeyOfSlice(old) !== serviceKeyOfSlice(slice)) this.remove(old);
      this.put(slice);
    });
    source.on('delete', (slice) => this.remove(slice));
  }

  /** The ready endpoints of a Service (on its serving port, or the port named `portName`); sorted, deduplicated. */
  endpoints(namespace: string, service: string, portName?: string): readonly Endpoint[] {
    const key = serviceKey(namespace, service);
    let byPort = this.memo.get(key);
    if (byPort === undefined) {
      byPort = new Map();
      this.memo.set(key, byPort);
    }
    let found = byPort.get(portName ?? '');
    if (found === undefined) {
      found = readyEndpoints([...(this.slices.get(key)?.values() ?? [])], portName);
      byPort.set(portName ?? '', found);
    }
    return found;
  }

  /** The `address:port` keys of every ready endpoint of every Service (for closing pools of endpoints that left). */
  allEndpointKeys(): Set<string> {
    const keys = new Set<string>();
    for (const key of this.slices.keys()) {
      const [namespace = '', service = ''] = key.split('/');
      for (const endpoint of this.endpoints(namespace, service)) keys.add(endpointKey(endpoint));
    }
    return keys;
  }

  /** Registers a listener for changes of a Service's ready endpoints; returns an unsubscribe. */
  onChange(listener: EndpointsListener): () => void {
    this.listeners.push(listener);
    return () => {
      const at = this.listeners.indexOf(listener);
      if (at >= 0) this.listeners.splice(at, 1);
    };
  }

  private put(slice: T): void {
    const key = serviceKeyOfSlice(slice);
    if (key === undefined) return;
    const byName = this.slices.get(key) ?? new Map<string, T>();
    byName.set(slice.metadata?.name ?? '', slice);
    this.slices.set(key, byName);
    this.changed(key);
  }

  private remove(slice: T): void {
    const key = serviceKeyOfSlice(slice);
    if (key === undefined) return;
    const byName = this.slices.get(key);
    byName?.delete(slice.metadata?.name ?? '');
    if (byName?.size === 0) this.slices.delete(key);
    this.changed(key);
  }

  /** Drops the Service's memo and tells listeners when its default endpoints differ. */
  private changed(key: string): void {
    const before = this.memo.get(key)?.get('');
    this.memo.delete(key);
    const [namespace = '', service = ''] = key.split('/');
    if (before !== undefined && sameEndpoints(before, this.endpoints(namespace, service))) return;
    for (const listener of this.listeners) listener(key);
  }
}
