// The Deployment controller (kube-controller-manager's deployment controller): each Deployment's
// ReplicaSets are claimed (orphans matching the selector adopted, owned ones that stopped
// matching released), then @ebb/workloads' planDeploymentSync decides the sync — new ReplicaSet,
// resizes (rolling, recreate, proportional), history cleanup, status — and this file carries the
// plan out with client-node's typed clients, records ScalingReplicaSet events and looks again
// when the plan says time alone could change something (progress deadline, minReadySeconds).
import { apiFailureOf, objectKey, splitCacheKey, WorkQueue, writeRetryingConflicts } from '@ebb/kube';
import {
  claimReplicaSets,
  controllerOf,
  collisionStatus,
  createFailedStatus,
  DeploymentSpecError,
  deploymentControllerRef,
  equalIgnoreHash,
  planDeploymentSync,
  REVISION_ANNOTATION,
  scalingMessage,
  type DeploymentPlan,
} from '@ebb/workloads';
import {
  AppsV1Api,
  PatchStrategy,
  setHeaderOptions,
  type KubeConfig,
  type KubernetesObject,
  type V1Deployment,
  type V1DeploymentStatus,
  type V1OwnerReference,
  type V1Pod,
  type V1ReplicaSet,
} from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { Controller, ControllerDeps, EventSink, Lister } from './controller.js';
import { COLLECTIONS } from './informers.js';

/** The field manager of the controller's writes, as kube-controller-manager's. */
const FIELD_MANAGER = 'kube-controller-manager';
/** How many times a status write is tried when the Deployment changed under it. */
const STATUS_ATTEMPTS = 3;

/** The API calls of the Deployment controller. */
export interface DeploymentClient {
  createReplicaSet(namespace: string, rs: V1ReplicaSet): Promise<void>;
  readReplicaSet(namespace: string, name: string): Promise<V1ReplicaSet>;
  /** Replaces the ReplicaSet (its resourceVersion guards against a stale cache). */
  replaceReplicaSet(namespace: string, rs: V1ReplicaSet): Promise<void>;
  /** Sets the ReplicaSet's ownerReferences (merge patch): adoption and release. */
  setReplicaSetOwners(namespace: string, name: string, owners: V1OwnerReference[]): Promise<void>;
  /** Deletes the ReplicaSet if it still has `uid`. */
  deleteReplicaSet(namespace: string, name: string, uid: string): Promise<void>;
  readDeployment(namespace: string, name: string): Promise<V1Deployment>;
  /** UpdateStatus: writes the status and, for a Deployment, its annotations (the revision). */
  replaceDeploymentStatus(namespace: string, d: V1Deployment): Promise<void>;
}

/** The client-node implementation of {@link DeploymentClient}. */
export function deploymentClient(kubeConfig: KubeConfig): DeploymentClient {
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
  const fieldManager = FIELD_MANAGER;
  return {
    createReplicaSet: async (namespace, body) => void (await apps.createNamespacedReplicaSet({ namespace, body, fieldManager })),
    readReplicaSet: (namespace, name) => apps.readNamespacedReplicaSet({ namespace, name }),
    replaceReplicaSet: async (namespace, body) => void (await apps.replaceNamespacedReplicaSet({ namespace, name: body.metadata?.name ?? '', body, fieldManager })),
    setReplicaSetOwners: async (namespace, name, ownerReferences) =>
      void (await apps.patchNamespacedReplicaSet({ namespace, name, body: { metadata: { ownerReferences } }, fieldManager }, merge)),
    deleteReplicaSet: async (namespace, name, uid) =>
      void (await apps.deleteNamespacedReplicaSet({ namespace, name, body: { preconditions: { uid }, propagationPolicy: 'Background' } })),
    readDeployment: (namespace, name) => apps.readNamespacedDeployment({ namespace, name }),
    replaceDeploymentStatus: async (namespace, body) =>
      void (await apps.replaceNamespacedDeploymentStatus({ namespace, name: body.metadata?.name ?? '', body, fieldManager })),
  };
}

/** What one sync needs. */
export interface DeploymentSyncDeps {
  readonly deployments: Lister<V1Deployment>;
  readonly replicaSets: Lister<V1ReplicaSet>;
  readonly pods: Lister<V1Pod>;
  readonly client: DeploymentClient;
  readonly events: EventSink;
  readonly clock: () => Date;
  readonly logger: Logger;
}

/** Thrown to have the work queue retry a sync that could not finish (with backoff). */
export class SyncIncomplete extends Error {
  override readonly name = 'SyncIncomplete';
}

/** One Deployment sync (syncDeployment): claim, plan, write. */
export class DeploymentSync {
  constructor(private readonly deps: DeploymentSyncDeps) {}

