// Spec of the Istio Ingress status: load-balancer addresses (meshOnly when no gateway) and each
// reconcile outcome's conditions.
import { ingressConditionSet, markLoadBalancerNotReady, markNetworkConfigured, type Condition, type IngressStatus } from '@ebb/api';
import {
  loadBalancerAddresses,
  loadBalancerIngresses,
  markIngressReconcileFailed,
  markIstioLoadBalancerReady,
  markVirtualServiceFailed,
} from './status.js';

const T0 = '2026-01-01T00:00:00Z';
const T1 = '2026-01-01T00:01:00Z';
const EXTERNAL = 'istio-ingressgateway.istio-system.svc.cluster.local';
const LOCAL = 'knative-local-gateway.istio-system.svc.cluster.local';
const initial = (): IngressStatus => ingressConditionSet.initializeConditions<IngressStatus>({}, T0);
const cond = (type: string, status: Condition['status'], extra: Partial<Condition> = {}): Condition => ({ type, status, lastTransitionTime: T1, ...extra });
const unknown = (type: string): Condition => ({ type, status: 'Unknown', lastTransitionTime: T0 });

describe('load-balancer addresses (getLBStatus)', () => {
  it.each([
    { name: 'a gateway service', url: EXTERNAL, want: [{ domainInternal: EXTERNAL }] },
    { name: 'no gateway', url: undefined, want: [{ meshOnly: true }] },
    { name: 'an empty URL', url: '', want: [{ meshOnly: true }] },
  ])('$name', ({ url, want }) => {
    expect(loadBalancerIngresses(url)).toEqual(want);
  });

  it('maps the external gateway to public and the local one to private', () => {
    expect(loadBalancerAddresses(EXTERNAL, undefined)).toEqual({ public: [{ domainInternal: EXTERNAL }], private: [{ meshOnly: true }] });
  });
});

describe('Istio Ingress conditions', () => {
  const configured = (s: IngressStatus): IngressStatus => markNetworkConfigured(s, T1);
  it.each([
    {
      name: 'VirtualServices applied, probing pending: LoadBalancerReady Unknown Uninitialized',
      apply: (s: IngressStatus) => markLoadBalancerNotReady(configured(s), T1),
      want: {
        conditions: [
          cond('LoadBalancerReady', 'Unknown', { reason: 'Uninitialized', message: 'Waiting for load balancer to be ready' }),
          cond('NetworkConfigured', 'True'),
          cond('Ready', 'Unknown', { reason: 'Uninitialized', message: 'Waiting for load balancer to be ready' }),
        ],
      },
    },
    {
      name: 'probed ready: all True, addresses recorded',
      apply: (s: IngressStatus) => markIstioLoadBalancerReady(configured(s), loadBalancerAddresses(EXTERNAL, LOCAL), T1),
      want: {
        conditions: [cond('LoadBalancerReady', 'True'), cond('NetworkConfigured', 'True'), cond('Ready', 'True')],
        publicLoadBalancer: { ingress: [{ domainInternal: EXTERNAL }] },
        privateLoadBalancer: { ingress: [{ domainInternal: LOCAL }] },
      },
    },
    {
      name: 'mesh-only: ready at once, both meshOnly',
      apply: (s: IngressStatus) => markIstioLoadBalancerReady(configured(s), loadBalancerAddresses(undefined, undefined), T1),
      want: {
        conditions: [cond('LoadBalancerReady', 'True'), cond('NetworkConfigured', 'True'), cond('Ready', 'True')],
        publicLoadBalancer: { ingress: [{ meshOnly: true }] },
        privateLoadBalancer: { ingress: [{ meshOnly: true }] },
      },
    },
    {
      // Knative's MarkUnknown(Ready) turns into MarkFalse while a dependent is False.
      name: 'VirtualService error then reconcile failure: LoadBalancerReady False, Ready False ReconcileIngressFailed',
      apply: (s: IngressStatus) => markIngressReconcileFailed(markVirtualServiceFailed(s, 'not owned', T1), T1),
      want: {
        conditions: [
          cond('LoadBalancerReady', 'False', { reason: 'ReconcileVirtualServiceFailed', message: 'not owned' }),
          unknown('NetworkConfigured'),
          cond('Ready', 'False', { reason: 'ReconcileIngressFailed', message: 'Ingress reconciliation failed' }),
        ],
      },
    },
    {
      name: 'reconcile failure alone: Ready Unknown ReconcileIngressFailed',
      apply: (s: IngressStatus) => markIngressReconcileFailed(s, T1),
      want: {
        conditions: [
          unknown('LoadBalancerReady'),
          unknown('NetworkConfigured'),
          cond('Ready', 'Unknown', { reason: 'ReconcileIngressFailed', message: 'Ingress reconciliation failed' }),
        ],
      },
    },
  ])('$name', ({ apply, want }) => {
    expect(apply(initial())).toEqual(want);
  });
});
