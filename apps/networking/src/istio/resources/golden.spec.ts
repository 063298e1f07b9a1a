// Golden spec of the Istio translator: ISTIO.md §6 Examples A (both VirtualServices, every field,
// default gateways, probe routes with the computed hash), B (ingress VS routes) and C (mesh VS, with
// and without a local gateway), each written out as YAML and compared after parsing.
import type { Ingress, IngressBackendSplit } from '@ebb/api';
import { parse } from 'yaml';
import { ingressHash } from '../../routing-table/ingress-hash.js';
import { makeIngressVirtualServiceSpec, makeMeshVirtualServiceSpec, makeVirtualServices } from './virtual-service.js';

const DEFAULT_GATEWAYS = { ExternalIP: ['knative-serving/knative-ingress-gateway'], ClusterLocal: ['knative-serving/knative-local-gateway'] };

/** Example A: `ing("reconciling-ingress")` of net-istio's ingress_test.go (plus a uid, to see it copied). */
const EXAMPLE_A: Ingress = {
  apiVersion: 'networking.internal.knative.dev/v1alpha1',
  kind: 'Ingress',
  metadata: {
    name: 'reconciling-ingress',
    namespace: 'test-ns',
    uid: 'ingress-uid',
    labels: { 'serving.knative.dev/route': 'test-route', 'serving.knative.dev/routeNamespace': 'test-ns' },
    annotations: { 'networking.knative.dev/ingress.class': 'istio.ingress.networking.knative.dev' },
  },
  spec: {
    httpOption: 'Enabled',
    rules: [
      {
        hosts: ['host-tls.example.com'],
        visibility: 'ExternalIP',
        http: { paths: [{ splits: [{ serviceNamespace: 'test-ns', serviceName: 'test-service', servicePort: 80, percent: 100 }] }] },
      },
      {
        hosts: ['host-tls.test-ns.svc.cluster.local'],
        visibility: 'ClusterLocal',
        http: { paths: [{ splits: [{ serviceNamespace: 'test-ns', serviceName: 'test-service', servicePort: 80, percent: 100 }] }] },
      },
    ],
  },
};

/** The metadata both VirtualServices of Example A share, named `reconciling-ingress<suffix>`. */
const exampleAMetadata = (suffix: string): string => `
  name: reconciling-ingress${suffix}
  namespace: test-ns
  ownerReferences:
    - apiVersion: networking.internal.knative.dev/v1alpha1
      kind: Ingress
      name: reconciling-ingress
      uid: ingress-uid
      controller: true
      blockOwnerDeletion: true
  annotations:
    networking.knative.dev/ingress.class: istio.ingress.networking.knative.dev
  labels:
    serving.knative.dev/route: test-route
    serving.knative.dev/routeNamespace: test-ns
    networking.internal.knative.dev/ingress: reconciling-ingress`;

/** A probe route and its twin for `authority` on `gateway`, both to test-service:80. */
const exampleARoutes = (gateway: string, authority: string, hash: string): string => `
    - match:
        - gateways: [${gateway}]
          authority: { prefix: ${authority} }
          headers:
            K-Network-Hash: { exact: override }
      route:
        - destination: { host: test-service.test-ns.svc.cluster.local, port: { number: 80 } }
          weight: 100
      headers:
        request:
          set:
            K-Network-Hash: ${hash}
      retries: {}
    - match:
        - gateways: [${gateway}]
          authority: { prefix: ${authority} }
      route:
        - destination: { host: test-service.test-ns.svc.cluster.local, port: { number: 80 } }
          weight: 100
      retries: {}`;

const exampleAYaml = (hash: string): string => `
- apiVersion: networking.istio.io/v1beta1
  kind: VirtualService
  metadata:${exampleAMetadata('-mesh').replaceAll('\n', '\n  ')}
  spec:
    hosts: [host-tls.test-ns, host-tls.test-ns.svc, host-tls.test-ns.svc.cluster.local]
    gateways: [mesh]
    http:${exampleARoutes('mesh', 'host-tls.test-ns', hash).replaceAll('\n', '\n  ')}
- apiVersion: networking.istio.io/v1beta1
  kind: VirtualService
  metadata:${exampleAMetadata('-ingress').replaceAll('\n', '\n  ')}
  spec:
    hosts: [host-tls.example.com, host-tls.test-ns, host-tls.test-ns.svc, host-tls.test-ns.svc.cluster.local]
    gateways: [knative-serving/knative-ingress-gateway, knative-serving/knative-local-gateway]
    http:${exampleARoutes('knative-serving/knative-ingress-gateway', 'host-tls.example.com', hash).replaceAll('\n', '\n  ')}${exampleARoutes(
      'knative-serving/knative-local-gateway',
      'host-tls.test-ns',
      hash,
    ).replaceAll('\n', '\n  ')}
`;

