// Table spec of the Ingress status verbs: each row starts from an initialized status and checks
// every condition afterwards, so Ready's derivation from its dependents is covered too.
import type { Condition } from '../../core/condition.js';
import type { Ingress, IngressStatus } from './ingress.types.js';
import {
  ingressConditionSet,
  isIngressReady,
  markIngressNotReady,
  markLoadBalancerFailed,
  markLoadBalancerNotReady,
  markLoadBalancerReady,
  markNetworkConfigured,
} from './ingress.lifecycle.js';

const T0 = '2026-01-01T00:00:00Z';
const T1 = '2026-01-01T00:01:00Z';
const initial = (): IngressStatus => ingressConditionSet.initializeConditions<IngressStatus>({}, T0);
const cond = (type: string, status: Condition['status'], extra: Partial<Condition> = {}): Condition => ({ type, status, lastTransitionTime: T1, ...extra });
const unknown = (type: string): Condition => ({ type, status: 'Unknown', lastTransitionTime: T0 });
const LB = { domainInternal: 'ebb-gateway.ebb-system.svc.cluster.local' };

describe('Ingress lifecycle', () => {
  it.each([
    {
      name: 'initialized: all Unknown, sorted',
      apply: (s: IngressStatus): IngressStatus => s,
      want: { conditions: [unknown('LoadBalancerReady'), unknown('NetworkConfigured'), unknown('Ready')] },
    },
    {
      name: 'network configured only: Ready stays Unknown',
      apply: (s: IngressStatus): IngressStatus => markNetworkConfigured(s, T1),
      want: { conditions: [unknown('LoadBalancerReady'), cond('NetworkConfigured', 'True'), unknown('Ready')] },
    },
    {
      name: 'network configured and load balancer ready: Ready True, balancers recorded',
      apply: (s: IngressStatus): IngressStatus => markLoadBalancerReady(markNetworkConfigured(s, T1), [LB], [LB], T1),
      want: {
        conditions: [cond('LoadBalancerReady', 'True'), cond('NetworkConfigured', 'True'), cond('Ready', 'True')],
        publicLoadBalancer: { ingress: [LB] },
        privateLoadBalancer: { ingress: [LB] },
      },
    },
    {
      name: 'not ready: Ready Unknown with the reason',
      apply: (s: IngressStatus): IngressStatus => markIngressNotReady(markNetworkConfigured(s, T1), 'ProbeFailed', 'probing 1 of 2 replicas', T1),
      want: {
        conditions: [
          unknown('LoadBalancerReady'),
          cond('NetworkConfigured', 'True'),
          cond('Ready', 'Unknown', { reason: 'ProbeFailed', message: 'probing 1 of 2 replicas' }),
        ],
      },
    },
    {
      name: 'load balancer not ready: LoadBalancerReady Unknown Uninitialized, Ready follows',
      apply: (s: IngressStatus): IngressStatus => markLoadBalancerNotReady(markNetworkConfigured(s, T1), T1),
      want: {
        conditions: [
          cond('LoadBalancerReady', 'Unknown', { reason: 'Uninitialized', message: 'Waiting for load balancer to be ready' }),
          cond('NetworkConfigured', 'True'),
          cond('Ready', 'Unknown', { reason: 'Uninitialized', message: 'Waiting for load balancer to be ready' }),
        ],
      },
    },
    {
      name: 'load balancer failed: LoadBalancerReady False, Ready False with the same reason',
      apply: (s: IngressStatus): IngressStatus => markLoadBalancerFailed(s, 'ReconcileVirtualServiceFailed', 'boom', T1),
      want: {
        conditions: [
          cond('LoadBalancerReady', 'False', { reason: 'ReconcileVirtualServiceFailed', message: 'boom' }),
          unknown('NetworkConfigured'),
          cond('Ready', 'False', { reason: 'ReconcileVirtualServiceFailed', message: 'boom' }),
        ],
      },
    },
  ])('$name', ({ apply, want }) => {
    expect(apply(initial())).toEqual(want);
  });

  const ready = markLoadBalancerReady(markNetworkConfigured(initial(), T1), [LB], [], T1);
  it.each([
    { name: 'ready and observed', ingress: { metadata: { generation: 2 }, status: { ...ready, observedGeneration: 2 } }, want: true },
    { name: 'ready but an older generation observed', ingress: { metadata: { generation: 3 }, status: { ...ready, observedGeneration: 2 } }, want: false },
    { name: 'not ready', ingress: { metadata: { generation: 1 }, status: { ...initial(), observedGeneration: 1 } }, want: false },
    { name: 'no status', ingress: { metadata: { generation: 1 } }, want: false },
  ])('isIngressReady: $name', ({ ingress, want }) => {
    expect(isIngressReady(ingress as Ingress)).toBe(want);
  });
});
