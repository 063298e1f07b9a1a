import { Compile } from 'typebox/compile';
import { parse } from 'yaml';
import { crdSchema, edited, REMOVE, type Path } from '../../crd/schema.spec-support.js';
import { IngressSchema } from './index.js';

// ISTIO.md §6 Example A/B/D: rules with visibility, probe headers, splits with appendHeaders, TLS; status of §3.5.
const INGRESS = parse(`
apiVersion: networking.internal.knative.dev/v1alpha1
kind: Ingress
metadata:
  name: reconciling-ingress
  namespace: test-ns
  labels: { serving.knative.dev/route: test-route, serving.knative.dev/routeNamespace: test-ns }
  annotations: { networking.knative.dev/ingress.class: istio.ingress.networking.knative.dev }
spec:
  httpOption: Enabled
  tls: [{ hosts: [host-tls.example.com], secretName: secret0, secretNamespace: istio-system }]
  rules:
    - hosts: [host-tls.example.com]
      visibility: ExternalIP
      http:
        paths:
          - path: /pets/
            rewriteHost: hello.default.svc.cluster.local
            headers: { Knative-Serving-Tag: { exact: current } }
            appendHeaders: { foo: bar }
            splits:
              - { serviceNamespace: test-ns, serviceName: test-service, servicePort: 80, percent: 90, appendHeaders: { Knative-Serving-Revision: hello-00001 } }
              - { serviceNamespace: test-ns, serviceName: v1-service, servicePort: http, percent: 10 }
    - hosts: [host-tls.test-ns.svc.cluster.local]
      visibility: ClusterLocal
      http: { paths: [{ splits: [{ serviceNamespace: test-ns, serviceName: test-service, servicePort: 80, percent: 100 }] }] }
status:
  observedGeneration: 1
  conditions:
    - { type: LoadBalancerReady, status: "True" }
    - { type: NetworkConfigured, status: "True" }
    - { type: Ready, status: "True" }
  publicLoadBalancer: { ingress: [{ domainInternal: istio-ingressgateway.istio-system.svc.cluster.local }] }
  privateLoadBalancer: { ingress: [{ meshOnly: true }] }
`) as unknown;

describe('Ingress schema (networking.internal.knative.dev/v1alpha1)', () => {
  it('the TypeBox schema and the CRD schema accept the net-istio fixture', () => {
    expect([...Compile(IngressSchema).Errors(INGRESS)]).toEqual([]);
    expect([...Compile(crdSchema('Ingress')).Errors(INGRESS)]).toEqual([]);
  });

  it.each<{ name: string; path: Path; value: unknown }>([
    { name: 'a visibility other than ExternalIP/ClusterLocal', path: ['spec', 'rules', 0, 'visibility'], value: 'Public' },
    { name: 'an httpOption other than Enabled/Redirected', path: ['spec', 'httpOption'], value: 'Disabled' },
    { name: 'a split without serviceName', path: ['spec', 'rules', 0, 'http', 'paths', 0, 'splits', 0, 'serviceName'], value: REMOVE },
    { name: 'a servicePort that is a boolean', path: ['spec', 'rules', 0, 'http', 'paths', 0, 'splits', 0, 'servicePort'], value: true },
    { name: 'a path without splits', path: ['spec', 'rules', 1, 'http', 'paths', 0, 'splits'], value: REMOVE },
    { name: 'a header match that is a string', path: ['spec', 'rules', 0, 'http', 'paths', 0, 'headers'], value: { 'Knative-Serving-Tag': 'current' } },
    { name: 'a percent that is a string', path: ['spec', 'rules', 0, 'http', 'paths', 0, 'splits', 1, 'percent'], value: '10' },
    { name: 'meshOnly that is a string', path: ['status', 'privateLoadBalancer', 'ingress', 0, 'meshOnly'], value: 'true' },
  ])('the TypeBox schema and the CRD schema reject $name', ({ path, value }) => {
    const bad = edited(INGRESS, path, value);
    expect(Compile(IngressSchema).Check(bad)).toBe(false);
    expect(Compile(crdSchema('Ingress')).Check(bad)).toBe(false);
  });
});
