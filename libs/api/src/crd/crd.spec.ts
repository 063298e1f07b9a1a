import { CRD_SOURCES, crdVersions, makeCrds, type CrdSource, type CustomResourceDefinition } from './index.js';

const byKind = (kind: string): CustomResourceDefinition => {
  const crd = makeCrds().find((c) => c.spec.names.kind === kind);
  if (crd === undefined) throw new Error(`no CRD for ${kind}`);
  return crd;
};

const READY = ".status.conditions[?(@.type=='Ready')].status";
const REASON = ".status.conditions[?(@.type=='Ready')].reason";

describe('makeCrds', () => {
  it('makes one CRD per kind, named <plural>.<group>', () => {
    expect(makeCrds().map((c) => c.metadata.name)).toEqual([
      'services.serving.knative.dev',
      'configurations.serving.knative.dev',
      'revisions.serving.knative.dev',
      'routes.serving.knative.dev',
      'domainmappings.serving.knative.dev',
      'podautoscalers.autoscaling.internal.knative.dev',
      'ingresses.networking.internal.knative.dev',
      'serverlessservices.networking.internal.knative.dev',
    ]);
  });

  // API.md §1 table: kind | plural | shortNames | categories (and the version of each group).
  it.each([
    { kind: 'Service', group: 'serving.knative.dev', version: 'v1', plural: 'services', singular: 'service', shortNames: ['kservice', 'ksvc'], categories: ['all', 'knative', 'serving'] },
    { kind: 'Configuration', group: 'serving.knative.dev', version: 'v1', plural: 'configurations', singular: 'configuration', shortNames: ['config', 'cfg'], categories: ['all', 'knative', 'serving'] },
    { kind: 'Revision', group: 'serving.knative.dev', version: 'v1', plural: 'revisions', singular: 'revision', shortNames: ['rev'], categories: ['all', 'knative', 'serving'] },
    { kind: 'Route', group: 'serving.knative.dev', version: 'v1', plural: 'routes', singular: 'route', shortNames: ['rt'], categories: ['all', 'knative', 'serving'] },
    { kind: 'DomainMapping', group: 'serving.knative.dev', version: 'v1beta1', plural: 'domainmappings', singular: 'domainmapping', shortNames: ['dm'], categories: ['all', 'knative', 'serving'] },
    { kind: 'PodAutoscaler', group: 'autoscaling.internal.knative.dev', version: 'v1alpha1', plural: 'podautoscalers', singular: 'podautoscaler', shortNames: ['kpa', 'pa'], categories: ['knative-internal', 'autoscaling'] },
    { kind: 'Ingress', group: 'networking.internal.knative.dev', version: 'v1alpha1', plural: 'ingresses', singular: 'ingress', shortNames: ['kingress', 'king'], categories: ['knative-internal', 'networking'] },
  ])('$kind: group, names, namespaced, one served+storage version with the status subresource', ({ kind, group, version, plural, singular, shortNames, categories }) => {
    const crd = byKind(kind);
    expect(crd.apiVersion).toBe('apiextensions.k8s.io/v1');
    expect(crd.kind).toBe('CustomResourceDefinition');
    expect(crd.spec.group).toBe(group);
    expect(crd.spec.names).toEqual({ kind, plural, singular, shortNames, categories });
    expect(crd.spec.scope).toBe('Namespaced');
    expect(crd.spec.versions).toHaveLength(1);
    expect(crd.spec.versions[0]).toMatchObject({ name: version, served: true, storage: true, subresources: { status: {} } });
  });

  // API.md §1 printer columns.
  it.each([
    { kind: 'Service', columns: [['URL', '.status.url'], ['LatestCreated', '.status.latestCreatedRevisionName'], ['LatestReady', '.status.latestReadyRevisionName'], ['Ready', READY], ['Reason', REASON]] },
    { kind: 'Configuration', columns: [['LatestCreated', '.status.latestCreatedRevisionName'], ['LatestReady', '.status.latestReadyRevisionName'], ['Ready', READY], ['Reason', REASON]] },
    {
      kind: 'Revision',
      columns: [
        ['Config Name', ".metadata.labels['serving\\.knative\\.dev/configuration']"],
        ['Generation', ".metadata.labels['serving\\.knative\\.dev/configurationGeneration']"],
        ['Ready', READY],
        ['Reason', REASON],
        ['Actual Replicas', '.status.actualReplicas'],
        ['Desired Replicas', '.status.desiredReplicas'],
      ],
    },
    { kind: 'Route', columns: [['URL', '.status.url'], ['Ready', READY], ['Reason', REASON]] },
    { kind: 'DomainMapping', columns: [['URL', '.status.url'], ['Ready', READY], ['Reason', REASON]] },
    { kind: 'PodAutoscaler', columns: [['DesiredScale', '.status.desiredScale'], ['ActualScale', '.status.actualScale'], ['Ready', READY], ['Reason', REASON]] },
    { kind: 'Ingress', columns: [['Ready', READY], ['Reason', REASON]] },
  ])('$kind printer columns', ({ kind, columns }) => {
    const printed = byKind(kind).spec.versions[0]?.additionalPrinterColumns.map((c) => [c.name, c.jsonPath]);
    expect(printed).toEqual(columns);
  });

  it('types the replica and scale columns as integers', () => {
    const types = (kind: string): Record<string, string> =>
      Object.fromEntries((byKind(kind).spec.versions[0]?.additionalPrinterColumns ?? []).map((c) => [c.name, c.type]));
    expect(types('Revision')).toMatchObject({ 'Actual Replicas': 'integer', 'Desired Replicas': 'integer', Ready: 'string' });
    expect(types('PodAutoscaler')).toMatchObject({ DesiredScale: 'integer', ActualScale: 'integer' });
  });

  it.each([
    { kind: 'Service', labels: { 'duck.knative.dev/addressable': 'true', 'duck.knative.dev/podspecable': 'true' } },
    { kind: 'Configuration', labels: { 'duck.knative.dev/podspecable': 'true' } },
    { kind: 'Route', labels: { 'duck.knative.dev/addressable': 'true' } },
    { kind: 'DomainMapping', labels: { 'duck.knative.dev/addressable': 'true' } },
    { kind: 'Revision', labels: undefined },
    { kind: 'PodAutoscaler', labels: undefined },
    { kind: 'Ingress', labels: undefined },
  ])('$kind CRD labels', ({ kind, labels }) => {
    expect(byKind(kind).metadata.labels).toEqual(labels);
  });

  it('returns fresh objects: changing one result does not change the next', () => {
    const first = byKind('Service');
    const version = first.spec.versions[0];
    first.spec.names.shortNames?.push('changed');
    version?.additionalPrinterColumns.pop();
    const properties = version?.schema.openAPIV3Schema.properties ?? {};
    Object.assign(properties.kind ?? {}, { type: 'changed' });
    const service = byKind('Service');
    const route = byKind('Route');
    expect(service.spec.names.shortNames).toEqual(['kservice', 'ksvc']);
    expect(service.spec.versions[0]?.additionalPrinterColumns).toHaveLength(5);
    expect(route.spec.versions[0]?.schema.openAPIV3Schema.properties?.kind).toMatchObject({ type: 'string' });
  });
});

