// The I/O side of endpoint tracking: listens to an informer of discovery.k8s.io/v1
// EndpointSlices (all namespaces, or one), keeps the slices of each Service indexed by the
// `kubernetes.io/service-name` label, and answers "ready endpoints of namespace/service" from a
// per-Service memo that a slice event of that Service invalidates; likewise its not-ready
// endpoints (pods still starting, for the activator's own probing). Listeners hear which Service
// changed its ready endpoints (e.g. to re-probe gateway replicas); listeners registered with
// `notReady: true` also hear changes of its not-ready endpoints.
import { endpointKey, notReadyEndpoints, readyEndpoints, sameEndpoints, serviceKey, serviceKeyOfSlice, type Endpoint, type EndpointSliceLike } from './endpoints.js';

/** What the tracker needs of an informer (`Informer<V1EndpointSlice>` from @ebb/kube fits). */
export interface SliceSource<T extends EndpointSliceLike> {
  on(event: 'add' | 'update' | 'delete', handler: (object: T, old?: T) => void): void;
}

/** Called with the `namespace/service` key whose ready endpoints changed. */
export type EndpointsListener = (key: string) => void;

/** What a listener hears about. */
export interface EndpointsListenerOptions {
  /** Also changes of the Service's not-ready endpoints (on its serving port); default false. */
  readonly notReady?: boolean;
}

/** Memoised endpoints per Service key, then per port name (`''` for the serving port). */
type Memo = Map<string, Map<string, readonly Endpoint[]>>;

/** The memoised value of `key`/`portName`, computed by `make` when missing. */
function memoised(memo: Memo, key: string, portName: string | undefined, make: () => readonly Endpoint[]): readonly Endpoint[] {
  let byPort = memo.get(key);
  if (byPort === undefined) {
    byPort = new Map();
    memo.set(key, byPort);
  }
  let found = byPort.get(portName ?? '');
  if (found === undefined) {
    found = make();
    byPort.set(portName ?? '', found);
  }
  return found;
}

/** Whether `now` is the list memoised `before` (none before: changed). */
function unchanged(before: readonly Endpoint[] | undefined, now: readonly Endpoint[]): boolean {
  return before !== undefined && sameEndpoints(before, now);
}

/** Ready (and not-ready) endpoints per Service from an EndpointSlice informer. */
export class EndpointsTracker<T extends EndpointSliceLike = EndpointSliceLike> {
  /** Slices per Service key, by slice name. */
  private readonly slices = new Map<string, Map<string, T>>();
  /** Memoised ready endpoints per Service key, then per port name (`''` for the serving port). */
  private readonly memo: Memo = new Map();
  /** Memoised not-ready endpoints, keyed the same way. */
  private readonly notReadyMemo: Memo = new Map();
  private readonly listeners: EndpointsListener[] = [];
  private readonly notReadyListeners: EndpointsListener[] = [];

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
    return memoised(this.memo, key, portName, () => readyEndpoints(this.slicesOf(key), portName));
  }

  /** The not-ready, not-terminating endpoints of a Service (see {@link notReadyEndpoints}); sorted, deduplicated. */
  notReadyEndpoints(namespace: string, service: string, portName?: string): readonly Endpoint[] {
    const key = serviceKey(namespace, service);
    return memoised(this.notReadyMemo, key, portName, () => notReadyEndpoints(this.slicesOf(key), portName));
  }

  /** Whether the Service lists `address` among its ready endpoints (e.g. a replica looking for itself). */
  listsReady(namespace: string, service: string, address: string): boolean {
    return this.endpoints(namespace, service).some((endpoint) => endpoint.address === address);
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

  /** Registers a listener for changes of a Service's ready endpoints (and not-ready ones with `notReady`); returns an unsubscribe. */
  onChange(listener: EndpointsListener, options: EndpointsListenerOptions = {}): () => void {
    const listeners = options.notReady === true ? this.notReadyListeners : this.listeners;
    listeners.push(listener);
    return () => {
      const at = listeners.indexOf(listener);
      if (at >= 0) listeners.splice(at, 1);
    };
  }

  private slicesOf(key: string): T[] {
    return [...(this.slices.get(key)?.values() ?? [])];
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

  /**
   * Drops the Service's memos and tells listeners when its default ready endpoints differ, and
   * `notReady` listeners when its default ready or not-ready endpoints differ.
   */
  private changed(key: string): void {
    const before = this.memo.get(key)?.get('');
    const notReadyBefore = this.notReadyMemo.get(key)?.get('');
    this.memo.delete(key);
    this.notReadyMemo.delete(key);
    this.notify(key, before, notReadyBefore);
  }

  /** Tells the listeners whose endpoints of `key` differ from the ones memoised before. */
  private notify(key: string, before: readonly Endpoint[] | undefined, notReadyBefore: readonly Endpoint[] | undefined): void {
    const [namespace = '', service = ''] = key.split('/');
    const readySame = before !== undefined && sameEndpoints(before, this.endpoints(namespace, service));
    if (!readySame) for (const listener of this.listeners) listener(key);
    if (this.notReadyListeners.length === 0) return;
    // Computed even without a memo before, so the next event compares against it.
    const notReady = this.notReadyEndpoints(namespace, service);
    if (!readySame || !unchanged(notReadyBefore, notReady)) for (const listener of this.notReadyListeners) listener(key);
  }
}
