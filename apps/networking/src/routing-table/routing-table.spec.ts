import type { HTTPIngressPath, Ingress, IngressBackendSplit } from '@ebb/api';
import type { IncomingHttpHeaders } from 'node:http';
import { ingressHash } from './ingress-hash.js';
import { buildRoutingTable, fromVirtualService, normalizeHost, pathOf, pickSplit, route, routedByEbb, servedByEbb, type PathRule, type RouteSplit } from './routing-table.js';

/** The gateway's own load balancer (its Service's in-cluster name). */
const OWN_LB = 'networking.ebb-system.svc.cluster.local';

const split = (revision: string, percent?: number): IngressBackendSplit => ({
  serviceNamespace: 'default',
  serviceName: revision,
  servicePort: 80,
  ...(percent === undefined ? {} : { percent }),
  appendHeaders: { 'Knative-Serving-Revision': revision, 'Knative-Serving-Namespace': 'default' },
});

function ingress(name: string, hosts: string[], paths: HTTPIngressPath[], annotations?: Record<string, string>): Ingress {
  return {
    apiVersion: 'networking.internal.knative.dev/v1alpha1',
    kind: 'Ingress',
    metadata: { name, namespace: 'default', generation: 1, ...(annotations ? { annotations } : {}) },
    spec: { httpOption: 'Enabled', rules: [{ hosts, visibility: 'ExternalIP', http: { paths } }] },
  };
}

const HELLO = ingress('hello', ['hello.default.localhost', 'hello.default.svc.cluster.local'], [{ splits: [split('hello-00001', 80), split('hello-00002', 20)] }]);
const TAGGED = ingress('tagged', ['tagged.default.localhost'], [
  { splits: [split('tagged-00001', 100)] },
  { path: '/api', splits: [split('tagged-api', 100)] },
  { headers: { 'Knative-Serving-Tag': { exact: 'beta' } }, splits: [split('tagged-beta', 100)] },
]);

const revisionOf = (rule: PathRule | undefined): string[] => (rule?.splits ?? []).map((s: RouteSplit) => s.revision);

describe('buildRoutingTable and route', () => {
  const table = buildRoutingTable([TAGGED, HELLO], OWN_LB);

  it.each<{ name: string; host: string; path: string; headers?: IncomingHttpHeaders; want: string[] | undefined }>([
    { name: 'the external host of the first ingress', host: 'hello.default.localhost', path: '/', want: ['hello-00001', 'hello-00002'] },
    { name: 'its cluster-local host', host: 'hello.default.svc.cluster.local', path: '/x', want: ['hello-00001', 'hello-00002'] },
    { name: 'the second ingress, default path', host: 'tagged.default.localhost', path: '/other', want: ['tagged-00001'] },
    { name: 'the longest path prefix first', host: 'tagged.default.localhost', path: '/api/v1', want: ['tagged-api'] },
    { name: 'a header match wins over the plain path of equal length', host: 'tagged.default.localhost', path: '/', headers: { 'knative-serving-tag': 'beta' }, want: ['tagged-beta'] },
    { name: 'a header with another value falls through', host: 'tagged.default.localhost', path: '/', headers: { 'knative-serving-tag': 'alpha' }, want: ['tagged-00001'] },
    { name: 'an unknown host', host: 'nope.default.localhost', path: '/', want: undefined },
  ])('$name', ({ host, path, headers, want }) => {
    const routes = table.get(host);
    expect(routes === undefined ? undefined : revisionOf(route(routes, path, headers ?? {}))).toEqual(want);
  });

  it('records the serving Ingress and its hash per host', () => {
    expect(table.get('hello.default.localhost')).toMatchObject({ ingress: 'default/hello', hash: ingressHash(HELLO) });
    expect(table.get('tagged.default.localhost')).toMatchObject({ ingress: 'default/tagged', hash: ingressHash(TAGGED) });
    expect([...table.keys()].sort()).toEqual(['hello.default.localhost', 'hello.default.svc.cluster.local', 'tagged.default.localhost']);
  });

  it('builds complete rules with merged appendHeaders and weights', () => {
    const withRuleHeaders = ingress('h', ['h.localhost'], [{ path: '/p', rewriteHost: 'inner', appendHeaders: { a: '1' }, splits: [{ serviceNamespace: 'ns', serviceName: 'r', servicePort: 80, appendHeaders: { b: '2' } }] }]);
    expect(buildRoutingTable([withRuleHeaders], OWN_LB).get('h.localhost')).toEqual({
      ingress: 'default/h',
      hash: ingressHash(withRuleHeaders),
      rules: [{ path: '/p', headers: [], rewriteHost: 'inner', splits: [{ namespace: 'ns', revision: 'r', port: 80, percent: 100, appendHeaders: { a: '1', b: '2' } }], totalPercent: 100 }],
    });
  });

  it('keeps a host for the first Ingress by namespace/name and skips other ingress classes', () => {
    const a = ingress('a', ['same.localhost'], [{ splits: [split('a-1')] }]);
    const b = ingress('b', ['same.localhost', 'b.localhost'], [{ splits: [split('b-1')] }]);
    const istio = ingress('c', ['c.localhost'], [{ splits: [split('c-1')] }], { 'networking.knative.dev/ingress.class': 'istio.ingress.networking.knative.dev' });
    const t = buildRoutingTable([b, istio, a], OWN_LB);
    expect([...t.entries()].map(([host, r]) => [host, fromVirtualService(r) ? r.virtualService : r.ingress])).toEqual([
      ['same.localhost', 'default/a'],
      ['b.localhost', 'default/b'],
    ]);
  });
});

