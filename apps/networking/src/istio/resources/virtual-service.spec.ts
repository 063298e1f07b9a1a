// Table spec of the VirtualService builders, one row per rule of ISTIO.md §3: route shape (rewrite,
// splits, headers, uri, host dedupe, gateways), which VSes exist (mesh/ingress, mesh-only), their
// metadata (names, owner, labels, annotations) and which stale VSes are deleted.
import { createHash } from 'node:crypto';
import type { HTTPIngressPath, Ingress, IngressRule, VirtualService } from '@ebb/api';
import {
  hasIstioIngressClass,
  makeIngressVirtualServiceSpec,
  makeMeshVirtualServiceSpec,
  makeVirtualServices,
  staleChildren,
  type GatewaysByVisibility,
} from './virtual-service.js';

const GATEWAYS: GatewaysByVisibility = { ExternalIP: ['ns/public'], ClusterLocal: ['ns/private'] };
const ISTIO_CLASS = { 'networking.knative.dev/ingress.class': 'istio.ingress.networking.knative.dev' };
const split = (name: string, percent?: number, appendHeaders?: Record<string, string>) => ({
  serviceNamespace: 'ns',
  serviceName: name,
  servicePort: 80,
  ...(percent === undefined ? {} : { percent }),
  ...(appendHeaders === undefined ? {} : { appendHeaders }),
});
const destination = (name: string, weight: number) => ({ destination: { host: `${name}.ns.svc.cluster.local`, port: { number: 80 } }, weight });
const ingressOf = (rules: IngressRule[], meta: Ingress['metadata'] = {}): Ingress => ({ metadata: { name: 'ing', namespace: 'ns', uid: 'uid-1', ...meta }, spec: { rules } });
const externalRule = (path: HTTPIngressPath, hosts = ['a.example.com']): IngressRule => ({ hosts, visibility: 'ExternalIP', http: { paths: [path] } });

describe('makeIngressVirtualServiceSpec: one route per path', () => {
  it.each([
    {
      name: 'plain path: authority prefix, no uri, no headers, retries {}',
      path: { splits: [split('v1', 100)] },
      want: { match: [{ gateways: ['ns/public'], authority: { prefix: 'a.example.com' } }], route: [destination('v1', 100)], retries: {} },
    },
    {
      name: 'path set: uri prefix',
      path: { path: '/pets/', splits: [split('v1', 100)] },
      want: { match: [{ gateways: ['ns/public'], authority: { prefix: 'a.example.com' }, uri: { prefix: '/pets/' } }], route: [destination('v1', 100)], retries: {} },
    },
    {
      name: 'rewriteHost: rewrite.authority',
      path: { rewriteHost: 'b.ns.svc.cluster.local', splits: [split('v1', 100)] },
      want: {
        match: [{ gateways: ['ns/public'], authority: { prefix: 'a.example.com' } }],
        route: [destination('v1', 100)],
        rewrite: { authority: 'b.ns.svc.cluster.local' },
        retries: {},
      },
    },
    {
      name: '90/10 split: two weighted destinations',
      path: { splits: [split('v1', 90), split('v2', 10)] },
      want: { match: [{ gateways: ['ns/public'], authority: { prefix: 'a.example.com' } }], route: [destination('v1', 90), destination('v2', 10)], retries: {} },
    },
    {
      name: 'appendHeaders: per split and per path as request sets',
      path: { splits: [split('v1', 100, { 'Knative-Serving-Revision': 'v1' })], appendHeaders: { 'Knative-Serving-Default-Route': 'true' } },
      want: {
        match: [{ gateways: ['ns/public'], authority: { prefix: 'a.example.com' } }],
        route: [{ ...destination('v1', 100), headers: { request: { set: { 'Knative-Serving-Revision': 'v1' } } } }],
        headers: { request: { set: { 'Knative-Serving-Default-Route': 'true' } } },
        retries: {},
      },
    },
    {
      name: 'empty appendHeaders: no header operations',
      path: { splits: [split('v1', 100, {})], appendHeaders: {} },
      want: { match: [{ gateways: ['ns/public'], authority: { prefix: 'a.example.com' } }], route: [destination('v1', 100)], retries: {} },
    },
    {
      name: 'header matches: exact, names as given',
      path: { headers: { 'Knative-Serving-Tag': { exact: 'blue' } }, splits: [split('v1', 100)] },
      want: {
        match: [{ gateways: ['ns/public'], authority: { prefix: 'a.example.com' }, headers: { 'Knative-Serving-Tag': { exact: 'blue' } } }],
        route: [destination('v1', 100)],
        retries: {},
      },
    },
    {
      name: 'port as a numeric string: a number; weight 0 omitted (Istio JSON)',
      path: { splits: [{ serviceNamespace: 'ns', serviceName: 'v1', servicePort: '8080', percent: 0 }] },
      want: { match: [{ gateways: ['ns/public'], authority: { prefix: 'a.example.com' } }], route: [{ destination: { host: 'v1.ns.svc.cluster.local', port: { number: 8080 } } }], retries: {} },
    },
    {
      name: 'a named port has no number (IntValue 0)',
      path: { splits: [{ serviceNamespace: 'ns', serviceName: 'v1', servicePort: 'http', percent: 100 }] },
      want: { match: [{ gateways: ['ns/public'], authority: { prefix: 'a.example.com' } }], route: [{ destination: { host: 'v1.ns.svc.cluster.local', port: {} }, weight: 100 }], retries: {} },
    },
  ] as { name: string; path: HTTPIngressPath; want: unknown }[])('$name', ({ path, want }) => {
    expect(makeIngressVirtualServiceSpec(ingressOf([externalRule(path)]), GATEWAYS).http).toEqual([want]);
  });
});

