/**
 * @ebb/image-store — the local image store: `dev.local/…` and `ko.local/…` images (Knative's
 * local registries) recorded as a directory and its entrypoint in the data dir, so Knative YAML
 * with `image: dev.local/hello` runs on the local cluster as a process. `ebb image` writes it; the
 * kubelet reads it.
 */
export { defaultDataDir } from './data-dir.js';
export { ImageStoreError } from './errors.js';
export { formatImageIndex, INDEX_VERSION, parseImageIndex } from './index-file.js';
export type { LocalImage } from './index-file.js';
export { processIsAlive, withFileLock } from './lock.js';
export type { LockOptions } from './lock.js';
export { IMAGE_MANIFEST, parseImageManifest, readImageManifest } from './manifest.js';
export type { ImageSpec } from './manifest.js';
export { DEFAULT_LOCAL_REGISTRY, expandImageName, invalidImageRefReason, isLocalImageRef, LOCAL_REGISTRIES, normalizeImageRef } from './refs.js';
export { ImageStore, mergeImageSpecs } from './store.js';
export type { ImageStoreOptions } from './store.js';
