// DELETE as Kubernetes does it (SEMANTICS.md §3): preconditions, the propagation policy turned
// into the `foregroundDeletion`/`orphan` finalizers, objects with finalizers only marked
// (deletionTimestamp) until the list is empty, graceful deletion of scheduled Pods, Namespaces
// held by their `kubernetes` finalizer until emptied, and protected namespaces.
import {
  conflict,
  forbidden,
  groupVersion,
  isPlainObject,
  markDeleting,
  rfc3339Seconds,
  successStatus,
  type KubeObject,
  type ResourceType,
} from '@ebb/apimachinery';
import type { Admission } from './admission-port.js';
import type { CollectionTarget, DeleteOptions, ListQuery, OperationContext, WriteResult } from './operations.js';
import { storeKey, type ResourceService } from './resource-service.js';

/** Finalizer the garbage collector honours for foreground deletion. */
export const FOREGROUND_FINALIZER = 'foregroundDeletion';
/** Finalizer the garbage collector honours for orphaning deletion. */
export const ORPHAN_FINALIZER = 'orphan';
/** The finalizer that holds a CRD until its objects are gone (apiextensions-apiserver adds it on delete). */
export const CRD_CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';
/** Namespaces that may not be deleted. */
const PROTECTED_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);
/** Kinds whose DELETE returns the object rather than a Success Status. */
const RETURNS_DELETED_OBJECT = new Set(['/Pod', '/ServiceAccount', '/PersistentVolume', '/PersistentVolumeClaim']);

function checkPreconditions(resource: ResourceType, object: KubeObject, options: DeleteOptions): void {
  const { uid, resourceVersion } = options.preconditions ?? {};
  const name = object.metadata.name ?? '';
  if (uid !== undefined && uid !== object.metadata.uid) {
    throw conflict(resource, name, `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${object.metadata.uid ?? ''}`);
  }
  if (resourceVersion !== undefined && resourceVersion !== object.metadata.resourceVersion) {
    throw conflict(resource, name, `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${object.metadata.resourceVersion ?? ''}`);
  }
}

function withPropagationFinalizer(object: KubeObject, options: DeleteOptions): KubeObject {
  const wanted = options.propagationPolicy === 'Foreground' ? FOREGROUND_FINALIZER : options.propagationPolicy === 'Orphan' ? ORPHAN_FINALIZER : undefined;
  const finalizers = object.metadata.finalizers ?? [];
  if (wanted === undefined || finalizers.includes(wanted)) return object;
  return { ...object, metadata: { ...object.metadata, finalizers: [...finalizers, wanted] } };
}

function podGraceSeconds(object: KubeObject, options: DeleteOptions): number {
  const spec = isPlainObject(object.spec) ? object.spec : {};
  const status = isPlainObject(object.status) ? object.status : {};
  if (typeof spec.nodeName !== 'string' || spec.nodeName === '' || status.phase === 'Succeeded' || status.phase === 'Failed') return 0;
  if (options.gracePeriodSeconds !== undefined) return options.gracePeriodSeconds;
  return typeof spec.terminationGracePeriodSeconds === 'number' ? spec.terminationGracePeriodSeconds : 30;
}

type HoldRule = (resource: ResourceType, object: KubeObject, when: { now: Date; options: DeleteOptions }) => KubeObject | undefined;

/** Kinds whose deletion waits for more than their finalizers. */
const HELD_BY_KIND: Record<string, HoldRule> = {
  // A namespace waits for its content (the namespace controller) and shows it is terminating.
  '/Namespace': (resource, object, { now }) => {
    const marked = markDeleting(resource, object, rfc3339Seconds(now));
    return { ...marked, status: { ...(isPlainObject(marked.status) ? marked.status : {}), phase: 'Terminating' } };
  },
  // A scheduled pod gets its grace period for the kubelet to stop it; a later DELETE may only
  // shorten it, and a grace period of 0 (the kubelet's final DELETE, or --force) removes it.
  '/Pod': (resource, object, { now, options }) => {
    const grace = podGraceSeconds(object, options);
    const current = object.metadata.deletionGracePeriodSeconds;
    if (object.metadata.deletionTimestamp === undefined) {
      return grace > 0 ? markDeleting(resource, object, rfc3339Seconds(new Date(now.getTime() + grace * 1000)), grace) : undefined;
    }
    if (current !== undefined && grace >= current) return object;
    const deadline = rfc3339Seconds(new Date(now.getTime() + grace * 1000));
    return { ...object, metadata: { ...object.metadata, deletionTimestamp: deadline, deletionGracePeriodSeconds: grace } };
  },
  // A CRD waits until its objects are gone (apiextensions-apiserver adds the finalizer on delete).
  'apiextensions.k8s.io/CustomResourceDefinition': (resource, object, { now }) => {
    const finalizers = [...new Set([...(object.metadata.finalizers ?? []), CRD_CLEANUP_FINALIZER])];
    return markDeleting(resource, { ...object, metadata: { ...object.metadata, finalizers } }, rfc3339Seconds(now));
  },
};

