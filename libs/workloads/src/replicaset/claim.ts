// Which pods a ReplicaSet owns (PodControllerRefManager.ClaimPods): its controlled pods that
// still match its selector; orphans that match are adopted, controlled pods that no longer
// match are released. Pods controlled by another object are left alone. A ReplicaSet being
// deleted neither adopts nor releases. Only active pods are claimed: terminating and finished pods are
// skipped (controller.FilterActivePods).
import { labelSelectorFromSpec, matchesLabels, recordOf, SelectorError, type KubeObject, type LabelSelector, type LabelSelectorSpec } from '@ebb/apimachinery';
import { controllerOf } from '../owners.js';
import { isPodActive } from './pod-fields.js';
import { replicaSetControllerRef } from './template.js';

/** The outcome of claiming: pods already owned, orphans to adopt, owned pods to release. */
export interface PodClaim {
  readonly owned: KubeObject[];
  readonly adopt: KubeObject[];
  readonly release: KubeObject[];
}

/** The ReplicaSet's `spec.selector` as a selector; an invalid selector selects nothing. */
export function replicaSetSelector(rs: KubeObject): LabelSelector {
  try {
    return labelSelectorFromSpec(recordOf(rs.spec).selector as LabelSelectorSpec | undefined);
  } catch (error) {
    if (error instanceof SelectorError) return { requirements: [], nothing: true };
    throw error;
  }
}

/** Whether the ReplicaSet's selector matches the object's labels (an empty selector matches nothing, as Kubernetes decides for RSs). */
export function replicaSetSelects(rs: KubeObject, object: KubeObject): boolean {
  const selector = replicaSetSelector(rs);
  return selector.requirements.length > 0 && matchesLabels(selector, object.metadata.labels ?? {});
}

/** Splits the active ones of `pods` (the namespace's pods) into owned, to adopt and to release. */
export function claimPods(rs: KubeObject, pods: readonly KubeObject[]): PodClaim {
  const claim: PodClaim = { owned: [], adopt: [], release: [] };
  const deleting = rs.metadata.deletionTimestamp != null;
  for (const pod of pods.filter(isPodActive)) {
    const ref = controllerOf(pod);
    const matches = replicaSetSelects(rs, pod);
    if (ref !== undefined) {
      if (ref.uid !== rs.metadata.uid) continue;
      if (matches) claim.owned.push(pod);
      else if (!deleting) claim.release.push(pod);
    } else if (matches && !deleting) {
      claim.adopt.push(pod);
    }
  }
  return claim;
}

/** The strategic-merge patch that adopts a pod (adds the controller ref; the uid is a precondition). */
export function adoptPatch(rs: KubeObject, pod: KubeObject): Record<string, unknown> {
  return { metadata: { ownerReferences: [replicaSetControllerRef(rs)], uid: pod.metadata.uid } };
}

/** The strategic-merge patch that releases a pod (removes the owner reference by uid). */
export function releasePatch(rs: KubeObject, pod: KubeObject): Record<string, unknown> {
  return { metadata: { ownerReferences: [{ $patch: 'delete', uid: rs.metadata.uid }], uid: pod.metadata.uid } };
}

/** The keys (`ns/name`) of the ReplicaSets a pod event concerns: its controller if a ReplicaSet, else (orphan) every RS selecting it. */
export function replicaSetsForPod(pod: KubeObject, replicaSets: readonly KubeObject[]): string[] {
  const ns = pod.metadata.namespace ?? '';
  const ref = controllerOf(pod);
  if (ref !== undefined) {
    if (ref.kind !== 'ReplicaSet' || !ref.apiVersion.startsWith('apps/')) return [];
    const owner = replicaSets.find((rs) => rs.metadata.namespace === ns && rs.metadata.uid === ref.uid);
    return owner === undefined ? [] : [`${ns}/${owner.metadata.name ?? ''}`];
  }
  if (pod.metadata.deletionTimestamp != null) return [];
  return replicaSets.filter((rs) => rs.metadata.namespace === ns && replicaSetSelects(rs, pod)).map((rs) => `${ns}/${rs.metadata.name ?? ''}`);
}
