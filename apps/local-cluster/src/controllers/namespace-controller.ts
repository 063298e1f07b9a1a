// Namespace lifecycle (SEMANTICS.md §3): a namespace being deleted has everything in it deleted;
// while content remains its conditions say what is left; once empty its `kubernetes`
// finalizer is dropped and it goes away. The built-in namespaces exist from the start.
import { isPlainObject, rfc3339Seconds, type KubeObject, type ResourceType } from '@ebb/apimachinery';
import type { Logger } from 'pino';
import { SYSTEM_USER } from '../auth/tokens.js';
import type { Deleter } from '../apiserver/deletion.js';
import type { ResourceService } from '../apiserver/resource-service.js';
import type { StoreWatch } from '../storage/store.js';
import { WorkLoop, type WorkOutcome } from './work-loop.js';

/** The namespaces every cluster has. */
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'] as const;
const CTX = { user: SYSTEM_USER, userAgent: 'namespace-controller' };
const NAMESPACE_FINALIZER = 'kubernetes';

/** The namespace controller. */
export class NamespaceController {
  private readonly loop: WorkLoop;
  private watch: StoreWatch | undefined;

  constructor(
    private readonly service: ResourceService,
    private readonly deleter: Deleter,
    logger: Logger,
  ) {
    this.loop = new WorkLoop('namespace-controller', (name) => this.reconcile(name), logger, 300);
  }

  private get namespaces(): ResourceType {
    const found = this.service.registry.find('', 'v1', 'namespaces');
    if (found === undefined) throw new Error('namespaces are not registered');
    return found;
  }

  /** Creates the system namespaces if missing, then follows namespace changes. */
  async start(): Promise<void> {
    for (const name of SYSTEM_NAMESPACES) {
      if (this.service.store.get({ group: '', resource: 'namespaces', namespace: '', name }) !== undefined) continue;
      await this.service.create(CTX, { resource: this.namespaces, namespace: '' }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, {});
    }
    const { items, revision } = this.service.store.list('', 'namespaces');
    this.watch = this.service.store.watch({ group: '', resource: 'namespaces', after: revision }, (event) => {
      if (event.type !== 'DELETED' && event.object.metadata.deletionTimestamp !== undefined) this.loop.schedule(event.object.metadata.name ?? '');
    });
    for (const ns of items) if (ns.metadata.deletionTimestamp !== undefined) this.loop.schedule(ns.metadata.name ?? '');
  }

  stop(): void {
    this.watch?.stop();
    this.loop.stop();
  }

  private namespacedResources(): ResourceType[] {
    return this.service.registry.storedResources().filter((r) => r.namespaced);
  }

  private async reconcile(name: string): Promise<WorkOutcome> {
    const ns = this.service.store.get({ group: '', resource: 'namespaces', namespace: '', name });
    if (ns === undefined || ns.metadata.deletionTimestamp === undefined) return 'done';
    let remaining = 0;
    let withFinalizers = 0;
    for (const resource of this.namespacedResources()) {
      for (const object of this.service.store.list(resource.group, resource.plural, { namespace: name }).items) {
        remaining += 1;
        if ((object.metadata.finalizers ?? []).length > 0) withFinalizers += 1;
        if (object.metadata.deletionTimestamp === undefined) await this.deleteQuietly(resource, object);
      }
    }
    if (remaining > 0) {
      await this.markRemaining(ns, remaining, withFinalizers);
      return 'retry';
    }
    this.finalize(ns);
    return 'done';
  }

  private async deleteQuietly(resource: ResourceType, object: KubeObject): Promise<void> {
    await this.deleter
      .delete(CTX, resource, { namespace: object.metadata.namespace ?? '', name: object.metadata.name ?? '' }, { propagationPolicy: 'Background' })
      .catch((error: unknown) => {
        if (!(typeof error === 'object' && error !== null && 'code' in error && error.code === 404)) throw error;
      });
  }

  private async markRemaining(ns: KubeObject, remaining: number, withFinalizers: number): Promise<void> {
    const now = rfc3339Seconds(this.service.now());
    const status = isPlainObject(ns.status) ? ns.status : {};
    const conditions = [
      { type: 'NamespaceContentRemaining', status: 'True', lastTransitionTime: now, reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${remaining} objects` },
      withFinalizers > 0
        ? { type: 'NamespaceFinalizersRemaining', status: 'True', lastTransitionTime: now, reason: 'SomeFinalizersRemain', message: `Some content in the namespace has finalizers remaining: ${withFinalizers} objects` }
        : { type: 'NamespaceFinalizersRemaining', status: 'False', lastTransitionTime: now, reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
    ];
    const previous = Array.isArray(status.conditions) ? status.conditions : [];
    if (JSON.stringify(previous.map((c) => ({ ...(c as object), lastTransitionTime: '' }))) === JSON.stringify(conditions.map((c) => ({ ...c, lastTransitionTime: '' })))) return;
    await this.service.writeUpdate(CTX, this.namespaces, { old: ns, incoming: { ...ns, status: { ...status, conditions } }, subresource: 'status' }, {}).catch(() => undefined);
  }

  private finalize(ns: KubeObject): void {
    const spec = isPlainObject(ns.spec) ? ns.spec : {};
    const finalizers = Array.isArray(spec.finalizers) ? spec.finalizers.filter((f) => f !== NAMESPACE_FINALIZER) : [];
    this.service.storeUpdate(this.namespaces, ns, { ...ns, spec: { ...spec, finalizers } });
  }
}
