// What the activator knows of the cluster, kept by two informers: serving.knative.dev/v1
// Revisions → one RevisionThrottler per revision, made when the Revision appears (so requests
// queue instead of 404 while its pods come up) and closed when it is deleted, with its
// containerConcurrency and timeouts; discovery.k8s.io/v1 EndpointSlices → the pods of each
// revision's private Service, and the activator replicas of EBB_ACTIVATOR_SERVICE (this
// replica's slice of the pods when CC > 0). The pods given to a throttler are those Kubernetes
// marks ready (trusted without probing) and the not-ready ones whose probe by this activator
// passed (AUTOSCALING.md §6.3: a RevisionProber per revision probes its not-ready pods while it
// has requests waiting or had one within a few seconds). Every slice change and every passed
// probe is pushed to the throttler at once: a request waiting for a pod goes the moment the pod
// answers, without waiting for the kubelet's readiness period. Readiness check `informers` is
// true once both informers synced.
import { KnativeResources, privateServiceName, type Revision } from '@ebb/api';
import { endpointKey, EndpointsTracker, revisionTimeouts, serviceKey, sliceAssignment, TAKE_ALL, type RequestTimeouts, type RevisionThrottler, type SliceAssignment } from '@ebb/dataplane';
import { collectionPath, Informer, KubeResources } from '@ebb/kube';
import { LOGGER, ReadinessService } from '@ebb/observability';
import type { KubeConfig, V1EndpointSlice } from '@kubernetes/client-node';
import { Inject, Injectable, Optional, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import type { ActivatorListenerConfig } from '../activator-config.js';
import { DEFAULT_PROBE_SETTINGS, PROBE_SETTINGS, type ProbeSettings } from '../probing/probe-config.js';
import { ProbeMetrics } from '../probing/probe-metrics.js';
import { makeProbeSpec } from '../probing/probe-spec.js';
import { probeEndpoint } from '../probing/probe-transport.js';
import { RevisionProber, SYSTEM_PROBE_CLOCK } from '../probing/revision-prober.js';
import { DemandThrottler } from './demand-throttler.js';
import { revisionPods } from './revision-pods.js';

/** Injection token of the app's KubeConfig. */
export const KUBE_CONFIG = Symbol('ebb.activator.kube-config');
/** Injection token of the {@link ActivatorListenerConfig}. */
export const ACTIVATOR_SETTINGS = Symbol('ebb.activator.settings');
/** Name of the readiness check: true once every informer synced. */
export const INFORMERS_READINESS_CHECK = 'informers';

/** One revision the activator can serve. */
export interface RevisionBackend {
  readonly namespace: string;
  readonly name: string;
  readonly throttler: RevisionThrottler;
  /** The revision's request timeouts. */
  timeouts: RequestTimeouts;
  /** `namespace/<rev>-private`: the Service whose slices list its pods. */
  readonly podsKey: string;
}

/** The containerConcurrency of a Revision (0 when unset). */
function containerConcurrency(revision: Revision): number {
  return revision.spec?.containerConcurrency ?? 0;
}

function revisionKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/** A backend and the prober of its not-ready pods. */
interface TrackedBackend extends RevisionBackend {
  readonly prober: RevisionProber;
}

/** Name of the drain condition: this pod is gone from the activator Service's ready endpoints. */
export const ENDPOINT_GONE_DRAIN_CONDITION = 'endpoint-gone';

/** Throttlers per revision, fed by the Revision and EndpointSlice informers. */
@Injectable()
export class RevisionBackends implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  readonly revisions: Informer<Revision>;
  readonly slices: Informer<V1EndpointSlice>;
  readonly endpoints: EndpointsTracker<V1EndpointSlice>;
  private readonly backends = new Map<string, TrackedBackend>();
  /** Revision key by its private Service key. */
  private readonly byPodsKey = new Map<string, string>();
  private readonly activatorsKey: string;
  private assignment: SliceAssignment = TAKE_ALL;
  private probeMetrics: ProbeMetrics | undefined;
  // Property-injected (set before onModuleInit, long before the informers start): the metrics
  // registry and the optional probe settings.
  @Inject(Registry) private readonly registry!: Registry;
  @Optional() @Inject(PROBE_SETTINGS) private readonly probeSettings: ProbeSettings | undefined;

  constructor(
    @Inject(KUBE_CONFIG) kubeConfig: KubeConfig,
    @Inject(ACTIVATOR_SETTINGS) private readonly settings: ActivatorListenerConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(ReadinessService) readiness: ReadinessService,
  ) {
    this.revisions = new Informer<Revision>(kubeConfig, { path: collectionPath(KnativeResources.revision) }, logger);
    this.slices = new Informer<V1EndpointSlice>(kubeConfig, { path: collectionPath(KubeResources.endpointSlice) }, logger);
    this.endpoints = new EndpointsTracker(this.slices);
    this.activatorsKey = serviceKey(settings.systemNamespace, settings.service);
    this.revisions.on('add', (revision) => this.upsert(revision));
    this.revisions.on('update', (revision) => this.upsert(revision));
    this.revisions.on('delete', (revision) => this.remove(revision));
    this.endpoints.onChange((key) => this.endpointsChanged(key), { notReady: true });
    readiness.register(INFORMERS_READINESS_CHECK, () => this.synced);
    // After SIGTERM: done draining once the activator Service no longer lists this pod as ready
    // (the gateways stop sending then); requests in flight finish in the listener's own drain.
    if (settings.podIp !== '') readiness.registerDrainCondition(ENDPOINT_GONE_DRAIN_CONDITION, () => !this.listsSelf());
  }

  /** Whether the activator Service's slices list this pod as a ready endpoint (assumed while the slices are not synced). */
  private listsSelf(): boolean {
    if (!this.slices.synced) return true;
    return this.endpoints.listsReady(this.settings.systemNamespace, this.settings.service, this.settings.podIp);
  }

  /** True once both informers listed their collection. */
  get synced(): boolean {
    return this.revisions.synced && this.slices.synced;
  }

  /** The backend of a revision, or undefined for a revision the activator does not know. */
  get(namespace: string, name: string): RevisionBackend | undefined {
    return this.backends.get(revisionKey(namespace, name));
  }

  /** Every known revision's backend. */
  all(): IterableIterator<RevisionBackend> {
    return this.backends.values();
  }

  /** The `address:port` keys of every pod that may take traffic: ready ones of every Service, and probed-healthy ones (for closing pools of pods that left). */
  allEndpointKeys(): Set<string> {
    const keys = this.endpoints.allEndpointKeys();
    for (const backend of this.backends.values()) for (const endpoint of backend.prober.healthy) keys.add(endpointKey(endpoint));
    return keys;
  }

  onModuleInit(): void {
    this.probeMetrics = new ProbeMetrics(this.registry);
  }

  onApplicationBootstrap(): void {
    const started = Date.now();
    void Promise.all([this.revisions.start(), this.slices.start()]).then(() => {
      this.logger.info({ ms: Date.now() - started, revisions: this.backends.size, assignment: this.assignment }, 'informers synced');
    });
  }

  onApplicationShutdown(): void {
    this.revisions.stop();
    this.slices.stop();
    for (const backend of this.backends.values()) backend.prober.close();
  }

  private upsert(revision: Revision): void {
    const namespace = revision.metadata?.namespace ?? '';
    const name = revision.metadata?.name ?? '';
    const key = revisionKey(namespace, name);
    const existing = this.backends.get(key);
    if (existing !== undefined) {
      existing.throttler.updateContainerConcurrency(containerConcurrency(revision));
      existing.timeouts = revisionTimeouts(revision.spec);
      existing.prober.setSpec(makeProbeSpec(revision));
      return;
    }
    const backend = this.makeBackend(namespace, name, revision);
    this.backends.set(key, backend);
    this.byPodsKey.set(backend.podsKey, key);
    this.slicesChanged(backend);
  }

  /** A backend: its throttler tells its prober of each request; its prober's passed probes update the throttler's pods. */
  private makeBackend(namespace: string, name: string, revision: Revision): TrackedBackend {
    const prober = new RevisionProber({
      transport: probeEndpoint,
      clock: SYSTEM_PROBE_CLOCK,
      settings: this.probeSettings ?? DEFAULT_PROBE_SETTINGS,
      waiting: () => throttler.waiting,
      onHealthy: () => this.updatePods(backend),
      onResult: (ok) => this.probeMetrics?.result(ok),
    });
    prober.setSpec(makeProbeSpec(revision));
    const throttler = new DemandThrottler({ containerConcurrency: containerConcurrency(revision), queueDepth: this.settings.queueDepth }, () => prober.noteRequest());
    const backend: TrackedBackend = {
      namespace,
      name,
      throttler,
      timeouts: revisionTimeouts(revision.spec),
      podsKey: serviceKey(namespace, privateServiceName(name)),
      prober,
    };
    return backend;
  }

  private remove(revision: Revision): void {
    const key = revisionKey(revision.metadata?.namespace ?? '', revision.metadata?.name ?? '');
    const backend = this.backends.get(key);
    if (backend === undefined) return;
    this.backends.delete(key);
    this.byPodsKey.delete(backend.podsKey);
    backend.prober.close();
    backend.throttler.close();
  }

  private endpointsChanged(key: string): void {
    if (key === this.activatorsKey) {
      this.assignment = sliceAssignment(this.settings.podIp, this.endpoints.endpoints(this.settings.systemNamespace, this.settings.service));
      for (const backend of this.backends.values()) this.updatePods(backend);
      return;
    }
    const revision = this.byPodsKey.get(key);
    const backend = revision === undefined ? undefined : this.backends.get(revision);
    if (backend !== undefined) this.slicesChanged(backend);
  }

  /** The revision's slices changed: its prober learns the not-ready pods, then its throttler the pods. */
  private slicesChanged(backend: TrackedBackend): void {
    backend.prober.updateEndpoints(this.endpoints.notReadyEndpoints(backend.namespace, privateServiceName(backend.name)));
    this.updatePods(backend);
  }

  /** Gives the throttler the ready pods and the probed-healthy ones. */
  private updatePods(backend: TrackedBackend): void {
    const ready = this.endpoints.endpoints(backend.namespace, privateServiceName(backend.name));
    backend.throttler.updateEndpoints(revisionPods(ready, backend.prober.healthy), this.assignment);
  }
}
