// Image references as the local image store sees them. Knative treats `dev.local/` and
// `ko.local/` as registries that exist only on the developer's machine (it never resolves their
// tags to digests); Ebb keeps the images of those registries in its own store, so Knative YAML
// with `image: dev.local/hello` runs unchanged. Pure string functions, no I/O.

/** The registries whose images live in the local image store (Knative's local registries). */
export const LOCAL_REGISTRIES: readonly string[] = ['dev.local', 'ko.local'];

/** The registry a bare name (no `/`) is given by the `ebb` CLI: `hello` → `dev.local/hello`. */
export const DEFAULT_LOCAL_REGISTRY = 'dev.local';

// The Docker reference grammar (distribution/reference), enough to reject typos early.
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::[0-9]+)?';
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*(?::${TAG})?(?:@${DIGEST})?$`);

/** Whether `ref` names an image of a local registry (`dev.local/…` or `ko.local/…`). */
export function isLocalImageRef(ref: string): boolean {
  return LOCAL_REGISTRIES.some((registry) => ref.startsWith(`${registry}/`) && ref.length > registry.length + 1);
}

/** Whether the last path component of `ref` carries a tag, or `ref` carries a digest. */
function hasTagOrDigest(ref: string): boolean {
  if (ref.includes('@')) return true;
  const lastComponent = ref.slice(ref.lastIndexOf('/') + 1);
  return lastComponent.includes(':');
}

/** `ref` with `:latest` added when it has neither a tag nor a digest (as Docker and Kubernetes read it). */
export function normalizeImageRef(ref: string): string {
  const trimmed = ref.trim();
  return hasTagOrDigest(trimmed) ? trimmed : `${trimmed}:latest`;
}

/** Why `ref` is not a valid image reference, or `undefined` when it is. */
export function invalidImageRefReason(ref: string): string | undefined {
  if (ref.trim() === '') return 'the image name is empty';
  if (ref.length > 255) return `the image name is longer than 255 characters`;
  if (!REFERENCE.test(ref.trim())) {
    return `'${ref}' is not a valid image name (lowercase letters, digits and . _ - separators, an optional :tag)`;
  }
  return undefined;
}

/**
 * The `ebb` CLI's shorthand: a bare name (no `/`) is an image of `dev.local`
 * (`hello` → `dev.local/hello`); anything else is taken as written. Not for pod specs: there a
 * bare name means Docker Hub, as in Kubernetes.
 */
export function expandImageName(name: string): string {
  const trimmed = name.trim();
  return trimmed.includes('/') || trimmed === '' ? trimmed : `${DEFAULT_LOCAL_REGISTRY}/${trimmed}`;
}
