/**
 * The Ingress condition set and its status verbs (knative/networking
 * `pkg/apis/networking/v1alpha1/ingress_lifecycle.go`): Ready ⇐ NetworkConfigured,
 * LoadBalancerReady. The gateway that programs an Ingress marks it with these; the Route reads
 * it back with {@link isIngressReady}. Pure: status and `now` in, new status out.
 */
import { ConditionStatus } from '../../core/condition.js';
import { CONDITION_READY, getCondition, livingConditionSet, type ConditionSet, type Instant } from '../../core/condition-set.js';
import type { Ingress, IngressStatus } from './ingress.types.js';

/** Ingress condition types. */
export const IngressConditionType = {
  /** The happy condition: NetworkConfigured and LoadBalancerReady are True. */
  Ready: CONDITION_READY,
  /** The ingress implementation accepted and programmed the rules. */
  NetworkConfigured: 'NetworkConfigured',
  /** Every load balancer serves the current generation. */
  LoadBalancerReady: 'LoadBalancerReady',
} as const;
/** One of {@link IngressConditionType}. */
export type IngressConditionType = (typeof IngressConditionType)[keyof typeof IngressConditionType];

/** Ingress: Ready ← NetworkConfigured, LoadBalancerReady. Sorted: LoadBalancerReady, NetworkConfigured, Ready. */
export const ingressConditionSet: ConditionSet = livingConditionSet(IngressConditionType.NetworkConfigured, IngressConditionType.LoadBalancerReady);

/** A load balancer ingress point as the status lists it. */
export type LoadBalancerIngress = NonNullable<NonNullable<IngressStatus['publicLoadBalancer']>['ingress']>[number];

/** NetworkConfigured True. */
export function markNetworkConfigured(status: IngressStatus, now: Instant): IngressStatus {
  return ingressConditionSet.markTrue(status, { type: IngressConditionType.NetworkConfigured }, now);
}

/** LoadBalancerReady True, with the public and private load balancer ingress points recorded in the status. */
export function markLoadBalancerReady(
  status: IngressStatus,
  publicLbs: readonly LoadBalancerIngress[],
  privateLbs: readonly LoadBalancerIngress[],
  now: Instant,
): IngressStatus {
  const next: IngressStatus = {
    ...status,
    publicLoadBalancer: { ingress: publicLbs.map((lb) => ({ ...lb })) },
    privateLoadBalancer: { ingress: privateLbs.map((lb) => ({ ...lb })) },
  };
  return ingressConditionSet.markTrue(next, { type: IngressConditionType.LoadBalancerReady }, now);
}

/** Reason of LoadBalancerReady Unknown while the load balancers are not yet probed ready (`MarkLoadBalancerNotReady`). */
export const LOAD_BALANCER_NOT_READY_REASON = 'Uninitialized';
/** Message of LoadBalancerReady Unknown while the load balancers are not yet probed ready. */
export const LOAD_BALANCER_NOT_READY_MESSAGE = 'Waiting for load balancer to be ready';

/** LoadBalancerReady Unknown `Uninitialized` "Waiting for load balancer to be ready" (Knative's `MarkLoadBalancerNotReady`). */
export function markLoadBalancerNotReady(status: IngressStatus, now: Instant): IngressStatus {
  const mark = { type: IngressConditionType.LoadBalancerReady, reason: LOAD_BALANCER_NOT_READY_REASON, message: LOAD_BALANCER_NOT_READY_MESSAGE };
  return ingressConditionSet.markUnknown(status, mark, now);
}

/** LoadBalancerReady False with `reason`/`message` (Knative's `MarkLoadBalancerFailed`), which makes Ready False. */
export function markLoadBalancerFailed(status: IngressStatus, reason: string, message: string, now: Instant): IngressStatus {
  return ingressConditionSet.markFalse(status, { type: IngressConditionType.LoadBalancerReady, reason, message }, now);
}

/** Ready Unknown with `reason`/`message` (e.g. while probing the gateways). */
export function markIngressNotReady(status: IngressStatus, reason: string, message: string, now: Instant): IngressStatus {
  return ingressConditionSet.markUnknown(status, { type: IngressConditionType.Ready, reason, message }, now);
}

/** Whether the Ingress observed its generation and its Ready is True (Knative's `Ingress.IsReady`). */
export function isIngressReady(ingress: Ingress): boolean {
  const status = ingress.status ?? {};
  return status.observedGeneration === ingress.metadata?.generation && getCondition(status, IngressConditionType.Ready)?.status === ConditionStatus.True;
}
