// Controller references (metav1.GetControllerOf, metav1.NewControllerRef): which object controls
// another, and the reference a controller puts on what it creates. One place for every
// controller here, whichever shape it holds objects in (client-node models or plain JSON).

/** The ownerReference with `controller: true`, if any. */
export function controllerOf<R extends { readonly controller?: boolean }>(object: { readonly metadata?: { readonly ownerReferences?: readonly R[] } }): R | undefined {
  return object.metadata?.ownerReferences?.find((ref) => ref.controller === true);
}

/** A controller ownerReference as a controller writes it. */
export interface ControllerRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
  readonly controller: true;
  readonly blockOwnerDeletion: true;
}

/** The controller reference to `owner` (of `apiVersion`/`kind`), blocking its deletion in the foreground. */
export function controllerRefTo(owner: { readonly metadata?: { readonly name?: string; readonly uid?: string } }, type: { readonly apiVersion: string; readonly kind: string }): ControllerRef {
  return { apiVersion: type.apiVersion, kind: type.kind, name: owner.metadata?.name ?? '', uid: owner.metadata?.uid ?? '', controller: true, blockOwnerDeletion: true };
}
