/**
 * Label and annotation keys of Knative Serving (serving `pkg/apis/serving/register.go`,
 * `pkg/apis/autoscaling/register.go`, knative/networking `register.go`; API.md §4), and the
 * Service → Configuration/Route propagation rule (API.md §4.3).
 */

/** A string map as found in `metadata.labels` / `metadata.annotations`. */
export type StringMap = Readonly<Record<string, string>>;

/** Labels the system sets (API.md §4.1); users should not set them. */
export const ServingLabels = {
  /** Set by the Service reconciler on its Configuration and Route (copied onto Revisions, placeholder Services and pods): the Service name. */
  Service: 'serving.knative.dev/service',
  /** Set by the Service reconciler on its Configuration (and so on Revisions): the Service UID. */
  ServiceUID: 'serving.knative.dev/serviceUID',
  /** Set by the Configuration reconciler on each Revision: the owning Configuration name. */
  Configuration: 'serving.knative.dev/configuration',
  /** Set by the Configuration reconciler on each Revision: the owning Configuration UID. */
  ConfigurationUID: 'serving.knative.dev/configurationUID',
  /** Set by the Configuration reconciler on each Revision: the Configuration generation (decimal) that produced it; used to find a generation's Revision. */
  ConfigurationGeneration: 'serving.knative.dev/configurationGeneration',
  /** Set by the Revision reconciler on its Deployment, pods, PodAutoscaler etc.: the Revision name. */
  Revision: 'serving.knative.dev/revision',
  /** Set by the Revision reconciler on its Deployment and pods: the Revision UID (the Deployment selector). */
  RevisionUID: 'serving.knative.dev/revisionUID',
  /** Set by the Route reconciler on the Ingress, k8s Services and Certificates it creates: the Route name (not on Configurations/Revisions). */
  Route: 'serving.knative.dev/route',
  /** Set by the Route reconciler on its Ingress: the Route namespace. */
  RouteNamespace: 'serving.knative.dev/routeNamespace',
  /** Set by the labeler on Revisions: {@link RoutingState} (pending / active / reserve), read by GC and scaling. */
  RoutingState: 'serving.knative.dev/routingState',
  /** Set by the Revision reconciler on its Deployment: an internal hash of the Deployment spec. */
  DeploymentHash: 'serving.knative.dev/deployment-hash',
  /** Set by the Revision reconciler on pods and the Deployment when the user did not set it: the Revision name. */
  App: 'app',
} as const;
/** One of {@link ServingLabels}. */
export type ServingLabel = (typeof ServingLabels)[keyof typeof ServingLabels];

/** Values of the `serving.knative.dev/routingState` label. */
export const RoutingState = {
  /** Set on a just-created Revision that no Route references yet. */
  Pending: 'pending',
  /** Set while a Route references the Revision. */
  Active: 'active',
  /** Set once no Route references the Revision any more. */
  Reserve: 'reserve',
} as const;
/** One of {@link RoutingState}. */
export type RoutingState = (typeof RoutingState)[keyof typeof RoutingState];

/** Annotations in the `serving.knative.dev` group, set by the system or read from users (API.md §4.1–4.2). */
export const ServingAnnotations = {
  /** Set by the labeler on Revisions: RFC 3339 UTC time of the last routingState change (GC reads it). */
  RoutingStateModified: 'serving.knative.dev/routingStateModified',
  /** Set by the labeler on Configurations and Revisions: comma-separated sorted names of the Routes referencing them. */
  Routes: 'serving.knative.dev/routes',
  /** Set by the defaulting webhook on create (Service, standalone Configuration/Route; Revision gets the Configuration's lastModifier): the user; immutable. */
  Creator: 'serving.knative.dev/creator',
  /** Set by the defaulting webhook when the spec changes (Service, standalone Configuration/Route): the user. */
  LastModifier: 'serving.knative.dev/lastModifier',
  /** Set by users on a Service (copied to its Route, not its Configuration) or Route: gradual rollout duration, a Go duration in whole seconds ≥ 0. */
  RolloutDuration: 'serving.knative.dev/rollout-duration',
  /** Legacy alias of {@link ServingAnnotations.RolloutDuration}. */
  RolloutDurationAlias: 'serving.knative.dev/rolloutDuration',
  /** Set by users on a Revision: `"true"` keeps it from garbage collection. */
  NoGC: 'serving.knative.dev/no-gc',
  /** Set by users on a revision template: the Deployment progressDeadlineSeconds (Go duration; default from config-deployment). */
  ProgressDeadline: 'serving.knative.dev/progress-deadline',
} as const;
/** One of {@link ServingAnnotations}. */
export type ServingAnnotation = (typeof ServingAnnotations)[keyof typeof ServingAnnotations];

