// Builds the Route's placeholder core/v1 Services (serving `pkg/reconciler/route/resources/
// service.go`, API.md §7): one per traffic name (`<route>`, `<tag>-<route>`) so that
// `<route>.<ns>.svc.cluster.local` resolves in cluster DNS; an ExternalName pointing at the
// Ingress' cluster-local load balancer once the Ingress reports one (until then at the Route's own
// host, as Knative's placeholder does). Pure.
import { NetworkingLabels, ServingLabels, type Ingress, type Route } from '@ebb/api';
import type { V1Service } from '@kubernetes/client-node';
import type { TargetHosts } from '../domains.js';
import { routeOwnerReference } from './ingress.js';
import { nameOf, namespaceOf } from '../../shared/meta.js';

/** The placeholder's port: 80, named `http2` with appProtocol `kubernetes.io/h2c` (knative/networking). */
export const PLACEHOLDER_PORT = { name: 'http2', appProtocol: 'kubernetes.io/h2c', port: 80 } as const;

/**
 * The cluster-local name of the Ingress' load balancer, preferring the private one when it has
 * entries (Knative: DomainInternal, else Domain); undefined while the Ingress reports none.
 */
export function loadBalancerHost(ingress: Ingress | undefined): string | undefined {
  const status = ingress?.status ?? {};
  const privateLbs = status.privateLoadBalancer?.ingress ?? [];
  const balancer = (privateLbs.length > 0 ? privateLbs : (status.publicLoadBalancer?.ingress ?? []))[0] ?? {};
  return [balancer.domainInternal, balancer.domain].find((host) => host !== undefined && host !== '');
}

/** The Route labels without the visibility label (users set it per placeholder), plus `serving.knative.dev/route`. */
function placeholderLabels(route: Route): Record<string, string> {
  const labels = Object.fromEntries(Object.entries(route.metadata?.labels ?? {}).filter(([key]) => key !== NetworkingLabels.Visibility));
  return { ...labels, [ServingLabels.Route]: nameOf(route) };
}

/** The placeholder Service of one traffic name of `route` (`hosts` of that name; `ingress` as last seen, if any). */
export function makePlaceholderService(route: Route, hosts: TargetHosts, ingress: Ingress | undefined): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: hosts.serviceName,
      namespace: namespaceOf(route),
      labels: placeholderLabels(route),
      annotations: { ...route.metadata?.annotations },
      ownerReferences: [routeOwnerReference(route)],
    },
    spec: {
      type: 'ExternalName',
      externalName: loadBalancerHost(ingress) ?? hosts.host,
      sessionAffinity: 'None',
      ports: [{ name: PLACEHOLDER_PORT.name, appProtocol: PLACEHOLDER_PORT.appProtocol, port: PLACEHOLDER_PORT.port, targetPort: PLACEHOLDER_PORT.port }],
    },
  };
}
