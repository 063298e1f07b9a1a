import type { TSchema } from 'typebox';
import type { KnativeResourceType } from '../core/resources.js';
import { toStructural } from './structural.js';
import type { CrdVersion, CustomResourceDefinition, JSONSchemaProps, PrinterColumn } from './types.js';

/**
 * Everything that makes one kind's CRD: its resource type, the served versions (by default only
 * `version`, also the storage version), the status subresource.
 */
export interface CrdSource extends KnativeResourceType {
  singular: string;
  shortNames: string[];
  categories: string[];
  /** Labels on the CRD object itself (e.g. `duck.knative.dev/addressable: "true"`). */
  labels: Record<string, string>;
  printerColumns: PrinterColumn[];
  /** The kind's TypeBox schema (`apiVersion`, `kind`, `metadata`, `spec`, `status`). */
  schema: TSchema;
  /** More versions served with the same schema and columns (e.g. Istio serves `v1`, `v1alpha3` and `v1beta1`); none by default. */
  extraVersions?: readonly string[];
  /** The version objects are stored in: `version` (the default) or one of `extraVersions`. */
  storageVersion?: string;
}

const API_VERSION_PROPERTY: JSONSchemaProps = {
  description:
    'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values.',
  type: 'string',
};
const KIND_PROPERTY: JSONSchemaProps = {
  description:
    'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. In CamelCase.',
  type: 'string',
};

/**
 * The root `openAPIV3Schema` of a kind: its structural schema with `apiVersion`/`kind` as plain strings
 * and `metadata` as a bare `type: object` (the API server owns metadata; a CRD may not constrain it).
 */
export function rootSchema(schema: TSchema): JSONSchemaProps {
  const root = toStructural(schema as unknown as Readonly<Record<string, unknown>>);
  const properties = { ...root.properties, apiVersion: { ...API_VERSION_PROPERTY }, kind: { ...KIND_PROPERTY }, metadata: { type: 'object' } };
  const sorted = Object.fromEntries(Object.entries(properties).sort(([a], [b]) => (a < b ? -1 : 1)));
  return { ...(root.description === undefined ? {} : { description: root.description }), type: 'object', properties: sorted };
}

/**
 * The served versions of a kind, sorted by name (as Istio lists them), each with its own copy of the
 * schema and columns; exactly one is the storage version. Throws when `storageVersion` is not served.
 */
export function crdVersions(source: CrdSource): CrdVersion[] {
  const names = [...new Set([source.version, ...(source.extraVersions ?? [])])].sort();
  const storage = source.storageVersion ?? source.version;
  if (!names.includes(storage)) throw new Error(`CRD ${source.plural}.${source.group}: storage version ${storage} is not among the served versions ${names.join(', ')}`);
  return names.map((name) => ({
    name,
    served: true,
    storage: name === storage,
    subresources: { status: {} },
    schema: { openAPIV3Schema: rootSchema(source.schema) },
    additionalPrinterColumns: source.printerColumns.map((c) => ({ ...c })),
  }));
}

/** Builds the `apiextensions.k8s.io/v1` CustomResourceDefinition of one kind. */
export function makeCrd(source: CrdSource): CustomResourceDefinition {
  const names = {
    kind: source.kind,
    plural: source.plural,
    singular: source.singular,
    ...(source.shortNames.length > 0 ? { shortNames: [...source.shortNames] } : {}),
    ...(source.categories.length > 0 ? { categories: [...source.categories] } : {}),
  };
  const hasLabels = Object.keys(source.labels).length > 0;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${source.plural}.${source.group}`, ...(hasLabels ? { labels: { ...source.labels } } : {}) },
    spec: {
      group: source.group,
      names,
      scope: source.namespaced ? 'Namespaced' : 'Cluster',
      versions: crdVersions(source),
    },
  };
}
