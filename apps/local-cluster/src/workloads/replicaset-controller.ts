// The ReplicaSet controller (kube-controller-manager's replicaset controller): keeps
// `spec.replicas` pods per ReplicaSet. Pods are created from the template in slow-start batches
// and deleted in ActivePodsWithRanks order; orphans matching the selector are adopted and owned
// pods that stop matching released; the status counts replicas, ready and available pods.
// Creations and deletions not yet seen by the pod informer are remembered ("expectations") so a
// sync racing ahead of the cache does not create or delete twice. Decisions are
// @ebb/workloads' pure functions; this file is the I/O around them.
import type { KubeObject } from '@ebb/apimachinery';
import { apiFailureOf, splitCacheKey, WorkQueue, writeRetryingConflicts } from '@ebb/kube';
import {
  adoptPatch,
  calculateReplicaSetStatus,
  claimPods,
  makePodFromTemplate,
  nextAvailabilityCheckMs,
  PodExpectations,
  releasePatch,
  replicaAction,
  replicaSetsForPod,
  replicaSetStatusChanged,
  type ReplicaSetStatus,
} from '@ebb/workloads';
import { AppsV1Api, CoreV1Api, PatchStrategy, setHeaderOptions, type KubeConfig, type V1Pod, type V1ReplicaSet } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { Controller, ControllerDeps, EventSink, Lister } from './controller.js';
import { COLLECTIONS } from './informers.js';

/** The field manager of the controller's writes, as kube-controller-manager's. */
export const CONTROLLER_MANAGER = 'kube-controller-manager';
/** How many times a status write is tried when the ReplicaSet changed under it. */
const STATUS_ATTEMPTS = 3;

/** The read side the controllers of built-in kinds need: an informer cache of plain objects. */
export type ObjectLister = Lister<KubeObject>;

/** The API calls of the ReplicaSet controller. */
export interface ReplicaSetClient {
  /** Creates a pod; resolves to the created pod (its generated name). */
  createPod(namespace: string, pod: KubeObject): Promise<KubeObject>;
  deletePod(namespace: string, name: string): Promise<void>;
  /** A strategic-merge patch of a pod; resolves to the patched pod. */
  patchPod(namespace: string, name: string, patch: Record<string, unknown>): Promise<KubeObject>;
  readReplicaSet(namespace: string, name: string): Promise<KubeObject>;
  replaceReplicaSetStatus(namespace: string, name: string, rs: KubeObject): Promise<void>;
}


/** The client-node implementation of {@link ReplicaSetClient}. */
export function replicaSetClient(kubeConfig: KubeConfig): ReplicaSetClient {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const strategic = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);
  return {
    createPod: async (namespace, pod) => (await core.createNamespacedPod({ namespace, body: pod as V1Pod, fieldManager: CONTROLLER_MANAGER })) as KubeObject,
    deletePod: async (namespace, name) => {
      await core.deleteNamespacedPod({ namespace, name });
    },
    patchPod: async (namespace, name, body) => (await core.patchNamespacedPod({ namespace, name, body, fieldManager: CONTROLLER_MANAGER }, strategic)) as KubeObject,
    readReplicaSet: async (namespace, name) => (await apps.readNamespacedReplicaSet({ namespace, name })) as KubeObject,
    replaceReplicaSetStatus: async (namespace, name, rs) => {
      await apps.replaceNamespacedReplicaSetStatus({ namespace, name, body: rs as V1ReplicaSet, fieldManager: CONTROLLER_MANAGER });
    },
  };
}

/** What one sync needs. */
export interface ReplicaSetSyncDeps {
  readonly replicaSets: ObjectLister;
  readonly pods: ObjectLister;
  readonly client: ReplicaSetClient;
  readonly events: EventSink<KubeObject>;
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly expectations: PodExpectations;
}


function isTerminatingNamespace(failure: { code: number; message: string }): boolean {
  return failure.code === 403 && failure.message.includes('because it is being terminated');
}

/** One ReplicaSet sync (syncReplicaSet): claim, manage replicas, write status. */
export class ReplicaSetSync {
  constructor(private readonly deps: ReplicaSetSyncDeps) {}

