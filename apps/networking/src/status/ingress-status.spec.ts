import type { Ingress } from '@ebb/api';
import { gatewayDomainInternal, makeReadyStatus, needsReadyStatus, nextProbeDelay, probeHost } from './ingress-status.js';

const NOW = new Date('2026-01-02T03:04:05Z');
const OWN = 'networking.ebb-system.svc.cluster.local';
const ingress = (status?: Ingress['status'], generation = 2): Ingress => ({
  metadata: { name: 'hello', namespace: 'default', generation },
  spec: { rules: [{ hosts: ['hello.default.localhost', 'hello.default'] }, { hosts: ['x'] }] },
  ...(status ? { status } : {}),
});
const READY = [
  { type: 'LoadBalancerReady', status: 'True' as const, lastTransitionTime: '2026-01-02T03:04:05Z' },
  { type: 'NetworkConfigured', status: 'True' as const, lastTransitionTime: '2026-01-02T03:04:05Z' },
  { type: 'Ready', status: 'True' as const, lastTransitionTime: '2026-01-02T03:04:05Z' },
];

describe('ingress status', () => {
  it.each<{ name: string; ingress: Ingress; want: boolean }>([
    { name: 'no status yet', ingress: ingress(), want: true },
    { name: 'Ready for an older generation', ingress: ingress({ observedGeneration: 1, conditions: READY }), want: true },
    { name: 'Ready for its generation without load balancers', ingress: ingress({ observedGeneration: 2, conditions: READY }), want: true },
    { name: 'observed but Ready Unknown', ingress: ingress({ observedGeneration: 2, conditions: [{ type: 'Ready', status: 'Unknown' }] }), want: true },
    { name: 'Ready from this gateway', ingress: ingress({ observedGeneration: 2, conditions: READY, publicLoadBalancer: { ingress: [{ domainInternal: OWN }] } }), want: false },
    {
      name: 'Ready from another class (Istio) before the class changed',
      ingress: ingress({ observedGeneration: 2, conditions: READY, publicLoadBalancer: { ingress: [{ domainInternal: 'istio-ingressgateway.istio-system.svc.cluster.local' }] } }),
      want: true,
    },
  ])('needsReadyStatus: $name', ({ ingress: i, want }) => {
    expect(needsReadyStatus(i, OWN)).toBe(want);
  });

  it('writes the complete Ready status', () => {
    const domainInternal = gatewayDomainInternal('networking', 'ebb-system');
    expect(makeReadyStatus(ingress(), domainInternal, NOW)).toEqual({
      observedGeneration: 2,
      conditions: READY,
      publicLoadBalancer: { ingress: [{ domainInternal: 'networking.ebb-system.svc.cluster.local' }] },
      privateLoadBalancer: { ingress: [{ domainInternal: 'networking.ebb-system.svc.cluster.local' }] },
    });
    expect(needsReadyStatus({ ...ingress(), status: makeReadyStatus(ingress(), domainInternal, NOW) }, domainInternal)).toBe(false);
  });

  it.each([
    { name: 'first', previous: undefined, want: 50 },
    { name: 'doubles', previous: 200, want: 400 },
    { name: 'capped', previous: 800, want: 1000 },
    { name: 'stays capped', previous: 1000, want: 1000 },
  ])('nextProbeDelay: $name', ({ previous, want }) => {
    expect(nextProbeDelay(previous)).toBe(want);
  });

  it('probes with the first host', () => {
    expect(probeHost(ingress())).toBe('hello.default.localhost');
    expect(probeHost({ spec: { rules: [] } })).toBeUndefined();
  });
});