/** Labels in the `networking.knative.dev` group read by the system (API.md §4.2). */
export const NetworkingLabels = {
  /** Set by users on a Service (propagated to the Route), a Route or a per-tag placeholder Service: `cluster-local` keeps it off the external domain. */
  Visibility: 'networking.knative.dev/visibility',
} as const;

/** Values of the `networking.knative.dev/visibility` label. */
export const Visibility = {
  /** Only the cluster-local domain (`{name}.{ns}.svc.cluster.local`), URL scheme http. */
  ClusterLocal: 'cluster-local',
} as const;

/** Annotations in the networking groups, read by the system or set on Ingresses (API.md §4.1–4.2). */
export const NetworkingAnnotations = {
  /** Set by users on a Route/Service (template too): the ingress implementation class. */
  IngressClass: 'networking.knative.dev/ingress.class',
  /** Alias of {@link NetworkingAnnotations.IngressClass}. */
  IngressClassAlias: 'networking.knative.dev/ingress-class',
  /** Set by users: the certificate implementation class. */
  CertificateClass: 'networking.knative.dev/certificate.class',
  /** Alias of {@link NetworkingAnnotations.CertificateClass}. */
  CertificateClassAlias: 'networking.knative.dev/certificate-class',
  /** Set by users on a Route: opts it out of external-domain TLS. */
  DisableExternalDomainTLS: 'networking.knative.dev/disable-external-domain-tls',
  /** Legacy alias of {@link NetworkingAnnotations.DisableExternalDomainTLS}. */
  DisableAutoTLS: 'networking.knative.dev/disableAutoTLS',
  /** Legacy alias of {@link NetworkingAnnotations.DisableExternalDomainTLS}. */
  DisableAutoTLSAlias: 'networking.knative.dev/disable-auto-tls',
  /** Set by users on a Route: per-route http behaviour. */
  HTTPProtocol: 'networking.knative.dev/http-protocol',
  /** Legacy alias of {@link NetworkingAnnotations.HTTPProtocol}. */
  HTTPOption: 'networking.knative.dev/httpOption',
  /** Set by the Route reconciler on the Ingress: the serialized gradual-rollout state. */
  Rollout: 'networking.internal.knative.dev/rollout',
} as const;

/** Labels in `networking.internal.knative.dev` that an ingress implementation puts on what it makes for an Ingress (ISTIO.md §3.2, §5). */
export const NetworkingInternalLabels = {
  /** On every VirtualService and per-Ingress Gateway: the name of the Ingress it was made for. */
  Ingress: 'networking.internal.knative.dev/ingress',
  /** On a TLS Secret copied next to a gateway: the origin Secret's name (hashed when over 63 characters). */
  OriginSecretName: 'networking.internal.knative.dev/originSecretName',
  /** On a copied TLS Secret: the origin Secret's namespace. */
  OriginSecretNamespace: 'networking.internal.knative.dev/originSecretNamespace',
  /** On a copied TLS Secret: copied from the origin's label of the same key. */
  CertificateUid: 'networking.internal.knative.dev/certificate-uid',
} as const;

/** The prefix of every autoscaling annotation; allowed on revision templates only. */
export const AUTOSCALING_ANNOTATION_PREFIX = 'autoscaling.knative.dev';

