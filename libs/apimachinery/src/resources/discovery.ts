// API discovery documents: aggregated (apidiscovery.k8s.io v2 / v2beta1 APIGroupDiscoveryList,
// answered for /api and /apis when the client asks for it) and legacy (APIVersions,
// APIGroupList, APIGroup, APIResourceList). The client tells them apart by Content-Type only.
import type { JsonObject } from '../object.js';
import { groupVersion } from '../object.js';
import type { ResourceType } from './resource-type.js';

/** Content-Type of an apidiscovery.k8s.io/v2 answer. */
export const AGGREGATED_DISCOVERY_V2_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** Content-Type of an apidiscovery.k8s.io/v2beta1 answer. */
export const AGGREGATED_DISCOVERY_V2BETA1_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';

/** Content-Type of a legacy discovery answer. */
export const LEGACY_DISCOVERY_CONTENT_TYPE = 'application/json';

/** Which aggregated discovery version to answer with. */
export type AggregatedDiscoveryVersion = 'apidiscovery.k8s.io/v2' | 'apidiscovery.k8s.io/v2beta1';

/** The discovery shape a request's Accept header asks for. */
export type DiscoveryFormat = 'v2' | 'v2beta1' | 'legacy';

const STATUS_AND_SCALE_VERBS = ['get', 'patch', 'update'];

// ---------------------------------------------------------------------------------------------
// Ordering.

const KUBE_VERSION = /^v([1-9][0-9]*)(?:(alpha|beta)([1-9][0-9]*))?$/;
const STABILITY: Record<string, number> = { alpha: 0, beta: 1, '': 2 };

interface KubeVersion {
  major: number;
  stability: number;
  minor: number;
}

function parseKubeVersion(version: string): KubeVersion | undefined {
  const m = KUBE_VERSION.exec(version);
  if (!m) return undefined;
  return { major: Number(m[1]), stability: STABILITY[m[2] ?? ''] ?? 0, minor: Number(m[3] ?? 0) };
}

/** version.CompareKubeAwareVersionStrings: > 0 when `a` is preferred (v1 > v1beta2 > v1beta1 > v1alpha1 > other, others alphabetically). */
export function compareKubeAwareVersions(a: string, b: string): number {
  if (a === b) return 0;
  const pa = parseKubeVersion(a);
  const pb = parseKubeVersion(b);
  if (pa === undefined || pb === undefined) return pa !== undefined ? 1 : pb !== undefined ? -1 : a < b ? 1 : -1;
  return pa.stability - pb.stability || pa.major - pb.major || pa.minor - pb.minor;
}

/** Built-in groups in the order kube-apiserver lists them; other groups follow alphabetically. */
const GROUP_ORDER = [
  '',
  'apiregistration.k8s.io',
  'apps',
  'events.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'networking.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'node.k8s.io',
  'discovery.k8s.io',
  'flowcontrol.apiserver.k8s.io',
];

function groupRank(group: string): number {
  const i = GROUP_ORDER.indexOf(group);
  return i < 0 ? GROUP_ORDER.length : i;
}