  /** Syncs `ns/name`; resolves to when to look again (ms), if time alone could change something. */
  async sync(key: string): Promise<number | undefined> {
    const [namespace, name] = splitCacheKey(key);
    const d = this.deps.deployments.get(name, namespace);
    if (d === undefined) return undefined;
    const namespaceReplicaSets = this.deps.replicaSets.list(namespace);
    const replicaSets = await this.claim(d, namespaceReplicaSets);
    const uids = new Set(replicaSets.map((rs) => rs.metadata?.uid));
    const pods = this.deps.pods.list(namespace).filter((pod) => uids.has(controllerOf(pod)?.uid));
    const plan = this.plan({ deployment: d, replicaSets, pods, namespaceReplicaSets, now: this.deps.clock() });
    if (plan === undefined) return undefined;
    await this.execute(d, plan);
    return plan.recheckAfterMs;
  }

  private plan(input: Parameters<typeof planDeploymentSync>[0]): DeploymentPlan | undefined {
    try {
      return planDeploymentSync(input);
    } catch (error) {
      // A spec Kubernetes would have refused: retrying cannot help; the next edit syncs again.
      if (!(error instanceof DeploymentSpecError)) throw error;
      this.deps.logger.warn({ deployment: objectKey(input.deployment), err: error }, 'deployment spec cannot be rolled out');
      return undefined;
    }
  }

  /** Adopts matching orphans and releases owned ReplicaSets that stopped matching; resolves to the owned ones. */
  private async claim(d: V1Deployment, replicaSets: V1ReplicaSet[]): Promise<V1ReplicaSet[]> {
    const claims = claimReplicaSets(d, replicaSets);
    const namespace = d.metadata?.namespace ?? '';
    const owned = claims.owned.filter((rs) => !claims.adopt.includes(rs));
    for (const rs of claims.adopt) {
      const ownerReferences = [...(rs.metadata?.ownerReferences ?? []), deploymentControllerRef(d)];
      // Its resourceVersion is now stale: a write to it in this sync conflicts and the sync is retried.
      if (await this.setOwners(namespace, rs, ownerReferences)) owned.push({ ...rs, metadata: { ...rs.metadata, ownerReferences } });
    }
    for (const rs of claims.release) await this.setOwners(namespace, rs, (rs.metadata?.ownerReferences ?? []).filter((ref) => ref.uid !== d.metadata?.uid));
    return owned;
  }

  /** Sets ownerReferences; false when the ReplicaSet is gone. */
  private async setOwners(namespace: string, rs: V1ReplicaSet, owners: V1OwnerReference[]): Promise<boolean> {
    try {
      await this.deps.client.setReplicaSetOwners(namespace, rs.metadata?.name ?? '', owners);
      return true;
    } catch (error) {
      if (apiFailureOf(error).code === 404) return false;
      throw error;
    }
  }

  private async execute(d: V1Deployment, plan: DeploymentPlan): Promise<void> {
    const namespace = d.metadata?.namespace ?? '';
    if (plan.create !== undefined) await this.create(d, plan.create);
    for (const { replicaSet, from, to } of plan.updates) {
      await this.deps.client.replaceReplicaSet(namespace, replicaSet);
      this.scaled(d, replicaSet, from, to);
    }
    // As Kubernetes' controller: the revision annotation goes with the status (UpdateStatus), so
    // it neither bumps the generation nor needs a write of its own.
    if (plan.status !== undefined || plan.revision !== undefined) await this.writeStatus(d, plan.status ?? d.status ?? {}, plan.revision);
    for (const rs of plan.deletes) await this.deleteIgnoringGone(namespace, rs);
  }

  private scaled(d: V1Deployment, rs: V1ReplicaSet, from: number, to: number): void {
    const message = scalingMessage(rs.metadata?.name ?? '', from, to);
    if (message !== undefined) this.deps.events.record(d, 'Normal', 'ScalingReplicaSet', message);
  }

  /** Creates the new ReplicaSet; on a name clash or failure, records it and stops this sync. */
  private async create(d: V1Deployment, rs: V1ReplicaSet): Promise<void> {
    const namespace = d.metadata?.namespace ?? '';
    const name = rs.metadata?.name ?? '';
    try {
      await this.deps.client.createReplicaSet(namespace, rs);
      this.scaled(d, rs, 0, rs.spec?.replicas ?? 0);
    } catch (error) {
      const failure = apiFailureOf(error);
      if (failure.code !== 409) await this.createFailed(d, name, failure.message);
      else await this.nameTaken(d, name);
      throw new SyncIncomplete(`creating ReplicaSet ${namespace}/${name}: ${failure.message}`, { cause: error });
    }
  }

  private async createFailed(d: V1Deployment, name: string, message: string): Promise<void> {
    const status = createFailedStatus(d, name, message, this.deps.clock());
    this.deps.events.record(d, 'Warning', 'ReplicaSetCreateError', `Failed to create new replica set "${name}": ${message}`);
    await this.writeStatus(d, status);
  }

  /** AlreadyExists: the same template (a cache that lags) is fine; another one is a hash collision. */
  private async nameTaken(d: V1Deployment, name: string): Promise<void> {
    const existing = await this.deps.client.readReplicaSet(d.metadata?.namespace ?? '', name);
    if (equalIgnoreHash(existing.spec?.template, d.spec?.template)) return;
    await this.writeStatus(d, collisionStatus(d));
  }