/** Autoscaling annotations, set by users on revision templates only (API.md §4.2, AUTOSCALING.md). */
export const AutoscalingAnnotations = {
  /** The autoscaler class (kpa / hpa). */
  Class: 'autoscaling.knative.dev/class',
  /** Lower bound on replicas. */
  MinScale: 'autoscaling.knative.dev/min-scale',
  /** Upper bound on replicas. */
  MaxScale: 'autoscaling.knative.dev/max-scale',
  /** Replicas on creation. */
  InitialScale: 'autoscaling.knative.dev/initial-scale',
  /** Replicas to start when scaling up from zero. */
  ActivationScale: 'autoscaling.knative.dev/activation-scale',
  /** How long to wait before scaling down. */
  ScaleDownDelay: 'autoscaling.knative.dev/scale-down-delay',
  /** The metric scaled on (concurrency, rps, cpu, memory). */
  Metric: 'autoscaling.knative.dev/metric',
  /** The per-replica target of the metric. */
  Target: 'autoscaling.knative.dev/target',
  /** Percentage of the target actually aimed for. */
  TargetUtilizationPercentage: 'autoscaling.knative.dev/target-utilization-percentage',
  /** Spare capacity kept before the activator leaves the path. */
  TargetBurstCapacity: 'autoscaling.knative.dev/target-burst-capacity',
  /** The stable averaging window. */
  Window: 'autoscaling.knative.dev/window',
  /** The panic window as a percentage of the stable window. */
  PanicWindowPercentage: 'autoscaling.knative.dev/panic-window-percentage',
  /** The load (percent of capacity) that starts panic mode. */
  PanicThresholdPercentage: 'autoscaling.knative.dev/panic-threshold-percentage',
  /** Minimum time the last pod stays after scale-to-zero was decided. */
  ScaleToZeroPodRetentionPeriod: 'autoscaling.knative.dev/scale-to-zero-pod-retention-period',
  /** The metric aggregation algorithm. */
  MetricAggregationAlgorithm: 'autoscaling.knative.dev/metric-aggregation-algorithm',
  /** Legacy alias of {@link AutoscalingAnnotations.MinScale}. */
  MinScaleAlias: 'autoscaling.knative.dev/minScale',
  /** Legacy alias of {@link AutoscalingAnnotations.MaxScale}. */
  MaxScaleAlias: 'autoscaling.knative.dev/maxScale',
  /** Legacy alias of {@link AutoscalingAnnotations.InitialScale}. */
  InitialScaleAlias: 'autoscaling.knative.dev/initialScale',
  /** Legacy alias of {@link AutoscalingAnnotations.ScaleDownDelay}. */
  ScaleDownDelayAlias: 'autoscaling.knative.dev/scaleDownDelay',
  /** Legacy alias of {@link AutoscalingAnnotations.TargetBurstCapacity}. */
  TargetBurstCapacityAlias: 'autoscaling.knative.dev/targetBurstCapacity',
  /** Legacy alias of {@link AutoscalingAnnotations.TargetUtilizationPercentage}. */
  TargetUtilizationPercentageAlias: 'autoscaling.knative.dev/targetUtilizationPercentage',
  /** Legacy alias of {@link AutoscalingAnnotations.PanicWindowPercentage}. */
  PanicWindowPercentageAlias: 'autoscaling.knative.dev/panicWindowPercentage',
  /** Legacy alias of {@link AutoscalingAnnotations.PanicThresholdPercentage}. */
  PanicThresholdPercentageAlias: 'autoscaling.knative.dev/panicThresholdPercentage',
  /** Legacy alias of {@link AutoscalingAnnotations.ScaleToZeroPodRetentionPeriod}. */
  ScaleToZeroPodRetentionPeriodAlias: 'autoscaling.knative.dev/scaleToZeroPodRetentionPeriod',
  /** Legacy alias of {@link AutoscalingAnnotations.MetricAggregationAlgorithm}. */
  MetricAggregationAlgorithmAlias: 'autoscaling.knative.dev/metricAggregationAlgorithm',
} as const;