function compareGroups(a: string, b: string): number {
  return groupRank(a) - groupRank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** The groups served, in discovery order. */
export function servedGroups(resources: readonly ResourceType[]): string[] {
  return [...new Set(resources.map((r) => r.group))].sort(compareGroups);
}

/** The versions a group serves, preferred first. */
export function groupVersions(resources: readonly ResourceType[], group: string): string[] {
  const versions = new Set(resources.filter((r) => r.group === group).map((r) => r.version));
  return [...versions].sort((a, b) => compareKubeAwareVersions(b, a));
}

function resourcesOf(resources: readonly ResourceType[], group: string, version: string): ResourceType[] {
  return resources.filter((r) => r.group === group && r.version === version).sort((a, b) => (a.plural < b.plural ? -1 : a.plural > b.plural ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------
// Aggregated.

function withLists(entry: JsonObject, resource: ResourceType): JsonObject {
  if (resource.shortNames.length > 0) entry['shortNames'] = [...resource.shortNames];
  if (resource.categories.length > 0) entry['categories'] = [...resource.categories];
  return entry;
}

function aggregatedSubresources(resource: ResourceType): JsonObject[] {
  const subresources: JsonObject[] = [];
  if (resource.scale !== undefined) {
    subresources.push({ subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: [...STATUS_AND_SCALE_VERBS] });
  }
  if (resource.statusSubresource) {
    subresources.push({ subresource: 'status', responseKind: { group: resource.group, version: resource.version, kind: resource.kind }, verbs: [...STATUS_AND_SCALE_VERBS] });
  }
  for (const extra of resource.extraSubresources ?? []) {
    subresources.push({ subresource: extra.name, responseKind: { group: extra.group, version: extra.version, kind: extra.kind }, verbs: [...extra.verbs] });
  }
  return subresources;
}

/** One APIResourceDiscovery entry. */
export function aggregatedResource(resource: ResourceType): JsonObject {
  const entry = withLists(
    {
      resource: resource.plural,
      responseKind: { group: resource.group, version: resource.version, kind: resource.kind },
      scope: resource.namespaced ? 'Namespaced' : 'Cluster',
      singularResource: resource.singular,
      verbs: [...resource.verbs],
    },
    resource,
  );
  const subresources = aggregatedSubresources(resource);
  if (subresources.length > 0) entry['subresources'] = subresources;
  return entry;
}

function aggregatedGroup(resources: readonly ResourceType[], group: string): JsonObject {
  return {
    // Go omits the empty name of the core group: its metadata is `{}`.
    metadata: group === '' ? {} : { name: group },
    versions: groupVersions(resources, group).map((version) => ({
      version,
      resources: resourcesOf(resources, group, version).map(aggregatedResource),
      freshness: 'Current',
    })),
  };
}

/** The APIGroupDiscoveryList for `/api` (`core`: the one core group) or `/apis` (`groups`: every other group). */
export function aggregatedDiscovery(resources: readonly ResourceType[], which: 'core' | 'groups', apiVersion: AggregatedDiscoveryVersion): JsonObject {
  const groups = servedGroups(resources).filter((g) => (which === 'core' ? g === '' : g !== ''));
  return { kind: 'APIGroupDiscoveryList', apiVersion, metadata: {}, items: groups.map((g) => aggregatedGroup(resources, g)) };
}

// ---------------------------------------------------------------------------------------------
// Legacy.

/** `/api`: the APIVersions document. */
export function apiVersions(serverAddress: string): JsonObject {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function groupBody(resources: readonly ResourceType[], group: string): JsonObject {
  const versions = groupVersions(resources, group).map((version) => ({ groupVersion: groupVersion(group, version), version }));
  return { name: group, versions, preferredVersion: versions[0] ?? {} };
}

/** `/apis`: the APIGroupList of every non-core group. */
export function apiGroupList(resources: readonly ResourceType[]): JsonObject {
  const groups = servedGroups(resources).filter((g) => g !== '');
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map((g) => groupBody(resources, g)) };
}

/** `/apis/<group>`: the APIGroup, or undefined when the group is not served. */
export function apiGroup(resources: readonly ResourceType[], group: string): JsonObject | undefined {
  if (group === '' || !resources.some((r) => r.group === group)) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...groupBody(resources, group) };
}

function legacyResource(resource: ResourceType): JsonObject {
  return withLists(
    { name: resource.plural, singularName: resource.singular, namespaced: resource.namespaced, kind: resource.kind, verbs: [...resource.verbs] },
    resource,
  );
}

function legacySubresources(resource: ResourceType): JsonObject[] {
  const entries: JsonObject[] = [];
  const base = { singularName: '', namespaced: resource.namespaced };
  if (resource.scale !== undefined) {
    entries.push({ name: `${resource.plural}/scale`, ...base, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: [...STATUS_AND_SCALE_VERBS] });
  }
  if (resource.statusSubresource) entries.push({ name: `${resource.plural}/status`, ...base, kind: resource.kind, verbs: [...STATUS_AND_SCALE_VERBS] });
  for (const extra of resource.extraSubresources ?? []) {
    entries.push({ name: `${resource.plural}/${extra.name}`, ...base, group: extra.group, version: extra.version, kind: extra.kind, verbs: [...extra.verbs] });
  }
  return entries;
}

/** `/api/v1` or `/apis/<group>/<version>`: the APIResourceList, or undefined when that group-version is not served. */
export function apiResourceList(resources: readonly ResourceType[], group: string, version: string): JsonObject | undefined {
  const served = resourcesOf(resources, group, version);
  if (served.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupVersion(group, version),
    resources: served.flatMap((r) => [legacyResource(r), ...legacySubresources(r)]),
  };
}

// ---------------------------------------------------------------------------------------------
// Negotiation.

interface MediaRange {
  type: string;
  params: Record<string, string>;
  q: number;
  order: number;
}

function parseMediaRange(text: string, order: number): MediaRange {
  const [type = '', ...rest] = text.split(';').map((s) => s.trim());
  const params: Record<string, string> = {};
  for (const param of rest) {
    const eq = param.indexOf('=');
    if (eq > 0) params[param.slice(0, eq).trim().toLowerCase()] = param.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
  }
  const q = params['q'] === undefined ? 1 : Number(params['q']);
  delete params['q'];
  return { type: type.toLowerCase(), params, q: Number.isNaN(q) ? 1 : q, order };
}

const JSON_RANGES = ['application/json', 'application/*', '*/*'];

function aggregatedVersionOf(params: Record<string, string>): DiscoveryFormat | undefined {
  if (params['g'] !== 'apidiscovery.k8s.io' || params['as'] !== 'APIGroupDiscoveryList') return undefined;
  const v = params['v'];
  return v === 'v2' || v === 'v2beta1' ? v : undefined;
}

function formatOf(range: MediaRange): DiscoveryFormat | undefined {
  if (!JSON_RANGES.includes(range.type)) return undefined;
  const { g, v, as } = range.params;
  if (g === undefined && v === undefined && as === undefined) return 'legacy';
  return aggregatedVersionOf(range.params);
}

/** The discovery shape to answer an Accept header with: the best acceptable range by q, then specificity, then order; `legacy` by default. */
export function negotiateDiscovery(acceptHeader: string | undefined): DiscoveryFormat {
  const ranges = (acceptHeader ?? '')
    .split(',')
    .filter((s) => s.trim() !== '')
    .map((s, i) => parseMediaRange(s, i))
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || Object.keys(b.params).length - Object.keys(a.params).length || a.order - b.order);
  for (const range of ranges) {
    const format = formatOf(range);
    if (format !== undefined) return format;
  }
  return 'legacy';
}

/** The Content-Type that goes with a discovery format. */
export function discoveryContentType(format: DiscoveryFormat): string {
  if (format === 'v2') return AGGREGATED_DISCOVERY_V2_CONTENT_TYPE;
  return format === 'v2beta1' ? AGGREGATED_DISCOVERY_V2BETA1_CONTENT_TYPE : LEGACY_DISCOVERY_CONTENT_TYPE;
}
