// The pure part of marking Ingresses Ready (Knative's status manager): which Ingresses still
// need it, which host to probe them on, the Ready status to write once every gateway replica
// answered the probe with the Ingress' hash, and the probe retry backoff (50 ms doubling to 1 s).
import { isIngressReady, markLoadBalancerReady, markNetworkConfigured, type Ingress, type IngressStatus } from '@ebb/api';

/** First retry delay of a probe round that was not all-ready. */
export const PROBE_BACKOFF_START_MS = 50;
/** Longest retry delay. */
export const PROBE_BACKOFF_CAP_MS = 1000;

/**
 * Whether an Ingress still needs Ready for its generation from this gateway: it is not Ready, or
 * its public load balancer is not `domainInternal` — a Ready status another ingress class wrote
 * before the Ingress moved to this one (a class change leaves the generation as it was).
 */
export function needsReadyStatus(ingress: Ingress, domainInternal: string): boolean {
  if (!isIngressReady(ingress)) return true;
  const points = ingress.status?.publicLoadBalancer?.ingress ?? [];
  return points.length !== 1 || points[0]?.domainInternal !== domainInternal;
}

/** The host to send probes with: the first host of the Ingress' rules; undefined when it has none. */
export function probeHost(ingress: Ingress): string | undefined {
  return (ingress.spec?.rules ?? []).flatMap((rule) => rule.hosts ?? [])[0];
}

/** The delay after `previous` (undefined: the first). */
export function nextProbeDelay(previous: number | undefined): number {
  return previous === undefined ? PROBE_BACKOFF_START_MS : Math.min(previous * 2, PROBE_BACKOFF_CAP_MS);
}

/** The in-cluster name of the gateway Service: `<service>.<namespace>.svc.cluster.local`. */
export function gatewayDomainInternal(service: string, namespace: string): string {
  return `${service}.${namespace}.svc.cluster.local`;
}

/** The Ready status of a probed Ingress: observedGeneration, NetworkConfigured and LoadBalancerReady True, both load balancers. */
export function makeReadyStatus(ingress: Ingress, domainInternal: string, now: Date): IngressStatus {
  const lb = [{ domainInternal }];
  const configured = markNetworkConfigured({ ...ingress.status, observedGeneration: ingress.metadata?.generation ?? 0 }, now);
  return markLoadBalancerReady(configured, lb, lb, now);
}
