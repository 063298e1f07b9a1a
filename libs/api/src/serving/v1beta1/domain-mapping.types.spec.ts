import { Compile } from 'typebox/compile';
import { parse } from 'yaml';
import { crdSchema, edited, type Path } from '../../crd/schema.spec-support.js';
import { DomainMappingSchema } from './index.js';

const DOMAIN_MAPPING = parse(`
apiVersion: serving.knative.dev/v1beta1
kind: DomainMapping
metadata: { name: hello.example.com, namespace: default }
spec:
  ref: { name: hello, namespace: default, kind: Service, apiVersion: serving.knative.dev/v1 }
  tls: { secretName: hello-example-com-tls }
status:
  conditions: [{ type: Ready, status: "True" }]
  url: https://hello.example.com
  address: { url: https://hello.example.com }
`) as unknown;

describe('DomainMapping schema (serving.knative.dev/v1beta1)', () => {
  it('the TypeBox schema and the CRD schema accept a DomainMapping to a Service', () => {
    expect([...Compile(DomainMappingSchema).Errors(DOMAIN_MAPPING)]).toEqual([]);
    expect([...Compile(crdSchema('DomainMapping')).Errors(DOMAIN_MAPPING)]).toEqual([]);
  });

  it.each<{ name: string; path: Path; value: unknown }>([
    { name: 'ref a string', path: ['spec', 'ref'], value: 'hello' },
    { name: 'tls.secretName a number', path: ['spec', 'tls', 'secretName'], value: 1 },
    { name: 'status.address.url a number', path: ['status', 'address', 'url'], value: 1 },
  ])('the TypeBox schema and the CRD schema reject $name', ({ path, value }) => {
    const bad = edited(DOMAIN_MAPPING, path, value);
    expect(Compile(DomainMappingSchema).Check(bad)).toBe(false);
    expect(Compile(crdSchema('DomainMapping')).Check(bad)).toBe(false);
  });
});