describe('makeIngressVirtualServiceSpec: hosts, matches and gateways', () => {
  const path = { splits: [split('v1', 100)] };
  const matchesOf = (rules: IngressRule[], gateways = GATEWAYS) => makeIngressVirtualServiceSpec(ingressOf(rules), gateways).http?.map((r) => r.match);
  it.each([
    {
      name: 'the cluster-local host forms collapse to one match',
      rules: [{ hosts: ['a.default', 'a.default.svc', 'a.default.svc.cluster.local'], visibility: 'ClusterLocal', http: { paths: [path] } }],
      want: [[{ gateways: ['ns/private'], authority: { prefix: 'a.default' } }]],
    },
    {
      name: 'prefix-of-each-other hosts collapse to the shortest',
      rules: [{ hosts: ['abc.com', 'a', 'ab'], visibility: 'ExternalIP', http: { paths: [path] } }],
      want: [[{ gateways: ['ns/public'], authority: { prefix: 'a' } }]],
    },
    {
      name: 'unset visibility: an empty gateway list',
      rules: [{ hosts: ['a.example.com'], http: { paths: [path] } }],
      want: [[{ gateways: [], authority: { prefix: 'a.example.com' } }]],
    },
    {
      name: 'several gateways of a visibility: sorted and unique',
      rules: [{ hosts: ['a.example.com'], visibility: 'ExternalIP', http: { paths: [path] } }],
      gateways: { ExternalIP: ['z/gw', 'a/gw', 'z/gw'], ClusterLocal: [] },
      want: [[{ gateways: ['a/gw', 'z/gw'], authority: { prefix: 'a.example.com' } }]],
    },
    {
      name: 'a visibility without gateways: an empty list',
      rules: [{ hosts: ['a.ns.svc.cluster.local'], visibility: 'ClusterLocal', http: { paths: [path] } }],
      gateways: { ExternalIP: ['ns/public'], ClusterLocal: [] },
      want: [[{ gateways: [], authority: { prefix: 'a.ns' } }]],
    },
    {
      name: 'rules and paths in order, one route each',
      rules: [
        { hosts: ['b.example.com'], visibility: 'ExternalIP', http: { paths: [{ path: '/x', ...path }, path] } },
        { hosts: ['a.ns.svc.cluster.local'], visibility: 'ClusterLocal', http: { paths: [path] } },
      ],
      want: [
        [{ gateways: ['ns/public'], authority: { prefix: 'b.example.com' }, uri: { prefix: '/x' } }],
        [{ gateways: ['ns/public'], authority: { prefix: 'b.example.com' } }],
        [{ gateways: ['ns/private'], authority: { prefix: 'a.ns' } }],
      ],
    },
  ] as { name: string; rules: IngressRule[]; gateways?: GatewaysByVisibility; want: unknown }[])('$name', ({ rules, gateways, want }) => {
    expect(matchesOf(rules, gateways)).toEqual(want);
  });

  it('lists all hosts expanded, and only the gateways used', () => {
    const spec = makeIngressVirtualServiceSpec(ingressOf([externalRule(path, ['b.example.com', 'a.ns.svc.cluster.local'])]), GATEWAYS);
    expect({ hosts: spec.hosts, gateways: spec.gateways }).toEqual({ hosts: ['a.ns', 'a.ns.svc', 'a.ns.svc.cluster.local', 'b.example.com'], gateways: ['ns/public'] });
  });
});

