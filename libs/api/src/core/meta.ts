import Type, { type Static, type TInteger, type TString, type TUnion } from 'typebox';

/**
 * Marks a schema node whose unknown fields the API server keeps (CRD
 * `x-kubernetes-preserve-unknown-fields: true`); the CRD builder emits it as such.
 */
export const PRESERVE_UNKNOWN_FIELDS = 'x-kubernetes-preserve-unknown-fields';
/** Marks an int-or-string node (Kubernetes `IntOrString`); the CRD builder emits `x-kubernetes-int-or-string`. */
export const INT_OR_STRING = 'x-kubernetes-int-or-string';

/** A Kubernetes `IntOrString` (e.g. a port number or a port name). */
export function IntOrStringSchema(description: string): TUnion<[TInteger, TString]> {
  return Type.Union([Type.Integer(), Type.String()], { description, [INT_OR_STRING]: true });
}

/** A Kubernetes `resource.Quantity` (`"500m"`, `"1Gi"`, `2`). */
export const QuantitySchema = Type.Union([Type.Integer(), Type.String()], {
  description: 'A Kubernetes quantity, e.g. "500m", "128Mi" or an integer.',
  [INT_OR_STRING]: true,
});
/** A {@link QuantitySchema} value. */
export type Quantity = Static<typeof QuantitySchema>;

type StringMap = ReturnType<typeof Type.Record<TString, TString>>;

/** A string→string map (labels, annotations, selectors); a map (`additionalProperties`) in the CRD. */
export function StringMapSchema(description: string): StringMap {
  return Type.Record(Type.String(), Type.String(), { description });
}

/** An owner reference (`metav1.OwnerReference`). */
export const OwnerReferenceSchema = Type.Object({
  apiVersion: Type.String({ description: 'API version of the referent.' }),
  kind: Type.String({ description: 'Kind of the referent.' }),
  name: Type.String({ description: 'Name of the referent.' }),
  uid: Type.String({ description: 'UID of the referent.' }),
  controller: Type.Optional(Type.Boolean({ description: 'If true, this reference points to the managing controller.' })),
  blockOwnerDeletion: Type.Optional(
    Type.Boolean({ description: 'If true, the owner cannot be deleted from the key-value store until this reference is removed.' }),
  ),
});
/** An {@link OwnerReferenceSchema} value. */
export type OwnerReference = Static<typeof OwnerReferenceSchema>;

const objectMetaProperties = {
  name: Type.Optional(Type.String({ description: 'Name must be unique within a namespace.' })),
  generateName: Type.Optional(
    Type.String({ description: 'Optional prefix used by the server to generate a unique name when name is not provided.' }),
  ),
  namespace: Type.Optional(Type.String({ description: 'Namespace defines the space within which each name must be unique.' })),
  labels: Type.Optional(StringMapSchema('Map of string keys and values that can be used to organize and categorize objects.')),
  annotations: Type.Optional(StringMapSchema('Unstructured key value map stored with a resource that may be set by external tools.')),
  uid: Type.Optional(Type.String({ description: 'UID is the unique in time and space value for this object.' })),
  resourceVersion: Type.Optional(
    Type.String({ description: 'An opaque value that represents the internal version of this object.' }),
  ),
  generation: Type.Optional(Type.Integer({ description: 'A sequence number representing a specific generation of the desired state.' })),
  creationTimestamp: Type.Optional(
    Type.String({ description: 'Timestamp representing the server time when this object was created (RFC 3339).' }),
  ),
  deletionTimestamp: Type.Optional(
    Type.String({ description: 'RFC 3339 date and time at which this resource will be deleted.' }),
  ),
  deletionGracePeriodSeconds: Type.Optional(
    Type.Integer({ description: 'Number of seconds allowed for this object to gracefully terminate.' }),
  ),
  ownerReferences: Type.Optional(
    Type.Array(OwnerReferenceSchema, { description: 'List of objects depended by this object.' }),
  ),
  finalizers: Type.Optional(
    Type.Array(Type.String(), { description: 'Must be empty before the object is deleted from the registry.' }),
  ),
};

/**
 * The subset of `metav1.ObjectMeta` Ebb reads and writes. Unknown members (managedFields, …) are
 * accepted by the runtime check; in a CRD the API server owns `metadata` (the root schema only says
 * `type: object`).
 */
export const ObjectMetaSchema = Type.Object(objectMetaProperties, {
  description: 'Standard object metadata.',
});
/** An {@link ObjectMetaSchema} value. */
export type ObjectMeta = Static<typeof ObjectMetaSchema>;

/**
 * ObjectMeta of an embedded template (`spec.template.metadata`): same shape as {@link ObjectMetaSchema},
 * and in the CRD unknown fields are preserved (API.md §1.2: "metadata (ObjectMeta, unknown fields preserved)").
 */
export const TemplateMetaSchema = Type.Object(objectMetaProperties, {
  description: 'Standard object metadata of the template.',
  [PRESERVE_UNKNOWN_FIELDS]: true,
});
/** A {@link TemplateMetaSchema} value. */
export type TemplateMeta = Static<typeof TemplateMetaSchema>;
