// What the API server knows about one served resource: its names, scope, verbs, subresources,
// how it prints as a Table and how writes treat it. Built-in kinds come from a table
// (builtins.ts); custom kinds from their CRD (from-crd.ts).
import type { JsonObject, KubeObject } from '../object.js';

/** The verbs of a resource, in discovery's order. */
export const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] as const;

/** One verb of {@link ALL_VERBS}. */
export type Verb = (typeof ALL_VERBS)[number];

/** A CRD's `subresources.scale` (or the built-in scale of Deployments and ReplicaSets). */
export interface ScaleSubresource {
  /** JSON path such as `.spec.replicas`. */
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

/** A subresource served by its own handler, e.g. `serviceaccounts/token` (a TokenRequest). */
export interface ExtraSubresource {
  readonly name: string;
  /** The group, version and kind of what it answers. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly verbs: readonly Verb[];
}

/**
 * Where a resource's objects are stored when another resource holds them (events.k8s.io/v1
 * Events are core/v1 Events), and how they convert to and from that resource's shape.
 */
export interface StorageAlias {
  readonly group: string;
  readonly resource: string;
  toStorage(object: KubeObject): KubeObject;
  fromStorage(object: KubeObject): KubeObject;
}

/** One Table column; `jsonPath` for CRD printer columns, `cell` for built-in ones. */
export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format?: string;
  description?: string;
  priority: number;
  /** A CRD `additionalPrinterColumns[].jsonPath`, e.g. `.status.conditions[?(@.type=="Ready")].status`. */
  jsonPath?: string;
  /** For built-in kinds: the cell of one object; `now` is passed in for ages. */
  cell?: (object: JsonObject, now: Date) => string | number | boolean | null;
}

/** A served resource (one group-version of one kind). */
export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  /** Lower-case plural, the path segment: `deployments`. */
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: readonly Verb[];
  /** Whether `<resource>/status` is served (and the main endpoint ignores status changes). */
  statusSubresource: boolean;
  /** Present when `<resource>/scale` is served. */
  scale?: ScaleSubresource;
  /** Other subresources, such as `token` of ServiceAccounts. */
  extraSubresources?: readonly ExtraSubresource[];
  /** Set when the objects are stored as another resource's. */
  storage?: StorageAlias;
  /** Whether a change outside metadata and status bumps `metadata.generation`. */
  tracksGeneration: boolean;
  /** `strategic` for built-in kinds, `merge` for custom ones (SMP is refused with 415). */
  patchStrategy: 'strategic' | 'merge';
  /** PUT on a missing object creates it (Endpoints, Events). */
  allowCreateOnUpdate: boolean;
  /** PUT without `metadata.resourceVersion` is accepted (built-ins) or 422 (custom resources). */
  allowUnconditionalUpdate: boolean;
  /** Table columns after NAME (NAME is always first); AGE is included where Kubernetes shows it. */
  columns: PrinterColumn[];
  /** OpenAPI v3 schema of the whole object (`openAPIV3Schema` of a CRD); validation and pruning use it for custom kinds. */
  schema?: JsonObject;
  /** Whether the resource is a custom one (from a CRD). */
  custom: boolean;
}

/** The group and resource the objects of `resource` are stored under. */
export function storageLocation(resource: Pick<ResourceType, 'group' | 'plural' | 'storage'>): { group: string; resource: string } {
  return resource.storage === undefined ? { group: resource.group, resource: resource.plural } : { group: resource.storage.group, resource: resource.storage.resource };
}

/** A stored object in the shape `resource` serves. */
export function fromStorage(resource: Pick<ResourceType, 'storage'>, object: KubeObject): KubeObject {
  return resource.storage === undefined ? object : resource.storage.fromStorage(object);
}

/** An object of `resource` in the shape it is stored in. */
export function toStorage(resource: Pick<ResourceType, 'storage'>, object: KubeObject): KubeObject {
  return resource.storage === undefined ? object : resource.storage.toStorage(object);
}

/** `deployments.apps`, or `pods` for the core group: how Status messages name a resource. */
export function qualifiedResource(resource: Pick<ResourceType, 'plural' | 'group'>): string {
  return resource.group === '' ? resource.plural : `${resource.plural}.${resource.group}`;
}
