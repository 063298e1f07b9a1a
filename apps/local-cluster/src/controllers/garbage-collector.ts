// Owner-reference garbage collection (SEMANTICS.md §3): a dependent whose owners are all gone
// is deleted; references to absent owners are dropped while another owner remains; an owner
// deleted with `foregroundDeletion` waits until its blocking dependents are gone; one deleted
// with `orphan` has its dependents released first. The index of owners is built from the store
// at start and kept by watching every change, so a restart picks up unfinished work.
import type { KubeObject, OwnerReference, ResourceType } from '@ebb/apimachinery';
import type { Logger } from 'pino';
import { SYSTEM_USER } from '../auth/tokens.js';
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER, type Deleter } from '../apiserver/deletion.js';
import type { ResourceService } from '../apiserver/resource-service.js';
import type { StoreEvent, StoreKey, StoreWatch } from '../storage/store.js';
import { WorkLoop, type WorkOutcome } from './work-loop.js';

interface Node {
  readonly key: StoreKey;
  readonly owners: readonly OwnerReference[];
  readonly deleting: boolean;
  readonly finalizers: readonly string[];
}

const CTX = { user: SYSTEM_USER, userAgent: 'garbage-collector' };

function nodeOf(key: StoreKey, object: KubeObject): Node {
  return { key, owners: object.metadata.ownerReferences ?? [], deleting: object.metadata.deletionTimestamp !== undefined, finalizers: object.metadata.finalizers ?? [] };
}

/** The garbage collector. */
export class GarbageCollector {
  private readonly nodes = new Map<string, Node>();
  private readonly dependents = new Map<string, Set<string>>();
  private readonly loop: WorkLoop;
  private watch: StoreWatch | undefined;

  constructor(
    private readonly service: ResourceService,
    private readonly deleter: Deleter,
    logger: Logger,
  ) {
    this.loop = new WorkLoop('garbage-collector', (uid) => this.process(uid), logger);
  }

  /** Indexes every stored object, then follows all changes. */
  start(): void {
    const revision = this.service.store.currentRevision();
    for (const resource of this.service.registry.storedResources()) {
      for (const object of this.service.store.list(resource.group, resource.plural).items) {
        this.index({ group: resource.group, resource: resource.plural, namespace: object.metadata.namespace ?? '', name: object.metadata.name ?? '' }, object);
      }
    }
    this.watch = this.service.store.watch({ group: '', resource: '', after: revision }, (event) => this.onEvent(event));
    for (const uid of this.nodes.keys()) this.loop.schedule(uid);
  }

  stop(): void {
    this.watch?.stop();
    this.loop.stop();
  }

  /** Whether no work is pending. */
  idle(): boolean {
    return this.loop.idle();
  }

  private index(key: StoreKey, object: KubeObject): void {
    const uid = object.metadata.uid;
    if (uid === undefined) return;
    this.unindex(uid);
    const node = nodeOf(key, object);
    this.nodes.set(uid, node);
    for (const owner of node.owners) {
      const set = this.dependents.get(owner.uid) ?? new Set<string>();
      set.add(uid);
      this.dependents.set(owner.uid, set);
    }
  }

  private unindex(uid: string): void {
    const node = this.nodes.get(uid);
    if (node === undefined) return;
    this.nodes.delete(uid);
    for (const owner of node.owners) this.dependents.get(owner.uid)?.delete(uid);
  }

  private onEvent(event: StoreEvent): void {
    const uid = event.object.metadata.uid;
    if (uid === undefined) return;
    const previous = this.nodes.get(uid);
    if (event.type === 'DELETED') this.unindex(uid);
    else this.index(event.key, event.object);
    this.loop.schedule(uid);
    for (const dependent of this.dependents.get(uid) ?? []) this.loop.schedule(dependent);
    for (const owner of [...(previous?.owners ?? []), ...(event.object.metadata.ownerReferences ?? [])]) this.loop.schedule(owner.uid);
  }

  private resourceOf(node: Node): ResourceType | undefined {
    return this.service.registry.findStored(node.key.group, node.key.resource);
  }

