// The two metadata readers the child-object helpers need (name and UID, with Kubernetes' zero
// value ''), kept here so the controller's reconcilers (which re-export them from their
// `shared/meta.ts`) and the networking app's Istio translator read an object's identity one way.

/** What {@link nameOf} and {@link uidOf} read of an object. */
export interface IdentityLike {
  readonly metadata?: { readonly name?: string | undefined; readonly uid?: string | undefined } | undefined;
}

/** `metadata.name`, or ''. */
export function nameOf(object: IdentityLike): string {
  return object.metadata?.name ?? '';
}

/** `metadata.uid`, or ''. */
export function uidOf(object: IdentityLike): string {
  return object.metadata?.uid ?? '';
}
