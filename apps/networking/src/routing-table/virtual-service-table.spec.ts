import type { HTTPRoute, HTTPRouteDestination, Ingress, VirtualService } from '@ebb/api';
import type { IncomingHttpHeaders } from 'node:http';
import { buildRoutingTable, fromVirtualService, pickSplit, route, type PathRule, type RoutingTable } from './routing-table.js';
import { buildVirtualServiceTable, combineTables, destinationRevision, qualifyGateway } from './virtual-service-table.js';

/** The gateway's own load balancer (its Service's in-cluster name). */
const OWN_LB = 'networking.ebb-system.svc.cluster.local';

const INGRESS_GATEWAY = 'knative-serving/knative-ingress-gateway';
const LOCAL_GATEWAY = 'knative-serving/knative-local-gateway';
const HASH = 'a60946a4-the-ingress-hash';
const PROBE_MATCH = { 'K-Network-Hash': { exact: 'override' } };

const toService = (service: string, weight?: number, set?: Record<string, string>): HTTPRouteDestination => ({
  destination: { host: `${service}.test-ns.svc.cluster.local`, port: { number: 80 } },
  ...(weight === undefined ? {} : { weight }),
  ...(set === undefined ? {} : { headers: { request: { set } } }),
});

function virtualService(name: string, spec: VirtualService['spec'], namespace = 'test-ns'): VirtualService {
  return { apiVersion: 'networking.istio.io/v1beta1', kind: 'VirtualService', metadata: { name, namespace }, spec };
}

/** ISTIO.md §6 Example A: the `-ingress` VirtualService net-istio writes for `reconciling-ingress`. */
const EXAMPLE_A = virtualService('reconciling-ingress-ingress', {
  hosts: ['host-tls.example.com', 'host-tls.test-ns', 'host-tls.test-ns.svc', 'host-tls.test-ns.svc.cluster.local'],
  gateways: [INGRESS_GATEWAY, LOCAL_GATEWAY],
  http: [
    { match: [{ gateways: [INGRESS_GATEWAY], authority: { prefix: 'host-tls.example.com' }, headers: PROBE_MATCH }], route: [toService('test-service', 100)], headers: { request: { set: { 'K-Network-Hash': HASH } } }, retries: {} },
    { match: [{ gateways: [INGRESS_GATEWAY], authority: { prefix: 'host-tls.example.com' } }], route: [toService('test-service', 100)], retries: {} },
    { match: [{ gateways: [LOCAL_GATEWAY], authority: { prefix: 'host-tls.test-ns' }, headers: PROBE_MATCH }], route: [toService('test-service', 100)], headers: { request: { set: { 'K-Network-Hash': HASH } } }, retries: {} },
    { match: [{ gateways: [LOCAL_GATEWAY], authority: { prefix: 'host-tls.test-ns' } }], route: [toService('test-service', 100)], retries: {} },
  ],
});

/** A VirtualService on the ingress gateway for `host` with these routes. */
const onIngressGateway = (name: string, host: string, http: HTTPRoute[]): VirtualService => virtualService(name, { hosts: [host], gateways: [INGRESS_GATEWAY], http });

/** The rule a request gets: its Host as sent (the table key is the Host without port, lower case). */
function ruleFor(table: RoutingTable, host: string, path = '/', headers: IncomingHttpHeaders = {}): PathRule | undefined {
  const routes = table.get(host.toLowerCase().replace(/:\d+$/, ''));
  return routes === undefined ? undefined : route(routes, path, { ...headers, host });
}

/** What a rule forwards: its revisions with weights and set headers, and its Host rewrite. */
function forwarding(rule: PathRule | undefined): unknown {
  if (rule === undefined) return undefined;
  return { splits: rule.splits.map((s) => `${s.namespace}/${s.revision}:${s.port} ${s.percent} ${JSON.stringify(s.appendHeaders)}`), rewriteHost: rule.rewriteHost };
}

const TO_TEST_SERVICE = 'test-ns/test-service:80 100';