  private async process(uid: string): Promise<WorkOutcome> {
    const node = this.nodes.get(uid);
    if (node === undefined) return 'done';
    if (node.deleting && node.finalizers.includes(ORPHAN_FINALIZER)) return this.orphanDependents(uid, node);
    if (node.deleting && node.finalizers.includes(FOREGROUND_FINALIZER)) return this.deleteDependentsFirst(uid, node);
    return this.collectIfOrphaned(uid, node);
  }

  /** Deletes a dependent whose owners are all gone, or drops the references to the absent ones. */
  private async collectIfOrphaned(uid: string, node: Node): Promise<WorkOutcome> {
    if (node.owners.length === 0 || node.deleting) return 'done';
    const absent = node.owners.filter((o) => !this.nodes.has(o.uid));
    if (absent.length === 0) return 'done';
    const resource = this.resourceOf(node);
    if (resource === undefined) return 'done';
    if (absent.length === node.owners.length) {
      await this.deleter.delete(CTX, resource, node.key, { propagationPolicy: 'Background', preconditions: { uid } }).catch(ignoreGone);
      return 'done';
    }
    await this.rewrite(resource, node.key, (object) => withOwners(object, (o) => this.nodes.has(o.uid)));
    return 'done';
  }

  private async orphanDependents(uid: string, node: Node): Promise<WorkOutcome> {
    for (const dependentUid of [...(this.dependents.get(uid) ?? [])]) {
      const dependent = this.nodes.get(dependentUid);
      const resource = dependent === undefined ? undefined : this.resourceOf(dependent);
      if (dependent === undefined || resource === undefined) continue;
      await this.rewrite(resource, dependent.key, (object) => withOwners(object, (o) => o.uid !== uid));
    }
    return this.dropFinalizer(node, ORPHAN_FINALIZER);
  }

  private async deleteDependentsFirst(uid: string, node: Node): Promise<WorkOutcome> {
    let blocking = 0;
    for (const dependentUid of [...(this.dependents.get(uid) ?? [])]) {
      const dependent = this.nodes.get(dependentUid);
      const resource = dependent === undefined ? undefined : this.resourceOf(dependent);
      if (dependent === undefined || resource === undefined) continue;
      if (dependent.owners.some((o) => o.uid === uid && o.blockOwnerDeletion === true)) blocking += 1;
      if (!dependent.deleting) await this.deleter.delete(CTX, resource, dependent.key, { propagationPolicy: 'Foreground', preconditions: { uid: dependentUid } }).catch(ignoreGone);
    }
    if (blocking > 0) return 'done';
    return this.dropFinalizer(node, FOREGROUND_FINALIZER);
  }

  private async dropFinalizer(node: Node, finalizer: string): Promise<WorkOutcome> {
    const resource = this.resourceOf(node);
    if (resource === undefined) return 'done';
    await this.rewrite(resource, node.key, (object) => ({ ...object, metadata: { ...object.metadata, finalizers: (object.metadata.finalizers ?? []).filter((f) => f !== finalizer) } }));
    return 'done';
  }

  private async rewrite(resource: ResourceType, key: StoreKey, change: (object: KubeObject) => KubeObject): Promise<void> {
    await this.service
      .retryOnConflict(resource, key, (old) => this.service.writeUpdate(CTX, resource, { old, incoming: change(old), subresource: '' }, {}))
      .catch(ignoreGone);
  }
}

/** The object keeping only the owner references that pass `keep`; no field at all when none is left (as Kubernetes stores it). */
function withOwners(object: KubeObject, keep: (owner: OwnerReference) => boolean): KubeObject {
  const { ownerReferences, ...metadata } = object.metadata;
  const kept = (ownerReferences ?? []).filter(keep);
  return { ...object, metadata: kept.length === 0 ? metadata : { ...metadata, ownerReferences: kept } };
}

function ignoreGone(error: unknown): undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && (error.code === 404 || error.code === 409)) return undefined;
  throw error;
}
