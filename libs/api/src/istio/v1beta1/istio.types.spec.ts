// The Istio Gateway/VirtualService schemas against what net-istio writes (ISTIO.md §6 Example A's
// two VirtualServices, Example D's per-Ingress Gateway) and a user's VirtualService using the
// neighbouring fields: the TypeBox schemas and every served version of the generated CRDs accept
// them, keep every field (nothing pruned), and reject wrong types.
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { parse } from 'yaml';
import { ISTIO_SERVED_VERSIONS, type JSONSchemaProps } from '../../crd/index.js';
import { crdSchema, edited, REMOVE, type Path } from '../../crd/schema.spec-support.js';
import { PRESERVE_UNKNOWN_FIELDS } from '../../core/meta.js';
import { GatewaySchema, VirtualServiceSchema } from './index.js';

const HASH = 'a60946a43f4ed91f795f5e6de021a74b133c5a32bdfa1bf015e5832dff38ec6a';

// ISTIO.md §3.2: metadata shared by both VirtualServices of Example A.
const META = `
  namespace: test-ns
  labels:
    serving.knative.dev/route: test-route
    serving.knative.dev/routeNamespace: test-ns
    networking.internal.knative.dev/ingress: reconciling-ingress
  annotations: { networking.knative.dev/ingress.class: istio.ingress.networking.knative.dev }
  ownerReferences:
    - { apiVersion: networking.internal.knative.dev/v1alpha1, kind: Ingress, name: reconciling-ingress, uid: 8f1c2b3a, controller: true, blockOwnerDeletion: true }`;

const ROUTE = 'route: [{ destination: { host: test-service.test-ns.svc.cluster.local, port: { number: 80 } }, weight: 100 }]';

// ISTIO.md §6 Example A: reconciling-ingress-mesh.
const MESH_VS = parse(`
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
  name: reconciling-ingress-mesh${META}
spec:
  hosts: [host-tls.test-ns, host-tls.test-ns.svc, host-tls.test-ns.svc.cluster.local]
  gateways: [mesh]
  http:
    - match: [{ gateways: [mesh], authority: { prefix: host-tls.test-ns }, headers: { K-Network-Hash: { exact: override } } }]
      ${ROUTE}
      headers: { request: { set: { K-Network-Hash: ${HASH} } } }
      retries: {}
    - match: [{ gateways: [mesh], authority: { prefix: host-tls.test-ns } }]
      ${ROUTE}
      retries: {}
`) as unknown;

// ISTIO.md §6 Example A: reconciling-ingress-ingress.
const INGRESS_VS = parse(`
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
  name: reconciling-ingress-ingress${META}
spec:
  hosts: [host-tls.example.com, host-tls.test-ns, host-tls.test-ns.svc, host-tls.test-ns.svc.cluster.local]
  gateways: [knative-serving/knative-ingress-gateway, knative-serving/knative-local-gateway]
  http:
    - match: [{ gateways: [knative-serving/knative-ingress-gateway], authority: { prefix: host-tls.example.com }, headers: { K-Network-Hash: { exact: override } } }]
      ${ROUTE}
      headers: { request: { set: { K-Network-Hash: ${HASH} } } }
      retries: {}
    - match: [{ gateways: [knative-serving/knative-ingress-gateway], authority: { prefix: host-tls.example.com } }]
      ${ROUTE}
      retries: {}
    - match: [{ gateways: [knative-serving/knative-local-gateway], authority: { prefix: host-tls.test-ns }, headers: { K-Network-Hash: { exact: override } } }]
      ${ROUTE}
      headers: { request: { set: { K-Network-Hash: ${HASH} } } }
      retries: {}
    - match: [{ gateways: [knative-serving/knative-local-gateway], authority: { prefix: host-tls.test-ns } }]
      ${ROUTE}
      retries: {}
`) as unknown;

// ISTIO.md §6 Example D: the per-Ingress Gateway for external TLS (httpOption Enabled).
const TLS_GATEWAY = parse(`
apiVersion: networking.istio.io/v1beta1
kind: Gateway
metadata:
  name: reconciling-ingress-3797421420
  namespace: test-ns
  labels: { networking.internal.knative.dev/ingress: reconciling-ingress }
  ownerReferences:
    - { apiVersion: networking.internal.knative.dev/v1alpha1, kind: Ingress, name: reconciling-ingress, uid: 8f1c2b3a, controller: true, blockOwnerDeletion: true }
spec:
  selector: { istio: ingress }
  servers:
    - hosts: [host-tls.example.com]
      port: { name: "test-ns/reconciling-ingress:0", number: 443, protocol: HTTPS }
      tls: { mode: SIMPLE, credentialName: secret0 }
    - hosts: [host-tls.example.com]
      port: { name: http-server, number: 80, protocol: HTTP }
      tls: { httpsRedirect: true }
status: { conditions: [{ type: Reconciled, status: "True" }], observedGeneration: "1" }
`) as unknown;

