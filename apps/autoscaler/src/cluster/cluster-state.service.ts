// What the autoscaler knows of the cluster, kept by watches: PodAutoscalers (all namespaces; the
// KPA-class ones are the revisions it scales, PA name = revision name), discovery.k8s.io/v1
// EndpointSlices (ready pods of a revision = ready endpoints of its private Service), and
// `config-autoscaler` in the system namespace (last good value; a refused change is logged with
// its keys by the store and counted here). Readiness check `informers` is true once all synced.
import { AutoscalingAnnotations, KnativeResources, privateServiceName, type PodAutoscaler } from '@ebb/api';
import { AUTOSCALER_CONFIG_NAME, defaultAutoscalerConfig, KPA_CLASS, parseAutoscalerConfig, type AutoscalerConfig } from '@ebb/config';
import { EndpointsTracker } from '@ebb/dataplane';
import { collectionPath, ConfigMapStore, Informer, KubeResources } from '@ebb/kube';
import { LOGGER, ReadinessService } from '@ebb/observability';
import type { KubeConfig, V1EndpointSlice } from '@kubernetes/client-node';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { AutoscalerMetrics } from '../autoscaler-metrics.js';

/** Injection token of the {@link ClusterSettings}. */
export const CLUSTER_SETTINGS = Symbol('ebb.autoscaler.cluster-settings');

/** Where the cluster is and where `config-autoscaler` lives. */
export interface ClusterSettings {
  readonly kubeConfig: KubeConfig;
  /** The namespace of `config-autoscaler` (Ebb's system namespace). */
  readonly systemNamespace: string;
}
/** Name of the readiness check: true once every informer synced. */
export const INFORMERS_READINESS_CHECK = 'informers';

/** The maps the autoscaler reads, by name. */
interface AutoscalerConfigMaps {
  readonly 'config-autoscaler': AutoscalerConfig;
}

/** Hears that a PodAutoscaler is gone. */
export type PodAutoscalerDeleted = (namespace: string, revision: string) => void;

/** Whether a PA is scaled by the KPA: its class annotation, else the config's default class. */
export function isKpa(pa: PodAutoscaler, config: AutoscalerConfig): boolean {
  return (pa.metadata?.annotations?.[AutoscalingAnnotations.Class] ?? config.podAutoscalerClass) === KPA_CLASS;
}

/** The cluster as the autoscaler sees it. */
@Injectable()
export class ClusterState implements OnApplicationShutdown {
  readonly podAutoscalers: Informer<PodAutoscaler>;
  readonly slices: Informer<V1EndpointSlice>;
  readonly endpoints: EndpointsTracker<V1EndpointSlice>;
  private readonly configs: ConfigMapStore<AutoscalerConfigMaps>;
  private readonly deletedListeners: PodAutoscalerDeleted[] = [];
  private started: Promise<void> | undefined;
  private configsSynced = false;

  constructor(
    @Inject(CLUSTER_SETTINGS) settings: ClusterSettings,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(ReadinessService) readiness: ReadinessService,
    @Inject(AutoscalerMetrics) metrics: AutoscalerMetrics,
  ) {
    const { kubeConfig, systemNamespace } = settings;
    this.podAutoscalers = new Informer<PodAutoscaler>(kubeConfig, { path: collectionPath(KnativeResources.podAutoscaler) }, logger);
    this.slices = new Informer<V1EndpointSlice>(kubeConfig, { path: collectionPath(KubeResources.endpointSlice) }, logger);
    this.endpoints = new EndpointsTracker(this.slices);
    const parse: typeof parseAutoscalerConfig = (data) => {
      const result = parseAutoscalerConfig(data);
      if (!result.ok) metrics.configRejected();
      return result;
    };
    this.configs = new ConfigMapStore<AutoscalerConfigMaps>({
      kubeConfig,
      namespace: systemNamespace,
      entries: { [AUTOSCALER_CONFIG_NAME]: { parse, defaults: defaultAutoscalerConfig } },
      logger: logger.child({ subsystem: 'config' }),
    });
    this.podAutoscalers.on('delete', (pa) => {
      const namespace = pa.metadata?.namespace ?? '';
      const revision = pa.metadata?.name ?? '';
      for (const listener of this.deletedListeners) listener(namespace, revision);
    });
    readiness.register(INFORMERS_READINESS_CHECK, () => this.synced);
  }

  /** True once every informer listed its collection. */
  get synced(): boolean {
    return this.podAutoscalers.synced && this.slices.synced && this.configsSynced;
  }

  /** Starts every watch (once); resolves when all synced. */
  start(): Promise<void> {
    const started = Date.now();
    this.started ??= Promise.all([this.podAutoscalers.start(), this.slices.start(), this.configs.start().then(() => (this.configsSynced = true))]).then(() => {
      this.logger.info({ ms: Date.now() - started, podAutoscalers: this.podAutoscalers.list().length }, 'informers synced');
    });
    return this.started;
  }

  /** The current config-autoscaler (last good value, defaults while absent). */
  config(): AutoscalerConfig {
    return this.configs.get(AUTOSCALER_CONFIG_NAME);
  }

  /** The PA of a revision if it is scaled by the KPA under the current config. */
  kpa(namespace: string, revision: string): PodAutoscaler | undefined {
    const pa = this.podAutoscalers.get(revision, namespace);
    return pa !== undefined && isKpa(pa, this.config()) ? pa : undefined;
  }

  /** Every PA scaled by the KPA under the current config. */
  kpas(): PodAutoscaler[] {
    const config = this.config();
    return this.podAutoscalers.list().filter((pa) => isKpa(pa, config));
  }

  /** Ready pods of a revision: the ready endpoints of its private Service. */
  readyPods(namespace: string, revision: string): number {
    return this.endpoints.endpoints(namespace, privateServiceName(revision)).length;
  }

  /** Hears each deleted PodAutoscaler. */
  onPodAutoscalerDeleted(listener: PodAutoscalerDeleted): void {
    this.deletedListeners.push(listener);
  }

  onApplicationShutdown(): void {
    this.podAutoscalers.stop();
    this.slices.stop();
    this.configs.stop();
  }
}
