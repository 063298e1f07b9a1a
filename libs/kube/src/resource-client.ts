// Typed CRUD over one kind of object: the paths of a group/version/plural (core `/api/v1`,
// others `/apis/<group>/<version>`), namespaced or not, and the calls a reconciler makes on
// them — get (undefined on 404), create, update, updateStatus (the `status` subresource),
// merge/JSON patch, delete (404 ignored). Errors are KubeApiError (409 Conflict included) so
// callers decide on the code.
import type { KubeConfig } from '@kubernetes/client-node';
import type { KubeObjectLike } from './object.js';
import { isKubeApiError, kubeRequest } from './client.js';

/** One kind of object on the API server. */
export interface ResourceType {
  /** The API group; `''` for core. */
  readonly group: string;
  readonly version: string;
  /** The plural resource name in paths, e.g. `services`. */
  readonly plural: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

/** `v1` or `<group>/<version>`. */
export function apiVersionOf(type: ResourceType): string {
  return type.group === '' ? type.version : `${type.group}/${type.version}`;
}

/** The collection path: across namespaces when `namespace` is undefined (or the kind is cluster-scoped). */
export function collectionPath(type: ResourceType, namespace?: string): string {
  const root = type.group === '' ? `/api/${type.version}` : `/apis/${type.group}/${type.version}`;
  const scope = type.namespaced && namespace !== undefined ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${root}${scope}/${type.plural}`;
}

/** The path of one object, or of one of its subresources. */
export function objectPath(type: ResourceType, namespace: string | undefined, name: string, subresource?: string): string {
  const tail = subresource === undefined ? '' : `/${subresource}`;
  return `${collectionPath(type, namespace)}/${encodeURIComponent(name)}${tail}`;
}

/** Options of a delete. */
export interface DeleteOptions {
  readonly propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  /** Delete only this incarnation of the name. */
  readonly uid?: string;
}

/** The content types of a patch. */
export const PatchType = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
} as const;
/** One of {@link PatchType}. */
export type PatchType = (typeof PatchType)[keyof typeof PatchType];

/** Reads and writes objects of one {@link ResourceType}. */
export class ResourceClient<T extends KubeObjectLike> {
  constructor(
    private readonly kubeConfig: KubeConfig,
    readonly type: ResourceType,
  ) {}

  /** The object, or undefined when there is none (404). */
  async get(namespace: string | undefined, name: string): Promise<T | undefined> {
    try {
      return (await kubeRequest(this.kubeConfig, { method: 'GET', path: objectPath(this.type, namespace, name) })) as T;
    } catch (error) {
      if (isKubeApiError(error, 404)) return undefined;
      throw error;
    }
  }

  /** Every object (in `namespace`, or everywhere), optionally by label selector. */
  async list(namespace?: string, labelSelector?: string): Promise<T[]> {
    const query = labelSelector === undefined ? {} : { labelSelector };
    const list = (await kubeRequest(this.kubeConfig, { method: 'GET', path: collectionPath(this.type, namespace), query })) as { items?: T[] };
    return list.items ?? [];
  }

  /** Creates the object in its `metadata.namespace`; apiVersion and kind are filled in. */
  async create(object: T): Promise<T> {
    const body = { ...object, apiVersion: apiVersionOf(this.type), kind: this.type.kind };
    return (await kubeRequest(this.kubeConfig, { method: 'POST', path: collectionPath(this.type, object.metadata?.namespace), body })) as T;
  }

  /** Replaces the object (PUT); its resourceVersion makes it a compare-and-swap (409 when stale). */
  async update(object: T): Promise<T> {
    return (await kubeRequest(this.kubeConfig, { method: 'PUT', path: this.pathOf(object), body: object })) as T;
  }

  /** Replaces the object's status (PUT on the `status` subresource). */
  async updateStatus(object: T): Promise<T> {
    return (await kubeRequest(this.kubeConfig, { method: 'PUT', path: this.pathOf(object, 'status'), body: object })) as T;
  }

  /** Patches the object (merge patch unless told otherwise), or its `subresource`. */
  async patch(namespace: string | undefined, name: string, patch: unknown, options: { type?: PatchType; subresource?: string } = {}): Promise<T> {
    const path = objectPath(this.type, namespace, name, options.subresource);
    return (await kubeRequest(this.kubeConfig, { method: 'PATCH', path, body: patch, contentType: options.type ?? PatchType.merge })) as T;
  }

  /** Deletes the object; true when it was there (a 404 is no error). */
  async delete(namespace: string | undefined, name: string, options: DeleteOptions = {}): Promise<boolean> {
    const body = {
      kind: 'DeleteOptions',
      apiVersion: 'v1',
      ...(options.propagationPolicy === undefined ? {} : { propagationPolicy: options.propagationPolicy }),
      ...(options.uid === undefined ? {} : { preconditions: { uid: options.uid } }),
    };
    try {
      await kubeRequest(this.kubeConfig, { method: 'DELETE', path: objectPath(this.type, namespace, name), body });
      return true;
    } catch (error) {
      if (isKubeApiError(error, 404)) return false;
      throw error;
    }
  }

  private pathOf(object: T, subresource?: string): string {
    const name = object.metadata?.name;
    if (name === undefined || name === '') throw new Error(`${this.type.kind} without metadata.name`);
    return objectPath(this.type, object.metadata?.namespace, name, subresource);
  }
}