describe('buildVirtualServiceTable: ISTIO.md Example A', () => {
  it.each<{ name: string; gateways: string[]; host: string; headers?: IncomingHttpHeaders; want: unknown }>([
    { name: 'a probe gets the route that sets the hash', gateways: [INGRESS_GATEWAY], host: 'host-tls.example.com:80', headers: { 'k-network-hash': 'override' }, want: { splits: [`${TO_TEST_SERVICE} {"K-Network-Hash":"${HASH}"}`], rewriteHost: undefined } },
    { name: 'a plain request with a port matches the ingress gateway route', gateways: [INGRESS_GATEWAY], host: 'host-tls.example.com:80', want: { splits: [`${TO_TEST_SERVICE} {}`], rewriteHost: undefined } },
    { name: 'a request with another K-Network-Hash is a plain request', gateways: [INGRESS_GATEWAY], host: 'host-tls.example.com', headers: { 'k-network-hash': 'abc' }, want: { splits: [`${TO_TEST_SERVICE} {}`], rewriteHost: undefined } },
    { name: 'a cluster-local host matches nothing on the ingress gateway', gateways: [INGRESS_GATEWAY], host: 'host-tls.test-ns.svc.cluster.local', want: undefined },
    { name: 'a cluster-local host on the local gateway', gateways: [LOCAL_GATEWAY], host: 'host-tls.test-ns.svc.cluster.local:8081', want: { splits: [`${TO_TEST_SERVICE} {}`], rewriteHost: undefined } },
    { name: 'the external host matches nothing on the local gateway', gateways: [LOCAL_GATEWAY], host: 'host-tls.example.com', want: undefined },
    { name: 'the external host on a replica acting as both', gateways: [LOCAL_GATEWAY, INGRESS_GATEWAY], host: 'host-tls.example.com', want: { splits: [`${TO_TEST_SERVICE} {}`], rewriteHost: undefined } },
  ])('$name', ({ gateways, host, headers, want }) => {
    const { table, problems } = buildVirtualServiceTable([EXAMPLE_A], gateways);
    expect(forwarding(ruleFor(table, host, '/', headers))).toEqual(want);
    expect(problems).toEqual([]);
  });

  it('claims every host of the VirtualService, in its name, on a Gateway it is bound to', () => {
    const { table } = buildVirtualServiceTable([EXAMPLE_A], [INGRESS_GATEWAY]);
    expect([...table.keys()]).toEqual(EXAMPLE_A.spec?.hosts);
    expect(table.get('host-tls.test-ns')).toMatchObject({ virtualService: 'test-ns/reconciling-ingress-ingress' });
    expect(table.get('host-tls.test-ns')?.rules).toHaveLength(2);
  });

  it.each([
    { name: 'a Gateway the VirtualService does not name', gateways: ['knative-serving/other-gateway'] },
    { name: 'no Gateway', gateways: [] },
  ])('claims nothing on $name', ({ gateways }) => {
    expect(buildVirtualServiceTable([EXAMPLE_A], gateways).table.size).toBe(0);
  });
});

