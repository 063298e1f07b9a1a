// Golden test of ISTIO.md §6 Example D (net-istio TestReconcile_ExternalDomainTLS, first case):
// Example A's Ingress with external TLS whose Secret already lives next to the gateway pods. The
// whole pure path runs: gateway choice → gateway Services → per-Ingress Gateway, Secret copies,
// wildcard Gateways, VirtualService gateway names and the prober's view of the result.
import type { Gateway, Ingress } from '@ebb/api';
import { defaultIstioConfig } from '@ebb/config';
import { parse } from 'yaml';
import { makeIngressGateways, makeWildcardGateways, type GatewayService } from './gateway.js';
import { externalGatewayServices, virtualServiceGatewayNames } from './gateway-selection.js';
import { probeScheme } from './probe-targets.js';
import { categorizeSecrets, secretCopies, type TLSSecret } from './secret.js';

const CONFIG = defaultIstioConfig('knative-serving');

/** The gateway Services of the test cluster: istio-system/istio-ingressgateway selects `istio: ingress` pods. */
const SERVICE_SELECTORS: Record<string, Record<string, string>> = { 'istio-system/istio-ingressgateway': { istio: 'ingress' } };

const PATH = { splits: [{ serviceNamespace: 'test-ns', serviceName: 'test-service', servicePort: 80, percent: 100 }] };

function exampleD(httpOption: 'Enabled' | 'Redirected'): Ingress {
  return {
    apiVersion: 'networking.internal.knative.dev/v1alpha1',
    kind: 'Ingress',
    metadata: {
      name: 'reconciling-ingress',
      namespace: 'test-ns',
      uid: '8a3b2c1d-0000-4000-8000-000000000001',
      labels: { 'serving.knative.dev/route': 'test-route', 'serving.knative.dev/routeNamespace': 'test-ns' },
      annotations: { 'networking.knative.dev/ingress.class': 'istio.ingress.networking.knative.dev' },
    },
    spec: {
      httpOption,
      rules: [
        { hosts: ['host-tls.example.com'], visibility: 'ExternalIP', http: { paths: [PATH] } },
        { hosts: ['host-tls.test-ns.svc.cluster.local'], visibility: 'ClusterLocal', http: { paths: [PATH] } },
      ],
      tls: [{ hosts: ['host-tls.example.com'], secretName: 'secret0', secretNamespace: 'istio-system' }],
    },
  };
}

/** secret0 in istio-system, its certificate for host-tls.example.com. */
const SECRETS: TLSSecret[] = [{ secret: { metadata: { name: 'secret0', namespace: 'istio-system', uid: 'secret0-uid' } }, dnsNames: ['host-tls.example.com'] }];

const GOLDEN = `
apiVersion: networking.istio.io/v1beta1
kind: Gateway
metadata:
  name: reconciling-ingress-3797421420
  namespace: test-ns
  labels:
    networking.internal.knative.dev/ingress: reconciling-ingress
  ownerReferences:
    - apiVersion: networking.internal.knative.dev/v1alpha1
      kind: Ingress
      name: reconciling-ingress
      uid: 8a3b2c1d-0000-4000-8000-000000000001
      controller: true
      blockOwnerDeletion: true
spec:
  selector:
    istio: ingress
  servers:
    - hosts: [host-tls.example.com]
      port:
        name: test-ns/reconciling-ingress:0
        number: 443
        protocol: HTTPS
      tls:
        mode: SIMPLE
        credentialName: secret0
    - hosts: [host-tls.example.com]
      port:
        name: http-server
        number: 80
        protocol: HTTP
`;

/** The gateway Services of the selected external gateways, with their selectors from the "cluster". */
function gatewayServices(ingress: Ingress): GatewayService[] {
  return externalGatewayServices(CONFIG, ingress).map((ref) => ({ ...ref, selector: SERVICE_SELECTORS[`${ref.namespace}/${ref.name}`] ?? {} }));
}

/** Everything the translator makes for the Ingress's gateways. */
function translate(ingress: Ingress): { gateways: Gateway[]; wildcard: Gateway[]; copies: number; names: ReturnType<typeof virtualServiceGatewayNames> } {
  const services = gatewayServices(ingress);
  const perIngress = makeIngressGateways({ ingress, gatewayServices: services, secrets: SECRETS, clusterLocalTLS: false });
  const wildcard = makeWildcardGateways({ secrets: categorizeSecrets(SECRETS).wildcard, gatewayServices: services });
  const copies = secretCopies({ ingress, secrets: SECRETS, gatewayNamespaces: services.map((s) => s.namespace) }).length;
  const names = virtualServiceGatewayNames(CONFIG, ingress, { ...perIngress, wildcard });
  return { gateways: [...perIngress.external, ...perIngress.clusterLocal], wildcard, copies, names };
}

describe('ISTIO.md §6 Example D: external TLS', () => {
  it('creates Gateway test-ns/reconciling-ingress-3797421420 with the TLS server, then the HTTP server', () => {
    expect(translate(exampleD('Enabled')).gateways).toEqual([parse(GOLDEN)]);
  });

  it('copies no Secret (it is already in istio-system) and makes no wildcard Gateway', () => {
    const { copies, wildcard } = translate(exampleD('Enabled'));
    expect({ copies, wildcard }).toEqual({ copies: 0, wildcard: [] });
  });

  it('routes the external matches through the per-Ingress Gateway instead of the shared one', () => {
    expect(translate(exampleD('Enabled')).names).toEqual({
      ExternalIP: ['test-ns/reconciling-ingress-3797421420'],
      ClusterLocal: ['knative-serving/knative-local-gateway'],
    });
  });

  it('with httpOption Redirected the HTTP server redirects, and the prober skips it', () => {
    const want = parse(GOLDEN) as Gateway;
    const http = want.spec?.servers?.[1];
    if (http === undefined) throw new Error('the golden Gateway has two servers');
    http.tls = { httpsRedirect: true };
    const [got] = translate(exampleD('Redirected')).gateways;
    expect(got).toEqual(want);
    expect(got?.spec?.servers?.map(probeScheme)).toEqual(['https', undefined]);
  });
});
