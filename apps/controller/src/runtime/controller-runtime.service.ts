// The controller's I/O shell: on start it builds one informer per kind (shared by every
// reconciler), a client per kind, the ConfigMap store and the Lease-based leader election, lets
// each listed controller register its handlers, starts the informers and, once they are synced,
// the controllers; /readyz reports `informers` until then. On shutdown everything stops in
// reverse order and a leader releases its Lease so a standby takes over at once.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { KubeConfig } from '@kubernetes/client-node';
import { collectionPath, ConfigMapStore, EventRecorder, Informer, LeaderElector, ResourceClient, type KubeObjectLike } from '@ebb/kube';
import { LOGGER, ReadinessService } from '@ebb/observability';
import type { Logger } from 'pino';
import { CONTROLLERS } from '../controllers.js';
import type { ControllerClients, ControllerInformers, RunnableController } from '../reconcilers/deps.js';
import { DecisionCache } from './decision-cache.js';
import { INFORMER_SELECTORS, RESOURCES, type ControllerKind } from './resources.js';
import { configSource, SERVING_CONFIG_ENTRIES, type ServingConfigMaps } from './serving-config.js';

/** Where the controller runs and whom it is among its replicas. */
export interface ControllerRuntimeConfig {
  readonly kubeConfig: KubeConfig;
  /** The namespace of the config maps and the leader Lease. */
  readonly systemNamespace: string;
  /** This replica's identity in the Lease (pod name + random suffix). */
  readonly identity: string;
  /** The activator's Service in the system namespace (its endpoints stand in for Knative's activator probe). */
  readonly activatorService: string;
}

/** Injection token of {@link ControllerRuntimeConfig}. */
export const CONTROLLER_RUNTIME_CONFIG = Symbol('ebb.controller.runtime');

/** Name of the readiness check this provider registers. */
export const INFORMERS_READINESS_CHECK = 'informers';

/** Runs the listed controllers over shared informers. */
@Injectable()
export class ControllerRuntime implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly informers: ControllerInformers;
  private readonly clients: ControllerClients;
  private readonly store: ConfigMapStore<ServingConfigMaps>;
  private readonly leader: LeaderElector;
  private readonly events: EventRecorder;
  private controllers: RunnableController[] = [];
  private synced = false;
  private stopping = false;

  constructor(
    @Inject(CONTROLLER_RUNTIME_CONFIG) private readonly config: ControllerRuntimeConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(ReadinessService) readiness: ReadinessService,
    @Inject(DecisionCache) private readonly decisions: DecisionCache,
  ) {
    const { kubeConfig, systemNamespace } = config;
    this.informers = this.makeInformers(kubeConfig);
    this.clients = makeClients(kubeConfig);
    this.store = new ConfigMapStore({ kubeConfig, namespace: systemNamespace, entries: SERVING_CONFIG_ENTRIES, logger: logger.child({ subsystem: 'config' }) });
    this.leader = new LeaderElector({ kubeConfig, namespace: systemNamespace, name: 'controller', identity: config.identity, logger: logger.child({ subsystem: 'leader-election' }) });
    this.events = new EventRecorder(kubeConfig, { component: 'controller' }, logger);
    readiness.register(INFORMERS_READINESS_CHECK, () => this.synced);
  }

  /** Starts in the background: the admin server answers /healthz at once, /readyz once the caches are filled. */
  onApplicationBootstrap(): void {
    const system = { namespace: this.config.systemNamespace, activatorService: this.config.activatorService };
    const deps = { informers: this.informers, clients: this.clients, config: configSource(this.store), events: this.events, logger: this.logger, leader: this.leader, decisions: this.decisions, system };
    this.controllers = CONTROLLERS.map((factory) => factory(deps));
    this.run().catch((error: unknown) => this.logger.error({ err: error }, 'the controllers did not start'));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.decisions.stop();
    await Promise.all(this.controllers.map((controller) => controller.stop()));
    await this.leader.stop();
    for (const informer of this.allInformers()) informer.stop();
    this.store.stop();
    await this.events.flush();
  }

  /** Fills the caches (config first), then competes for the Lease and runs the controllers. */
  private async run(): Promise<void> {
    await this.store.start();
    await Promise.all(this.allInformers().map((informer) => informer.start()));
    if (this.stopping) return;
    this.synced = true;
    this.decisions.start();
    this.leader.start();
    for (const controller of this.controllers) controller.start();
    this.logger.info({ controllers: this.controllers.map((c) => c.name), identity: this.config.identity }, 'controllers started; waiting for leadership');
  }

  private allInformers(): Informer<KubeObjectLike>[] {
    return Object.values(this.informers) as Informer<KubeObjectLike>[];
  }

  private makeInformers(kubeConfig: KubeConfig): ControllerInformers {
    return perKind((kind) => {
      const selector = INFORMER_SELECTORS[kind];
      return new Informer<KubeObjectLike>(kubeConfig, { path: collectionPath(RESOURCES[kind]), ...(selector === undefined ? {} : { labelSelector: selector }) }, this.logger);
    }) as unknown as ControllerInformers;
  }
}

/** A client per kind (the typed views of {@link ControllerClients}; a client does no I/O until called). */
function makeClients(kubeConfig: KubeConfig): ControllerClients {
  return perKind((kind) => new ResourceClient<KubeObjectLike>(kubeConfig, RESOURCES[kind])) as ControllerClients;
}

/** `make` of every kind of {@link RESOURCES}, keyed by kind; the callers narrow each value to its kind's object type. */
function perKind<R>(make: (kind: ControllerKind) => R): Record<ControllerKind, R> {
  return Object.fromEntries((Object.keys(RESOURCES) as ControllerKind[]).map((kind) => [kind, make(kind)])) as Record<ControllerKind, R>;
}