describe('buildVirtualServiceTable: matching', () => {
  const table = buildVirtualServiceTable(
    [
      onIngressGateway('order', 'order.example.com', [
        { match: [{ uri: { prefix: '/a' } }], route: [toService('short')] },
        { match: [{ uri: { prefix: '/a/b' } }], route: [toService('long')] },
        { match: [{ uri: { exact: '/exact' } }], route: [toService('exact')] },
        { route: [toService('rest')] },
      ]),
      onIngressGateway('authority', 'auth.example.com', [
        { match: [{ authority: { exact: 'auth.example.com' } }], route: [toService('exact-authority')] },
        { match: [{ authority: { prefix: 'auth.example.com' } }], route: [toService('prefix-authority')] },
      ]),
      onIngressGateway('headers', 'headers.example.com', [
        { match: [{ headers: { 'Knative-Serving-Tag': { exact: 'beta' }, 'X-Two': { exact: '2' } } }], route: [toService('both')] },
        { match: [{ headers: { 'Knative-Serving-Tag': { exact: 'beta' } } }, { uri: { prefix: '/or' } }], route: [toService('beta-or-path')] },
      ]),
      onIngressGateway('gateways', 'gw.example.com', [
        { match: [{ gateways: ['mesh'] }], route: [toService('mesh-only')] },
        { match: [{ gateways: ['knative-ingress-gateway'] }], route: [toService('elsewhere')] },
        { match: [{ gateways: [] }], route: [toService('vs-gateways')] },
      ]),
    ],
    [INGRESS_GATEWAY],
  ).table;

  it.each<{ name: string; host: string; path?: string; headers?: IncomingHttpHeaders; want: string | undefined }>([
    { name: 'first match wins, not the longest prefix', host: 'order.example.com', path: '/a/b/c', want: 'short' },
    { name: 'a uri prefix', host: 'order.example.com', path: '/ab', want: 'short' },
    { name: 'a uri exact', host: 'order.example.com', path: '/exact', want: 'exact' },
    { name: 'a uri exact does not take a longer path', host: 'order.example.com', path: '/exact/x', want: 'rest' },
    { name: 'a route without match takes the rest', host: 'order.example.com', path: '/zzz', want: 'rest' },
    { name: 'an exact authority', host: 'auth.example.com', want: 'exact-authority' },
    { name: 'an exact authority does not take a port', host: 'auth.example.com:80', want: 'prefix-authority' },
    { name: 'an authority is matched as sent (case kept)', host: 'AUTH.example.com', want: undefined },
    { name: 'every header must match', host: 'headers.example.com', headers: { 'knative-serving-tag': 'beta', 'x-two': '2' }, want: 'both' },
    { name: 'header names in any case, values exact', host: 'headers.example.com', headers: { 'knative-serving-tag': 'beta' }, want: 'beta-or-path' },
    { name: 'a header value in another case does not match', host: 'headers.example.com', headers: { 'knative-serving-tag': 'Beta' }, want: undefined },
    { name: 'any match entry of a route', host: 'headers.example.com', path: '/or/x', want: 'beta-or-path' },
    { name: 'an entry on mesh or a bare Gateway name of another namespace does not match; one without gateways takes the VirtualService', host: 'gw.example.com', want: 'vs-gateways' },
  ])('$name', ({ host, path, headers, want }) => {
    expect(ruleFor(table, host, path, headers)?.splits.map((s) => s.revision).join()).toBe(want);
  });
});

