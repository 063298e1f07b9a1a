// The least an object must have for this lib: client-node's `KubernetesObject` types
// creationTimestamp as a Date while JSON (and @ebb/api's types) carry strings, so the runtime is
// generic over this shape instead, which both satisfy.

/** An owner reference as far as this lib reads it. */
export interface OwnerReferenceLike {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
  readonly controller?: boolean | undefined;
}

/** Object metadata as far as this lib reads it. */
export interface ObjectMetaLike {
  name?: string | undefined;
  namespace?: string | undefined;
  uid?: string | undefined;
  resourceVersion?: string | undefined;
  generation?: number | undefined;
  labels?: Record<string, string> | undefined;
  annotations?: Record<string, string> | undefined;
  ownerReferences?: OwnerReferenceLike[] | undefined;
}

/** Any Kubernetes object: typed kinds from client-node and from @ebb/api both fit. */
export interface KubeObjectLike {
  apiVersion?: string | undefined;
  kind?: string | undefined;
  metadata?: ObjectMetaLike | undefined;
}
