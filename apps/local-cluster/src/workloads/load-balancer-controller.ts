// The service load balancer of the local cluster (what k3s' servicelb or a cloud's service
// controller does): for every `type: LoadBalancer` Service, a TCP listener per TCP port on
// 127.0.0.1 (or its loopback `spec.loadBalancerIP`) at the Service `port`, balancing connections
// round robin over the ready endpoints of the Service's EndpointSlices, and then
// `status.loadBalancer.ingress` written through the status subresource. A port that cannot be
// bound leaves the status empty, records a `SyncLoadBalancerFailed` Warning and is retried with
// backoff. A changed port, a type changed away (status cleared) or a deleted Service closes the
// listener; so does stopping the controller (cluster shutdown). The choices are pure
// (load-balancer/listeners.ts, backends.ts); this is the I/O around them.
import { backoffDelay, cacheKey, splitCacheKey, WorkQueue, type Informer } from '@ebb/kube';
import { CoreV1Api, PatchStrategy, setHeaderOptions, type KubeConfig, type V1EndpointSlice, type V1LoadBalancerStatus, type V1Service } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { Controller, ControllerDeps, EventSink, Lister } from './controller.js';
import { COLLECTIONS } from './informers.js';
import { makeBackends, type Backend } from './load-balancer/backends.js';
import { desiredLoadBalancerStatus, listenerKey, makeListeners, sameLoadBalancerStatus, type ListenerSpec } from './load-balancer/listeners.js';
import { TcpProxy } from './load-balancer/tcp-proxy.js';

const CONTROLLER_NAME = 'service-lb-controller';
/** Retry of a port that could not be bound: 1 s, doubling, at most 30 s. */
const BIND_RETRY_BASE_MS = 1000;
const BIND_RETRY_MAX_MS = 30_000;

/** The one API write of the controller. */
export interface LoadBalancerClient {
  /** Sets `status.loadBalancer` (a merge patch of the status subresource; `{}` clears the ingress). */
  patchLoadBalancerStatus(namespace: string, name: string, status: V1LoadBalancerStatus): Promise<void>;
}

/** The client-node implementation of {@link LoadBalancerClient}. */
export function loadBalancerClient(kubeConfig: KubeConfig): LoadBalancerClient {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
  return {
    patchLoadBalancerStatus: async (namespace, name, status) => {
      const loadBalancer = status.ingress === undefined || status.ingress.length === 0 ? { ingress: null } : status;
      await core.patchNamespacedServiceStatus({ namespace, name, body: { status: { loadBalancer } }, fieldManager: CONTROLLER_NAME }, merge);
    },
  };
}

/** A listener that is open. */
export interface OpenListener {
  close(): Promise<void>;
}

/** Opens a listener for `spec` whose connections go to `backends()` (rejects with the listen error). */
export type ListenFunction = (spec: ListenerSpec, backends: () => readonly Backend[]) => Promise<OpenListener>;

/** What the controller needs besides the informers (specs pass their own). */
export interface LoadBalancerDeps {
  readonly client: LoadBalancerClient;
  readonly listen: ListenFunction;
}

/** A bind that failed. */
interface BindFailure {
  readonly spec: ListenerSpec;
  readonly error: unknown;
}

/** The listeners of one Service; `spec` is replaced when only the port name changes. */
interface ServiceListener {
  spec: ListenerSpec;
  readonly listener: OpenListener;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The Warning message for failed binds, in the words of Kubernetes' service controller. */
export function syncFailedMessage(failures: readonly { spec: ListenerSpec; error: unknown }[]): string {
  const ports = failures.map(({ spec, error }) => `port ${spec.port}/TCP on ${spec.host}: ${errorText(error)}`);
  return `Error syncing load balancer: failed to ensure load balancer: ${ports.join('; ')}`;
}

/** Answers `type: LoadBalancer` Services on loopback addresses. */
export class LoadBalancerController implements Controller {
  private readonly services: Informer<V1Service>;
  private readonly slices: Lister<V1EndpointSlice>;
  private readonly queue: WorkQueue;
  private readonly log: Logger;
  private readonly events: EventSink<V1Service>;
  /** Service key → listener key (`host:port`) → the open listener. */
  private readonly open = new Map<string, Map<string, ServiceListener>>();
  /** Service key → consecutive syncs with a failed bind. */
  private readonly bindFailures = new Map<string, number>();
  private readonly io: LoadBalancerDeps;
  private started = false;

  constructor(deps: ControllerDeps, io?: Partial<LoadBalancerDeps>) {
    this.log = deps.logger.child({ controller: CONTROLLER_NAME });
    this.services = deps.informers.informer<V1Service>(COLLECTIONS.services);
    this.slices = deps.informers.informer<V1EndpointSlice>(COLLECTIONS.endpointSlices);
    this.events = { record: (service, type, reason, message) => deps.events.record({ apiVersion: 'v1', kind: 'Service', ...service }, type, reason, message) };
    this.io = {
      client: io?.client ?? loadBalancerClient(deps.kubeConfig),
      listen: io?.listen ?? ((spec, backends): Promise<OpenListener> => TcpProxy.listen({ host: spec.host, port: spec.port, backends, logger: this.log })),
    };
    this.queue = new WorkQueue((key) => this.sync(key), { name: CONTROLLER_NAME, logger: this.log });
    for (const event of ['add', 'update', 'delete'] as const) this.services.on(event, (service) => this.enqueue(service));
  }

