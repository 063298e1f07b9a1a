// Spec of Knative's Ingress hash: the Go encoding/json text of the defaulted spec (field order,
// omitempty, nil vs empty slices, IntOrString, escaping), Knative's own hash test vectors, Example A
// of ISTIO.md §6, and independence from the order fields arrive in.
import { createHash } from 'node:crypto';
import type { Ingress, IngressSpec } from '@ebb/api';
import { defaultIngressSpec, goJsonIngressSpec, goJsonString, ingressHash } from './ingress-hash.js';

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
const split = { serviceNamespace: 'test-ns', serviceName: 'test-service', servicePort: 80 };

/** ISTIO.md §6 Example A (`ing("reconciling-ingress")` of net-istio's ingress_test.go). */
const EXAMPLE_A: Ingress = {
  metadata: { name: 'reconciling-ingress', namespace: 'test-ns' },
  spec: {
    httpOption: 'Enabled',
    rules: [
      { hosts: ['host-tls.example.com'], visibility: 'ExternalIP', http: { paths: [{ splits: [{ ...split, percent: 100 }] }] } },
      { hosts: ['host-tls.test-ns.svc.cluster.local'], visibility: 'ClusterLocal', http: { paths: [{ splits: [{ ...split, percent: 100 }] }] } },
    ],
  },
};
const EXAMPLE_A_RULE = (host: string, visibility: string): string =>
  `{"hosts":["${host}"],"visibility":"${visibility}","http":{"paths":[{"splits":[{"serviceNamespace":"test-ns","serviceName":"test-service","servicePort":80,"percent":100}]}]}}`;
const EXAMPLE_A_JSON = `{"rules":[${EXAMPLE_A_RULE('host-tls.example.com', 'ExternalIP')},${EXAMPLE_A_RULE('host-tls.test-ns.svc.cluster.local', 'ClusterLocal')}],"httpOption":"Enabled"}`;

describe('ingressHash (Knative ComputeHash)', () => {
  it('encodes Example A exactly as ISTIO.md writes it', () => {
    expect(goJsonIngressSpec(defaultIngressSpec(EXAMPLE_A.spec))).toBe(EXAMPLE_A_JSON);
  });

  it('hashes Example A to a60946a4…ec6a (spec JSON + namespace + name)', () => {
    const hash = ingressHash(EXAMPLE_A);
    expect(hash).toBe(sha256(`${EXAMPLE_A_JSON}test-nsreconciling-ingress`));
    expect(hash).toBe('a60946a43f4ed91f795f5e6de021a74b133c5a32bdfa1bf015e5832dff38ec6a');
  });

  // knative/networking pkg/ingress/ingress_test.go TestInsertProbe: ComputeHash of an un-defaulted spec, no namespace/name.
  it.each([
    {
      name: 'no append header',
      spec: { rules: [{ hosts: ['example.com'], http: { paths: [{ splits: [{ serviceName: 'blah' }] }] } }] },
      want: 'a25000a350642c8abef53078b329bd043e18758f6063c1172d53b04e14fcf5c1',
    },
    {
      name: 'with append header',
      spec: { rules: [{ hosts: ['example.com'], http: { paths: [{ splits: [{ serviceName: 'blah', appendHeaders: { Foo: 'bar' } }] }] } }] },
      want: '6b652c7abed871354affd4a9cb699d33816f24541fac942149b91ad872fe63ca',
    },
  ])('matches Knative test vector: $name', ({ spec, want }) => {
    expect(sha256(goJsonIngressSpec(spec as IngressSpec))).toBe(want);
  });

  it('does not depend on the order fields arrived in', () => {
    const reordered = {
      spec: {
        rules: [
          { http: { paths: [{ splits: [{ percent: 100, servicePort: 80, serviceName: 'test-service', serviceNamespace: 'test-ns' }] }] }, visibility: 'ExternalIP', hosts: ['host-tls.example.com'] },
          { visibility: 'ClusterLocal', http: { paths: [{ splits: [{ servicePort: 80, percent: 100, serviceNamespace: 'test-ns', serviceName: 'test-service' }] }] }, hosts: ['host-tls.test-ns.svc.cluster.local'] },
        ],
        httpOption: 'Enabled',
      },
      metadata: { namespace: 'test-ns', name: 'reconciling-ingress' },
    } as Ingress;
    expect(ingressHash(reordered)).toBe(ingressHash(EXAMPLE_A));
  });

  it.each([
    { name: 'another name', change: (i: Ingress): Ingress => ({ ...i, metadata: { ...i.metadata, name: 'other' } }) },
    { name: 'another namespace', change: (i: Ingress): Ingress => ({ ...i, metadata: { ...i.metadata, namespace: 'other' } }) },
    { name: 'another httpOption', change: (i: Ingress): Ingress => ({ ...i, spec: { ...i.spec, httpOption: 'Redirected' } }) },
  ])('changes with $name', ({ change }) => {
    expect(ingressHash(change(EXAMPLE_A))).not.toBe(ingressHash(EXAMPLE_A));
  });

  it('hashes the defaulted spec: unset visibility, percent and httpOption hash like their defaults', () => {
    const bare: Ingress = {
      metadata: EXAMPLE_A.metadata,
      spec: {
        rules: [
          { hosts: ['host-tls.example.com'], http: { paths: [{ splits: [split] }] } },
          { hosts: ['host-tls.test-ns.svc.cluster.local'], visibility: 'ClusterLocal', http: { paths: [{ splits: [{ ...split, percent: 0 }] }] } },
        ],
      },
    };
    expect(ingressHash(bare)).toBe(ingressHash(EXAMPLE_A));
  });
});