/** Queue-proxy annotations, set by users on revision templates (API.md §4.2). */
export const QueueSidecarAnnotations = {
  /** queue-proxy CPU request (a quantity). */
  CPUResourceRequest: 'queue.sidecar.serving.knative.dev/cpu-resource-request',
  /** queue-proxy CPU limit (a quantity). */
  CPUResourceLimit: 'queue.sidecar.serving.knative.dev/cpu-resource-limit',
  /** queue-proxy memory request (a quantity). */
  MemoryResourceRequest: 'queue.sidecar.serving.knative.dev/memory-resource-request',
  /** queue-proxy memory limit (a quantity). */
  MemoryResourceLimit: 'queue.sidecar.serving.knative.dev/memory-resource-limit',
  /** queue-proxy ephemeral-storage request (a quantity). */
  EphemeralStorageResourceRequest: 'queue.sidecar.serving.knative.dev/ephemeral-storage-resource-request',
  /** queue-proxy ephemeral-storage limit (a quantity). */
  EphemeralStorageResourceLimit: 'queue.sidecar.serving.knative.dev/ephemeral-storage-resource-limit',
  /** Deprecated: queue-proxy resources as a percentage (0.1..100) of the user container's; warns. */
  ResourcePercentage: 'queue.sidecar.serving.knative.dev/resource-percentage',
  /** Legacy alias of {@link QueueSidecarAnnotations.ResourcePercentage}. */
  ResourcePercentageAlias: 'queue.sidecar.serving.knative.dev/resourcePercentage',
} as const;

/** Per-workload feature annotations, set by users on revision templates (API.md §4.2). */
export const FeatureAnnotations = {
  /** `enabled` mounts pod info into queue-proxy (needs flag `queueproxy.mount-podinfo: Allowed`). */
  QueueProxyPodInfo: 'features.knative.dev/queueproxy-podinfo',
  /** Full-duplex HTTP/1 for this workload. */
  HTTPFullDuplex: 'features.knative.dev/http-full-duplex',
} as const;

/** Set by `kubectl apply` on a Service; never copied to its children. */
export const LAST_APPLIED_CONFIGURATION_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** Keys that mean the same thing, preferred key first (knative `kmap.KeyPriority`). */
export const AnnotationAliases = {
  /** Rollout duration keys. */
  RolloutDuration: [ServingAnnotations.RolloutDuration, ServingAnnotations.RolloutDurationAlias],
  /** Ingress class keys. */
  IngressClass: [NetworkingAnnotations.IngressClass, NetworkingAnnotations.IngressClassAlias],
  /** Certificate class keys. */
  CertificateClass: [NetworkingAnnotations.CertificateClass, NetworkingAnnotations.CertificateClassAlias],
  /** External-domain TLS opt-out keys. */
  DisableExternalDomainTLS: [
    NetworkingAnnotations.DisableExternalDomainTLS,
    NetworkingAnnotations.DisableAutoTLS,
    NetworkingAnnotations.DisableAutoTLSAlias,
  ],
  /** HTTP protocol keys. */
  HTTPProtocol: [NetworkingAnnotations.HTTPProtocol, NetworkingAnnotations.HTTPOption],
  /** Queue-proxy resource percentage keys. */
  ResourcePercentage: [QueueSidecarAnnotations.ResourcePercentage, QueueSidecarAnnotations.ResourcePercentageAlias],
} as const;

/** The first of `keys` present in `map`, with its value (knative `kmap.KeyPriority.Get`). */
export function firstKey(map: StringMap | undefined, keys: readonly string[]): { key: string; value: string } | undefined {
  const key = keys.find((k) => map !== undefined && Object.hasOwn(map, k));
  return key === undefined || map === undefined ? undefined : { key, value: map[key] ?? '' };
}

/** The Route names of a `serving.knative.dev/routes` annotation value (empty entries dropped). */
export function parseRoutesAnnotation(value: string | undefined): string[] {
  return (value ?? '').split(',').filter((s) => s !== '');
}

/** A `serving.knative.dev/routes` annotation value: the names deduplicated, sorted, comma-joined. */
export function formatRoutesAnnotation(names: Iterable<string>): string {
  return [...new Set(names)].sort().join(',');
}

