// Table tests of the prober's targets (ISTIO.md §4 "Targets"; cases follow net-istio's
// lister_test.go): which servers are probed, which Service fronts a Gateway, which endpoint port,
// and the URL's host. Endpoints come from EndpointSlice fixtures through @ebb/dataplane's
// readyEndpoints, as the EndpointsTracker serves them.
import type { Gateway, Ingress, IngressSpec, Server } from '@ebb/api';
import { defaultIstioConfig, type IstioConfig } from '@ebb/config';
import { readyEndpoints, type EndpointSliceLike } from '@ebb/dataplane';
import { hostsPerGateway, probeScheme, probeTargets, type ProbeTarget, type ServiceLike } from './probe-targets.js';

const CONFIG = defaultIstioConfig('knative-serving');
const EXTERNAL = 'knative-serving/knative-ingress-gateway';
const LOCAL = 'knative-serving/knative-local-gateway';

const SPEC: IngressSpec = {
  rules: [
    { hosts: ['host-tls.example.com'], visibility: 'ExternalIP', http: { paths: [{ splits: [{ serviceNamespace: 'test-ns', serviceName: 'svc', servicePort: 80 }] }] } },
    { hosts: ['host-tls.test-ns.svc.cluster.local'], visibility: 'ClusterLocal', http: { paths: [{ splits: [{ serviceNamespace: 'test-ns', serviceName: 'svc', servicePort: 80 }] }] } },
  ],
};

function ingress(spec: IngressSpec = SPEC): Ingress {
  return { metadata: { name: 'ing', namespace: 'test-ns' }, spec };
}

/** Example A's Ingress with its ExternalIP rule only (the local gateway is not probed for it). */
const EXTERNAL_ONLY = ingress({ rules: [SPEC.rules?.[0] ?? {}] });

function server(name: string, number: number, protocol: string, tls?: Server['tls']): Server {
  return { hosts: ['*'], port: { name, number, protocol }, ...(tls === undefined ? {} : { tls }) };
}

function gateway(servers: Server[], selector: Record<string, string> = { istio: 'ingressgateway' }): Gateway {
  return { spec: { selector, servers } };
}

function service(namespace: string, name: string, labels: Record<string, string>, ports: { name?: string; port: number }[]): ServiceLike {
  return { metadata: { namespace, name, labels }, spec: { ports } };
}

const GATEWAY_SERVICE = service('istio-system', 'istio-ingressgateway', { istio: 'ingressgateway' }, [
  { name: 'http2', port: 80 },
  { name: 'https', port: 443 },
]);

/** Two gateway pods; the second one's slice port numbers differ, the third pod is not ready. */
const SLICES: Record<string, EndpointSliceLike[]> = {
  'istio-system/istio-ingressgateway': [
    {
      endpoints: [{ addresses: ['10.0.0.1'] }, { addresses: ['10.0.0.3'], conditions: { ready: false } }],
      ports: [
        { name: 'http2', port: 8080 },
        { name: 'https', port: 8443 },
      ],
    },
    { endpoints: [{ addresses: ['10.0.0.2'], conditions: { ready: true } }], ports: [{ name: 'http2', port: 8081 }] },
  ],
};

interface Case {
  readonly gateways?: Record<string, Gateway>;
  readonly services?: ServiceLike[];
  readonly ingress?: Ingress;
  readonly config?: IstioConfig;
}

function targets(c: Case): ProbeTarget[] {
  const gateways = c.gateways ?? { [EXTERNAL]: gateway([server('http', 80, 'HTTP')]) };
  return probeTargets({
    config: c.config ?? CONFIG,
    ingress: c.ingress ?? EXTERNAL_ONLY,
    gateway: (namespace, name) => gateways[`${namespace}/${name}`],
    services: c.services ?? [GATEWAY_SERVICE],
    endpoints: (namespace, name, portName) => readyEndpoints(SLICES[`${namespace}/${name}`] ?? [], portName),
  });
}

const HTTP_TARGETS: ProbeTarget[] = [
  { url: 'http://host-tls.example.com:80/healthz', address: '10.0.0.1', port: 8080 },
  { url: 'http://host-tls.example.com:80/healthz', address: '10.0.0.2', port: 8081 },
];

describe('probeScheme', () => {
  it.each<[string, Server, string | undefined]>([
    ['HTTP', server('http', 80, 'HTTP'), 'http'],
    ['HTTP2', server('http2', 80, 'HTTP2'), 'http'],
    ['HTTP with httpsRedirect: skipped', server('http', 80, 'HTTP', { httpsRedirect: true }), undefined],
    ['HTTPS SIMPLE', server('https', 443, 'HTTPS', { mode: 'SIMPLE' }), 'https'],
    ['HTTPS without tls', server('https', 443, 'HTTPS'), 'https'],
    ['HTTPS MUTUAL: skipped', server('https', 443, 'HTTPS', { mode: 'MUTUAL' }), undefined],
    ['TCP: skipped', server('tcp', 31400, 'TCP'), undefined],
    ['TLS: skipped', server('tls', 15443, 'TLS'), undefined],
  ])('%s', (_name, s, want) => {
    expect(probeScheme(s)).toBe(want);
  });
});

