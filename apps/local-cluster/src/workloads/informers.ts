// One informer per collection, shared by every controller and the kubelet in this process (as
// client-go's SharedInformerFactory): controllers register their handlers first, then
// `startAll` lists and watches each collection once.
import { Informer } from '@ebb/kube';
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import type { Logger } from 'pino';

/** Collection paths the local cluster's controllers watch. */
export const COLLECTIONS = {
  pods: '/api/v1/pods',
  services: '/api/v1/services',
  namespaces: '/api/v1/namespaces',
  serviceAccounts: '/api/v1/serviceaccounts',
  nodes: '/api/v1/nodes',
  deployments: '/apis/apps/v1/deployments',
  replicaSets: '/apis/apps/v1/replicasets',
  endpointSlices: '/apis/discovery.k8s.io/v1/endpointslices',
} as const;

/** Shared informers keyed by collection path and field selector. */
export class InformerFactory {
  private readonly informers = new Map<string, Informer<KubernetesObject>>();

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly logger: Logger,
  ) {}

  /** The informer of `path` (created on first use; call before {@link startAll}). */
  informer<T extends KubernetesObject>(path: string, fieldSelector?: string): Informer<T> {
    const key = `${path}?${fieldSelector ?? ''}`;
    let informer = this.informers.get(key);
    if (informer === undefined) {
      informer = new Informer<KubernetesObject>(this.kubeConfig, { path, ...(fieldSelector === undefined ? {} : { fieldSelector }) }, this.logger);
      this.informers.set(key, informer);
    }
    return informer as unknown as Informer<T>;
  }

  /** Starts every informer; resolves when all caches are filled. */
  async startAll(): Promise<void> {
    await Promise.all([...this.informers.values()].map((informer) => informer.start()));
  }

  stopAll(): void {
    for (const informer of this.informers.values()) informer.stop();
  }
}