function isNamespace(resource: ResourceType): boolean {
  return resource.group === '' && resource.kind === 'Namespace';
}

/** DELETE and DELETE-collection over a {@link ResourceService}. */
export class Deleter {
  constructor(
    private readonly service: ResourceService,
    private readonly admission: Admission,
  ) {}

  /** DELETE of one object. */
  async delete(ctx: OperationContext, resource: ResourceType, target: { namespace: string; name: string }, options: DeleteOptions): Promise<WriteResult> {
    const old = this.service.get(resource, target.namespace, target.name);
    checkPreconditions(resource, old, options);
    if (isNamespace(resource) && PROTECTED_NAMESPACES.has(target.name)) throw forbidden(`namespaces "${target.name}" is forbidden: this namespace may not be deleted`);
    const warnings: string[] = [];
    await this.admission.run(ctx, { resource, operation: 'DELETE', object: old, old, options: { dryRun: options.dryRun }, warnings, step: 'validate' });
    const code = options.propagationPolicy === 'Foreground' ? 202 : 200;
    const marked = this.markIfHeld(resource, withPropagationFinalizer(old, options), options);
    if (marked !== undefined) {
      if (options.dryRun) return { code, body: marked, warnings };
      const stored = old.metadata.deletionTimestamp !== undefined && marked === old ? old : this.service.storeUpdate(resource, old, marked);
      return { code, body: this.service.present(resource, stored), warnings };
    }
    if (options.dryRun) return { code: 200, body: this.deletedBody(resource, old), warnings };
    const deleted = this.service.storeUpdate(resource, old, markDeleting(resource, old, rfc3339Seconds(this.service.now())));
    return { code: 200, body: this.deletedBody(resource, deleted), warnings };
  }

  /** The marked object when deletion must wait (finalizers, namespace content, pod grace), else undefined. */
  private markIfHeld(resource: ResourceType, object: KubeObject, options: DeleteOptions): KubeObject | undefined {
    const now = this.service.now();
    const held = HELD_BY_KIND[`${resource.group}/${resource.kind}`]?.(resource, object, { now, options });
    if (held !== undefined) return held;
    if ((object.metadata.finalizers ?? []).length > 0) return markDeleting(resource, object, rfc3339Seconds(now));
    return undefined;
  }

  private deletedBody(resource: ResourceType, deleted: KubeObject): KubeObject | ReturnType<typeof successStatus> {
    if (RETURNS_DELETED_OBJECT.has(`${resource.group}/${resource.kind}`)) return this.service.present(resource, deleted);
    return successStatus({ name: deleted.metadata.name ?? '', group: resource.group, kind: resource.plural, uid: deleted.metadata.uid ?? '' });
  }

  /** DELETE of every object of a list query; answers with the list of what was deleted. */
  async deleteCollection(ctx: OperationContext, target: CollectionTarget, query: ListQuery, options: DeleteOptions): Promise<WriteResult> {
    const { resource, namespace } = target;
    const list = this.service.list(resource, namespace, { labelSelector: query.labelSelector, fieldSelector: query.fieldSelector });
    const items = (list.items as unknown as KubeObject[]) ?? [];
    const deleted: unknown[] = [];
    for (const item of items) {
      const result = await this.delete(ctx, resource, { namespace: item.metadata.namespace ?? '', name: item.metadata.name ?? '' }, options);
      deleted.push(result.code === 200 && 'metadata' in result.body && (result.body as KubeObject).kind === resource.kind ? result.body : item);
    }
    return {
      code: 200,
      body: { apiVersion: groupVersion(resource.group, resource.version), kind: `${resource.kind}List`, metadata: { resourceVersion: String(this.service.store.currentRevision()) }, items: deleted as never },
      warnings: [],
    };
  }

  /** The store key of an object (for controllers). */
  static keyOf(resource: ResourceType, object: KubeObject): ReturnType<typeof storeKey> {
    return storeKey(resource, object.metadata.namespace ?? '', object.metadata.name ?? '');
  }
}