describe('makeMeshVirtualServiceSpec', () => {
  const path = { splits: [split('v1', 100)] };
  it.each([
    { name: 'no cluster-local host: no mesh VS', rules: [externalRule(path)], want: undefined },
    {
      name: 'every visibility on the mesh gateway',
      rules: [externalRule(path, ['a.ns.svc.cluster.local']), { hosts: ['b.ns.svc.cluster.local'], visibility: 'ClusterLocal', http: { paths: [path] } }],
      want: ['mesh', 'mesh'],
    },
  ] as { name: string; rules: IngressRule[]; want: unknown }[])('$name', ({ rules, want }) => {
    const spec = makeMeshVirtualServiceSpec(ingressOf(rules), { localGatewaysConfigured: true });
    expect(spec === undefined ? undefined : spec.http?.map((r) => r.match?.[0]?.gateways?.[0])).toEqual(want);
  });
});

describe('makeVirtualServices: which VSes', () => {
  const path = { splits: [split('v1', 100)] };
  const local = { hosts: ['a.ns.svc.cluster.local'], visibility: 'ClusterLocal', http: { paths: [path] } } as IngressRule;
  const names = (vses: VirtualService[]) => vses.map((vs) => `${vs.metadata?.name ?? ''} ${(vs.spec?.hosts ?? []).join(',')}`);
  it.each([
    { name: 'external only: the ingress VS', rules: [externalRule(path)], gateways: GATEWAYS, want: ['ing-ingress a.example.com'] },
    {
      name: 'local and external: mesh first (expanded), then ingress',
      rules: [externalRule(path), local],
      gateways: GATEWAYS,
      want: ['ing-mesh a.ns,a.ns.svc,a.ns.svc.cluster.local', 'ing-ingress a.example.com,a.ns,a.ns.svc,a.ns.svc.cluster.local'],
    },
    { name: 'local rules but no local gateway: mesh only', rules: [local], gateways: { ExternalIP: ['ns/public'], ClusterLocal: [] }, want: ['ing-mesh a.ns,a.ns.svc,a.ns.svc.cluster.local'] },
    { name: 'mesh-only mode: only the mesh VS, hosts unexpanded', rules: [externalRule(path), local], gateways: { ExternalIP: [], ClusterLocal: [] }, want: ['ing-mesh a.ns.svc.cluster.local'] },
  ] as { name: string; rules: IngressRule[]; gateways: GatewaysByVisibility; want: string[] }[])('$name', ({ rules, gateways, want }) => {
    expect(names(makeVirtualServices(ingressOf(rules), gateways, { localGatewaysConfigured: true }))).toEqual(want);
  });

  it('mesh hosts stay unexpanded without a configured local gateway', () => {
    expect(names(makeVirtualServices(ingressOf([local]), GATEWAYS, { localGatewaysConfigured: false }))[0]).toBe('ing-mesh a.ns.svc.cluster.local');
  });

  it('defaults the Ingress first: an unset visibility routes through the external gateways', () => {
    const vs = makeVirtualServices(ingressOf([{ hosts: ['a.example.com'], http: { paths: [path] } }]), GATEWAYS, { localGatewaysConfigured: true });
    expect(vs[0]?.spec?.http?.map((r) => r.match?.[0]?.gateways)).toEqual([['ns/public'], ['ns/public']]);
  });

  it('fails when a rule has no http', () => {
    expect(() => makeVirtualServices(ingressOf([{ hosts: ['a.example.com'] }]), GATEWAYS, { localGatewaysConfigured: true })).toThrow(
      /^failed to insert a probe into the Ingress: rule is missing HTTP block/,
    );
  });
});