describe('golden: ISTIO.md §6 Example A (default gateways)', () => {
  it('computes the hash of the Ingress', () => {
    expect(ingressHash(EXAMPLE_A)).toBe('a60946a43f4ed91f795f5e6de021a74b133c5a32bdfa1bf015e5832dff38ec6a');
  });

  it('builds the mesh and the ingress VirtualService, every field', () => {
    const got = makeVirtualServices(EXAMPLE_A, DEFAULT_GATEWAYS, { localGatewaysConfigured: true });
    expect(got).toEqual(parse(exampleAYaml(ingressHash(EXAMPLE_A))));
  });
});

const v2Split: IngressBackendSplit = { serviceNamespace: 'test-ns', serviceName: 'v2-service', servicePort: 80, percent: 100, appendHeaders: { ugh: 'blah' } };
const v1Split: IngressBackendSplit = { serviceNamespace: 'test-ns', serviceName: 'v1-service', servicePort: 80, percent: 100 };

describe('golden: ISTIO.md §6 Example B (TestMakeIngressVirtualServiceSpec_CorrectRoutes)', () => {
  const ingress: Ingress = {
    metadata: { name: 'test-ingress', namespace: 'test-ns' },
    spec: {
      rules: [
        {
          hosts: ['domain.com', 'test-route.test-ns.svc.cluster.local'],
          visibility: 'ExternalIP',
          http: { paths: [{ path: '/pets/', splits: [v2Split], appendHeaders: { foo: 'bar' } }] },
        },
        { hosts: ['v1.domain.com'], http: { paths: [{ path: '/pets/', splits: [v1Split], appendHeaders: { foo: 'baz' } }] } },
      ],
    },
  };
  const want = `
hosts: [domain.com, test-route.test-ns, test-route.test-ns.svc, test-route.test-ns.svc.cluster.local, v1.domain.com]
gateways: [gateway.public]
http:
  - match:
      - uri: { prefix: /pets/ }
        authority: { prefix: domain.com }
        gateways: [gateway.public]
      - uri: { prefix: /pets/ }
        authority: { prefix: test-route.test-ns }
        gateways: [gateway.public]
    route:
      - destination: { host: v2-service.test-ns.svc.cluster.local, port: { number: 80 } }
        weight: 100
        headers: { request: { set: { ugh: blah } } }
    headers: { request: { set: { foo: bar } } }
    retries: {}
  - match:
      - uri: { prefix: /pets/ }
        authority: { prefix: v1.domain.com }
        gateways: []
    route:
      - destination: { host: v1-service.test-ns.svc.cluster.local, port: { number: 80 } }
        weight: 100
    headers: { request: { set: { foo: baz } } }
    retries: {}
`;

  it('maps the rules to routes, unset visibility to no gateways', () => {
    expect(makeIngressVirtualServiceSpec(ingress, { ExternalIP: ['gateway.public'], ClusterLocal: ['gateway.private'] })).toEqual(parse(want));
  });
});

describe('golden: ISTIO.md §6 Example C (TestMakeMeshVirtualServiceSpec_CorrectRoutes / CorrectHosts)', () => {
  const ingress: Ingress = {
    metadata: { name: 'test-ingress', namespace: 'test-ns' },
    spec: {
      rules: [
        {
          hosts: ['test-route.test-ns.svc.cluster.local'],
          visibility: 'ClusterLocal',
          http: { paths: [{ path: '/pets/', splits: [v2Split], appendHeaders: { foo: 'bar' } }] },
        },
        { hosts: ['v1.domain.com'], visibility: 'ClusterLocal', http: { paths: [{ path: '/pets/', splits: [v1Split], appendHeaders: { foo: 'baz' } }] } },
      ],
    },
  };
  const http = `
http:
  - match:
      - uri: { prefix: /pets/ }
        authority: { prefix: test-route.test-ns }
        gateways: [mesh]
    route:
      - destination: { host: v2-service.test-ns.svc.cluster.local, port: { number: 80 } }
        weight: 100
        headers: { request: { set: { ugh: blah } } }
    headers: { request: { set: { foo: bar } } }
    retries: {}
`;

  it.each([
    {
      name: 'a local gateway configured: the three host forms',
      localGatewaysConfigured: true,
      hosts: 'hosts: [test-route.test-ns, test-route.test-ns.svc, test-route.test-ns.svc.cluster.local]',
    },
    { name: 'no local gateway: the cluster-local host only', localGatewaysConfigured: false, hosts: 'hosts: [test-route.test-ns.svc.cluster.local]' },
  ])('$name', ({ localGatewaysConfigured, hosts }) => {
    expect(makeMeshVirtualServiceSpec(ingress, { localGatewaysConfigured })).toEqual(parse(`${hosts}\ngateways: [mesh]${http}`));
  });
});
