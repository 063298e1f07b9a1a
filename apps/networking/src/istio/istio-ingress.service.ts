// The Istio translator's I/O shell (on with EBB_ISTIO_INGRESS): informers of VirtualServices,
// Istio Gateways and Services (a Gateway's selector finds the Service fronting its pods), the
// config-istio and config-network store, Secrets read and copied on demand (only Ingresses with
// TLS name any), the prober, and the reconciler runtime over the gateway's own Ingress informer.
// It reconciles only while this replica holds the networking Lease (the same leader that writes
// the built-in gateway's Ingress status). A change to a VirtualService or Gateway enqueues the
// Ingress that controls it, a config change every Ingress, a finished probe its Ingress.
// Readiness check `istio` is true once its informers and the config synced.
import { INGRESS_KIND, isIngressReady, IstioResources, KnativeResources, NETWORKING_GROUP, type Gateway, type Ingress, type VirtualService } from '@ebb/api';
import { defaultIstioConfig, defaultNetworkConfig, ISTIO_CONFIG_NAME, NETWORK_CONFIG_NAME, parseIstioConfig, parseNetworkConfig, type IstioConfig, type NetworkConfig } from '@ebb/config';
import { collectionPath, ConfigMapStore, Controller, enqueueControllerOwner, EventRecorder, Informer, KubeResources, ResourceClient, type LeaderGate } from '@ebb/kube';
import { LOGGER, ReadinessService } from '@ebb/observability';
import type { KubeConfig, V1Secret, V1Service } from '@kubernetes/client-node';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ClusterState } from '../cluster/cluster-state.service.js';
import { IngressProber } from './ingress-prober.js';
import { isIstioClass, IstioIngressReconciler, type SecretAccess } from './istio-ingress.reconciler.js';
import { probeTargets } from './resources/probe-targets.js';
import type { SecretLike } from './resources/secret.js';

/** Injection token of the {@link IstioIngressWiring}. */
export const ISTIO_INGRESS_WIRING = Symbol('ebb.networking.istio');

/** What the translator is built from. */
export interface IstioIngressWiring {
  readonly kubeConfig: KubeConfig;
  /** The gateway's cluster state: its Ingress informer and EndpointSlices are shared. */
  readonly cluster: ClusterState;
  /** The networking Lease. */
  readonly leader: LeaderGate;
  /** The namespace of config-istio and config-network. */
  readonly systemNamespace: string;
}

/** Name of the readiness check. */
export const ISTIO_READINESS_CHECK = 'istio';

interface IstioMaps {
  [ISTIO_CONFIG_NAME]: IstioConfig;
  [NETWORK_CONFIG_NAME]: NetworkConfig;
}

/** Whether a copy already holds what `want` sets. */
function sameCopy(existing: V1Secret, want: SecretLike): boolean {
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? {}) === JSON.stringify(b ?? {});
  return same(existing.data, want.data) && (existing.type ?? '') === (want.type ?? '') && same(existing.metadata?.labels, want.metadata?.labels) && same(existing.metadata?.annotations, want.metadata?.annotations);
}

/** Secrets through the API: origins read, copies created or updated. */
function secretAccess(client: ResourceClient<V1Secret>): SecretAccess {
  return {
    get: (namespace, name) => client.get(namespace, name),
    apply: async (copy) => {
      const existing = await client.get(copy.metadata?.namespace, copy.metadata?.name ?? '');
      if (existing === undefined) await client.create(copy);
      else if (!sameCopy(existing, copy)) await client.update({ ...existing, data: { ...copy.data }, type: copy.type ?? '', metadata: { ...existing.metadata, labels: { ...copy.metadata?.labels }, annotations: { ...copy.metadata?.annotations } } });
    },
  };
}