  /** Syncs `ns/name`; resolves to when to look again (ms) for minReadySeconds, throws when pods could not be managed. */
  async sync(key: string): Promise<number | undefined> {
    const [namespace, name] = splitCacheKey(key);
    const rs = this.deps.replicaSets.get(name, namespace);
    if (rs === undefined) {
      this.deps.expectations.forget(key);
      return undefined;
    }
    const now = this.deps.clock();
    const needsSync = this.deps.expectations.satisfied(key, (pod) => this.deps.pods.get(pod, namespace), now);
    const pods = await this.claim(rs, this.deps.pods.list(namespace));
    const manageError = needsSync && rs.metadata.deletionTimestamp == null ? await this.manage(key, rs, pods, now) : undefined;
    await this.writeStatus(rs, calculateReplicaSetStatus({ rs, pods, now, ...(manageError === undefined ? {} : { manageError }) }));
    if (manageError !== undefined) throw new Error(`syncing ReplicaSet ${key}: ${manageError}`);
    return nextAvailabilityCheckMs(rs, pods, now);
  }

  /** Adopts and releases; resolves to the pods the ReplicaSet owns afterwards. */
  private async claim(rs: KubeObject, pods: KubeObject[]): Promise<KubeObject[]> {
    const claim = claimPods(rs, pods);
    const namespace = rs.metadata.namespace ?? '';
    const owned = [...claim.owned];
    for (const pod of claim.adopt) {
      const adopted = await this.patchIgnoringGone(namespace, pod, adoptPatch(rs, pod));
      if (adopted !== undefined) owned.push(adopted);
    }
    for (const pod of claim.release) await this.patchIgnoringGone(namespace, pod, releasePatch(rs, pod));
    return owned;
  }

  private async patchIgnoringGone(namespace: string, pod: KubeObject, patch: Record<string, unknown>): Promise<KubeObject | undefined> {
    try {
      return await this.deps.client.patchPod(namespace, pod.metadata.name ?? '', patch);
    } catch (error) {
      const { code } = apiFailureOf(error);
      // Gone, or replaced by another pod of that name (the uid precondition failed): nothing to claim.
      if (code === 404 || code === 409 || code === 422) return undefined;
      throw error;
    }
  }

  /** manageReplicas: resolves to the first error's message, or undefined. */
  private async manage(key: string, rs: KubeObject, pods: KubeObject[], now: Date): Promise<string | undefined> {
    const action = replicaAction(rs, pods, now);
    if (action.type === 'create') return this.createPods(key, rs, action.batches);
    if (action.type === 'delete') return this.deletePods(key, rs, action.pods);
    return undefined;
  }

  private async createPods(key: string, rs: KubeObject, batches: readonly number[]): Promise<string | undefined> {
    for (const size of batches) {
      const results = await Promise.all(Array.from({ length: size }, () => this.createPod(key, rs)));
      const failed = results.find((r) => r !== undefined);
      if (failed !== undefined) return failed;
    }
    return undefined;
  }

