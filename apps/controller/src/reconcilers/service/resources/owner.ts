// The controller ownerReference a Service puts on its Configuration and Route (knative/pkg
// `kmeta.NewControllerRef`), and the check that a child is controlled by a given owner
// (`metav1.IsControlledBy`: the controller reference's UID matches).
import type { OwnerReference } from '@ebb/api';

/** What of an owner a reference needs. */
export interface OwnerMeta {
  readonly metadata?: { readonly name?: string | undefined; readonly uid?: string | undefined } | undefined;
}

/** The controller reference to `owner` of `apiVersion`/`kind` (controller and blockOwnerDeletion true). */
export function controllerReference(owner: OwnerMeta, type: { readonly apiVersion: string; readonly kind: string }): OwnerReference {
  return {
    apiVersion: type.apiVersion,
    kind: type.kind,
    name: owner.metadata?.name ?? '',
    uid: owner.metadata?.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** Whether `object`'s controller reference points at `owner` (by UID, as `metav1.IsControlledBy`). */
export function isControlledBy(
  object: { readonly metadata?: { readonly ownerReferences?: readonly { readonly uid: string; readonly controller?: boolean | undefined }[] | undefined } | undefined },
  owner: OwnerMeta,
): boolean {
  const ref = object.metadata?.ownerReferences?.find((r) => r.controller === true);
  return ref !== undefined && ref.uid === (owner.metadata?.uid ?? '');
}