/** Runs the Istio translator (see the file comment). */
@Injectable()
export class IstioIngressService implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly virtualServices: Informer<VirtualService>;
  readonly gateways: Informer<Gateway>;
  readonly services: Informer<V1Service>;
  private readonly store: ConfigMapStore<IstioMaps>;
  private readonly events: EventRecorder;
  private readonly prober: IngressProber;
  private readonly controller: Controller<Ingress>;
  private readonly cluster: ClusterState;
  private started = false;

  constructor(@Inject(ISTIO_INGRESS_WIRING) wiring: IstioIngressWiring, @Inject(LOGGER) private readonly logger: Logger, @Inject(ReadinessService) readiness: ReadinessService) {
    const { kubeConfig, cluster, systemNamespace: namespace } = wiring;
    const log = logger.child({ subsystem: 'istio' });
    this.cluster = cluster;
    this.virtualServices = new Informer<VirtualService>(kubeConfig, { path: collectionPath(IstioResources.virtualService) }, log);
    this.gateways = new Informer<Gateway>(kubeConfig, { path: collectionPath(IstioResources.gateway) }, log);
    this.services = new Informer<V1Service>(kubeConfig, { path: collectionPath(KubeResources.service) }, log);
    this.store = new ConfigMapStore<IstioMaps>({
      kubeConfig,
      namespace,
      entries: {
        [ISTIO_CONFIG_NAME]: { parse: (data) => parseIstioConfig(data, namespace), defaults: () => defaultIstioConfig(namespace) },
        [NETWORK_CONFIG_NAME]: { parse: parseNetworkConfig, defaults: defaultNetworkConfig },
      },
      logger: log.child({ subsystem: 'config' }),
    });
    this.events = new EventRecorder(kubeConfig, { component: 'networking-istio' }, log);
    this.prober = new IngressProber({
      onReady: (key, targets) => {
        log.info({ ingress: key, targets }, 'every gateway pod serves the ingress');
        this.controller.enqueueKey(key);
      },
    });
    const client = new ResourceClient<Ingress>(kubeConfig, KnativeResources.ingress);
    this.controller = new Controller<Ingress>({ name: 'istio-ingress', informer: cluster.ingresses, client, reconciler: this.reconciler(kubeConfig), events: this.events, logger: log, leader: wiring.leader });
    const owner = enqueueControllerOwner(this.controller, { group: NETWORKING_GROUP, kind: INGRESS_KIND });
    for (const informer of [this.virtualServices, this.gateways] as Informer<VirtualService | Gateway>[]) {
      informer.on('update', owner);
      informer.on('delete', owner);
    }
    cluster.ingresses.on('delete', (ingress) => this.prober.cancel(`${ingress.metadata?.namespace ?? ''}/${ingress.metadata?.name ?? ''}`));
    this.store.onChange(() => this.enqueueAll());
    // Gateway pods came or went: probe what is not Ready yet against the new set.
    cluster.endpoints.onChange((key) => {
      if (this.frontsGateway(key)) this.enqueueUnready();
    });
    readiness.register(ISTIO_READINESS_CHECK, () => this.started);
  }

  private reconciler(kubeConfig: KubeConfig): IstioIngressReconciler {
    return new IstioIngressReconciler({
      config: () => ({ istio: this.store.get(ISTIO_CONFIG_NAME), clusterLocalTls: this.store.get(NETWORK_CONFIG_NAME).clusterLocalDomainTls }),
      virtualServices: { lister: this.virtualServices, writer: new ResourceClient<VirtualService>(kubeConfig, IstioResources.virtualService) },
      gateways: { lister: this.gateways, writer: new ResourceClient<Gateway>(kubeConfig, IstioResources.gateway) },
      secrets: secretAccess(new ResourceClient<V1Secret>(kubeConfig, KubeResources.secret)),
      service: (namespace, name) => this.services.get(name, namespace),
      probeTargets: (ingress, config) =>
        probeTargets({
          config,
          ingress,
          gateway: (namespace, name) => this.gateways.get(name, namespace),
          services: this.services.list(),
          endpoints: (namespace, service, port) => this.cluster.endpoints.endpoints(namespace, service, port),
        }),
      prober: this.prober,
    });
  }

  onApplicationBootstrap(): void {
    void this.run().catch((error: unknown) => this.logger.error({ err: error }, 'the Istio translator did not start'));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.controller.stop();
    this.prober.close();
    this.virtualServices.stop();
    this.gateways.stop();
    this.services.stop();
    this.store.stop();
    await this.events.flush();
  }

  private async run(): Promise<void> {
    await this.store.start();
    await Promise.all([this.virtualServices.start(), this.gateways.start(), this.services.start()]);
    while (!this.cluster.synced) await sleep(50);
    this.controller.start();
    this.started = true;
    this.logger.info({ virtualServices: this.virtualServices.list().length, gateways: this.gateways.list().length }, 'istio translator started');
  }

  private enqueueAll(): void {
    for (const ingress of this.cluster.ingresses.list()) this.controller.enqueue(ingress);
  }

  private enqueueUnready(): void {
    for (const ingress of this.cluster.ingresses.list()) if (isIstioClass(ingress) && !isIngressReady(ingress)) this.controller.enqueue(ingress);
  }

  /** Whether the Service `namespace/name` fronts gateway pods: its labels match some Gateway's selector. */
  private frontsGateway(key: string): boolean {
    const [namespace = '', name = ''] = key.split('/');
    const labels = this.services.get(name, namespace)?.metadata?.labels ?? {};
    return this.gateways.list().some((gateway) => {
      const selector = Object.entries(gateway.spec?.selector ?? {});
      return selector.length > 0 && selector.every(([label, value]) => labels[label] === value);
    });
  }
}
