// Table tests of gateway choice (ISTIO.md §1), the VirtualService gateway names (§3.4) and the
// load balancers (§3.5); the selection cases are net-istio's TestQualifiedGatewayNamesFromContext.
import type { Gateway, Ingress } from '@ebb/api';
import { defaultIstioConfig, type IstioConfig, type IstioGateway } from '@ebb/config';
import {
  externalGatewayServices,
  gatewayServiceRef,
  loadBalancerServices,
  NO_PER_INGRESS_GATEWAYS,
  qualifiedGatewayNames,
  selectGateways,
  virtualServiceGatewayNames,
  type PerIngressGateways,
} from './gateway-selection.js';

const DEFAULTS = defaultIstioConfig('knative-serving');

function ingressWithLabels(labels?: Record<string, string>): Ingress {
  return { metadata: { name: 'ing', namespace: 'test-ns', ...(labels === undefined ? {} : { labels }) } };
}

function gw(namespace: string, name: string, matchLabels?: Record<string, string>): IstioGateway {
  return { namespace, name, serviceUrl: `${name}.${namespace}.svc.cluster.local`, ...(matchLabels === undefined ? {} : { labelSelector: { matchLabels } }) };
}

function config(externalGateways: IstioGateway[], localGateways: IstioGateway[]): IstioConfig {
  return { externalGateways, localGateways };
}

function gateway(namespace: string, name: string): Gateway {
  return { metadata: { namespace, name } };
}

describe('qualifiedGatewayNames (net-istio TestQualifiedGatewayNamesFromContext)', () => {
  it.each<[string, IstioConfig, Record<string, string> | undefined, string[], string[]]>([
    ['all match', config([gw('ns1', 'gtw1', { expo: 'my-value' })], [gw('ns1', 'gtw2')]), { expo: 'my-value' }, ['ns1/gtw1'], ['ns1/gtw2']],
    [
      'different expo',
      config([gw('ns1', 'gtw1', { expo1: 'my-value-1' }), gw('ns1', 'gtw2', { expo2: 'my-value-2' })], [gw('ns2', 'gtw3')]),
      { expo1: 'my-value-1' },
      ['ns1/gtw1'],
      ['ns2/gtw3'],
    ],
    [
      'partial match: only the matching one, not the default',
      config(
        [
          gw('ns1', 'gtw1'),
          gw('wontmatch', 'wontmatch1', { 'good-key': 'bad-value' }),
          gw('wontmatch', 'wontmatch2', { 'bad-key': 'good-value' }),
          gw('matchingns', 'matching', { 'good-key': 'good-value' }),
        ],
        [gw('ns1', 'gtw2')],
      ),
      { 'good-key': 'good-value' },
      ['matchingns/matching'],
      ['ns1/gtw2'],
    ],
    ['matching default', config([gw('ns1', 'gtw1'), gw('wontmatch', 'wontmatch', { foo: 'bar' })], [gw('ns1', 'gtw2')]), { not: 'relevant' }, ['ns1/gtw1'], ['ns1/gtw2']],
    ['no labels on the Ingress', config([gw('ns1', 'gtw1')], [gw('ns1', 'gtw2')]), undefined, ['ns1/gtw1'], ['ns1/gtw2']],
    ['two matches, sorted', config([gw('z', 'b', { a: '1' }), gw('a', 'c', { a: '1' }), gw('d', 'default')], []), { a: '1' }, ['a/c', 'z/b'], []],
    ['mesh-only: nothing configured', config([], []), { a: '1' }, [], []],
    ['the defaults', DEFAULTS, undefined, ['knative-serving/knative-ingress-gateway'], ['knative-serving/knative-local-gateway']],
  ])('%s', (_name, cfg, labels, ...[external, local]) => {
    expect(qualifiedGatewayNames(cfg, ingressWithLabels(labels))).toEqual({ ExternalIP: external, ClusterLocal: local });
  });
});

describe('selectGateways', () => {
  const cfg = config([gw('ns', 'special', { exposition: 'special' }), gw('ns', 'default')], [gw('ns', 'local-special', { exposition: 'special' }), gw('ns', 'local')]);

  it.each<[string, Record<string, string> | undefined, 'ExternalIP' | 'ClusterLocal', string[]]>([
    ['label-selected external gateway', { exposition: 'special' }, 'ExternalIP', ['special']],
    ['label-selected local gateway', { exposition: 'special' }, 'ClusterLocal', ['local-special']],
    ['no match: the selector-less default', { exposition: 'other' }, 'ExternalIP', ['default']],
    ['no labels: the default', undefined, 'ClusterLocal', ['local']],
  ])('%s', (_name, labels, visibility, want) => {
    expect(selectGateways(cfg, ingressWithLabels(labels), visibility).map((g) => g.name)).toEqual(want);
  });

  it('matches matchExpressions too', () => {
    const expressions = config(
      [{ ...gw('ns', 'in'), labelSelector: { matchExpressions: [{ key: 'exposition', operator: 'In', values: ['special', 'other'] }] } }, gw('ns', 'default')],
      [],
    );
    expect(selectGateways(expressions, ingressWithLabels({ exposition: 'other' }), 'ExternalIP').map((g) => g.name)).toEqual(['in']);
  });

  it('selects nothing when the list has no default and nothing matches', () => {
    expect(selectGateways(config([gw('ns', 'special', { a: 'b' })], []), ingressWithLabels(), 'ExternalIP')).toEqual([]);
  });
});