describe('pickSplit', () => {
  const rule = buildRoutingTable([HELLO], OWN_LB).get('hello.default.localhost')?.rules[0] as PathRule;

  it.each([
    { name: 'low end of the 80', random: 0, want: 'hello-00001' },
    { name: 'high end of the 80', random: 0.7999, want: 'hello-00001' },
    { name: 'low end of the 20', random: 0.8, want: 'hello-00002' },
    { name: 'high end of the 20', random: 0.9999, want: 'hello-00002' },
  ])('$name', ({ random, want }) => {
    expect(pickSplit(rule, random)?.revision).toBe(want);
  });

  it('splits 10,000 evenly spread numbers exactly 80/20', () => {
    const counts: Record<string, number> = {};
    for (let i = 0; i < 10_000; i++) {
      const r = pickSplit(rule, i / 10_000)?.revision ?? '';
      counts[r] = (counts[r] ?? 0) + 1;
    }
    expect(counts).toEqual({ 'hello-00001': 8000, 'hello-00002': 2000 });
  });

  it('picks nothing when every weight is zero', () => {
    const zero = buildRoutingTable([ingress('z', ['z'], [{ splits: [split('z-1', 0), split('z-2', 0)] }])], OWN_LB).get('z')?.rules[0] as PathRule;
    expect(pickSplit(zero, 0.5)).toBeUndefined();
  });
});

describe('small helpers', () => {
  it.each([
    { name: 'port stripped and lower-cased', host: 'Hello.Default.LOCALHOST:8080', want: 'hello.default.localhost' },
    { name: 'trailing dot dropped', host: 'a.b.', want: 'a.b' },
    { name: 'IPv6 with port', host: '[::1]:80', want: '[::1]' },
    { name: 'missing', host: undefined, want: '' },
  ])('normalizeHost: $name', ({ host, want }) => {
    expect(normalizeHost(host)).toBe(want);
  });

  it.each([
    { name: 'query dropped', url: '/a?b=c', want: '/a' },
    { name: 'empty', url: '', want: '/' },
  ])('pathOf: $name', ({ url, want }) => {
    expect(pathOf(url)).toBe(want);
  });

  it.each([
    { name: 'no class', annotations: undefined, want: true },
    { name: 'Ebb class', annotations: { 'networking.knative.dev/ingress.class': 'ebb.ingress.networking.knative.dev' }, want: true },
    { name: 'alias key with Ebb class', annotations: { 'networking.knative.dev/ingress-class': 'ebb.ingress.networking.knative.dev' }, want: true },
    { name: 'another class', annotations: { 'networking.knative.dev/ingress.class': 'kourier.ingress.networking.knative.dev' }, want: false },
  ] as { name: string; annotations: Record<string, string> | undefined; want: boolean }[])('servedByEbb: $name', ({ annotations, want }) => {
    expect(servedByEbb({ metadata: { name: 'x', ...(annotations ? { annotations } : {}) } })).toBe(want);
  });

  const ISTIO = { 'networking.knative.dev/ingress.class': 'istio.ingress.networking.knative.dev' };
  const readyWith = (domainInternal: string, ready = 'True'): Ingress['status'] => ({ conditions: [{ type: 'Ready', status: ready as 'True' }], publicLoadBalancer: { ingress: [{ domainInternal }] } });
  it.each<{ name: string; ingress: Ingress; want: boolean }>([
    { name: 'of its class', ingress: { metadata: { name: 'x' } }, want: true },
    { name: 'another class, never Ready', ingress: { metadata: { name: 'x', annotations: ISTIO } }, want: false },
    { name: 'another class, still Ready with this gateway (the new class has not reconciled it)', ingress: { metadata: { name: 'x', annotations: ISTIO }, status: readyWith(OWN_LB) }, want: true },
    { name: 'another class, Ready with its own load balancer', ingress: { metadata: { name: 'x', annotations: ISTIO }, status: readyWith('istio-ingressgateway.istio-system.svc.cluster.local') }, want: false },
    { name: 'another class, not Ready yet under it but still naming this gateway', ingress: { metadata: { name: 'x', annotations: ISTIO }, status: readyWith(OWN_LB, 'Unknown') }, want: true },
  ])('routedByEbb: $name', ({ ingress: i, want }) => {
    expect(routedByEbb(i, OWN_LB)).toBe(want);
  });

  it('ingressHash ignores key order and changes with the spec', () => {
    const a: Ingress = { spec: { httpOption: 'Enabled', rules: [{ hosts: ['x'] }] } };
    const b: Ingress = { spec: { rules: [{ hosts: ['x'] }], httpOption: 'Enabled' } };
    expect(ingressHash(a)).toBe(ingressHash(b));
    expect(ingressHash(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(ingressHash({ spec: { rules: [{ hosts: ['y'] }] } })).not.toBe(ingressHash(a));
  });
});
