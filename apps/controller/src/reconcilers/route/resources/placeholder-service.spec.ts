// Table spec of the placeholder Services: complete expected objects before and after the
// Ingress reports its load balancer, for the Route and for a tag.
import type { Ingress, Route } from '@ebb/api';
import type { V1Service } from '@kubernetes/client-node';
import type { TargetHosts } from '../domains.js';
import { loadBalancerHost, makePlaceholderService } from './placeholder-service.js';

const route: Route = {
  metadata: {
    name: 'hello',
    namespace: 'default',
    uid: 'uid-route',
    labels: { 'serving.knative.dev/service': 'hello', 'networking.knative.dev/visibility': 'cluster-local', team: 'a' },
    annotations: { 'serving.knative.dev/creator': 'alice' },
  },
};
const main: TargetHosts = { external: 'hello.default.example.com', clusterLocal: [], host: 'hello.default.example.com', serviceName: 'hello' };
const tag: TargetHosts = { external: undefined, clusterLocal: [], host: 'old-hello.default.svc.cluster.local', serviceName: 'old-hello' };
const GATEWAY = 'ebb-gateway.ebb-system.svc.cluster.local';
const ingress = (publicLb: object[], privateLb?: object[]): Ingress => ({
  metadata: { name: 'hello', namespace: 'default' },
  status: { publicLoadBalancer: { ingress: publicLb }, ...(privateLb === undefined ? {} : { privateLoadBalancer: { ingress: privateLb } }) },
});
const service = (name: string, externalName: string): V1Service => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: {
    name,
    namespace: 'default',
    labels: { 'serving.knative.dev/service': 'hello', team: 'a', 'serving.knative.dev/route': 'hello' },
    annotations: { 'serving.knative.dev/creator': 'alice' },
    ownerReferences: [{ apiVersion: 'serving.knative.dev/v1', kind: 'Route', name: 'hello', uid: 'uid-route', controller: true, blockOwnerDeletion: true }],
  },
  spec: {
    type: 'ExternalName',
    externalName,
    sessionAffinity: 'None',
    ports: [{ name: 'http2', appProtocol: 'kubernetes.io/h2c', port: 80, targetPort: 80 }],
  },
});

describe('makePlaceholderService', () => {
  it.each([
    { name: 'no Ingress yet: points at the Route host', hosts: main, ingress: undefined, want: service('hello', 'hello.default.example.com') },
    { name: 'Ingress without a load balancer yet: Route host', hosts: main, ingress: ingress([]), want: service('hello', 'hello.default.example.com') },
    { name: 'Ingress load balancer known: points at it', hosts: main, ingress: ingress([{ domainInternal: GATEWAY }]), want: service('hello', GATEWAY) },
    { name: 'tag placeholder', hosts: tag, ingress: ingress([{ domainInternal: GATEWAY }]), want: service('old-hello', GATEWAY) },
  ])('$name', ({ hosts, ingress: ing, want }) => {
    expect(makePlaceholderService(route, hosts, ing)).toEqual(want);
  });
});

describe('loadBalancerHost', () => {
  it.each([
    { name: 'none', ingress: undefined, want: undefined },
    { name: 'public domainInternal', ingress: ingress([{ domainInternal: GATEWAY }]), want: GATEWAY },
    { name: 'private preferred', ingress: ingress([{ domainInternal: 'public.example' }], [{ domainInternal: GATEWAY }]), want: GATEWAY },
    { name: 'empty private falls back to public', ingress: ingress([{ domainInternal: GATEWAY }], []), want: GATEWAY },
    { name: 'domain when no domainInternal', ingress: ingress([{ domain: 'lb.example.com' }]), want: 'lb.example.com' },
    { name: 'IP only: none (ExternalName needs a name)', ingress: ingress([{ ip: '127.0.0.1' }]), want: undefined },
  ])('$name', ({ ingress: ing, want }) => {
    expect(loadBalancerHost(ing)).toBe(want);
  });
});
