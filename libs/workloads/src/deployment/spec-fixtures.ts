// Builders for the deployment specs (imported only by *.spec.ts): a Deployment `web` selecting
// `app=web` and its ReplicaSets, with the few fields each table row varies.
import type { V1Deployment, V1DeploymentCondition, V1DeploymentStatus, V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import { DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, POD_TEMPLATE_HASH_LABEL, REVISION_ANNOTATION } from './annotations.js';

/** The Deployment's uid in every fixture. */
export const DEPLOYMENT_UID = 'uid-web';
/** The time every fixture syncs at. */
export const NOW = new Date('2026-11-26T12:00:00Z');

/** `NOW` shifted by `seconds`. */
export function at(seconds: number): Date {
  return new Date(NOW.getTime() + seconds * 1000);
}

/** Options of {@link deployment}. */
export interface DeploymentOptions {
  readonly replicas?: number;
  readonly image?: string;
  readonly strategy?: 'RollingUpdate' | 'Recreate';
  readonly maxSurge?: number | string;
  readonly maxUnavailable?: number | string;
  readonly generation?: number;
  readonly paused?: boolean;
  readonly minReadySeconds?: number;
  readonly revisionHistoryLimit?: number;
  readonly progressDeadlineSeconds?: number;
  readonly annotations?: Record<string, string>;
  readonly status?: V1DeploymentStatus;
}

/** The pod template running `image`. */
export function template(image: string, hash?: string): NonNullable<V1Deployment['spec']>['template'] {
  const labels: Record<string, string> = hash === undefined ? { app: 'web' } : { app: 'web', [POD_TEMPLATE_HASH_LABEL]: hash };
  return { metadata: { labels }, spec: { containers: [{ name: 'app', image }] } };
}

function strategyOf(o: DeploymentOptions): NonNullable<V1Deployment['spec']>['strategy'] {
  if (o.strategy === 'Recreate') return { type: 'Recreate' };
  return { type: 'RollingUpdate', rollingUpdate: { maxSurge: o.maxSurge ?? '25%', maxUnavailable: o.maxUnavailable ?? '25%' } };
}

function specOf(o: DeploymentOptions): NonNullable<V1Deployment['spec']> {
  const spec = { replicas: 3, minReadySeconds: 0, revisionHistoryLimit: 10, progressDeadlineSeconds: 600, ...o };
  return {
    replicas: spec.replicas,
    selector: { matchLabels: { app: 'web' } },
    template: template(o.image ?? 'app:v2'),
    strategy: strategyOf(o),
    minReadySeconds: spec.minReadySeconds,
    revisionHistoryLimit: spec.revisionHistoryLimit,
    progressDeadlineSeconds: spec.progressDeadlineSeconds,
    ...(o.paused === undefined ? {} : { paused: o.paused }),
  };
}

/** Deployment `default/web`. */
export function deployment(o: DeploymentOptions = {}): V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', uid: DEPLOYMENT_UID, generation: o.generation ?? 1, ...(o.annotations === undefined ? {} : { annotations: o.annotations }) },
    spec: specOf(o),
    ...(o.status === undefined ? {} : { status: o.status }),
  };
}

/** Options of {@link replicaSet}. */
export interface ReplicaSetOptions {
  readonly image: string;
  /** Seconds after NOW's day start it was created: orders old before new. */
  readonly created: number;
  readonly replicas: number;
  /** status.replicas (default replicas). */
  readonly current?: number;
  /** status.readyReplicas and availableReplicas (default current). */
  readonly available?: number;
  readonly revision?: number;
  /** desired-replicas / max-replicas annotations. */
  readonly sizedFor?: readonly [number, number];
  readonly owner?: string | null;
  readonly minReadySeconds?: number;
}

/** ReplicaSet `web-<image tag>` of `image`, owned by the Deployment unless `owner` says otherwise. */
export function replicaSet(o: ReplicaSetOptions): V1ReplicaSet {
  const hash = o.image.replace(/^.*:/, '');
  const annotations: Record<string, string> = {};
  if (o.revision !== undefined) annotations[REVISION_ANNOTATION] = String(o.revision);
  if (o.sizedFor !== undefined) {
    annotations[DESIRED_REPLICAS_ANNOTATION] = String(o.sizedFor[0]);
    annotations[MAX_REPLICAS_ANNOTATION] = String(o.sizedFor[1]);
  }
  const owner = o.owner === undefined ? DEPLOYMENT_UID : o.owner;
  const current = o.current ?? o.replicas;
  const available = o.available ?? current;
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `web-${hash}`,
      namespace: 'default',
      uid: `uid-${hash}`,
      generation: 1,
      creationTimestamp: new Date(Date.UTC(2026, 10, 26) + o.created * 1000),
      labels: { app: 'web', [POD_TEMPLATE_HASH_LABEL]: hash },
      annotations,
      ...(owner === null ? {} : { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: owner, controller: true, blockOwnerDeletion: true }] }),
    },
    spec: { replicas: o.replicas, minReadySeconds: o.minReadySeconds ?? 0, selector: { matchLabels: { app: 'web', [POD_TEMPLATE_HASH_LABEL]: hash } }, template: template(o.image, hash) },
    status: { replicas: current, readyReplicas: available, availableReplicas: available, observedGeneration: 1 },
  };
}

/** A condition `[type, status, reason, message]` with both times at `time`. */
export function condition([type, status, reason, message]: readonly [string, string, string, string], time: Date = NOW): V1DeploymentCondition {
  return { type, status, reason, message, lastUpdateTime: time, lastTransitionTime: time };
}

/** A pod of ReplicaSet `rsUid` in `phase`, Ready since `readySince` when given. */
export function pod(name: string, rsUid: string, phase: string, readySince?: Date): V1Pod {
  return {
    metadata: { name, namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: rsUid, controller: true }] },
    status: { phase, ...(readySince === undefined ? {} : { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: readySince }] }) },
  };
}

/** A plan in one line per write: `create web-x 3`, `web-v1 3→2`, `delete web-v0`, `revision 2`. */
export function planSummary(plan: { create?: V1ReplicaSet; updates: readonly { replicaSet: V1ReplicaSet; from: number; to: number }[]; deletes: readonly V1ReplicaSet[]; revision?: string }): string[] {
  return [
    ...(plan.create === undefined ? [] : [`create ${plan.create.metadata?.name ?? ''} ${plan.create.spec?.replicas ?? 0}`]),
    ...plan.updates.map((u) => `${u.replicaSet.metadata?.name ?? ''} ${u.from}→${u.to}`),
    ...plan.deletes.map((rs) => `delete ${rs.metadata?.name ?? ''}`),
    ...(plan.revision === undefined ? [] : [`revision ${plan.revision}`]),
  ];
}
