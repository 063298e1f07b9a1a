// Building a Deployment's new ReplicaSet and keeping the annotations the controller owns on it
// (sync.go getNewReplicaSet; deployment_util.go SetNewReplicaSetAnnotations,
// copyDeploymentAnnotationsToReplicaSet, SetReplicasAnnotations).
import type { V1Deployment, V1ReplicaSet } from '@kubernetes/client-node';
import {
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  MAX_REVISION_HISTORY_CHARS,
  POD_TEMPLATE_HASH_LABEL,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  skipCopyAnnotation,
} from './annotations.js';
import { deploymentControllerRef } from './replica-sets.js';

/** The name of the ReplicaSet of `deploymentName` for template hash `hash`. */
export function replicaSetName(deploymentName: string, hash: string): string {
  return `${deploymentName}-${hash}`;
}

/**
 * The new ReplicaSet for `d` with template hash `hash` and `replicas` (annotations other than
 * those copied from the Deployment are left to {@link setNewReplicaSetAnnotations}).
 */
export function makeReplicaSet(d: V1Deployment, hash: string, replicas: number): V1ReplicaSet {
  const { metadata = {}, spec = { selector: {}, template: {} } } = d;
  const template = structuredClone(spec.template);
  const labels = { ...template.metadata?.labels, [POD_TEMPLATE_HASH_LABEL]: hash };
  const selector = structuredClone(spec.selector);
  selector.matchLabels = { ...selector.matchLabels, [POD_TEMPLATE_HASH_LABEL]: hash };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: replicaSetName(metadata.name ?? '', hash), namespace: metadata.namespace ?? 'default', labels, ownerReferences: [deploymentControllerRef(d)] },
    spec: { replicas, minReadySeconds: spec.minReadySeconds ?? 0, selector, template: { ...template, metadata: { ...template.metadata, labels } } },
  };
}

function copyDeploymentAnnotations(d: V1Deployment, annotations: Record<string, string>): boolean {
  let changed = false;
  for (const [key, value] of Object.entries(d.metadata?.annotations ?? {})) {
    if (skipCopyAnnotation(key) || annotations[key] === value) continue;
    annotations[key] = value;
    changed = true;
  }
  return changed;
}

/** `history` with `revision` appended, oldest entries dropped to stay within the length limit (undefined: cannot fit). */
export function appendRevisionHistory(history: string | undefined, revision: string): string | undefined {
  if (history === undefined || history === '') return revision;
  const entries = history.split(',');
  let total = history.length + revision.length + 1;
  let start = 0;
  while (total > MAX_REVISION_HISTORY_CHARS && start < entries.length) {
    total -= (entries[start] ?? '').length + 1;
    start++;
  }
  return total <= MAX_REVISION_HISTORY_CHARS ? [...entries.slice(start), revision].join(',') : undefined;
}

function bumpRevision(annotations: Record<string, string>, newRevision: number): boolean {
  const old = annotations[REVISION_ANNOTATION];
  if (old !== undefined && !/^\d+$/.test(old)) return false;
  const oldNumber = old === undefined ? 0 : Number(old);
  if (oldNumber >= newRevision) return false;
  annotations[REVISION_ANNOTATION] = String(newRevision);
  if (old !== undefined) {
    const history = appendRevisionHistory(annotations[REVISION_HISTORY_ANNOTATION], old);
    if (history !== undefined) annotations[REVISION_HISTORY_ANNOTATION] = history;
  }
  return true;
}

/** SetReplicasAnnotations: records desired and max replicas on `rs`; true when something changed. */
export function setReplicasAnnotations(rs: V1ReplicaSet, desired: number, max: number): boolean {
  const annotations = (rs.metadata ??= {}).annotations ?? {};
  if (annotations[DESIRED_REPLICAS_ANNOTATION] === String(desired) && annotations[MAX_REPLICAS_ANNOTATION] === String(max)) return false;
  rs.metadata.annotations = { ...annotations, [DESIRED_REPLICAS_ANNOTATION]: String(desired), [MAX_REPLICAS_ANNOTATION]: String(max) };
  return true;
}

/** ReplicasAnnotationsNeedUpdate. */
export function replicasAnnotationsNeedUpdate(rs: V1ReplicaSet, desired: number, max: number): boolean {
  const annotations = rs.metadata?.annotations ?? {};
  return annotations[DESIRED_REPLICAS_ANNOTATION] !== String(desired) || annotations[MAX_REPLICAS_ANNOTATION] !== String(max);
}

/** Where a ReplicaSet's replicas annotations come from. */
export interface ReplicasBounds {
  readonly desired: number;
  readonly max: number;
}

/**
 * SetNewReplicaSetAnnotations, on `rs` in place: Deployment annotations copied, revision raised to
 * `newRevision` (the one it had moves to revision-history), and for a ReplicaSet not yet created
 * the replicas annotations (`bounds`). True when an annotation changed.
 */
export function setNewReplicaSetAnnotations(d: V1Deployment, rs: V1ReplicaSet, newRevision: number, bounds?: ReplicasBounds): boolean {
  const metadata = (rs.metadata ??= {});
  const annotations = { ...(metadata.annotations ?? {}) };
  const copied = copyDeploymentAnnotations(d, annotations);
  const bumped = bumpRevision(annotations, newRevision);
  metadata.annotations = annotations;
  const sized = bounds !== undefined && setReplicasAnnotations(rs, bounds.desired, bounds.max);
  return copied || bumped || sized;
}