/** What of a Service the propagation rule reads. */
export interface ServiceMeta {
  /** The Service name (its Configuration and Route get the same name). */
  readonly name: string;
  /** The Service UID. */
  readonly uid?: string | undefined;
  /** The Service labels. */
  readonly labels?: StringMap | undefined;
  /** The Service annotations. */
  readonly annotations?: StringMap | undefined;
}

/** `map` without the given keys (knative `kmeta.FilterMap`). */
function without(map: StringMap | undefined, drop: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(map ?? {}).filter(([k]) => !drop.includes(k)));
}

/** Labels of a Service's Configuration: the Service labels ∪ {service, serviceUID} (the system keys win). */
export function configurationLabelsFromService(service: ServiceMeta): Record<string, string> {
  return { ...service.labels, [ServingLabels.Service]: service.name, [ServingLabels.ServiceUID]: service.uid ?? '' };
}

/**
 * Annotations of a Service's Configuration: the Service annotations minus last-applied-configuration and
 * the rollout-duration keys, plus `serving.knative.dev/routes` = the existing Configuration's list ∪ the
 * Service's Route (named like the Service), sorted.
 */
export function configurationAnnotationsFromService(service: ServiceMeta, existing?: StringMap): Record<string, string> {
  const anns = without(service.annotations, [LAST_APPLIED_CONFIGURATION_ANNOTATION, ...AnnotationAliases.RolloutDuration]);
  const routes = [...parseRoutesAnnotation(existing?.[ServingAnnotations.Routes]), service.name];
  return { ...anns, [ServingAnnotations.Routes]: formatRoutesAnnotation(routes) };
}

/** Labels of a Service's Route: the Service labels ∪ {service} (visibility thus propagates). */
export function routeLabelsFromService(service: ServiceMeta): Record<string, string> {
  return { ...service.labels, [ServingLabels.Service]: service.name };
}

/** Annotations of a Service's Route: the Service annotations minus last-applied-configuration (rollout duration kept). */
export function routeAnnotationsFromService(service: ServiceMeta): Record<string, string> {
  return without(service.annotations, [LAST_APPLIED_CONFIGURATION_ANNOTATION]);
}

/** The ingress class of Ebb's own gateway (the `networking` app), the default in Ebb's config-network. */
export const EBB_INGRESS_CLASS = 'ebb.ingress.networking.knative.dev';

/** The ingress class net-istio serves (knative/networking `IstioIngressClassName`), Knative's default; Ebb's Istio translator serves it. */
export const ISTIO_INGRESS_CLASS = 'istio.ingress.networking.knative.dev';

/** The finalizer an ingress implementation puts on each Ingress it reconciles (net-istio's). */
export const INGRESS_FINALIZER = 'ingresses.networking.internal.knative.dev';

/** The User-Agent of Knative's ingress prober (knative/networking `network.IngressReadinessUserAgent`). */
export const INGRESS_PROBE_USER_AGENT = 'Knative-Ingress-Probe';

/** Knative's HTTP headers (knative/networking `pkg/http/header/header.go`, API.md §10). */
export const KnativeHeaders = {
  /** Set by the gateway on requests it forwards (Ingress split appendHeaders): the Revision name. */
  Revision: 'Knative-Serving-Revision',
  /** Set by the gateway on requests it forwards (Ingress split appendHeaders): the Revision namespace. */
  Namespace: 'Knative-Serving-Namespace',
  /** Sent by clients with tag-header-based routing: route to this tag's Revision. */
  Tag: 'Knative-Serving-Tag',
  /** Set on the default (untagged) route's requests when tag-header routing is on. */
  DefaultRoute: 'Knative-Serving-Default-Route',
  /** A probe request of the network layer (value `probe`, or `queue`). */
  Probe: 'K-Network-Probe',
  /** The hash of the Ingress version a probe expects (and a gateway answers with). */
  Hash: 'K-Network-Hash',
  /** Marks a request proxied by the activator. */
  ProxyRequest: 'K-Proxy-Request',
  /** The Host the request was first sent to. */
  OriginalHost: 'K-Original-Host',
} as const;
