// Table spec of makeIngress: complete expected Ingresses for a split, a tag and a cluster-local
// Route, built from real host and traffic resolution results.
import type { Ingress, IngressBackendSplit, Route } from '@ebb/api';
import { defaultDomainConfig, parseDomainConfig, type DomainConfig } from '@ebb/config';
import { routeHosts, type RouteHosts } from '../domains.js';
import type { ResolvedTarget } from '../traffic.js';
import { makeIngress } from './ingress.js';

const owner = { apiVersion: 'serving.knative.dev/v1', kind: 'Route', name: 'hello', uid: 'uid-route', controller: true, blockOwnerDeletion: true };
const parsed = parseDomainConfig({ 'example.com': '' });
const example: DomainConfig = parsed.ok ? parsed.config : defaultDomainConfig();
const route = (over: { labels?: Record<string, string>; annotations?: Record<string, string> } = {}): Route => ({
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Route',
  metadata: { name: 'hello', namespace: 'default', uid: 'uid-route', labels: over.labels ?? {}, annotations: over.annotations ?? {} },
  spec: { traffic: [{ configurationName: 'hello', latestRevision: true, percent: 100 }, { tag: 'old', revisionName: 'hello-00001', percent: 0 }] },
});
const hostsOf = (r: Route, domain: DomainConfig): RouteHosts => {
  const result = routeHosts(r, { network: { domainTemplate: '{{.Name}}.{{.Namespace}}.{{.Domain}}', tagTemplate: '{{.Tag}}-{{.Name}}' }, domain });
  if (!result.ok) throw new Error(result.message);
  return result.hosts;
};
const target = (revisionName: string, percent: number, tag?: string): ResolvedTarget => ({
  revisionName,
  percent,
  protocol: 'http1',
  ...(tag === undefined ? {} : { tag }),
});
const split = (revision: string, percent: number): IngressBackendSplit => ({
  serviceNamespace: 'default',
  serviceName: revision,
  servicePort: 80,
  percent,
  appendHeaders: { 'Knative-Serving-Revision': revision, 'Knative-Serving-Namespace': 'default' },
});
const LOCAL = ['hello.default', 'hello.default.svc', 'hello.default.svc.cluster.local'];
const OLD_LOCAL = ['old-hello.default', 'old-hello.default.svc', 'old-hello.default.svc.cluster.local'];
const meta = (labels: Record<string, string>, ingressClass: string): Ingress['metadata'] => ({
  name: 'hello',
  namespace: 'default',
  labels: { 'serving.knative.dev/route': 'hello', 'serving.knative.dev/routeNamespace': 'default', ...labels },
  annotations: { 'networking.knative.dev/ingress.class': ingressClass },
  ownerReferences: [owner],
});

describe('makeIngress', () => {
  it.each<{ name: string; route: Route; domain: DomainConfig; traffic: [string, ResolvedTarget[]][]; want: Ingress }>([
    {
      name: '80/20 split on an external domain (0 % splits dropped)',
      route: route(),
      domain: example,
      traffic: [['', [target('hello-00001', 80), target('hello-00002', 20), target('hello-00003', 0)]]],
      want: {
        apiVersion: 'networking.internal.knative.dev/v1alpha1',
        kind: 'Ingress',
        metadata: meta({}, 'ebb.ingress.networking.knative.dev'),
        spec: {
          httpOption: 'Enabled',
          rules: [
            { hosts: LOCAL, visibility: 'ClusterLocal', http: { paths: [{ splits: [split('hello-00001', 80), split('hello-00002', 20)] }] } },
            { hosts: ['hello.default.example.com'], visibility: 'ExternalIP', http: { paths: [{ splits: [split('hello-00001', 80), split('hello-00002', 20)] }] } },
          ],
        },
      },
    },
    {
      name: 'tag: its own rules at 100 %; Service label and the ingress.class annotation carried',
      route: route({ labels: { 'serving.knative.dev/service': 'hello', team: 'a' }, annotations: { 'networking.knative.dev/ingress.class': 'custom.ingress' } }),
      domain: example,
      traffic: [
        ['old', [target('hello-00001', 100, 'old')]],
        ['', [target('hello-00002', 100), target('hello-00001', 0, 'old')]],
      ],
      want: {
        apiVersion: 'networking.internal.knative.dev/v1alpha1',
        kind: 'Ingress',
        metadata: meta({ 'serving.knative.dev/service': 'hello' }, 'custom.ingress'),
        spec: {
          httpOption: 'Enabled',
          rules: [
            { hosts: LOCAL, visibility: 'ClusterLocal', http: { paths: [{ splits: [split('hello-00002', 100)] }] } },
            { hosts: ['hello.default.example.com'], visibility: 'ExternalIP', http: { paths: [{ splits: [split('hello-00002', 100)] }] } },
            { hosts: OLD_LOCAL, visibility: 'ClusterLocal', http: { paths: [{ splits: [split('hello-00001', 100)] }] } },
            { hosts: ['old-hello.default.example.com'], visibility: 'ExternalIP', http: { paths: [{ splits: [split('hello-00001', 100)] }] } },
          ],
        },
      },
    },
    {
      name: 'cluster-local: only ClusterLocal rules',
      route: route({ labels: { 'networking.knative.dev/visibility': 'cluster-local' } }),
      domain: example,
      traffic: [
        ['', [target('hello-00002', 100), target('hello-00001', 0, 'old')]],
        ['old', [target('hello-00001', 100, 'old')]],
      ],
      want: {
        apiVersion: 'networking.internal.knative.dev/v1alpha1',
        kind: 'Ingress',
        metadata: meta({}, 'ebb.ingress.networking.knative.dev'),
        spec: {
          httpOption: 'Enabled',
          rules: [
            { hosts: LOCAL, visibility: 'ClusterLocal', http: { paths: [{ splits: [split('hello-00002', 100)] }] } },
            { hosts: OLD_LOCAL, visibility: 'ClusterLocal', http: { paths: [{ splits: [split('hello-00001', 100)] }] } },
          ],
        },
      },
    },
  ])('$name', ({ route: r, domain, traffic, want }) => {
    const ingress = makeIngress(r, new Map(traffic), hostsOf(r, domain), { networkConfig: { ingressClass: 'ebb.ingress.networking.knative.dev' } });
    expect(ingress).toEqual(want);
  });
});
