// One sync of a Deployment, simulated: the controller's steps (sync.go, rolling.go, recreate.go)
// run against working copies of the Deployment and its ReplicaSets, and every write they would
// make is recorded instead of sent. The result is a plan the controller carries out in order.
import type { V1Deployment, V1DeploymentStatus, V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import { replicasAnnotationsNeedUpdate, setReplicasAnnotations } from './new-replica-set.js';
import { specReplicas } from './replica-sets.js';
import { desiredReplicas, maxSurge } from './spec.js';

/** What a Deployment sync reads. */
export interface DeploymentSyncInput {
  readonly deployment: V1Deployment;
  /** The ReplicaSets the Deployment controls (after adoption and release). */
  readonly replicaSets: readonly V1ReplicaSet[];
  /** The pods those ReplicaSets control (Recreate waits for old ones; minReadySeconds recheck). */
  readonly pods: readonly V1Pod[];
  /** Every ReplicaSet of the namespace, to tell a name clash of the new ReplicaSet (default: `replicaSets`). */
  readonly namespaceReplicaSets?: readonly V1ReplicaSet[];
  readonly now: Date;
}

/** A ReplicaSet to replace: its desired object (spec.replicas, annotations, minReadySeconds) and the size change. */
export interface ReplicaSetUpdate {
  readonly replicaSet: V1ReplicaSet;
  readonly from: number;
  readonly to: number;
}

/** The working state of one sync. */
export class SyncState {
  readonly d: V1Deployment;
  readonly replicaSets: V1ReplicaSet[];
  readonly pods: readonly V1Pod[];
  readonly namespaceReplicaSets: readonly V1ReplicaSet[];
  readonly now: Date;
  /** The ReplicaSet to create, if any (also in {@link replicaSets}). */
  created: V1ReplicaSet | undefined;
  /** Updated ReplicaSets by name, with their size before this sync. */
  readonly updates = new Map<string, { replicaSet: V1ReplicaSet; from: number }>();
  readonly deletes: V1ReplicaSet[] = [];
  /** The Deployment's revision annotation to write, when it changes. */
  revision: string | undefined;
  /** The status the sync ended with (undefined: the working status as it is). */
  status: V1DeploymentStatus | undefined;
  /** Whether the rollout path ran (progress deadline recheck applies). */
  rolledOut = false;
  /** Set when the new ReplicaSet's name is taken by another template: only the status is written. */
  collided = false;

  constructor(input: DeploymentSyncInput) {
    this.d = structuredClone(input.deployment);
    (this.d.status ??= {});
    this.replicaSets = input.replicaSets.map((rs) => structuredClone(rs));
    this.pods = input.pods;
    this.namespaceReplicaSets = input.namespaceReplicaSets ?? input.replicaSets;
    this.now = input.now;
  }

  /** Marks `rs` (a working copy) changed; `from` is its size before the change. */
  touched(rs: V1ReplicaSet, from: number): void {
    if (rs === this.created) return;
    const name = rs.metadata?.name ?? '';
    if (!this.updates.has(name)) this.updates.set(name, { replicaSet: rs, from });
  }

  /** scaleReplicaSet: size and replicas annotations; true when the size changed. */
  scale(rs: V1ReplicaSet, to: number): boolean {
    const from = specReplicas(rs);
    const desired = desiredReplicas(this.d);
    const max = desired + maxSurge(this.d);
    if (from === to && !replicasAnnotationsNeedUpdate(rs, desired, max)) return false;
    this.touched(rs, from);
    (rs.spec ??= { selector: {} }).replicas = to;
    setReplicasAnnotations(rs, desired, max);
    return from !== to;
  }

  /** scaleReplicaSetAndRecordEvent: only when the size differs. */
  scaleIfNeeded(rs: V1ReplicaSet, to: number): boolean {
    return specReplicas(rs) !== to && this.scale(rs, to);
  }
}
