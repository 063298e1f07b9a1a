// The EndpointSlice controller (SEMANTICS.md §7): keeps each selector Service's EndpointSlices
// equal to its selected pods, their readiness and the host ports they really listen on. The
// decisions are pure (@ebb/workloads desiredSlices / reconcileEndpointSlices); this file is the
// I/O around them: informer handlers queue `namespace/name` Service keys at once (a readiness
// change must reach the slice within a probe period: no polling, no batching), and a sync
// writes only the slices that differ, creates first, deletes last. Like Kubernetes'
// endpointSliceTracker it remembers its own writes and waits for the slice informer to show
// them before syncing that Service again, so a cache that lags behind never doubles a slice.
import { cacheKey, isApiStatus, splitCacheKey, WorkQueue, type Informer } from '@ebb/kube';
import { desiredSlices, ENDPOINTSLICE_CONTROLLER_NAME, MANAGED_BY_LABEL, reconcileEndpointSlices, selectsPod, SERVICE_NAME_LABEL, type SliceChanges } from '@ebb/workloads';
import { DiscoveryV1Api, type V1EndpointSlice, type V1Pod, type V1Service } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { Controller, ControllerDeps } from './controller.js';
import { COLLECTIONS } from './informers.js';

const CONTROLLER_NAME = 'endpointslice-controller';
/** A sync put off until its own writes show is retried after this long even without an event. */
const STALE_RECHECK_MS = 1000;
/** An own write the informer has not shown after this long is no longer waited for. */
const EXPECTATION_TTL_MS = 10_000;

/** The slice writes the controller makes. */
type SliceApi = Pick<DiscoveryV1Api, 'createNamespacedEndpointSlice' | 'replaceNamespacedEndpointSlice' | 'deleteNamespacedEndpointSlice'>;

/** What one own write expects the informer to show: the slice at ≥ `resourceVersion`, or gone (`undefined`). */
interface Expectation {
  readonly resourceVersion: string | undefined;
  readonly until: number;
}



/** The Service a slice managed by this controller belongs to, if it is one. */
function managedServiceOf(slice: V1EndpointSlice | undefined): string | undefined {
  const labels = slice?.metadata?.labels ?? {};
  return labels[MANAGED_BY_LABEL] === ENDPOINTSLICE_CONTROLLER_NAME ? labels[SERVICE_NAME_LABEL] : undefined;
}

/** Whether resourceVersion `seen` is at least `wanted` (numeric when both are; otherwise any change counts). */
function caughtUp(seen: string, wanted: string): boolean {
  if (/^\d+$/.test(seen) && /^\d+$/.test(wanted)) return BigInt(seen) >= BigInt(wanted);
  return true;
}


/** This controller's writes the slice informer has not shown yet, per Service key (endpointSliceTracker). */
class OwnWrites {
  private readonly pending = new Map<string, Map<string, Expectation>>();

  expect(serviceKey: string, sliceName: string, resourceVersion: string | undefined, now: number): void {
    const writes = this.pending.get(serviceKey) ?? new Map<string, Expectation>();
    writes.set(sliceName, { resourceVersion, until: now + EXPECTATION_TTL_MS });
    this.pending.set(serviceKey, writes);
  }

  /** A slice deleted by anyone no longer needs to show a version. */
  forget(serviceKey: string, sliceName: string): void {
    this.pending.get(serviceKey)?.delete(sliceName);
  }

  /** Drops the expectations met by the cache (or expired); true when none is left for the Service. */
  settled(serviceKey: string, cached: (name: string) => V1EndpointSlice | undefined, now: number): boolean {
    const writes = this.pending.get(serviceKey);
    if (writes === undefined) return true;
    for (const [name, expectation] of writes) {
      if (expectation.until <= now || OwnWrites.met(expectation, cached(name))) writes.delete(name);
    }
    if (writes.size > 0) return false;
    this.pending.delete(serviceKey);
    return true;
  }

  private static met(expectation: Expectation, slice: V1EndpointSlice | undefined): boolean {
    if (expectation.resourceVersion === undefined) return slice === undefined;
    return slice !== undefined && caughtUp(slice.metadata?.resourceVersion ?? '', expectation.resourceVersion);
  }
}

/** Keeps EndpointSlices in step with Services and pods. */
export class EndpointSliceController implements Controller {
  private readonly services: Informer<V1Service>;
  private readonly pods: Informer<V1Pod>;
  private readonly slices: Informer<V1EndpointSlice>;
  private readonly api: SliceApi;
  private readonly queue: WorkQueue;
  private readonly writes = new OwnWrites();
  private readonly log: Logger;
  private started = false;

