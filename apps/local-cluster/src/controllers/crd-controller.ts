// Serves the kinds of CustomResourceDefinitions (apiextensions-apiserver's establishing and
// finalizing controllers): a new or changed CRD is served at once and its status says so
// (NamesAccepted, Established, acceptedNames, storedVersions); a deleted CRD's objects are
// removed before its `customresourcecleanup` finalizer is, and then its kind is no longer served.
import { isPlainObject, resourcesFromCrd, rfc3339Seconds, type KubeObject, type ResourceType } from '@ebb/apimachinery';
import type { Logger } from 'pino';
import type { StoreEvent, StoreWatch } from '../storage/store.js';
import { WorkLoop, type WorkOutcome } from './work-loop.js';
import { SYSTEM_USER } from '../auth/tokens.js';
import { CRD_CLEANUP_FINALIZER, type Deleter } from '../apiserver/deletion.js';
import type { ResourceService } from '../apiserver/resource-service.js';

const CRD = { group: 'apiextensions.k8s.io', plural: 'customresourcedefinitions' } as const;
const CTX = { user: SYSTEM_USER, userAgent: 'apiextensions-controller' };

function condition(type: string, reason: string, message: string, now: string): Record<string, string> {
  return { type, status: 'True', lastTransitionTime: now, reason, message };
}

/** The status an accepted CRD gets (conditions keep their transition time when unchanged). */
export function establishedStatus(crd: KubeObject, now: string): Record<string, unknown> {
  const spec = isPlainObject(crd.spec) ? crd.spec : {};
  const previous = isPlainObject(crd.status) && Array.isArray(crd.status.conditions) ? (crd.status.conditions as Record<string, string>[]) : [];
  const keep = (c: Record<string, string>): Record<string, string> => {
    const old = previous.find((p) => p.type === c.type && p.status === c.status);
    return old === undefined ? c : { ...c, lastTransitionTime: old.lastTransitionTime ?? now };
  };
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isPlainObject) : [];
  const storage = versions.filter((v) => v.storage === true).map((v) => String(v.name));
  const stored = isPlainObject(crd.status) && Array.isArray(crd.status.storedVersions) ? (crd.status.storedVersions as string[]) : [];
  return {
    conditions: [keep(condition('NamesAccepted', 'NoConflicts', 'no conflicts found', now)), keep(condition('Established', 'InitialNamesAccepted', 'the initial names have been accepted', now))],
    acceptedNames: spec.names ?? {},
    storedVersions: [...new Set([...stored, ...storage])],
  };
}

/** Keeps the registry in step with the stored CRDs. */
export class CrdController {
  private watch: StoreWatch | undefined;
  private readonly loop: WorkLoop;

  constructor(
    private readonly service: ResourceService,
    private readonly deleter: Deleter,
    private readonly logger: Logger,
  ) {
    // Status and cleanup run outside the store's event delivery, one CRD at a time.
    this.loop = new WorkLoop('crd-controller', (name) => this.reconcile(name), logger, 200);
  }

  private get crdResource(): ResourceType {
    const found = this.service.registry.find(CRD.group, 'v1', CRD.plural);
    if (found === undefined) throw new Error('the CRD resource is not registered');
    return found;
  }

  /** Serves every stored CRD, then follows changes. */
  start(): void {
    const { items, revision } = this.service.store.list(CRD.group, CRD.plural);
    for (const crd of items) this.serve(crd);
    this.watch = this.service.store.watch({ group: CRD.group, resource: CRD.plural, after: revision }, (event) => this.onEvent(event));
    for (const crd of items) this.loop.schedule(crd.metadata.name ?? '');
  }

  stop(): void {
    this.watch?.stop();
    this.loop.stop();
  }

  private onEvent(event: StoreEvent): void {
    const name = event.object.metadata.name ?? '';
    if (event.type === 'DELETED') {
      this.service.registry.removeCustom(name);
      return;
    }
    // The registry keeps parts of the CRD (its schemas); the event's object is shared with other watchers.
    if (event.object.metadata.deletionTimestamp === undefined) this.serve(structuredClone(event.object));
    this.loop.schedule(name);
  }

  private serve(crd: KubeObject): void {
    try {
      this.service.registry.setCustom(crd.metadata.name ?? '', resourcesFromCrd(crd as never));
    } catch (error) {
      this.logger.error({ err: error, crd: crd.metadata.name }, 'cannot serve CRD');
    }
  }

  private async reconcile(name: string): Promise<WorkOutcome> {
    const crd = this.service.store.get({ group: CRD.group, resource: CRD.plural, namespace: '', name });
    if (crd === undefined) return 'done';
    if (crd.metadata.deletionTimestamp !== undefined) return this.cleanUp(crd);
    const status = establishedStatus(crd, rfc3339Seconds(this.service.now()));
    await this.service.writeUpdate(CTX, this.crdResource, { old: crd, incoming: { ...crd, status }, subresource: 'status' }, {});
    return 'done';
  }

  /** Deletes the CRD's objects (all versions share one store), then lets the CRD go. */
  private async cleanUp(crd: KubeObject): Promise<WorkOutcome> {
    const name = crd.metadata.name ?? '';
    const resource = this.service.registry.all().find((r) => r.custom && `${r.plural}.${r.group}` === name);
    if (resource !== undefined) {
      for (const object of this.service.store.list(resource.group, resource.plural).items) {
        await this.deleter.delete(CTX, resource, { namespace: object.metadata.namespace ?? '', name: object.metadata.name ?? '' }, {}).catch(() => undefined);
      }
      if (this.service.store.list(resource.group, resource.plural, { limit: 1 }).items.length > 0) return 'retry';
    }
    const current = this.service.store.get({ group: CRD.group, resource: CRD.plural, namespace: '', name });
    if (current === undefined) return 'done';
    const finalizers = (current.metadata.finalizers ?? []).filter((f) => f !== CRD_CLEANUP_FINALIZER);
    this.service.registry.removeCustom(name);
    this.service.storeUpdate(this.crdResource, current, { ...current, metadata: { ...current.metadata, finalizers } });
    return 'done';
  }
}
