// What the gateway knows of the cluster, kept by four informers: Ingresses (all namespaces) →
// the routing table, rebuilt once per burst of events; discovery.k8s.io/v1 EndpointSlices →
// ready endpoints per Service (revisions' private Services, the gateway's own Service and the
// activator's); serving.knative.dev/v1 Revisions → per-revision timeouts and
// containerConcurrency; ServerlessServices → each revision's serving mode (pods or activator).
// With EBB_GATEWAY_ISTIO_GATEWAYS a fifth, of Istio VirtualServices (all namespaces), adds the
// routes of those bound to the named Gateways for hosts no Ingress has (virtual-service-table.ts);
// without it nothing watches VirtualServices (the base RBAC does not grant them).
// Readiness check `informers` is true once all of them have synced.
import { IstioResources, KnativeResources, privateServiceName, type Ingress, type Revision, type ServerlessService, type VirtualService } from '@ebb/api';
import { EndpointsTracker, revisionTimeouts, sliceAssignment, type Endpoint, type RequestTimeouts, type SliceAssignment } from '@ebb/dataplane';
import { collectionPath, Informer, KubeResources } from '@ebb/kube';
import { LOGGER, ReadinessService } from '@ebb/observability';
import type { KubeConfig, V1EndpointSlice } from '@kubernetes/client-node';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { chooseUpstream, type UpstreamChoice } from '../gateway/upstream-choice.js';
import { buildRoutingTable, type RoutingTable } from '../routing-table/routing-table.js';
import { gatewayDomainInternal } from '../status/ingress-status.js';
import { buildVirtualServiceTable, combineTables } from '../routing-table/virtual-service-table.js';

/** Injection token of the app's KubeConfig. */
export const KUBE_CONFIG = Symbol('ebb.networking.kube-config');
/** Injection token of the {@link SystemServices}. */
export const SYSTEM_SERVICES = Symbol('ebb.networking.system-services');

/** Where Ebb's activator runs (its Service's ready endpoints take the requests of proxied revisions), and what the gateway itself is. */
export interface SystemServices {
  readonly namespace: string;
  readonly activatorService: string;
  /** The gateway's own Service and this replica's pod IP in it ('' : not known). */
  readonly gatewayService: string;
  readonly podIp: string;
  /** The qualified Istio Gateways this replica acts as (EBB_GATEWAY_ISTIO_GATEWAYS); empty: no VirtualServices. */
  readonly istioGateways: readonly string[];
}
/** Name of the drain condition: this replica is gone from the gateway Service's ready endpoints. */
export const ENDPOINT_GONE_DRAIN_CONDITION = 'endpoint-gone';
/** Name of the readiness check: true once every informer synced. */
export const INFORMERS_READINESS_CHECK = 'informers';

/** Collection paths the gateway watches. */
export const WATCHED = {
  ingresses: collectionPath(KnativeResources.ingress),
  endpointSlices: collectionPath(KubeResources.endpointSlice),
  revisions: collectionPath(KnativeResources.revision),
  serverlessServices: collectionPath(KnativeResources.serverlessService),
  /** Only with EBB_GATEWAY_ISTIO_GATEWAYS. */
  virtualServices: collectionPath(IstioResources.virtualService),
} as const;

