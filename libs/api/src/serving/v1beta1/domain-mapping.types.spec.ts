import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { parse } from 'yaml';
import { makeCrds } from '../../crd/index.js';
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

const crdSchema = (): TSchema => {
  const crd = makeCrds().find((c) => c.spec.names.kind === 'DomainMapping');
  return crd?.spec.versions[0]?.schema.openAPIV3Schema as unknown as TSchema;
};

/** Marks a path to delete in {@link edited}. */
const REMOVE = Symbol('remove');
type Path = readonly (string | number)[];

/** A deep copy of `fixture` with the value at `path` replaced (or removed with {@link REMOVE}). */
function edited(fixture: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(fixture);
  let node = copy as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
  const last = path[path.length - 1] ?? '';
  if (value === REMOVE) delete node[last];
  else node[last] = value;
  return copy;
}

describe('DomainMapping schema (serving.knative.dev/v1beta1)', () => {
  it('the TypeBox schema and the CRD schema accept a DomainMapping to a Service', () => {
    expect([...Compile(DomainMappingSchema).Errors(DOMAIN_MAPPING)]).toEqual([]);
    expect([...Compile(crdSchema()).Errors(DOMAIN_MAPPING)]).toEqual([]);
  });

  it.each<{ name: string; path: Path; value: unknown }>([
    { name: 'ref a string', path: ['spec', 'ref'], value: 'hello' },
    { name: 'tls.secretName a number', path: ['spec', 'tls', 'secretName'], value: 1 },
    { name: 'status.address.url a number', path: ['status', 'address', 'url'], value: 1 },
  ])('the TypeBox schema and the CRD schema reject $name', ({ path, value }) => {
    const bad = edited(DOMAIN_MAPPING, path, value);
    expect(Compile(DomainMappingSchema).Check(bad)).toBe(false);
    expect(Compile(crdSchema()).Check(bad)).toBe(false);
  });
});
