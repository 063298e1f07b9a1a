// Small readers of object metadata with Kubernetes' zero values ('' and 0), shared by every kind's
// reconciler and builders so that they read as recipes instead of chains of optional lookups.
// `nameOf` and `uidOf` live in @ebb/kube (its child-object helpers use them) and are re-exported here.

export { nameOf, uidOf } from '@ebb/kube';

/** What these readers need of an object. */
export interface MetaLike {
  readonly metadata?:
    | {
        readonly name?: string | undefined;
        readonly namespace?: string | undefined;
        readonly uid?: string | undefined;
        readonly generation?: number | undefined;
        /** A string in our kinds' types; a Date in @kubernetes/client-node's. */
        readonly deletionTimestamp?: string | Date | undefined;
      }
    | undefined;
}

/** `metadata.namespace`, or ''. */
export function namespaceOf(object: MetaLike): string {
  return object.metadata?.namespace ?? '';
}

/** `metadata.generation`, or 0. */
export function generationOf(object: MetaLike): number {
  return object.metadata?.generation ?? 0;
}

/** Whether the object has a deletionTimestamp (its deletion has begun). */
export function isBeingDeleted(object: MetaLike): boolean {
  return (object.metadata?.deletionTimestamp ?? '') !== '';
}
