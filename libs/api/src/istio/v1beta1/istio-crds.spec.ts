// The generated CRDs of Istio's Gateway and VirtualService (deploy/components/istio/crds) look like
// the ones Istio ships: names, categories, scope, the three served versions with v1 stored, the
// status subresource, Istio's printer columns, and agreement with IstioResources.
import { makeIstioCrds, type CustomResourceDefinition, type JSONSchemaProps } from '../../crd/index.js';
import { PRESERVE_UNKNOWN_FIELDS } from '../../core/meta.js';
import { GATEWAY_KIND, ISTIO_API_VERSION, IstioResources, VIRTUAL_SERVICE_KIND, type KnativeResourceType } from '../../index.js';

const byKind = (kind: string): CustomResourceDefinition => {
  const crd = makeIstioCrds().find((c) => c.spec.names.kind === kind);
  if (crd === undefined) throw new Error(`no Istio CRD for ${kind}`);
  return crd;
};

/** Every path under which a CRD schema keeps unknown fields. */
function preservedPaths(node: JSONSchemaProps, path: string): string[] {
  const own = node[PRESERVE_UNKNOWN_FIELDS] === true ? [path] : [];
  const children = [
    ...Object.entries(node.properties ?? {}).map(([k, v]) => preservedPaths(v, `${path}.${k}`)),
    node.items === undefined ? [] : preservedPaths(node.items, `${path}[]`),
    node.additionalProperties === undefined ? [] : preservedPaths(node.additionalProperties, `${path}[*]`),
  ];
  return [...own, ...children.flat()];
}

describe('makeIstioCrds', () => {
  it('makes the Gateway and VirtualService CRDs, named <plural>.networking.istio.io', () => {
    expect(makeIstioCrds().map((c) => c.metadata.name)).toEqual(['gateways.networking.istio.io', 'virtualservices.networking.istio.io']);
  });

  it.each([
    { kind: 'Gateway', plural: 'gateways', singular: 'gateway', shortNames: ['gw'] },
    { kind: 'VirtualService', plural: 'virtualservices', singular: 'virtualservice', shortNames: ['vs'] },
  ])('$kind: names, categories and scope as Istio ships them', ({ kind, plural, singular, shortNames }) => {
    const crd = byKind(kind);
    expect(crd.metadata).toEqual({ name: `${plural}.networking.istio.io` });
    expect(crd.spec.group).toBe('networking.istio.io');
    expect(crd.spec.names).toEqual({ kind, plural, singular, shortNames, categories: ['istio-io', 'networking-istio-io'] });
    expect(crd.spec.scope).toBe('Namespaced');
  });

  it.each(['Gateway', 'VirtualService'])('%s serves v1, v1alpha3 and v1beta1 with one schema and the status subresource, v1 stored', (kind) => {
    const versions = byKind(kind).spec.versions;
    expect(versions.map((v) => ({ name: v.name, served: v.served, storage: v.storage, subresources: v.subresources }))).toEqual([
      { name: 'v1', served: true, storage: true, subresources: { status: {} } },
      { name: 'v1alpha3', served: true, storage: false, subresources: { status: {} } },
      { name: 'v1beta1', served: true, storage: false, subresources: { status: {} } },
    ]);
    expect(new Set(versions.map((v) => JSON.stringify(v.schema))).size).toBe(1);
  });

  it.each([
    { kind: 'Gateway', columns: [] },
    { kind: 'VirtualService', columns: [['Gateways', 'string', '.spec.gateways'], ['Hosts', 'string', '.spec.hosts'], ['Age', 'date', '.metadata.creationTimestamp']] },
  ])('$kind printer columns are Istio’s in every version', ({ kind, columns }) => {
    for (const version of byKind(kind).spec.versions) {
      expect(version.additionalPrinterColumns.map((c) => [c.name, c.type, c.jsonPath])).toEqual(columns);
    }
  });

  it.each(['Gateway', 'VirtualService'])('%s keeps unknown fields only in status (Istio’s status is free-form)', (kind) => {
    for (const version of byKind(kind).spec.versions) {
      expect(preservedPaths(version.schema.openAPIV3Schema, '')).toEqual(['.status']);
    }
  });
});

describe('IstioResources', () => {
  it.each<{ name: string; type: KnativeResourceType; kind: string }>([
    { name: 'gateway', type: IstioResources.gateway, kind: GATEWAY_KIND },
    { name: 'virtualService', type: IstioResources.virtualService, kind: VIRTUAL_SERVICE_KIND },
  ])('$name agrees with ISTIO_API_VERSION and its served CRD', ({ type, kind }) => {
    expect(`${type.group}/${type.version}`).toBe(ISTIO_API_VERSION);
    expect(type.kind).toBe(kind);
    expect(type.namespaced).toBe(true);
    const crd = byKind(kind);
    expect(crd.metadata.name).toBe(`${type.plural}.${type.group}`);
    expect(crd.spec.versions.filter((v) => v.served).map((v) => v.name)).toContain(type.version);
  });

  it('lists exactly the Istio CRDs Ebb ships', () => {
    expect(Object.values(IstioResources).map((t) => `${t.plural}.${t.group}`).sort()).toEqual(makeIstioCrds().map((c) => c.metadata.name).sort());
  });
});
