// Helpers for store keys: building one, reading it off an object, and printing it.
import type { KubeObject } from '@ebb/apimachinery';
import type { StoreKey } from './store.js';

/** The key of `name` in `namespace` (`''` when cluster-scoped) of `group`/`resource`. */
export function storeKeyOf(group: string, resource: string, namespace: string, name: string): StoreKey {
  return { group, resource, namespace, name };
}

/** The key of `object` under `group`/`resource`, from its `metadata.namespace` and `metadata.name`. */
export function storeKeyOfObject(group: string, resource: string, object: KubeObject): StoreKey {
  return storeKeyOf(group, resource, object.metadata.namespace ?? '', object.metadata.name ?? '');
}

/** `group/resource/namespace/name`, for logs and messages. */
export function formatStoreKey(key: StoreKey): string {
  return `${key.group}/${key.resource}/${key.namespace}/${key.name}`;
}

/** Whether two keys name the same object. */
export function sameStoreKey(a: StoreKey, b: StoreKey): boolean {
  return a.group === b.group && a.resource === b.resource && a.namespace === b.namespace && a.name === b.name;
}
