// Merge strategies of fields: for the built-in kinds from a table (the `patchStrategy` /
// `patchMergeKey` / `listType` tags of k8s.io/api types), for custom kinds from the
// `x-kubernetes-*` extensions of their OpenAPI v3 schema.
import type { JsonObject, JsonValue } from '../object.js';
import { isPlainObject } from '../object.js';
import type { FieldStrategy, FieldStrategyLookup } from './list-types.js';

/** Field paths (dot-joined, list items skipped) to strategies. */
type StrategyTable = Record<string, FieldStrategy>;

/** A list keyed by `keys` (SMP merges on the first). */
function mapBy(...keys: string[]): FieldStrategy {
  return { listType: 'map', mapKeys: keys };
}

const SET: FieldStrategy = { listType: 'set' };
const ATOMIC: FieldStrategy = { listType: 'atomic' };

/** ObjectMeta, shared by every kind. */
const METADATA: StrategyTable = {
  'metadata.ownerReferences': mapBy('uid'),
  'metadata.finalizers': SET,
};

/** `prefix.field` for each entry. */
function under(prefix: string, table: StrategyTable): StrategyTable {
  return Object.fromEntries(Object.entries(table).map(([path, strategy]) => [`${prefix}.${path}`, strategy]));
}

/** The keyed lists inside a Container (and an EphemeralContainer). */
const CONTAINER: StrategyTable = {
  env: mapBy('name'),
  ports: mapBy('containerPort', 'protocol'),
  volumeMounts: mapBy('mountPath'),
  volumeDevices: mapBy('devicePath'),
};

/** The strategies of a PodSpec at `prefix` (`spec`, or `spec.template.spec` in workloads). */
function podSpec(prefix: string): StrategyTable {
  const lists: StrategyTable = {
    containers: mapBy('name'),
    initContainers: mapBy('name'),
    ephemeralContainers: mapBy('name'),
    volumes: { listType: 'map', mapKeys: ['name'], retainKeys: true },
    imagePullSecrets: mapBy('name'),
    topologySpreadConstraints: mapBy('topologyKey', 'whenUnsatisfiable'),
    hostAliases: mapBy('ip'),
    resourceClaims: mapBy('name'),
    schedulingGates: mapBy('name'),
    tolerations: ATOMIC,
    ...under('containers', CONTAINER),
    ...under('initContainers', CONTAINER),
    ...under('ephemeralContainers', CONTAINER),
  };
  return under(prefix, lists);
}

const CONDITIONS: StrategyTable = { 'status.conditions': mapBy('type') };

/** Workloads with a pod template: Deployment, ReplicaSet. */
const WORKLOAD: StrategyTable = { ...podSpec('spec.template.spec'), ...CONDITIONS };

/** Per `group/kind`, the strategies beyond ObjectMeta's. */
const BUILTIN: Record<string, StrategyTable> = {
  '/Pod': { ...podSpec('spec'), ...CONDITIONS, 'status.podIPs': mapBy('ip'), 'status.hostIPs': mapBy('ip') },
  '/Service': { 'spec.ports': mapBy('port', 'protocol'), ...CONDITIONS },
  '/ServiceAccount': { secrets: mapBy('name'), imagePullSecrets: mapBy('name') },
  '/Namespace': CONDITIONS,
  'apps/Deployment': { ...WORKLOAD, 'spec.strategy': { retainKeys: true } },
  'apps/ReplicaSet': WORKLOAD,
  'apiextensions.k8s.io/CustomResourceDefinition': { 'spec.versions': mapBy('name'), ...CONDITIONS },
  'admissionregistration.k8s.io/MutatingWebhookConfiguration': { webhooks: mapBy('name') },
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration': { webhooks: mapBy('name') },
  'rbac.authorization.k8s.io/Role': { rules: ATOMIC },
  'rbac.authorization.k8s.io/ClusterRole': { rules: ATOMIC },
};

/** A lookup over a flat table. */
function tableLookup(table: StrategyTable): FieldStrategyLookup {
  return (path) => table[path.join('.')];
}

/**
 * The strategic-merge strategies of a built-in kind (`group` is `''` for the core group): keyed
 * lists (containers by name, env by name, ports by containerPort, ownerReferences by uid,
 * conditions by type, ...), set lists (finalizers), `retainKeys` fields (Deployment
 * `spec.strategy`, volumes). Kinds without keyed lists (ConfigMap, Secret, Endpoints, Event,
 * EndpointSlice, Lease, bindings) get ObjectMeta's strategies only.
 */