describe('goJsonString (Go encoding/json string escaping)', () => {
  it.each([
    { name: 'plain text', value: 'host-tls.example.com', want: '"host-tls.example.com"' },
    { name: 'HTML characters', value: '<a&b>', want: '"\\u003ca\\u0026b\\u003e"' },
    { name: 'quote and backslash', value: 'a"b\\c', want: '"a\\"b\\\\c"' },
    { name: 'short control escapes', value: '\n\r\t\b\f', want: '"\\n\\r\\t\\b\\f"' },
    { name: 'other control characters as \\u00xx, lower-case hex', value: '\u0000\u001f\u000b', want: '"\\u0000\\u001f\\u000b"' },
    { name: 'line and paragraph separators', value: 'a\u2028b\u2029', want: '"a\\u2028b\\u2029"' },
    { name: 'DEL and non-ASCII verbatim', value: '\u007fé😀', want: '"\u007fé😀"' },
  ])('$name', ({ value, want }) => {
    expect(goJsonString(value)).toBe(want);
  });
});

describe('goJsonIngressSpec (field order and omitempty)', () => {
  const s = (extra: Record<string, unknown> = {}) => ({ serviceNamespace: 'ns', serviceName: 'svc', servicePort: 80, ...extra });
  it.each([
    { name: 'empty spec', spec: undefined, want: '{}' },
    { name: 'empty lists omitted', spec: { tls: [], rules: [] }, want: '{}' },
    { name: 'rule without http', spec: { rules: [{ hosts: ['a'] }] }, want: '{"rules":[{"hosts":["a"]}]}' },
    { name: 'rule with empty hosts', spec: { rules: [{ hosts: [], visibility: 'ClusterLocal' }] }, want: '{"rules":[{"visibility":"ClusterLocal"}]}' },
    { name: 'nil paths are null', spec: { rules: [{ http: {} }] }, want: '{"rules":[{"http":{"paths":null}}]}' },
    { name: 'empty paths are []', spec: { rules: [{ http: { paths: [] } }] }, want: '{"rules":[{"http":{"paths":[]}}]}' },
    { name: 'nil splits are null', spec: { rules: [{ http: { paths: [{ path: '/x' }] } }] }, want: '{"rules":[{"http":{"paths":[{"path":"/x","splits":null}]}}]}' },
    {
      name: 'path field order, map keys sorted',
      spec: {
        rules: [
          {
            http: {
              paths: [
                {
                  appendHeaders: { b: '2', a: '1' },
                  splits: [s({ appendHeaders: { z: 'z', Y: 'y' }, percent: 10 })],
                  headers: { 'K-Tag': { exact: 't' }, A: { exact: '' } },
                  rewriteHost: 'r.example.com',
                  path: '/p',
                },
              ],
            },
          },
        ],
      },
      want:
        '{"rules":[{"http":{"paths":[{"path":"/p","rewriteHost":"r.example.com","headers":{"A":{"exact":""},"K-Tag":{"exact":"t"}},' +
        '"splits":[{"serviceNamespace":"ns","serviceName":"svc","servicePort":80,"percent":10,"appendHeaders":{"Y":"y","z":"z"}}],"appendHeaders":{"a":"1","b":"2"}}]}}]}',
    },
    {
      name: 'backend fields always present, zero percent and empty maps omitted',
      spec: { rules: [{ http: { paths: [{ splits: [{ serviceNamespace: '', serviceName: '', percent: 0, appendHeaders: {} }], headers: {} }] } }] },
      want: '{"rules":[{"http":{"paths":[{"splits":[{"serviceNamespace":"","serviceName":"","servicePort":0}]}]}}]}',
    },
    { name: 'string port stays a string', spec: { rules: [{ http: { paths: [{ splits: [s({ servicePort: 'http' })] }] } }] }, want: '{"rules":[{"http":{"paths":[{"splits":[{"serviceNamespace":"ns","serviceName":"svc","servicePort":"http"}]}]}}]}' },
    {
      name: 'tls first, its fields in order, empty ones omitted',
      spec: { httpOption: 'Redirected', rules: [{ hosts: ['a'] }], tls: [{ secretNamespace: 'ns', secretName: 's', hosts: ['a'] }, { secretName: '' }] },
      want: '{"tls":[{"hosts":["a"],"secretName":"s","secretNamespace":"ns"},{}],"rules":[{"hosts":["a"]}],"httpOption":"Redirected"}',
    },
  ])('$name', ({ spec, want }) => {
    expect(goJsonIngressSpec(spec as IngressSpec | undefined)).toBe(want);
  });
});

