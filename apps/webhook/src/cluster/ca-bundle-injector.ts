// Keeps the webhook's CA in the caBundle of its webhook configurations (cluster mode). Once the
// admission server has its certificates it publishes the CA here; this then watches the
// Mutating- and ValidatingWebhookConfigurations (informers, plus a periodic re-check of the
// cache) and patches any of the named ones whose caBundle differs — at start, when one is
// created after the webhook, and when someone clears or changes it.
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { collectionPath, Informer, isKubeApiError, PatchType, ResourceClient } from '@ebb/kube';
import { LOGGER } from '@ebb/observability';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { ClusterCertConfig } from '../webhook-config.js';
import { caBundleOf, makeCaBundlePatch, WEBHOOK_CONFIGURATION_TYPES, type WebhookConfigurationLike } from './ca-bundle.js';

/** Injection token of the cluster's KubeConfig (cluster mode only). */
export const KUBE_CONFIG = Symbol('ebb.webhook.kube-config');
/** Injection token of the {@link ClusterCertConfig}. */
export const CLUSTER_CERT_CONFIG = Symbol('ebb.webhook.cluster-cert-config');

/** How often the cached configurations are checked again (a patch that failed is retried then). */
export const CA_BUNDLE_RESYNC_MS = 30_000;

/** Something that wants the CA the webhook serves with (PEM). */
export interface CaSink {
  publish(caPem: string): void;
}

interface Watched {
  readonly informer: Informer<WebhookConfigurationLike>;
  readonly client: ResourceClient<WebhookConfigurationLike>;
}

/** Patches the CA into the configured webhook configurations and keeps it there. */
@Injectable()
export class CaBundleInjector implements CaSink, OnApplicationShutdown {
  private caBundle: string | undefined;
  private watched: Watched[] = [];
  private readonly inFlight = new Set<string>();
  private readonly names: ReadonlySet<string>;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(KUBE_CONFIG) private readonly kubeConfig: KubeConfig,
    @Inject(CLUSTER_CERT_CONFIG) config: ClusterCertConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.names = new Set(config.configurations);
  }

  /** Sets the CA to inject; starts watching on the first call, re-checks everything when it changed. */
  publish(caPem: string): void {
    const caBundle = caBundleOf(caPem);
    if (caBundle === this.caBundle) return;
    this.caBundle = caBundle;
    if (this.watched.length === 0) this.start();
    else this.resync();
  }

  /** Patches every cached configuration whose caBundle differs (what the timer runs). */
  resync(): void {
    for (const watched of this.watched) {
      for (const configuration of watched.informer.list()) void this.reconcile(watched.client, configuration);
    }
  }

  private start(): void {
    this.watched = WEBHOOK_CONFIGURATION_TYPES.map((type) => {
      const informer = new Informer<WebhookConfigurationLike>(this.kubeConfig, { path: collectionPath(type) }, this.logger);
      const client = new ResourceClient<WebhookConfigurationLike>(this.kubeConfig, type);
      const handle = (configuration: WebhookConfigurationLike): void => void this.reconcile(client, configuration);
      informer.on('add', handle);
      informer.on('update', handle);
      void informer.start();
      return { informer, client };
    });
    this.timer = setInterval(() => this.resync(), CA_BUNDLE_RESYNC_MS);
    this.timer.unref();
  }

  private async reconcile(client: ResourceClient<WebhookConfigurationLike>, configuration: WebhookConfigurationLike): Promise<void> {
    const name = configuration.metadata?.name ?? '';
    const key = `${client.type.kind}/${name}`;
    if (!this.names.has(name) || this.caBundle === undefined || this.inFlight.has(key)) return;
    const patch = makeCaBundlePatch(configuration, this.caBundle);
    if (patch.length === 0) return;
    this.inFlight.add(key);
    try {
      await client.patch(undefined, name, patch, { type: PatchType.json });
      this.logger.info({ kind: client.type.kind, name }, 'webhook caBundle patched');
    } catch (error) {
      // A stale copy (test failed, conflict) is followed by the informer's newer one.
      const level = isKubeApiError(error, 409) || isKubeApiError(error, 422) ? 'debug' : 'warn';
      this.logger[level]({ err: error, kind: client.type.kind, name }, 'patching the webhook caBundle failed; trying again');
    } finally {
      this.inFlight.delete(key);
    }
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    for (const { informer } of this.watched) informer.stop();
  }
}