// A user's VirtualService with the neighbouring fields (Istio docs' examples), and Istio's status.
const USER_VS = parse(`
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: { name: reviews, namespace: default }
spec:
  hosts: [reviews.prod.svc.cluster.local]
  exportTo: ["."]
  http:
    - name: reviews-v2-routes
      match:
        - uri: { prefix: /wpcatalog }
          method: { exact: GET }
          scheme: { exact: https }
          ignoreUriCase: true
          port: 8080
          queryParams: { v: { regex: "^2$" } }
          withoutHeaders: { end-user: { exact: jason } }
          sourceLabels: { app: frontend }
          sourceNamespace: web
      rewrite: { uri: /newcatalog, authority: reviews.internal }
      route:
        - destination: { host: reviews.prod.svc.cluster.local, subset: v2 }
          weight: 90
          headers: { response: { add: { x-served-by: v2 }, remove: [x-debug] } }
        - destination: { host: reviews.prod.svc.cluster.local, subset: v1 }
          weight: 10
      timeout: 10s
      retries: { attempts: 3, perTryTimeout: 2s, retryOn: "gateway-error,connect-failure", retryRemoteLocalities: true }
      fault: { delay: { fixedDelay: 5s, percentage: { value: 0.1 } }, abort: { httpStatus: 400, percentage: { value: 0.1 } } }
      mirror: { host: reviews-shadow, port: { number: 9080 } }
      mirrorPercentage: { value: 50.0 }
      corsPolicy: { allowOrigins: [{ exact: https://example.com }], allowMethods: [POST, GET], maxAge: 24h, allowCredentials: false }
    - match: [{ uri: { exact: /old } }]
      redirect: { uri: /new, authority: newreviews.default.svc.cluster.local, redirectCode: 301 }
    - match: [{ uri: { exact: /teapot } }]
      directResponse: { status: 418, body: { string: "I'm a teapot" } }
    - delegate: { name: reviews-delegate, namespace: nsA }
  tcp:
    - match: [{ port: 27017 }]
      route: [{ destination: { host: mongo.backup.svc.cluster.local, port: { number: 5555 } } }]
  tls:
    - match: [{ port: 443, sniHosts: [login.bookinfo.com] }]
      route: [{ destination: { host: login.prod.svc.cluster.local } }]
status:
  observedGeneration: 3
  validationMessages: [{ documentationUrl: https://istio.io/, level: WARNING, type: { code: IST0101 } }]
`) as unknown;

const FIXTURES = [
  { name: 'Example A mesh VirtualService', kind: 'VirtualService', schema: VirtualServiceSchema as TSchema, value: MESH_VS },
  { name: 'Example A ingress VirtualService', kind: 'VirtualService', schema: VirtualServiceSchema as TSchema, value: INGRESS_VS },
  { name: 'Example D TLS Gateway', kind: 'Gateway', schema: GatewaySchema as TSchema, value: TLS_GATEWAY },
  { name: 'a user VirtualService with the neighbouring fields', kind: 'VirtualService', schema: VirtualServiceSchema as TSchema, value: USER_VS },
];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The paths of `value` the API server would prune under a structural CRD schema (fields it does not declare). */
function pruned(schema: JSONSchemaProps, value: unknown, path: string): string[] {
  if (schema[PRESERVE_UNKNOWN_FIELDS] === true) return [];
  if (Array.isArray(value)) return schema.items === undefined ? [] : value.flatMap((v, i) => pruned(schema.items ?? {}, v, `${path}[${i}]`));
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const child = schema.properties?.[k] ?? schema.additionalProperties;
    return child === undefined ? [`${path}.${k}`] : pruned(child, v, `${path}.${k}`);
  });
}

/** {@link pruned} for the CRD of `kind` at `version`; `metadata` is the API server's, never pruned by the CRD. */
function prunedByCrd(kind: string, version: string | undefined, value: unknown): string[] {
  const root = crdSchema(kind, version) as JSONSchemaProps;
  const metadata: JSONSchemaProps = { type: 'object', [PRESERVE_UNKNOWN_FIELDS]: true };
  return pruned({ ...root, properties: { ...root.properties, metadata } }, value, '');
}