  private async deleteIgnoringGone(namespace: string, rs: V1ReplicaSet): Promise<void> {
    try {
      await this.deps.client.deleteReplicaSet(namespace, rs.metadata?.name ?? '', rs.metadata?.uid ?? '');
    } catch (error) {
      const { code } = apiFailureOf(error);
      if (code !== 404 && code !== 409) throw error;
    }
  }

  /** UpdateStatus (with the revision annotation when given), re-reading the Deployment after a conflict. */
  private async writeStatus(d: V1Deployment, status: V1DeploymentStatus, revision?: string): Promise<void> {
    const namespace = d.metadata?.namespace ?? '';
    const write = (current: V1Deployment): Promise<void> => this.deps.client.replaceDeploymentStatus(namespace, { ...current, metadata: withRevision(current, revision), status });
    await writeRetryingConflicts(d, write, () => this.deps.client.readDeployment(namespace, d.metadata?.name ?? ''), STATUS_ATTEMPTS);
  }
}

function withRevision(d: V1Deployment, revision: string | undefined): V1Deployment['metadata'] {
  if (revision === undefined) return d.metadata;
  return { ...d.metadata, annotations: { ...d.metadata?.annotations, [REVISION_ANNOTATION]: revision } };
}

/** Which Deployments an informer event about a ReplicaSet or pod concerns. */
export class DeploymentKeys {
  constructor(
    private readonly deployments: Lister<V1Deployment>,
    private readonly replicaSets: Lister<V1ReplicaSet>,
  ) {}

  /** The controlling Deployment of a ReplicaSet, or, for an orphan, every Deployment of its namespace whose selector matches. */
  forReplicaSet(rs: V1ReplicaSet): string[] {
    const namespace = rs.metadata?.namespace ?? '';
    const ref = controllerOf(rs);
    if (ref !== undefined) return ref.kind === 'Deployment' ? [`${namespace}/${ref.name}`] : [];
    return this.deployments
      .list(namespace)
      .filter((d) => claimReplicaSets(d, [rs]).adopt.length > 0)
      .map(objectKey);
  }

  /** The Deployment of a pod's controlling ReplicaSet, when it uses Recreate (which waits for old pods to go). */
  forPod(pod: V1Pod): string[] {
    const namespace = pod.metadata?.namespace ?? '';
    // An object has at most one controller (Kubernetes validates it).
    const ref = controllerOf(pod);
    const rs = ref?.kind === 'ReplicaSet' ? this.replicaSets.get(ref.name, namespace) : undefined;
    if (rs === undefined || rs.metadata?.uid !== ref?.uid) return [];
    return this.forReplicaSet(rs).filter((key) => this.deployments.get(splitCacheKey(key)[1], namespace)?.spec?.strategy?.type === 'Recreate');
  }
}

/** The Deployment controller: informer wiring and a work queue around {@link DeploymentSync}. */
export class DeploymentController implements Controller {
  private readonly queue: WorkQueue;
  private readonly deployments: Lister<V1Deployment>;

  constructor(deps: ControllerDeps) {
    const deployments = deps.informers.informer<V1Deployment>(COLLECTIONS.deployments);
    const replicaSets = deps.informers.informer<V1ReplicaSet>(COLLECTIONS.replicaSets);
    const pods = deps.informers.informer<V1Pod>(COLLECTIONS.pods);
    this.deployments = deployments;
    const sync = new DeploymentSync({ deployments, replicaSets, pods, client: deploymentClient(deps.kubeConfig), events: deps.events, clock: deps.clock, logger: deps.logger });
    this.queue = new WorkQueue(
      async (key) => {
        const after = await sync.sync(key);
        if (after !== undefined) this.queue.addAfter(key, after);
      },
      { name: 'deployment-controller', logger: deps.logger, concurrency: 2 },
    );
    const keys = new DeploymentKeys(deployments, replicaSets);
    const enqueue = (object: KubernetesObject): void => this.queue.add(objectKey(object));
    for (const event of ['add', 'update', 'delete'] as const) deployments.on(event, enqueue);
    const onReplicaSet = (rs: V1ReplicaSet, old?: V1ReplicaSet): void => {
      for (const key of new Set([...keys.forReplicaSet(rs), ...(old === undefined ? [] : keys.forReplicaSet(old))])) this.queue.add(key);
    };
    replicaSets.on('add', (rs) => onReplicaSet(rs));
    replicaSets.on('update', onReplicaSet);
    replicaSets.on('delete', (rs) => onReplicaSet(rs));
    pods.on('update', (pod, old) => {
      if (pod.status?.phase !== old?.status?.phase) for (const key of keys.forPod(pod)) this.queue.add(key);
    });
    pods.on('delete', (pod) => {
      for (const key of keys.forPod(pod)) this.queue.add(key);
    });
  }

  async start(): Promise<void> {
    for (const d of this.deployments.list()) this.queue.add(objectKey(d));
    await Promise.resolve();
  }

  async stop(): Promise<void> {
    await this.queue.stop();
  }

  idle(): boolean {
    return this.queue.idle();
  }
}