describe('buildVirtualServiceTable: what a route forwards', () => {
  const build = (http: HTTPRoute[]): PathRule | undefined => buildVirtualServiceTable([onIngressGateway('f', 'f.example.com', http)], [INGRESS_GATEWAY]).table.get('f.example.com')?.rules[0];

  it('weighs 50/50 by the random number', () => {
    const rule = build([{ route: [toService('a', 50), toService('b', 50)] }]) as PathRule;
    expect([0, 0.4999, 0.5, 0.9999].map((random) => pickSplit(rule, random)?.revision)).toEqual(['a', 'a', 'b', 'b']);
    expect(rule.totalPercent).toBe(100);
  });

  it.each<{ name: string; http: HTTPRoute[]; want: unknown }>([
    { name: 'a lone destination without weight weighs 100', http: [{ route: [toService('a')] }], want: { splits: ['test-ns/a:80 100 {}'], rewriteHost: undefined } },
    { name: 'two destinations without weight weigh nothing', http: [{ route: [toService('a'), toService('b')] }], want: { splits: ['test-ns/a:80 0 {}', 'test-ns/b:80 0 {}'], rewriteHost: undefined } },
    { name: 'rewrite.authority is the forwarded Host', http: [{ route: [toService('a')], rewrite: { authority: 'a.test-ns.svc.cluster.local' } }], want: { splits: ['test-ns/a:80 100 {}'], rewriteHost: 'a.test-ns.svc.cluster.local' } },
    {
      name: "the route's set headers, then the destination's (later wins)",
      http: [{ route: [toService('a', 90, { b: 'dest', c: 'dest' }), toService('b', 10)], headers: { request: { set: { a: 'route', b: 'route' } } } }],
      want: { splits: ['test-ns/a:80 90 {"a":"route","b":"dest","c":"dest"}', 'test-ns/b:80 10 {"a":"route","b":"route"}'], rewriteHost: undefined },
    },
    {
      name: 'destination host forms',
      http: [{ route: [{ destination: { host: 'x.other' } }, { destination: { host: 'y.other.svc' } }, { destination: { host: 'Z' } }].map((d) => ({ ...d, weight: 1 })) }],
      want: { splits: ['other/x:80 1 {}', 'other/y:80 1 {}', 'test-ns/z:80 1 {}'], rewriteHost: undefined },
    },
  ])('$name', ({ http, want }) => {
    expect(forwarding(build(http))).toEqual(want);
  });

  it('shares the splits of a route between the rules of its match entries', () => {
    const rules = buildVirtualServiceTable([onIngressGateway('f', 'f.example.com', [{ match: [{ uri: { prefix: '/a' } }, { uri: { prefix: '/b' } }], route: [toService('a')] }])], [INGRESS_GATEWAY]).table.get('f.example.com')?.rules ?? [];
    expect(rules.map((r) => r.path)).toEqual(['/a', '/b']);
    expect(rules[0]?.splits).toBe(rules[1]?.splits);
  });
});

describe('buildVirtualServiceTable: what it does not serve', () => {
  it('never matches an entry of an unsupported kind, keeps the other entries, and says so once', () => {
    const vs = onIngressGateway('regex', 'r.example.com', [
      { match: [{ uri: { regex: '/a.*' } }, { uri: { prefix: '/b' } }], route: [toService('a')] },
      { match: [{ uri: { regex: '/c.*' } }], route: [toService('c')] },
      { match: [{ headers: { 'x-a': { prefix: 'v' } } }, { method: { exact: 'GET' } }], route: [toService('d')] },
      { route: [toService('rest')] },
    ]);
    const { table, problems } = buildVirtualServiceTable([vs, vs], [INGRESS_GATEWAY]);
    expect(['/a', '/b', '/c'].map((path) => ruleFor(table, 'r.example.com', path)?.splits[0]?.revision)).toEqual(['rest', 'a', 'rest']);
    expect(ruleFor(table, 'r.example.com', '/', { 'x-a': 'v' })?.splits[0]?.revision).toBe('rest');
    expect(problems).toEqual([
      'VirtualService test-ns/regex http[0] match[0]: uri (regex) not supported; this match never matches',
      'VirtualService test-ns/regex http[1] match[0]: uri (regex) not supported; this match never matches',
      'VirtualService test-ns/regex http[2] match[0]: headers.x-a (prefix) not supported; this match never matches',
      'VirtualService test-ns/regex http[2] match[1]: method not supported; this match never matches',
    ]);
  });

  it('leaves out a destination it cannot name a revision for, and ignores what it cannot do', () => {
    const vs = onIngressGateway('odd', 'o.example.com', [
      { route: [{ destination: { host: 'a.b.c.d' }, weight: 50 }, toService('ok', 50)], rewrite: { uri: '/x' }, timeout: '5s', headers: { request: { add: { a: '1' } } } },
    ]);
    const { table, problems } = buildVirtualServiceTable([vs], [INGRESS_GATEWAY]);
    expect(forwarding(table.get('o.example.com')?.rules[0])).toEqual({ splits: ['test-ns/ok:80 50 {}'], rewriteHost: undefined });
    expect(problems).toEqual([
      'VirtualService test-ns/odd http[0]: timeout, rewrite.uri, headers.request.add not supported; ignored',
      'VirtualService test-ns/odd http[0] route[0]: destination host "a.b.c.d" is not <service>.<namespace>[.svc[.cluster.local]]; left out',
    ]);
  });

  it('reports nothing for routes on Gateways it does not act as', () => {
    const vs = onIngressGateway('elsewhere', 'e.example.com', [{ match: [{ gateways: [LOCAL_GATEWAY], uri: { regex: '.*' } }], route: [toService('a')], timeout: '1s' }]);
    expect(buildVirtualServiceTable([vs], [INGRESS_GATEWAY]).problems).toEqual([]);
  });
});