describe('Istio Gateway and VirtualService schemas (networking.istio.io/v1beta1)', () => {
  it.each(FIXTURES)('the TypeBox schema accepts $name', ({ schema, value }) => {
    expect([...Compile(schema).Errors(value)]).toEqual([]);
  });

  const perVersion = ISTIO_SERVED_VERSIONS.flatMap((version) => FIXTURES.map((f) => ({ ...f, version })));

  it.each(perVersion)('the $version CRD schema accepts $name', ({ kind, version, value }) => {
    expect([...Compile(crdSchema(kind, version)).Errors(value)]).toEqual([]);
  });

  it.each(perVersion)('the $version CRD schema keeps every field of $name (metadata is the server’s)', ({ kind, version, value }) => {
    expect(prunedByCrd(kind, version, value)).toEqual([]);
  });

  it('reports a field the CRD does not declare as pruned (Istio\'s deprecated mirror_percent)', () => {
    const withDeprecated = edited(USER_VS, ['spec', 'http', 0, 'mirror_percent'], 5);
    expect(prunedByCrd('VirtualService', undefined, withDeprecated)).toEqual(['.spec.http[0].mirror_percent']);
  });

  it.each<{ name: string; kind: string; schema: TSchema; fixture: unknown; path: Path; value: unknown }>([
    { name: 'a weight that is a string', kind: 'VirtualService', schema: VirtualServiceSchema, fixture: INGRESS_VS, path: ['spec', 'http', 0, 'route', 0, 'weight'], value: '100' },
    { name: 'a destination without host', kind: 'VirtualService', schema: VirtualServiceSchema, fixture: MESH_VS, path: ['spec', 'http', 1, 'route', 0, 'destination', 'host'], value: REMOVE },
    { name: 'a port number that is a string', kind: 'VirtualService', schema: VirtualServiceSchema, fixture: MESH_VS, path: ['spec', 'http', 1, 'route', 0, 'destination', 'port', 'number'], value: '80' },
    { name: 'a header match that is a string', kind: 'VirtualService', schema: VirtualServiceSchema, fixture: MESH_VS, path: ['spec', 'http', 0, 'match', 0, 'headers', 'K-Network-Hash'], value: 'override' },
    { name: 'retries.attempts that is a string', kind: 'VirtualService', schema: VirtualServiceSchema, fixture: INGRESS_VS, path: ['spec', 'http', 0, 'retries'], value: { attempts: '3' } },
    { name: 'a request header set to a number', kind: 'VirtualService', schema: VirtualServiceSchema, fixture: MESH_VS, path: ['spec', 'http', 0, 'headers', 'request', 'set', 'K-Network-Hash'], value: 1 },
    { name: 'hosts that is a string', kind: 'VirtualService', schema: VirtualServiceSchema, fixture: INGRESS_VS, path: ['spec', 'hosts'], value: 'host-tls.example.com' },
    { name: 'a negative match port', kind: 'VirtualService', schema: VirtualServiceSchema, fixture: USER_VS, path: ['spec', 'http', 0, 'match', 0, 'port'], value: -1 },
    { name: 'a TLS route match without sniHosts', kind: 'VirtualService', schema: VirtualServiceSchema, fixture: USER_VS, path: ['spec', 'tls', 0, 'match', 0, 'sniHosts'], value: REMOVE },
    { name: 'a server without port', kind: 'Gateway', schema: GatewaySchema, fixture: TLS_GATEWAY, path: ['spec', 'servers', 0, 'port'], value: REMOVE },
    { name: 'a server without hosts', kind: 'Gateway', schema: GatewaySchema, fixture: TLS_GATEWAY, path: ['spec', 'servers', 1, 'hosts'], value: REMOVE },
    { name: 'a port without protocol', kind: 'Gateway', schema: GatewaySchema, fixture: TLS_GATEWAY, path: ['spec', 'servers', 1, 'port', 'protocol'], value: REMOVE },
    { name: 'a TLS mode Istio does not know', kind: 'Gateway', schema: GatewaySchema, fixture: TLS_GATEWAY, path: ['spec', 'servers', 0, 'tls', 'mode'], value: 'STRICT' },
    { name: 'httpsRedirect that is a string', kind: 'Gateway', schema: GatewaySchema, fixture: TLS_GATEWAY, path: ['spec', 'servers', 1, 'tls', 'httpsRedirect'], value: 'true' },
    { name: 'a selector value that is a number', kind: 'Gateway', schema: GatewaySchema, fixture: TLS_GATEWAY, path: ['spec', 'selector', 'istio'], value: 1 },
  ])('the TypeBox schema and every CRD version reject $name', ({ kind, schema, fixture, path, value }) => {
    const bad = edited(fixture, path, value);
    expect(Compile(schema).Check(bad)).toBe(false);
    expect(ISTIO_SERVED_VERSIONS.filter((version) => Compile(crdSchema(kind, version)).Check(bad))).toEqual([]);
  });

  it('accepts a free-form status but not a status that is not an object', () => {
    expect(Compile(GatewaySchema).Check(edited(TLS_GATEWAY, ['status'], { anything: [1, { deep: true }] }))).toBe(true);
    expect(Compile(GatewaySchema).Check(edited(TLS_GATEWAY, ['status'], 'Ready'))).toBe(false);
    expect(Compile(crdSchema('Gateway')).Check(edited(TLS_GATEWAY, ['status'], 'Ready'))).toBe(false);
  });
});
