// What every reconciler of the controller is built from (Knative's controller.go gets the same
// from injection; here it is passed in): the shared informers (one cluster-wide list+watch per
// kind, started by the app before any controller runs), a typed client per kind, the current
// config snapshot, the Event recorder, a logger and the leader gate. Each kind's folder exports
// one `ControllerFactory`; `controllers.ts` lists them, as Knative's cmd/controller/main.go does.
import type {
  Configuration,
  Ingress,
  PodAutoscaler,
  Revision,
  Route,
  ServerlessService,
  Service,
} from '@ebb/api';
import type { ScaleDecision } from '@ebb/messaging';
import type {
  AutoscalerConfig,
  DefaultsConfig,
  DeploymentConfig,
  DomainConfig,
  FeaturesConfig,
  GcConfig,
  NetworkConfig,
} from '@ebb/config';
import type { EventSink, Informer, LeaderGate, ResourceClient } from '@ebb/kube';
import type { KubeObjectLike } from '@ebb/kube';
import type { V1Deployment, V1EndpointSlice, V1Pod, V1Service } from '@kubernetes/client-node';
import type { Logger } from 'pino';

/** One consistent snapshot of the ConfigMaps a reconcile reads (each the last good parse, or the defaults). */
export interface ServingConfig {
  readonly defaults: DefaultsConfig;
  readonly network: NetworkConfig;
  readonly domain: DomainConfig;
  readonly deployment: DeploymentConfig;
  readonly features: FeaturesConfig;
  readonly autoscaler: AutoscalerConfig;
  readonly gc: GcConfig;
}

/** Where reconcilers read the config from: take one snapshot per reconcile. */
export interface ConfigSource {
  current(): ServingConfig;
  /** Called after any ConfigMap change was accepted (e.g. to re-enqueue every Route on a domain change). */
  onChange(listener: () => void): void;
}

/** The cluster-wide informers the controller shares between its reconcilers. */
export interface ControllerInformers {
  readonly services: Informer<Service>;
  readonly configurations: Informer<Configuration>;
  readonly revisions: Informer<Revision>;
  readonly routes: Informer<Route>;
  readonly podAutoscalers: Informer<PodAutoscaler>;
  readonly ingresses: Informer<Ingress>;
  readonly deployments: Informer<V1Deployment>;
  /** core/v1 Services (the revisions' private Services and the Routes' placeholder Services). */
  readonly k8sServices: Informer<V1Service>;
  /** Pods carrying the `serving.knative.dev/revision` label (for container failure reasons). */
  readonly pods: Informer<V1Pod>;
  /** The revisions' ServerlessServices (serve or proxy mode). */
  readonly serverlessServices: Informer<ServerlessService>;
  /** discovery.k8s.io/v1 EndpointSlices (revision pods, and the activator's). */
  readonly endpointSlices: Informer<V1EndpointSlice>;
}

/** A typed client per kind the controller writes. */
export interface ControllerClients {
  readonly services: ResourceClient<Service>;
  readonly configurations: ResourceClient<Configuration>;
  readonly revisions: ResourceClient<Revision>;
  readonly routes: ResourceClient<Route>;
  readonly podAutoscalers: ResourceClient<PodAutoscaler>;
  readonly ingresses: ResourceClient<Ingress>;
  readonly deployments: ResourceClient<V1Deployment>;
  readonly k8sServices: ResourceClient<V1Service>;
  readonly serverlessServices: ResourceClient<ServerlessService>;
}

/** The autoscaler's latest decision per revision (fed over NATS; kept when the autoscaler is gone). */
export interface DecisionSource {
  get(namespace: string, revision: string): ScaleDecision | undefined;
  /** Called with the revision whose decision changed what it asks for. */
  onChange(listener: (namespace: string, revision: string) => void): void;
}

/** Where Ebb's own components run: the activator's Service, in the system namespace. */
export interface SystemServices {
  readonly namespace: string;
  readonly activatorService: string;
}

/** Everything a kind's controller is wired from. */
export interface ControllerDeps {
  readonly informers: ControllerInformers;
  readonly clients: ControllerClients;
  readonly config: ConfigSource;
  readonly events: EventSink;
  readonly logger: Logger;
  readonly leader: LeaderGate;
  readonly decisions: DecisionSource;
  readonly system: SystemServices;
}

/** What the app starts and stops (a `Controller<T>` of @ebb/kube fits). */
export interface RunnableController {
  readonly name: string;
  /** Starts the workers; the informers are synced by then. */
  start(): void;
  stop(): Promise<void>;
}

/** Builds one kind's controller: the reconciler plus the informer handlers that enqueue it (registered here, before the informers start). */
export type ControllerFactory = (deps: ControllerDeps) => RunnableController;

/** What a reconciler reads: an informer's cache (note: `get(name, namespace)`). */
export type Lister<T extends KubeObjectLike> = Pick<Informer<T>, 'get' | 'list' | 'listBySelector'>;

/** What a reconciler writes with (reads go through the Lister). */
export type Writer<T extends KubeObjectLike> = Pick<ResourceClient<T>, 'create' | 'update' | 'delete'>;
