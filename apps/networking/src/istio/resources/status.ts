// The Ingress status net-istio writes (ISTIO.md §3.5, §4; net-istio `ingress.go`): the public and
// private load-balancer addresses of the selected gateway Services (or `meshOnly`), and the
// condition verbs of each reconcile outcome, built on the Ingress lifecycle of @ebb/api. Pure.
import {
  markIngressNotReady,
  markLoadBalancerFailed,
  markLoadBalancerReady,
  type IngressStatus,
  type Instant,
  type LoadBalancerIngress,
} from '@ebb/api';

/** LoadBalancerReady False reason when applying the VirtualServices failed. */
export const VIRTUAL_SERVICE_NOT_RECONCILED_REASON = 'ReconcileVirtualServiceFailed';
/** Ready Unknown reason after any reconcile error. */
export const INGRESS_NOT_RECONCILED_REASON = 'ReconcileIngressFailed';
/** Ready Unknown message after any reconcile error. */
export const INGRESS_NOT_RECONCILED_MESSAGE = 'Ingress reconciliation failed';

/** The public (external gateway) and private (local gateway) load-balancer ingress points of an Ingress. */
export interface LoadBalancerAddresses {
  /** `status.publicLoadBalancer.ingress`. */
  readonly public: readonly LoadBalancerIngress[];
  /** `status.privateLoadBalancer.ingress`. */
  readonly private: readonly LoadBalancerIngress[];
}

/** One load balancer's ingress points: `[{domainInternal: url}]`, or `[{meshOnly: true}]` without a gateway (getLBStatus). */
export function loadBalancerIngresses(serviceUrl: string | undefined): LoadBalancerIngress[] {
  return (serviceUrl ?? '') === '' ? [{ meshOnly: true }] : [{ domainInternal: serviceUrl }];
}

/**
 * The addresses for the service URLs (FQDNs) of the first selected external and local gateway,
 * each `undefined` when that gateway list is empty (mesh-only: both `[{meshOnly: true}]`).
 */
export function loadBalancerAddresses(externalServiceUrl: string | undefined, localServiceUrl: string | undefined): LoadBalancerAddresses {
  return { public: loadBalancerIngresses(externalServiceUrl), private: loadBalancerIngresses(localServiceUrl) };
}

/** LoadBalancerReady True with the addresses recorded: every gateway pod serves this generation (or mesh-only). */
export function markIstioLoadBalancerReady(status: IngressStatus, addresses: LoadBalancerAddresses, now: Instant): IngressStatus {
  return markLoadBalancerReady(status, addresses.public, addresses.private, now);
}

/** LoadBalancerReady False `ReconcileVirtualServiceFailed` with the error as message. */
export function markVirtualServiceFailed(status: IngressStatus, message: string, now: Instant): IngressStatus {
  return markLoadBalancerFailed(status, VIRTUAL_SERVICE_NOT_RECONCILED_REASON, message, now);
}

/** Ready Unknown `ReconcileIngressFailed` "Ingress reconciliation failed": any reconcile error. */
export function markIngressReconcileFailed(status: IngressStatus, now: Instant): IngressStatus {
  return markIngressNotReady(status, INGRESS_NOT_RECONCILED_REASON, INGRESS_NOT_RECONCILED_MESSAGE, now);
}
