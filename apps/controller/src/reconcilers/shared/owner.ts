// The controller ownerReference an owner puts on its children (knative/pkg `kmeta.NewControllerRef`)
// and the check that a child is controlled by a given owner (`metav1.IsControlledBy`: the first
// controller reference's UID matches), for every kind's reconciler.
import type { OwnerReference } from '@ebb/api';
import { nameOf, uidOf, type MetaLike } from './meta.js';

/** The controller reference to `owner` of `apiVersion`/`kind` (controller and blockOwnerDeletion true). */
export function controllerReference(owner: MetaLike, type: { readonly apiVersion: string; readonly kind: string }): OwnerReference {
  return {
    apiVersion: type.apiVersion,
    kind: type.kind,
    name: nameOf(owner),
    uid: uidOf(owner),
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** What {@link isControlledBy} reads of a child. */
export interface OwnedLike {
  readonly metadata?: { readonly ownerReferences?: readonly { readonly uid: string; readonly controller?: boolean | undefined }[] | undefined } | undefined;
}

/** Whether `object`'s controller reference points at `owner` (by UID, as `metav1.IsControlledBy`). */
export function isControlledBy(object: OwnedLike, owner: MetaLike): boolean {
  const ref = object.metadata?.ownerReferences?.find((r) => r.controller === true);
  return ref !== undefined && ref.uid === uidOf(owner);
}