describe('hostsPerGateway', () => {
  it('expanded hosts of the rules of each visibility go to its gateways', () => {
    expect(hostsPerGateway(CONFIG, ingress())).toEqual(
      new Map([
        [EXTERNAL, new Set(['host-tls.example.com'])],
        [LOCAL, new Set(['host-tls.test-ns', 'host-tls.test-ns.svc', 'host-tls.test-ns.svc.cluster.local'])],
      ]),
    );
  });

  it('a gateway no rule goes through is absent', () => {
    expect([...hostsPerGateway(CONFIG, EXTERNAL_ONLY).keys()]).toEqual([EXTERNAL]);
  });
});

describe('probeTargets (§4)', () => {
  it.each<[string, Case, ProbeTarget[]]>([
    ['an HTTP server: every ready pod on the slice port named like the Service port', {}, HTTP_TARGETS],
    ['an HTTPS redirect server is skipped', { gateways: { [EXTERNAL]: gateway([server('http', 80, 'HTTP', { httpsRedirect: true })]) } }, []],
    [
      'HTTPS SIMPLE is probed over https, MUTUAL skipped',
      {
        gateways: {
          [EXTERNAL]: gateway([server('mutual', 443, 'HTTPS', { mode: 'MUTUAL' }), server('simple', 443, 'HTTPS', { mode: 'SIMPLE' })]),
        },
      },
      [{ url: 'https://host-tls.example.com:443/healthz', address: '10.0.0.1', port: 8443 }],
    ],
    ['a server port the Service does not expose is skipped', { gateways: { [EXTERNAL]: gateway([server('http', 8081, 'HTTP')]) } }, []],
    ['no Service matches the Gateway selector: no targets', { services: [service('istio-system', 'istio-ingressgateway', { istio: 'other' }, [{ name: 'http2', port: 80 }])] }, []],
    ['servers of the same protocol and port are probed once', { gateways: { [EXTERNAL]: gateway([server('http', 80, 'HTTP'), server('http-server', 80, 'HTTP')]) } }, HTTP_TARGETS],
    [
      'HTTP and HTTP2 on one port are two protocols',
      { gateways: { [EXTERNAL]: gateway([server('http', 80, 'HTTP'), server('http2', 80, 'HTTP2')]) } },
      [...HTTP_TARGETS, ...HTTP_TARGETS],
    ],
    [
      'the first matching Service by namespace/name fronts the Gateway',
      { services: [service('z-ns', 'gw', { istio: 'ingressgateway' }, [{ name: 'http2', port: 80 }]), GATEWAY_SERVICE] },
      HTTP_TARGETS,
    ],
    [
      'the Service labels, not its selector, must match; extra labels are fine',
      { services: [service('istio-system', 'istio-ingressgateway', { istio: 'ingressgateway', app: 'x' }, [{ name: 'http2', port: 80 }])] },
      HTTP_TARGETS,
    ],
    [
      'each config gateway (sorted) with the first of its sorted hosts',
      { ingress: ingress(), gateways: { [EXTERNAL]: gateway([server('http', 80, 'HTTP')]), [LOCAL]: gateway([server('https', 443, 'HTTPS')]) } },
      [...HTTP_TARGETS, { url: 'https://host-tls.test-ns:443/healthz', address: '10.0.0.1', port: 8443 }],
    ],
    [
      'only config gateways: a label-selected one replaces the default',
      {
        config: { ...CONFIG, externalGateways: [...CONFIG.externalGateways, { namespace: 'ns', name: 'special', serviceUrl: 's.ns.svc', labelSelector: { matchLabels: { ing: 'special' } } }] },
        ingress: { ...EXTERNAL_ONLY, metadata: { name: 'ing', namespace: 'test-ns', labels: { ing: 'special' } } },
        gateways: { 'ns/special': gateway([server('http', 80, 'HTTP')]) },
      },
      HTTP_TARGETS,
    ],
    ['mesh-only: nothing to probe', { config: { externalGateways: [], localGateways: [] } }, []],
  ])('%s', (_name, c, want) => {
    expect(targets(c)).toEqual(want);
  });

  it('fails when a config gateway does not exist', () => {
    expect(() => targets({ gateways: {} })).toThrow(`failed to get Gateway "${EXTERNAL}"`);
    expect(() => targets({ ingress: ingress() })).toThrow(`failed to get Gateway "${LOCAL}"`);
  });
});