  /** Queues every Service once; from now on Service events queue them (endpoints are read per connection). */
  start(): Promise<void> {
    this.started = true;
    for (const service of this.services.list()) this.enqueue(service);
    return Promise.resolve();
  }

  /** Stops the queue, then closes every listener (and its connections). */
  async stop(): Promise<void> {
    this.started = false;
    await this.queue.stop();
    const all = [...this.open.values()].flatMap((listeners) => [...listeners.values()]);
    this.open.clear();
    await Promise.all(all.map(({ listener }) => listener.close()));
  }

  idle(): boolean {
    return this.queue.idle();
  }

  private enqueue(service: V1Service): void {
    if (this.started) this.queue.add(cacheKey(service.metadata?.name ?? '', service.metadata?.namespace));
  }

  /** Brings one Service's listeners and status to what its spec asks. */
  private async sync(key: string): Promise<void> {
    const [namespace, name] = splitCacheKey(key);
    const service = this.services.get(name, namespace);
    const failures = await this.reconcileListeners(key, makeListeners(service));
    if (service === undefined) {
      this.bindFailures.delete(key);
      return;
    }
    if (failures.length > 0) this.bindFailed(key, service, failures);
    else this.bindFailures.delete(key);
    await this.writeStatus(service, desiredLoadBalancerStatus(service, failures.length === 0));
  }

  /** Closes the listeners no longer wanted, opens the missing ones; returns the binds that failed. */
  private async reconcileListeners(key: string, desired: readonly ListenerSpec[]): Promise<BindFailure[]> {
    const current = this.open.get(key) ?? new Map<string, ServiceListener>();
    const wanted = new Set(desired.map(listenerKey));
    for (const [address, entry] of current) {
      if (wanted.has(address)) continue;
      current.delete(address);
      await entry.listener.close();
      this.log.info({ service: key, address }, 'load balancer listener closed');
    }
    const failures: BindFailure[] = [];
    for (const spec of desired) {
      const failure = await this.ensureListener(key, current, spec);
      if (failure !== undefined) failures.push(failure);
    }
    if (current.size === 0) this.open.delete(key);
    else this.open.set(key, current);
    return failures;
  }

  private async ensureListener(key: string, current: Map<string, ServiceListener>, spec: ListenerSpec): Promise<BindFailure | undefined> {
    const address = listenerKey(spec);
    const existing = current.get(address);
    if (existing !== undefined) {
      existing.spec = spec;
      return undefined;
    }
    const [namespace, name] = splitCacheKey(key);
    const entry: { spec: ListenerSpec } = { spec };
    const backends = (): Backend[] => makeBackends(this.slices.list(namespace), { serviceName: name, portName: entry.spec.portName });
    try {
      const listener = await this.io.listen(spec, backends);
      current.set(address, Object.assign(entry, { listener }));
      this.log.info({ service: key, address }, 'load balancer listening');
      return undefined;
    } catch (error) {
      return { spec, error };
    }
  }

  private bindFailed(key: string, service: V1Service, failures: readonly BindFailure[]): void {
    const count = this.bindFailures.get(key) ?? 0;
    this.bindFailures.set(key, count + 1);
    const delayMs = backoffDelay(count, BIND_RETRY_BASE_MS, BIND_RETRY_MAX_MS);
    const message = syncFailedMessage(failures);
    this.log.warn({ service: key, delayMs }, message);
    this.events.record(service, 'Warning', 'SyncLoadBalancerFailed', message);
    this.queue.addAfter(key, delayMs);
  }

  /** Writes `status.loadBalancer` when it differs from `wanted` (undefined: left alone). */
  private async writeStatus(service: V1Service, wanted: V1LoadBalancerStatus | undefined): Promise<void> {
    if (wanted === undefined || sameLoadBalancerStatus(service.status?.loadBalancer, wanted)) return;
    const [namespace, name] = splitCacheKey(cacheKey(service.metadata?.name ?? '', service.metadata?.namespace));
    await this.io.client.patchLoadBalancerStatus(namespace, name, wanted);
    this.recordStatusChange(service, wanted);
  }

  private recordStatusChange(service: V1Service, written: V1LoadBalancerStatus): void {
    if ((written.ingress ?? []).length > 0) this.events.record(service, 'Normal', 'EnsuredLoadBalancer', 'Ensured load balancer');
    else if (service.spec?.type !== 'LoadBalancer') this.events.record(service, 'Normal', 'DeletedLoadBalancer', 'Deleted load balancer');
  }
}