export function builtinFieldStrategies(group: string, kind: string): FieldStrategyLookup {
  return tableLookup({ ...METADATA, ...(BUILTIN[`${group}/${kind}`] ?? {}) });
}

/** One node of a schema: the strategy of its field and the nodes below it. */
interface StrategyNode {
  strategy?: FieldStrategy;
  properties: Map<string, StrategyNode>;
  /** The node of `additionalProperties`: any key of a map. */
  additional?: StrategyNode;
}

/** The strings of a JSON array, or undefined for anything else. */
function stringList(value: JsonValue | undefined): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value) : undefined;
}

/** `x-kubernetes-list-type`, when valid. */
function listTypeOf(schema: JsonObject): FieldStrategy['listType'] {
  const value = schema['x-kubernetes-list-type'];
  return value === 'atomic' || value === 'set' || value === 'map' ? value : undefined;
}

/** The map keys: `x-kubernetes-list-map-keys`, with `x-kubernetes-patch-merge-key` first when given. */
function mapKeysOf(schema: JsonObject): string[] | undefined {
  const keys = stringList(schema['x-kubernetes-list-map-keys']);
  const mergeKey = schema['x-kubernetes-patch-merge-key'];
  if (typeof mergeKey !== 'string') return keys;
  return [mergeKey, ...(keys ?? []).filter((key) => key !== mergeKey)];
}

/** The list type `x-kubernetes-patch-strategy` implies when `x-kubernetes-list-type` is absent. */
function patchListType(schema: JsonObject, strategies: string[], keys: string[] | undefined): FieldStrategy['listType'] {
  if (strategies.includes('replace')) return 'atomic';
  if (!strategies.includes('merge')) return undefined;
  if (keys !== undefined) return 'map';
  return schema['type'] === 'array' ? 'set' : undefined;
}

/** The strategy the extensions of one schema node declare, if any. */
function strategyOf(schema: JsonObject): FieldStrategy | undefined {
  const patchStrategy = schema['x-kubernetes-patch-strategy'];
  const strategies = typeof patchStrategy === 'string' ? patchStrategy.split(',').map((s) => s.trim()) : [];
  const mapKeys = mapKeysOf(schema);
  const strategy: FieldStrategy = {};
  const listType = listTypeOf(schema) ?? patchListType(schema, strategies, mapKeys);
  if (listType !== undefined) strategy.listType = listType;
  if (mapKeys !== undefined) strategy.mapKeys = mapKeys;
  if (strategies.includes('retainKeys')) strategy.retainKeys = true;
  const mapType = schema['x-kubernetes-map-type'];
  if (mapType === 'atomic' || mapType === 'granular') strategy.mapType = mapType;
  return Object.keys(strategy).length === 0 ? undefined : strategy;
}

/** The node of one schema: its own strategy, its properties, and (list items skipped) its items'. */
function buildNode(schema: JsonObject): StrategyNode {
  const node: StrategyNode = { properties: new Map() };
  const strategy = strategyOf(schema);
  if (strategy !== undefined) node.strategy = strategy;
  addChildren(node, schema);
  const items = schema['items'];
  if (isPlainObject(items)) addChildren(node, items);
  return node;
}

/** Adds the `properties` and `additionalProperties` of `schema` to `node`. */
function addChildren(node: StrategyNode, schema: JsonObject): void {
  const properties = schema['properties'];
  if (isPlainObject(properties)) {
    for (const [name, child] of Object.entries(properties)) {
      if (isPlainObject(child)) node.properties.set(name, buildNode(child));
    }
  }
  const additional = schema['additionalProperties'];
  if (isPlainObject(additional)) node.additional = buildNode(additional);
}

/** The node at `path`, walking named properties first, then `additionalProperties`. */
function nodeAt(root: StrategyNode, path: readonly string[]): StrategyNode | undefined {
  let node: StrategyNode | undefined = root;
  for (const name of path) {
    node = node.properties.get(name) ?? node.additional;
    if (node === undefined) return undefined;
  }
  return node;
}

/**
 * The strategies an OpenAPI v3 schema of a whole object declares through `x-kubernetes-list-type`,
 * `x-kubernetes-list-map-keys`, `x-kubernetes-map-type`, `x-kubernetes-patch-merge-key` and
 * `x-kubernetes-patch-strategy` (walking `properties`, `items`, `additionalProperties`). ObjectMeta's
 * strategies (ownerReferences by uid, finalizers as a set) apply where the schema says nothing.
 */
export function schemaFieldStrategies(schema: JsonObject): FieldStrategyLookup {
  const root = buildNode(schema);
  const metadata = tableLookup(METADATA);
  return (path) => nodeAt(root, path)?.strategy ?? metadata(path);
}