  constructor(private readonly deps: ControllerDeps) {
    this.log = deps.logger.child({ controller: CONTROLLER_NAME });
    this.services = deps.informers.informer<V1Service>(COLLECTIONS.services);
    this.pods = deps.informers.informer<V1Pod>(COLLECTIONS.pods);
    this.slices = deps.informers.informer<V1EndpointSlice>(COLLECTIONS.endpointSlices);
    this.api = deps.kubeConfig.makeApiClient(DiscoveryV1Api);
    this.queue = new WorkQueue((key) => this.sync(key), { name: CONTROLLER_NAME, logger: this.log });
    for (const event of ['add', 'update', 'delete'] as const) {
      this.services.on(event, (service) => this.enqueue(service));
      this.pods.on(event, (pod, old) => this.onPod(pod, old));
    }
    this.slices.on('add', (slice) => this.onSlice(slice));
    this.slices.on('update', (slice, old) => this.onSlice(slice, old));
    this.slices.on('delete', (slice) => this.onSliceDeleted(slice));
  }

  /** Queues every Service once; from now on informer events queue the Services they touch. */
  start(): Promise<void> {
    this.started = true;
    for (const service of this.services.list()) this.enqueue(service);
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.started = false;
    await this.queue.stop();
  }

  idle(): boolean {
    return this.queue.idle();
  }

  private enqueue(service: V1Service): void {
    if (this.started) this.queue.add(cacheKey(service.metadata?.name ?? '', service.metadata?.namespace));
  }

  /** A pod change touches the Services that select it now or selected it before. */
  private onPod(pod: V1Pod, old?: V1Pod): void {
    if (!this.started) return;
    for (const service of this.services.list(pod.metadata?.namespace ?? '')) {
      if (selectsPod(service, pod) || (old !== undefined && selectsPod(service, old))) this.enqueue(service);
    }
  }

  private onSlice(slice: V1EndpointSlice, old?: V1EndpointSlice): void {
    const service = managedServiceOf(slice) ?? managedServiceOf(old);
    if (service !== undefined && this.started) this.queue.add(cacheKey(service, slice.metadata?.namespace));
  }

  private onSliceDeleted(slice: V1EndpointSlice): void {
    const service = managedServiceOf(slice);
    if (service === undefined) return;
    this.writes.forget(cacheKey(service, slice.metadata?.namespace), slice.metadata?.name ?? '');
    this.onSlice(slice);
  }

  /** Brings one Service's slices to what its pods say (none once the Service is gone). */
  private async sync(key: string): Promise<void> {
    const [namespace, name] = splitCacheKey(key);
    const now = this.deps.clock().getTime();
    if (!this.writes.settled(key, (sliceName) => this.slices.get(sliceName, namespace), now)) {
      this.queue.addAfter(key, STALE_RECHECK_MS);
      return;
    }
    const existing = this.slices.list(namespace).filter((slice) => managedServiceOf(slice) === name);
    const service = this.services.get(name, namespace);
    // The local cluster's one node has no zone label, so endpoints carry no zone (no node informer needed).
    const desired = service === undefined ? [] : desiredSlices(service, this.pods.list(namespace));
    const changes = reconcileEndpointSlices(existing, desired);
    try {
      await this.write(key, changes);
    } catch (error) {
      if (service !== undefined && !isApiStatus(error, 409)) this.recordFailure(service, error);
      throw error;
    }
  }

  /** Creates, then updates, then deletes (so readers never see fewer endpoints than there are). */
  private async write(key: string, changes: SliceChanges): Promise<void> {
    for (const body of changes.create) await this.create(key, body);
    for (const body of changes.update) await this.replace(key, body);
    for (const slice of changes.delete) await this.remove(key, slice);
    const [created, updated, deleted] = [changes.create.length, changes.update.length, changes.delete.length];
    if (created + updated + deleted > 0) this.log.debug({ service: key, created, updated, deleted }, 'endpoint slices written');
  }

  private async create(key: string, body: V1EndpointSlice): Promise<void> {
    const created = await this.api.createNamespacedEndpointSlice({ namespace: splitCacheKey(key)[0], body, fieldManager: CONTROLLER_NAME });
    this.expect(key, created.metadata?.name ?? '', created.metadata?.resourceVersion ?? '');
  }

  private async replace(key: string, body: V1EndpointSlice): Promise<void> {
    const name = body.metadata?.name ?? '';
    const replaced = await this.api.replaceNamespacedEndpointSlice({ name, namespace: splitCacheKey(key)[0], body, fieldManager: CONTROLLER_NAME });
    this.expect(key, name, replaced.metadata?.resourceVersion ?? '');
  }

  private async remove(key: string, slice: V1EndpointSlice): Promise<void> {
    const name = slice.metadata?.name ?? '';
    try {
      await this.api.deleteNamespacedEndpointSlice({ name, namespace: splitCacheKey(key)[0] });
    } catch (error) {
      if (!isApiStatus(error, 404)) throw error;
    }
    this.expect(key, name, undefined);
  }

  private expect(key: string, name: string, resourceVersion: string | undefined): void {
    this.writes.expect(key, name, resourceVersion, this.deps.clock().getTime());
  }

  private recordFailure(service: V1Service, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    const [namespace, name] = [service.metadata?.namespace ?? '', service.metadata?.name ?? ''];
    this.deps.events.record({ apiVersion: 'v1', kind: 'Service', ...service }, 'Warning', 'FailedToUpdateEndpointSlices', `Error updating Endpoint Slices for Service ${namespace}/${name}: ${message}`);
  }
}
