// The scheduler of a one-node cluster: every pod with no `spec.nodeName` (not being deleted, not
// finished, and asking for the default scheduler) is bound to the node `local`. Our API server
// has no `pods/binding` subresource, so binding is a merge patch of `spec.nodeName` followed by
// the PodScheduled=True condition through the status subresource, as the binding would set it.
// Pods are bound even before the Node object exists: the kubelet registers it.
import { rfc3339Seconds, type KubeObject } from '@ebb/apimachinery';
import { apiFailureOf, WorkQueue } from '@ebb/kube';
import { CoreV1Api, PatchStrategy, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import type { Controller, ControllerDeps } from './controller.js';
import { COLLECTIONS } from './informers.js';
import { type ObjectLister } from './replicaset-controller.js';

/** The one node of the local cluster. */
export const NODE_NAME = 'local';

/** The field manager of the scheduler's writes. */
const FIELD_MANAGER = 'kube-scheduler';
/** Pods with another `spec.schedulerName` are left to that scheduler. */
const DEFAULT_SCHEDULER = 'default-scheduler';

/** The API calls of a binding. */
export interface SchedulerClient {
  /** Merge-patches the pod (main endpoint). */
  patchPod(namespace: string, name: string, patch: Record<string, unknown>): Promise<void>;
  /** Strategic-merge-patches the pod's status. */
  patchPodStatus(namespace: string, name: string, patch: Record<string, unknown>): Promise<void>;
}

/** The client-node implementation of {@link SchedulerClient}. */
export function schedulerClient(kubeConfig: KubeConfig): SchedulerClient {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
  const strategic = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);
  return {
    patchPod: async (namespace, name, body) => {
      await core.patchNamespacedPod({ namespace, name, body, fieldManager: FIELD_MANAGER }, merge);
    },
    patchPodStatus: async (namespace, name, body) => {
      await core.patchNamespacedPodStatus({ namespace, name, body, fieldManager: FIELD_MANAGER }, strategic);
    },
  };
}

function specOf(pod: KubeObject): Record<string, unknown> {
  return typeof pod.spec === 'object' && pod.spec !== null ? (pod.spec as Record<string, unknown>) : {};
}

/** Whether the scheduler should bind `pod` now. */
export function needsBinding(pod: KubeObject): boolean {
  const spec = specOf(pod);
  const phase = (pod.status as { phase?: unknown } | undefined)?.phase;
  const scheduler = typeof spec.schedulerName === 'string' && spec.schedulerName !== '' ? spec.schedulerName : DEFAULT_SCHEDULER;
  return (typeof spec.nodeName !== 'string' || spec.nodeName === '') && pod.metadata.deletionTimestamp == null && phase !== 'Succeeded' && phase !== 'Failed' && scheduler === DEFAULT_SCHEDULER;
}

/** The status patch a binding leaves: PodScheduled True (conditions merge by type). */
export function scheduledCondition(now: Date): Record<string, unknown> {
  return { status: { conditions: [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: rfc3339Seconds(now) }] } };
}

/** Binds one pod (by `ns/name`) when it still needs it. */
export async function bindPod(key: string, deps: { pods: ObjectLister; client: SchedulerClient; clock: () => Date }): Promise<void> {
  const slash = key.indexOf('/');
  const namespace = key.slice(0, slash);
  const name = key.slice(slash + 1);
  const pod = deps.pods.get(name, namespace);
  if (pod === undefined || !needsBinding(pod)) return;
  try {
    // The uid guards against binding a new pod that took the name of the one we saw.
    await deps.client.patchPod(namespace, name, { metadata: { uid: pod.metadata.uid }, spec: { nodeName: NODE_NAME } });
    await deps.client.patchPodStatus(namespace, name, scheduledCondition(deps.clock()));
  } catch (error) {
    const { code } = apiFailureOf(error);
    if (code === 404 || code === 409) return;
    throw error;
  }
}

/** The scheduler: binds unscheduled pods to {@link NODE_NAME}. */
export class Scheduler implements Controller {
  private readonly queue: WorkQueue;
  private readonly pods: ObjectLister;

  constructor(deps: ControllerDeps) {
    const pods = deps.informers.informer(COLLECTIONS.pods);
    this.pods = pods as unknown as ObjectLister;
    const client = schedulerClient(deps.kubeConfig);
    this.queue = new WorkQueue((key) => bindPod(key, { pods: this.pods, client, clock: deps.clock }), { name: 'scheduler', logger: deps.logger, concurrency: 4 });
    const enqueue = (pod: { metadata?: { namespace?: string; name?: string } }): void => {
      if (needsBinding(pod as KubeObject)) this.queue.add(`${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`);
    };
    pods.on('add', enqueue);
    pods.on('update', enqueue);
  }

  async start(): Promise<void> {
    for (const pod of this.pods.list()) if (needsBinding(pod)) this.queue.add(`${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`);
    await Promise.resolve();
  }

  async stop(): Promise<void> {
    await this.queue.stop();
  }

  idle(): boolean {
    return this.queue.idle();
  }
}