describe('defaultIngressSpec (SetDefaults)', () => {
  const one = (percent?: number) => ({ serviceNamespace: 'ns', serviceName: 'a', servicePort: 80, ...(percent === undefined ? {} : { percent }) });
  it.each([
    { name: 'empty: httpOption Enabled', spec: undefined, want: { httpOption: 'Enabled' } },
    { name: 'httpOption kept', spec: { httpOption: 'Redirected' }, want: { httpOption: 'Redirected' } },
    { name: 'visibility defaults to ExternalIP', spec: { rules: [{ hosts: ['a'] }] }, want: { rules: [{ hosts: ['a'], visibility: 'ExternalIP' }], httpOption: 'Enabled' } },
    { name: 'visibility kept', spec: { rules: [{ visibility: 'ClusterLocal' }] }, want: { rules: [{ visibility: 'ClusterLocal' }], httpOption: 'Enabled' } },
    {
      name: 'a lone split without percent gets 100',
      spec: { rules: [{ visibility: 'ClusterLocal', http: { paths: [{ splits: [one()] }] } }] },
      want: { rules: [{ visibility: 'ClusterLocal', http: { paths: [{ splits: [one(100)] }] } }], httpOption: 'Enabled' },
    },
    {
      name: 'a lone split with percent 0 gets 100',
      spec: { rules: [{ visibility: 'ClusterLocal', http: { paths: [{ splits: [one(0)] }] } }] },
      want: { rules: [{ visibility: 'ClusterLocal', http: { paths: [{ splits: [one(100)] }] } }], httpOption: 'Enabled' },
    },
    {
      name: 'several splits keep their percents, zero included',
      spec: { rules: [{ visibility: 'ClusterLocal', http: { paths: [{ splits: [one(0), one(100)] }] } }] },
      want: { rules: [{ visibility: 'ClusterLocal', http: { paths: [{ splits: [one(0), one(100)] }] } }], httpOption: 'Enabled' },
    },
    {
      name: 'a lone split with a percent keeps it',
      spec: { rules: [{ visibility: 'ClusterLocal', http: { paths: [{ splits: [one(30)] }] } }] },
      want: { rules: [{ visibility: 'ClusterLocal', http: { paths: [{ splits: [one(30)] }] } }], httpOption: 'Enabled' },
    },
  ])('$name', ({ spec, want }) => {
    const input = structuredClone(spec) as IngressSpec | undefined;
    expect(defaultIngressSpec(input)).toEqual(want);
    expect(input).toEqual(spec);
  });
});
