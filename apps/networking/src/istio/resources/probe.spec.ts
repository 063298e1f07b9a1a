// Spec of probe insertion: the twins come first, carry the hash match and header, leave the
// originals and the input untouched, and a rule without http is an error.
import type { Ingress } from '@ebb/api';
import { ingressHash } from '../../routing-table/ingress-hash.js';
import { insertProbe, PROBE_HASH_OVERRIDE } from './probe.js';

const split = { serviceNamespace: 'ns', serviceName: 'svc', servicePort: 80, percent: 100 };
const INGRESS: Ingress = {
  metadata: { name: 'hello', namespace: 'ns' },
  spec: {
    rules: [
      {
        hosts: ['hello.example.com'],
        visibility: 'ExternalIP',
        http: {
          paths: [
            { path: '/a', splits: [split], headers: { 'Knative-Serving-Tag': { exact: 'v1' } }, appendHeaders: { foo: 'bar' } },
            { splits: [split] },
          ],
        },
      },
      { hosts: ['hello.ns.svc.cluster.local'], visibility: 'ClusterLocal', http: { paths: [{ splits: [split] }] } },
    ],
  },
};

describe('insertProbe (InsertProbe)', () => {
  it('puts a probe twin of every path before the originals', () => {
    const { ingress, hash } = insertProbe(INGRESS);
    const probe = { 'K-Network-Hash': { exact: 'override' } };
    expect(hash).toBe(ingressHash(INGRESS));
    expect(ingress.spec?.rules?.map((r) => r.http?.paths)).toEqual([
      [
        { path: '/a', splits: [split], headers: { 'Knative-Serving-Tag': { exact: 'v1' }, ...probe }, appendHeaders: { foo: 'bar', 'K-Network-Hash': hash } },
        { splits: [split], headers: probe, appendHeaders: { 'K-Network-Hash': hash } },
        { path: '/a', splits: [split], headers: { 'Knative-Serving-Tag': { exact: 'v1' } }, appendHeaders: { foo: 'bar' } },
        { splits: [split] },
      ],
      [{ splits: [split], headers: probe, appendHeaders: { 'K-Network-Hash': hash } }, { splits: [split] }],
    ]);
  });

  it('keeps everything but the paths and leaves its input alone', () => {
    const before = structuredClone(INGRESS);
    const { ingress } = insertProbe(INGRESS);
    expect(INGRESS).toEqual(before);
    expect({ ...ingress, spec: { ...ingress.spec, rules: ingress.spec?.rules?.map((r) => ({ ...r, http: undefined })) } }).toEqual({
      ...before,
      spec: { ...before.spec, rules: before.spec?.rules?.map((r) => ({ ...r, http: undefined })) },
    });
  });

  it('overrides a same-named hash header of the path', () => {
    const own: Ingress = { spec: { rules: [{ http: { paths: [{ splits: [], headers: { 'K-Network-Hash': { exact: 'x' } }, appendHeaders: { 'K-Network-Hash': 'y' } }] } }] } };
    const { ingress, hash } = insertProbe(own);
    expect(ingress.spec?.rules?.[0]?.http?.paths?.[0]).toEqual({ splits: [], headers: { 'K-Network-Hash': { exact: PROBE_HASH_OVERRIDE } }, appendHeaders: { 'K-Network-Hash': hash } });
  });

  it.each([
    { name: 'no spec', ingress: { metadata: { name: 'x' } } },
    { name: 'no rules', ingress: { spec: { httpOption: 'Enabled' } } },
  ] as { name: string; ingress: Ingress }[])('leaves an Ingress with $name as it is', ({ ingress }) => {
    expect(insertProbe(ingress).ingress).toEqual(ingress);
  });

  it('fails on a rule without http', () => {
    expect(() => insertProbe({ spec: { rules: [{ hosts: ['a'] }] } })).toThrow(/rule is missing HTTP block/);
  });
});
