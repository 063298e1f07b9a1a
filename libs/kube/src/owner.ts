// The controller ownerReference an owner puts on its children (knative/pkg `kmeta.NewControllerRef`)
// and the check that a child is controlled by a given owner (`metav1.IsControlledBy`: the first
// controller reference's UID matches); used by the controller's reconcilers and the networking
// app's Istio translator.
import { nameOf, uidOf, type IdentityLike } from './meta.js';
import type { OwnerReferenceLike } from './object.js';

/** A controller reference as {@link controllerReference} makes it (fits @ebb/api's `OwnerReference`). */
export interface ControllerReference extends OwnerReferenceLike {
  readonly controller: true;
  readonly blockOwnerDeletion: true;
}

/** The controller reference to `owner` of `apiVersion`/`kind` (controller and blockOwnerDeletion true). */
export function controllerReference(owner: IdentityLike, type: { readonly apiVersion: string; readonly kind: string }): ControllerReference {
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
  readonly metadata?: { readonly ownerReferences?: readonly Pick<OwnerReferenceLike, 'uid' | 'controller'>[] | undefined } | undefined;
}

/** Whether `object`'s controller reference points at `owner` (by UID, as `metav1.IsControlledBy`). */
export function isControlledBy(object: OwnedLike, owner: IdentityLike): boolean {
  const ref = object.metadata?.ownerReferences?.find((r) => r.controller === true);
  return ref !== undefined && ref.uid === uidOf(owner);
}