describe('makeVirtualServices: metadata', () => {
  const path = { splits: [split('v1', 100)] };
  const metaOf = (meta: Ingress['metadata'], systemNamespace?: string) =>
    makeVirtualServices(ingressOf([externalRule(path)], meta), GATEWAYS, { localGatewaysConfigured: true, ...(systemNamespace === undefined ? {} : { systemNamespace }) })[0]?.metadata;
  const md5 = (s: string) => createHash('md5').update(s).digest('hex');
  it.each([
    {
      name: 'only the route labels are kept, the ingress label added; annotations verbatim',
      meta: {
        labels: { 'serving.knative.dev/route': 'r', 'serving.knative.dev/routeNamespace': 'ns', 'serving.knative.dev/service': 's', other: 'x' },
        annotations: { ...ISTIO_CLASS, 'networking.internal.knative.dev/rollout': '{}' },
      },
      want: {
        name: 'ing-ingress',
        namespace: 'ns',
        ownerReferences: [{ apiVersion: 'networking.internal.knative.dev/v1alpha1', kind: 'Ingress', name: 'ing', uid: 'uid-1', controller: true, blockOwnerDeletion: true }],
        labels: { 'serving.knative.dev/route': 'r', 'serving.knative.dev/routeNamespace': 'ns', 'networking.internal.knative.dev/ingress': 'ing' },
        annotations: { ...ISTIO_CLASS, 'networking.internal.knative.dev/rollout': '{}' },
      },
    },
    {
      name: 'no labels or annotations: the ingress label only',
      meta: {},
      want: {
        name: 'ing-ingress',
        namespace: 'ns',
        ownerReferences: [{ apiVersion: 'networking.internal.knative.dev/v1alpha1', kind: 'Ingress', name: 'ing', uid: 'uid-1', controller: true, blockOwnerDeletion: true }],
        labels: { 'networking.internal.knative.dev/ingress': 'ing' },
      },
    },
  ])('$name', ({ meta, want }) => {
    expect(metaOf(meta)).toEqual(want);
  });

  it.each([
    { name: 'a fitting name', ingress: 'a'.repeat(55), want: `${'a'.repeat(55)}-ingress` },
    { name: 'a long name: cut + md5 of the Ingress name', ingress: 'a'.repeat(60), want: `${'a'.repeat(23)}${md5('a'.repeat(60))}-ingress` },
  ])('names: $name', ({ ingress, want }) => {
    expect(metaOf({ name: ingress })?.name).toBe(want);
  });

  it('an Ingress without namespace goes to the system namespace', () => {
    expect(metaOf({ namespace: '' }, 'knative-serving')?.namespace).toBe('knative-serving');
  });
});

describe('staleChildren', () => {
  const ingress = ingressOf([], { labels: { 'serving.knative.dev/route': 'r' } });
  const vs = (name: string, opts: { labels?: Record<string, string>; uid?: string; namespace?: string; controller?: boolean; annotations?: Record<string, string> } = {}): VirtualService => ({
    metadata: {
      name,
      namespace: opts.namespace ?? 'ns',
      labels: opts.labels ?? { 'networking.internal.knative.dev/ingress': 'ing' },
      annotations: opts.annotations ?? ISTIO_CLASS,
      ownerReferences: [{ apiVersion: 'networking.internal.knative.dev/v1alpha1', kind: 'Ingress', name: 'ing', uid: opts.uid ?? 'uid-1', controller: opts.controller ?? true }],
    },
  });
  it.each([
    { name: 'desired ones are kept', existing: [vs('ing-mesh'), vs('ing-ingress')], desired: [vs('ing-ingress')], want: ['ing-mesh'] },
    { name: 'sorted by name', existing: [vs('z'), vs('b'), vs('ing-ingress')], desired: [vs('ing-ingress')], want: ['b', 'z'] },
    { name: 'not controlled by this Ingress: kept', existing: [vs('x', { uid: 'other' }), vs('y', { controller: false })], desired: [], want: [] },
    { name: 'labelled for another Ingress: kept', existing: [vs('x', { labels: { 'networking.internal.knative.dev/ingress': 'other' } })], desired: [], want: [] },
    { name: 'legacy route label: deleted', existing: [vs('x', { labels: { 'serving.knative.dev/route': 'r' } })], desired: [], want: ['x'] },
    { name: 'another namespace: kept', existing: [vs('x', { namespace: 'other' })], desired: [], want: [] },
  ])('$name', ({ existing, desired, want }) => {
    expect(staleChildren(existing, desired, ingress).map((v) => v.metadata?.name)).toEqual(want);
  });

  it.each([
    { annotations: ISTIO_CLASS, want: true },
    { annotations: { 'networking.knative.dev/ingress.class': 'ebb.ingress.networking.knative.dev' }, want: false },
    { annotations: {}, want: false },
  ])('hasIstioIngressClass($annotations) is $want', ({ annotations, want }) => {
    expect(hasIstioIngressClass(vs('x', { annotations }))).toBe(want);
  });
});