describe('virtualServiceGatewayNames (§3.4)', () => {
  const perIngress = (over: Partial<PerIngressGateways>): PerIngressGateways => ({ ...NO_PER_INGRESS_GATEWAYS, ...over });

  it.each<[string, PerIngressGateways, string[], string[]]>([
    ['no per-Ingress Gateways: the shared ones', NO_PER_INGRESS_GATEWAYS, ['knative-serving/knative-ingress-gateway'], ['knative-serving/knative-local-gateway']],
    [
      'own HTTP server: only the per-Ingress Gateway, not the shared one',
      perIngress({ external: [gateway('test-ns', 'ing-3797421420')], httpServer: true }),
      ['test-ns/ing-3797421420'],
      ['knative-serving/knative-local-gateway'],
    ],
    [
      'own HTTP server with a wildcard Gateway',
      perIngress({ external: [gateway('test-ns', 'ing-1')], wildcard: [gateway('certs', 'wildcard-4fec104d')], httpServer: true }),
      ['certs/wildcard-4fec104d', 'test-ns/ing-1'],
      ['knative-serving/knative-local-gateway'],
    ],
    [
      'wildcard Gateway without own HTTP server: shared plus wildcard',
      perIngress({ wildcard: [gateway('certs', 'wildcard-4fec104d')] }),
      ['certs/wildcard-4fec104d', 'knative-serving/knative-ingress-gateway'],
      ['knative-serving/knative-local-gateway'],
    ],
    [
      'cluster-local TLS Gateways join the local gateways',
      perIngress({ clusterLocal: [gateway('test-ns', 'ing-975966116')] }),
      ['knative-serving/knative-ingress-gateway'],
      ['knative-serving/knative-local-gateway', 'test-ns/ing-975966116'],
    ],
    [
      'several per-Ingress Gateways, sorted and unique',
      perIngress({ external: [gateway('test-ns', 'ing-2'), gateway('test-ns', 'ing-1'), gateway('test-ns', 'ing-1')], httpServer: true }),
      ['test-ns/ing-1', 'test-ns/ing-2'],
      ['knative-serving/knative-local-gateway'],
    ],
  ])('%s', (_name, gateways, external, local) => {
    expect(virtualServiceGatewayNames(DEFAULTS, ingressWithLabels(), gateways)).toEqual({ ExternalIP: external, ClusterLocal: local });
  });

  it('uses the label-selected gateways', () => {
    const cfg = config([gw('ns', 'special', { exposition: 'special' }), gw('ns', 'default')], [gw('ns', 'local')]);
    expect(virtualServiceGatewayNames(cfg, ingressWithLabels({ exposition: 'special' }), NO_PER_INGRESS_GATEWAYS)).toEqual({ ExternalIP: ['ns/special'], ClusterLocal: ['ns/local'] });
  });

  it('mesh-only: no gateway names at all', () => {
    expect(virtualServiceGatewayNames(config([], []), ingressWithLabels(), NO_PER_INGRESS_GATEWAYS)).toEqual({ ExternalIP: [], ClusterLocal: [] });
  });
});

describe('loadBalancerServices (§3.5)', () => {
  it.each<[string, IstioConfig, Record<string, string> | undefined, string | undefined, string | undefined]>([
    ['the defaults', DEFAULTS, undefined, 'istio-ingressgateway.istio-system.svc.cluster.local', 'knative-local-gateway.istio-system.svc.cluster.local'],
    ['mesh-only', config([], []), undefined, undefined, undefined],
    ['no local gateway', config([gw('ns', 'ext')], []), undefined, 'ext.ns.svc.cluster.local', undefined],
    ['the first label-selected one', config([gw('ns', 'default'), gw('ns', 'b', { x: 'y' }), gw('ns', 'a', { x: 'y' })], [gw('ns', 'local')]), { x: 'y' }, 'b.ns.svc.cluster.local', 'local.ns.svc.cluster.local'],
  ])('%s', (_name, cfg, labels, ...[external, local]) => {
    expect(loadBalancerServices(cfg, ingressWithLabels(labels))).toEqual({ external, local });
  });
});

describe('gatewayServiceRef', () => {
  it.each([
    ['istio-ingressgateway.istio-system.svc.cluster.local', { namespace: 'istio-system', name: 'istio-ingressgateway' }],
    ['service.namespace.customsuffix', { namespace: 'namespace', name: 'service' }],
  ])('%s', (serviceUrl, want) => {
    expect(gatewayServiceRef({ namespace: 'ns', name: 'gw', serviceUrl })).toEqual(want);
  });

  it.each(['service.namespace', 'service'])('refuses %j as net-istio does', (serviceUrl) => {
    expect(() => gatewayServiceRef({ namespace: 'ns', name: 'gw', serviceUrl })).toThrow(`unexpected service URL form: ${serviceUrl}`);
  });

  it('gives the Services of the selected external gateways in config order', () => {
    const cfg = config([gw('ns', 'default'), gw('b-ns', 'second', { x: 'y' }), gw('a-ns', 'first', { x: 'y' })], []);
    expect(externalGatewayServices(cfg, ingressWithLabels({ x: 'y' }))).toEqual([
      { namespace: 'b-ns', name: 'second' },
      { namespace: 'a-ns', name: 'first' },
    ]);
  });
});