describe('crdVersions', () => {
  const base = { ...CRD_SOURCES[0], version: 'v1beta1' } as CrdSource;

  it.each<{ name: string; extraVersions?: string[]; storageVersion?: string; want: [string, boolean][] }>([
    { name: 'only `version`, stored', want: [['v1beta1', true]] },
    { name: 'extra versions sorted by name, `version` stored by default', extraVersions: ['v1alpha3', 'v1'], want: [['v1', false], ['v1alpha3', false], ['v1beta1', true]] },
    { name: 'a named storage version', extraVersions: ['v1', 'v1alpha3', 'v1beta1'], storageVersion: 'v1', want: [['v1', true], ['v1alpha3', false], ['v1beta1', false]] },
  ])('serves $name', ({ extraVersions, storageVersion, want }) => {
    const versions = crdVersions({ ...base, extraVersions, storageVersion });
    expect(versions.map((v) => [v.name, v.storage])).toEqual(want);
    expect(versions.every((v) => v.served && JSON.stringify(v.schema) === JSON.stringify(versions[0]?.schema))).toBe(true);
    expect(new Set(versions.map((v) => v.schema)).size).toBe(versions.length);
  });

  it('refuses a storage version that is not served', () => {
    expect(() => crdVersions({ ...base, extraVersions: ['v1'], storageVersion: 'v2' })).toThrow(
      'CRD services.serving.knative.dev: storage version v2 is not among the served versions v1, v1beta1',
    );
  });
});