  private async createPod(key: string, rs: KubeObject): Promise<string | undefined> {
    try {
      const created = await this.deps.client.createPod(rs.metadata.namespace ?? '', makePodFromTemplate(rs));
      const name = created.metadata.name ?? '';
      this.deps.expectations.expectCreation(key, name, this.deps.clock());
      this.deps.events.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${name}`);
      return undefined;
    } catch (error) {
      const failure = apiFailureOf(error);
      if (isTerminatingNamespace(failure)) return undefined;
      this.deps.events.record(rs, 'Warning', 'FailedCreate', `Error creating: ${failure.message}`);
      return failure.message;
    }
  }

  private async deletePods(key: string, rs: KubeObject, pods: readonly KubeObject[]): Promise<string | undefined> {
    for (const pod of pods) this.deps.expectations.expectDeletion(key, pod, this.deps.clock());
    const results = await Promise.all(pods.map((pod) => this.deletePod(rs, pod)));
    return results.find((r) => r !== undefined);
  }

  private async deletePod(rs: KubeObject, pod: KubeObject): Promise<string | undefined> {
    const name = pod.metadata.name ?? '';
    try {
      await this.deps.client.deletePod(rs.metadata.namespace ?? '', name);
      this.deps.events.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
      return undefined;
    } catch (error) {
      const failure = apiFailureOf(error);
      if (failure.code === 404) return undefined;
      this.deps.events.record(rs, 'Warning', 'FailedDelete', `Error deleting: ${failure.message}`);
      return failure.message;
    }
  }

  /** updateReplicaSetStatus: writes when changed, re-reading the ReplicaSet after a conflict. */
  private async writeStatus(rs: KubeObject, status: ReplicaSetStatus): Promise<void> {
    if (!replicaSetStatusChanged(rs, status)) return;
    const namespace = rs.metadata.namespace ?? '';
    const name = rs.metadata.name ?? '';
    const write = (current: KubeObject): Promise<void> => {
      const body: KubeObject = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name, namespace, resourceVersion: current.metadata.resourceVersion ?? '' }, status };
      return this.deps.client.replaceReplicaSetStatus(namespace, name, body);
    };
    await writeRetryingConflicts(rs, write, () => this.deps.client.readReplicaSet(namespace, name), STATUS_ATTEMPTS);
  }
}

/** The ReplicaSet controller: informer wiring and a work queue around {@link ReplicaSetSync}. */
export class ReplicaSetController implements Controller {
  private readonly queue: WorkQueue;
  private readonly replicaSets: ObjectLister;
  private readonly expectations = new PodExpectations();

  constructor(deps: ControllerDeps) {
    const replicaSets = deps.informers.informer(COLLECTIONS.replicaSets);
    const pods = deps.informers.informer(COLLECTIONS.pods);
    this.replicaSets = replicaSets as unknown as ObjectLister;
    const sync = new ReplicaSetSync({
      replicaSets: this.replicaSets,
      pods: pods as unknown as ObjectLister,
      client: replicaSetClient(deps.kubeConfig),
      events: deps.events,
      clock: deps.clock,
      logger: deps.logger,
      expectations: this.expectations,
    });
    this.queue = new WorkQueue(async (key) => {
      const after = await sync.sync(key);
      if (after !== undefined) this.queue.addAfter(key, after);
    }, { name: 'replicaset-controller', logger: deps.logger, concurrency: 4 });
    const enqueue = (rs: { metadata?: { namespace?: string; name?: string } }): void => this.queue.add(`${rs.metadata?.namespace ?? ''}/${rs.metadata?.name ?? ''}`);
    replicaSets.on('add', enqueue);
    replicaSets.on('update', enqueue);
    replicaSets.on('delete', enqueue);
    pods.on('add', (pod) => this.podAdded(pod as unknown as KubeObject));
    pods.on('update', (pod, old) => this.podChanged(pod as unknown as KubeObject, old as unknown as KubeObject | undefined));
    pods.on('delete', (pod) => this.podChanged(pod as unknown as KubeObject, undefined));
  }

  private keysFor(pod: KubeObject): string[] {
    return replicaSetsForPod(pod, this.replicaSets.list(pod.metadata.namespace ?? ''));
  }

  private podAdded(pod: KubeObject): void {
    for (const key of this.keysFor(pod)) {
      this.expectations.observeCreation(key, pod.metadata.name ?? '');
      this.queue.add(key);
    }
  }

  private podChanged(pod: KubeObject, old: KubeObject | undefined): void {
    const keys = new Set(this.keysFor(pod));
    if (old !== undefined) for (const key of this.keysFor(old)) keys.add(key);
    for (const key of keys) this.queue.add(key);
  }

  async start(): Promise<void> {
    for (const rs of this.replicaSets.list()) this.queue.add(`${rs.metadata.namespace ?? ''}/${rs.metadata.name ?? ''}`);
    await Promise.resolve();
  }

  async stop(): Promise<void> {
    await this.queue.stop();
  }

  idle(): boolean {
    return this.queue.idle();
  }
}
