// The few API calls the kubelet makes, behind a narrow interface (so its logic is tested with
// a fake): pod status and annotation merge patches, the final pod DELETE, the Node object and
// its Lease. Implemented with @kubernetes/client-node's typed APIs.
import { isApiStatus } from '@ebb/kube';
import { CoordinationV1Api, CoreV1Api, PatchStrategy, setHeaderOptions, type KubeConfig, type V1Lease, type V1Node } from '@kubernetes/client-node';

/** A JSON object body. */
export type JsonBody = Record<string, unknown>;

/** What the kubelet writes to the API server. */
export interface KubeletClient {
  /** Merge-patches `status` through the status subresource. */
  patchPodStatus(namespace: string, name: string, status: JsonBody): Promise<void>;
  /** Merge-patches metadata.annotations (`null` removes a key). */
  patchPodAnnotations(namespace: string, name: string, annotations: Record<string, string | null>): Promise<void>;
  /** DELETE with gracePeriodSeconds 0 and a uid precondition; a pod already gone (404) or replaced (409) is fine. */
  deletePod(namespace: string, name: string, uid: string): Promise<void>;
  readNode(name: string): Promise<V1Node | undefined>;
  createNode(node: V1Node): Promise<V1Node>;
  /** Merge-patches the Node (metadata) and its status. */
  patchNode(name: string, patch: JsonBody): Promise<void>;
  patchNodeStatus(name: string, status: JsonBody): Promise<void>;
  readLease(namespace: string, name: string): Promise<V1Lease | undefined>;
  createLease(namespace: string, lease: V1Lease): Promise<void>;
  patchLease(namespace: string, name: string, patch: JsonBody): Promise<void>;
  /** Creates the namespace; one that exists already is fine. */
  ensureNamespace(name: string): Promise<void>;
}


async function unlessStatus<T>(codes: readonly number[], call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (isApiStatus(error, ...codes)) return undefined;
    throw error;
  }
}

const MERGE = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

/** The client-node implementation. */
export function kubeletClient(kubeConfig: KubeConfig): KubeletClient {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const coordination = kubeConfig.makeApiClient(CoordinationV1Api);
  return {
    async patchPodStatus(namespace, name, status) {
      await core.patchNamespacedPodStatus({ namespace, name, body: { status } }, MERGE);
    },
    async patchPodAnnotations(namespace, name, annotations) {
      await core.patchNamespacedPod({ namespace, name, body: { metadata: { annotations } } }, MERGE);
    },
    async deletePod(namespace, name, uid) {
      await unlessStatus([404, 409], core.deleteNamespacedPod({ namespace, name, gracePeriodSeconds: 0, body: { gracePeriodSeconds: 0, preconditions: { uid } } }));
    },
    readNode: (name) => unlessStatus([404], core.readNode({ name })),
    createNode: (node) => core.createNode({ body: node }),
    async patchNode(name, patch) {
      await core.patchNode({ name, body: patch }, MERGE);
    },
    async patchNodeStatus(name, status) {
      await core.patchNodeStatus({ name, body: { status } }, MERGE);
    },
    readLease: (namespace, name) => unlessStatus([404], coordination.readNamespacedLease({ namespace, name })),
    async createLease(namespace, lease) {
      await coordination.createNamespacedLease({ namespace, body: lease });
    },
    async patchLease(namespace, name, patch) {
      await coordination.patchNamespacedLease({ namespace, name, body: patch }, MERGE);
    },
    async ensureNamespace(name) {
      await unlessStatus([409], core.createNamespace({ body: { metadata: { name } } }));
    },
  };
}
