import type { TSchema } from 'typebox';
import type { KnativeResourceType } from '../core/resources.js';
import { toStructural } from './structural.js';
import type { CustomResourceDefinition, JSONSchemaProps, PrinterColumn } from './types.js';

/** Everything that makes one kind's CRD (its resource type, one served+storage version, status subresource). */
export interface CrdSource extends KnativeResourceType {
  singular: string;
  shortNames: string[];
  categories: string[];
  /** Labels on the CRD object itself (e.g. `duck.knative.dev/addressable: "true"`). */
  labels: Record<string, string>;
  printerColumns: PrinterColumn[];
  /** The kind's TypeBox schema (`apiVersion`, `kind`, `metadata`, `spec`, `status`). */
  schema: TSchema;
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
      versions: [
        {
          name: source.version,
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: { openAPIV3Schema: rootSchema(source.schema) },
          additionalPrinterColumns: source.printerColumns.map((c) => ({ ...c })),
        },
      ],
    },
  };
}