/** The cluster as the gateway sees it. */
@Injectable()
export class ClusterState implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly ingresses: Informer<Ingress>;
  readonly slices: Informer<V1EndpointSlice>;
  readonly revisions: Informer<Revision>;
  readonly serverlessServices: Informer<ServerlessService>;
  /** VirtualServices, only while acting as Istio Gateways. */
  readonly virtualServices: Informer<VirtualService> | undefined;
  readonly endpoints: EndpointsTracker<V1EndpointSlice>;
  /** The VirtualService problems of the current table, logged already (each once while it lasts). */
  private reported = new Set<string>();
  private current: RoutingTable = new Map();
  private rebuildScheduled = false;
  private readonly tableListeners: (() => void)[] = [];
  private readonly timeoutsOf = new WeakMap<Revision, RequestTimeouts>();
  private readonly defaultTimeouts = revisionTimeouts(undefined);

  constructor(
    @Inject(KUBE_CONFIG) kubeConfig: KubeConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(ReadinessService) readiness: ReadinessService,
    @Inject(SYSTEM_SERVICES) private readonly system: SystemServices,
  ) {
    this.ingresses = new Informer<Ingress>(kubeConfig, { path: WATCHED.ingresses }, logger);
    this.slices = new Informer<V1EndpointSlice>(kubeConfig, { path: WATCHED.endpointSlices }, logger);
    this.revisions = new Informer<Revision>(kubeConfig, { path: WATCHED.revisions }, logger);
    this.serverlessServices = new Informer<ServerlessService>(kubeConfig, { path: WATCHED.serverlessServices }, logger);
    this.virtualServices = system.istioGateways.length === 0 ? undefined : new Informer<VirtualService>(kubeConfig, { path: WATCHED.virtualServices }, logger);
    this.endpoints = new EndpointsTracker(this.slices);
    for (const informer of [this.ingresses, this.virtualServices]) this.rebuildOnChange(informer);
    readiness.register(INFORMERS_READINESS_CHECK, () => this.synced);
    // After SIGTERM: done draining once the gateway Service (what the load balancer sends to) no
    // longer lists this replica as ready; requests in flight finish in the listener's own drain.
    if (system.podIp !== '') readiness.registerDrainCondition(ENDPOINT_GONE_DRAIN_CONDITION, () => !this.listsSelf());
  }

  private rebuildOnChange(informer: Informer<Ingress> | Informer<VirtualService> | undefined): void {
    const rebuild = (): void => this.scheduleRebuild();
    informer?.on('add', rebuild);
    informer?.on('update', rebuild);
    informer?.on('delete', rebuild);
  }

  /** Whether the gateway Service's slices list this replica as a ready endpoint (assumed while the slices are not synced). */
  private listsSelf(): boolean {
    if (!this.slices.synced) return true;
    return this.endpoints.listsReady(this.system.namespace, this.system.gatewayService, this.system.podIp);
  }

  /** True once every informer listed its collection. */
  get synced(): boolean {
    return this.informers().every((informer) => informer.synced);
  }

  /** Every informer running (the VirtualServices' only while acting as Istio Gateways). */
  private informers(): readonly { readonly synced: boolean; start(): Promise<void>; stop(): void }[] {
    return [this.ingresses, this.slices, this.revisions, this.serverlessServices, ...(this.virtualServices === undefined ? [] : [this.virtualServices])];
  }

  /** The current routing table. */
  get table(): RoutingTable {
    return this.current;
  }

  /** Called after each rebuild of the routing table. */
  onTableChange(listener: () => void): void {
    this.tableListeners.push(listener);
  }

  /** The ready endpoints of a revision (its private Service's slices). */
  revisionEndpoints(namespace: string, revision: string): readonly Endpoint[] {
    return this.endpoints.endpoints(namespace, privateServiceName(revision));
  }

  /** This gateway's share of pods with a containerConcurrency: its place among the gateway Service's ready endpoints (see pod-queues.ts). */
  gatewayAssignment(): SliceAssignment {
    return sliceAssignment(this.system.podIp, this.endpoints.endpoints(this.system.namespace, this.system.gatewayService));
  }

  /** Where a revision's requests go now: its pods (Serve) or the activators (Proxy), see {@link chooseUpstream}. */
  upstream(namespace: string, revision: string): UpstreamChoice {
    const mode = this.serverlessServices.get(revision, namespace)?.spec?.mode;
    return chooseUpstream(mode, this.revisionEndpoints(namespace, revision), this.endpoints.endpoints(this.system.namespace, this.system.activatorService));
  }

  /** The revision's containerConcurrency (0 = unlimited, also while it is unknown). */
  containerConcurrency(namespace: string, revision: string): number {
    return this.revisions.get(revision, namespace)?.spec?.containerConcurrency ?? 0;
  }

  /** The timeouts of a revision's requests (the defaults while it is unknown). */
  timeouts(namespace: string, revision: string): RequestTimeouts {
    const object = this.revisions.get(revision, namespace);
    if (object === undefined) return this.defaultTimeouts;
    let found = this.timeoutsOf.get(object);
    if (found === undefined) {
      found = revisionTimeouts(object.spec);
      this.timeoutsOf.set(object, found);
    }
    return found;
  }

  onApplicationBootstrap(): void {
    const started = Date.now();
    void Promise.all(this.informers().map((informer) => informer.start())).then(() => {
      this.rebuild();
      this.logger.info({ ms: Date.now() - started, ingresses: this.ingresses.list().length, virtualServices: this.virtualServices?.list().length }, 'informers synced');
    });
  }

  onApplicationShutdown(): void {
    for (const informer of this.informers()) informer.stop();
  }

  /** Coalesces a burst of Ingress (and VirtualService) events into one rebuild. */
  private scheduleRebuild(): void {
    if (this.rebuildScheduled) return;
    this.rebuildScheduled = true;
    setImmediate(() => {
      this.rebuildScheduled = false;
      this.rebuild();
    });
  }

  private rebuild(): void {
    this.current = this.withVirtualServices(buildRoutingTable(this.ingresses.list(), gatewayDomainInternal(this.system.gatewayService, this.system.namespace)));
    for (const listener of this.tableListeners) listener();
  }

  /** The Ingress table plus the VirtualServices' hosts it lacks; a problem with them is logged when it appears. */
  private withVirtualServices(ingressTable: RoutingTable): RoutingTable {
    if (this.virtualServices === undefined) return ingressTable;
    const built = buildVirtualServiceTable(this.virtualServices.list(), this.system.istioGateways);
    for (const problem of built.problems) {
      if (!this.reported.has(problem)) this.logger.warn({ problem }, 'VirtualService not served as Istio would');
    }
    this.reported = new Set(built.problems);
    return combineTables(ingressTable, built.table);
  }
}