describe('buildVirtualServiceTable and combineTables: who serves a host', () => {
  it('gives a host two VirtualServices claim to the first by namespace/name, and skips one bound to other Gateways', () => {
    const b = virtualService('b', { hosts: ['same.example.com', 'b.example.com'], gateways: [INGRESS_GATEWAY], http: [{ route: [toService('b')] }], }, 'a-ns');
    const a = virtualService('z', { hosts: ['same.example.com'], gateways: [INGRESS_GATEWAY], http: [{ route: [toService('z')] }] }, 'a-ns');
    const c = virtualService('a', { hosts: ['same.example.com'], gateways: ['knative-serving/other'], http: [{ route: [toService('c')] }] }, 'a-ns');
    const { table } = buildVirtualServiceTable([a, c, b], [INGRESS_GATEWAY]);
    expect([...table.entries()].map(([host, r]) => [host, fromVirtualService(r) ? r.virtualService : r.ingress])).toEqual([
      ['same.example.com', 'a-ns/b'],
      ['b.example.com', 'a-ns/b'],
    ]);
  });

  it('lets an Ebb-class Ingress win a host over a VirtualService, and adds the hosts it lacks', () => {
    const ingress: Ingress = {
      metadata: { name: 'hello', namespace: 'test-ns' },
      spec: { rules: [{ hosts: ['host-tls.example.com'], http: { paths: [{ splits: [{ serviceNamespace: 'test-ns', serviceName: 'from-ingress', servicePort: 80 }] }] } }] },
    };
    const ingressTable = buildRoutingTable([ingress], OWN_LB);
    const table = combineTables(ingressTable, buildVirtualServiceTable([EXAMPLE_A], [INGRESS_GATEWAY]).table);
    expect(table.get('host-tls.example.com')).toBe(ingressTable.get('host-tls.example.com'));
    expect(table.get('host-tls.test-ns')).toMatchObject({ virtualService: 'test-ns/reconciling-ingress-ingress' });
    expect(table.size).toBe(4);
  });
});

describe('small helpers', () => {
  it.each([
    { name: 'a qualified name', gateway: 'knative-serving/knative-ingress-gateway', want: 'knative-serving/knative-ingress-gateway' },
    { name: 'a bare name', gateway: 'my-gateway', want: 'test-ns/my-gateway' },
    { name: 'mesh', gateway: 'mesh', want: 'mesh' },
  ])('qualifyGateway: $name', ({ gateway, want }) => {
    expect(qualifyGateway(gateway, 'test-ns')).toBe(want);
  });

  it.each([
    { name: 'the full cluster-local name', host: 'rev-1.ns.svc.cluster.local', want: { namespace: 'ns', revision: 'rev-1' } },
    { name: '.svc', host: 'rev-1.ns.svc', want: { namespace: 'ns', revision: 'rev-1' } },
    { name: 'service.namespace', host: 'Rev-1.NS', want: { namespace: 'ns', revision: 'rev-1' } },
    { name: 'a bare service', host: 'rev-1', want: { namespace: 'vs-ns', revision: 'rev-1' } },
    { name: 'three labels', host: 'a.b.example', want: undefined },
    { name: 'an empty label', host: 'a..svc', want: undefined },
    { name: 'nothing', host: '', want: undefined },
  ])('destinationRevision: $name', ({ host, want }) => {
    expect(destinationRevision(host, 'vs-ns')).toEqual(want);
  });
});
