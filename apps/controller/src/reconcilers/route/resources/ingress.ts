// Builds the Route's Ingress (serving `pkg/reconciler/route/resources/ingress.go`): one
// networking.internal.knative.dev Ingress named like the Route, with a ClusterLocal rule (and an
// ExternalIP rule unless the Route is cluster-local) for its own hosts and for each tag's, each
// splitting traffic over the Revisions' Services with the Revision headers appended. Pure.
import {
  AnnotationAliases,
  firstKey,
  HTTPOption,
  INGRESS_API_VERSION,
  INGRESS_KIND,
  IngressVisibility,
  KnativeHeaders,
  NetworkingAnnotations,
  ROUTE_API_VERSION,
  ROUTE_KIND,
  ServingLabels,
  type Ingress,
  type IngressBackendSplit,
  type IngressRule,
  type OwnerReference,
  type Route,
} from '@ebb/api';
import type { NetworkConfig } from '@ebb/config';
import { controllerReference } from '@ebb/kube';
import type { RouteHosts, TargetHosts } from '../domains.js';
import { DEFAULT_TARGET, type ResolvedTarget } from '../traffic.js';
import { nameOf, namespaceOf } from '../../shared/meta.js';

/** The port of a Revision's Service the gateway sends to. */
export const REVISION_SERVICE_PORT = 80;

/** What {@link makeIngress} reads from config. */
export interface IngressConfig {
  readonly networkConfig: Pick<NetworkConfig, 'ingressClass'>;
}

/** The Route's controller owner reference (knative/pkg `kmeta.NewControllerRef`). */
export function routeOwnerReference(route: Route): OwnerReference {
  return controllerReference(route, { apiVersion: ROUTE_API_VERSION, kind: ROUTE_KIND });
}

/** The ingress class: the Route's annotation (or its alias), else config-network's `ingress-class`. */
export function ingressClassOf(route: Route, config: IngressConfig): string {
  const annotated = firstKey(route.metadata?.annotations, AnnotationAliases.IngressClass)?.value ?? '';
  return annotated === '' ? config.networkConfig.ingressClass : annotated;
}

/** One split per Revision with traffic (0 % dropped). */
function splitsOf(targets: readonly ResolvedTarget[], namespace: string): IngressBackendSplit[] {
  return targets
    .filter((t) => t.percent > 0)
    .map((t) => ({
      serviceNamespace: namespace,
      serviceName: t.revisionName,
      servicePort: REVISION_SERVICE_PORT,
      percent: t.percent,
      appendHeaders: { [KnativeHeaders.Revision]: t.revisionName, [KnativeHeaders.Namespace]: namespace },
    }));
}

/** The ClusterLocal rule, then the ExternalIP one (when there is an external host), of one traffic name. */
function rulesOf(hosts: TargetHosts, targets: readonly ResolvedTarget[], namespace: string): IngressRule[] {
  const http = { paths: [{ splits: splitsOf(targets, namespace) }] };
  const rules: IngressRule[] = [{ hosts: [...hosts.clusterLocal], visibility: IngressVisibility.ClusterLocal, http }];
  if (hosts.external !== undefined) rules.push({ hosts: [hosts.external], visibility: IngressVisibility.ExternalIP, http: structuredClone(http) });
  return rules;
}

/** The labels of the Route's children: route, routeNamespace, and the Service when the Route has one. */
function ingressLabels(route: Route): Record<string, string> {
  const service = route.metadata?.labels?.[ServingLabels.Service];
  return {
    [ServingLabels.Route]: nameOf(route),
    [ServingLabels.RouteNamespace]: namespaceOf(route),
    ...(service === undefined ? {} : { [ServingLabels.Service]: service }),
  };
}

/**
 * The Ingress of `route` for resolved `traffic` on `hosts`: rules for the untagged target first,
 * then each tag in lexical order (Knative sorts the traffic names), each at its own hosts.
 */
export function makeIngress(route: Route, traffic: ReadonlyMap<string, readonly ResolvedTarget[]>, hosts: RouteHosts, config: IngressConfig): Ingress {
  const namespace = namespaceOf(route);
  const names = [...traffic.keys()].sort();
  const rules = names.flatMap((name) => {
    const targetHosts = name === DEFAULT_TARGET ? hosts : hosts.tags.get(name);
    return targetHosts === undefined ? [] : rulesOf(targetHosts, traffic.get(name) ?? [], namespace);
  });
  return {
    apiVersion: INGRESS_API_VERSION,
    kind: INGRESS_KIND,
    metadata: {
      name: nameOf(route),
      namespace,
      labels: ingressLabels(route),
      annotations: { [NetworkingAnnotations.IngressClass]: ingressClassOf(route, config) },
      ownerReferences: [routeOwnerReference(route)],
    },
    spec: { rules, httpOption: HTTPOption.Enabled },
  };
}
