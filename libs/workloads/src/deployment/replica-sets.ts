// Reading a Deployment's ReplicaSets (deployment_util.go, controller_utils.go): which one is new
// (its template equals the Deployment's, ignoring the hash label), which are old, their revisions,
// orders and replica sums. Timestamps may arrive as Date (client-node models) or as RFC 3339
// strings (raw JSON from a watch); both are accepted.
import { labelSelectorFromSpec, matchesLabels } from '@ebb/apimachinery';
import type { V1Deployment, V1OwnerReference, V1PodTemplateSpec, V1ReplicaSet } from '@kubernetes/client-node';
import { POD_TEMPLATE_HASH_LABEL, REVISION_ANNOTATION } from './annotations.js';
import { canonicalJson } from './hash.js';
import { controllerOf, controllerRefTo } from '../owners.js';
import { timeMs } from '../time.js';

/** Milliseconds since the epoch of a Kubernetes time (0 when absent or unparseable). */
export function timeMsOrZero(value: Date | string | undefined): number {
  return timeMs(value) ?? 0;
}

/** `spec.replicas` of a ReplicaSet (default 1). */
export function specReplicas(rs: V1ReplicaSet): number {
  return rs.spec?.replicas ?? 1;
}

/** The revision number of a ReplicaSet (0 when absent or not a number). */
export function revisionOf(rs: V1ReplicaSet): number {
  const text = rs.metadata?.annotations?.[REVISION_ANNOTATION];
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : 0;
}

/** The highest revision among `replicaSets` (0 if none). */
export function maxRevision(replicaSets: readonly V1ReplicaSet[]): number {
  return replicaSets.reduce((max, rs) => Math.max(max, revisionOf(rs)), 0);
}

/** ReplicaSetsByCreationTimestamp: older first, then by name. */
export function byCreation(a: V1ReplicaSet, b: V1ReplicaSet): number {
  const delta = timeMsOrZero(a.metadata?.creationTimestamp) - timeMsOrZero(b.metadata?.creationTimestamp);
  return delta !== 0 ? delta : (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '');
}

/** ReplicaSetsByRevision: lower revision first, then older first. */
export function byRevision(a: V1ReplicaSet, b: V1ReplicaSet): number {
  return revisionOf(a) - revisionOf(b) || byCreation(a, b);
}

function withoutHashLabel(template: V1PodTemplateSpec | undefined): unknown {
  const labels = { ...(template?.metadata?.labels ?? {}) };
  delete labels[POD_TEMPLATE_HASH_LABEL];
  return { ...template, metadata: { ...template?.metadata, labels } };
}

/** EqualIgnoreHash: the templates are semantically equal once the pod-template-hash label is removed from both. */
export function equalIgnoreHash(a: V1PodTemplateSpec | undefined, b: V1PodTemplateSpec | undefined): boolean {
  return canonicalJson(withoutHashLabel(a)) === canonicalJson(withoutHashLabel(b));
}

/** FindNewReplicaSet: the oldest ReplicaSet whose template equals the Deployment's. */
export function findNewReplicaSet(d: V1Deployment, replicaSets: readonly V1ReplicaSet[]): V1ReplicaSet | undefined {
  return [...replicaSets].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

/** Every ReplicaSet but the new one. */
export function findOldReplicaSets(d: V1Deployment, replicaSets: readonly V1ReplicaSet[]): V1ReplicaSet[] {
  const fresh = findNewReplicaSet(d, replicaSets);
  return replicaSets.filter((rs) => rs !== fresh);
}

/** FilterActiveReplicaSets: those with spec.replicas > 0. */
export function activeReplicaSets(replicaSets: readonly (V1ReplicaSet | undefined)[]): V1ReplicaSet[] {
  return replicaSets.filter((rs): rs is V1ReplicaSet => rs !== undefined && specReplicas(rs) > 0);
}

/** Σ spec.replicas. */
export function sumSpecReplicas(replicaSets: readonly (V1ReplicaSet | undefined)[]): number {
  return replicaSets.reduce((sum, rs) => sum + (rs === undefined ? 0 : specReplicas(rs)), 0);
}

/** Σ of one status counter. */
export function sumStatus(replicaSets: readonly (V1ReplicaSet | undefined)[], field: 'replicas' | 'readyReplicas' | 'availableReplicas'): number {
  return replicaSets.reduce((sum, rs) => sum + (rs?.status?.[field] ?? 0), 0);
}

/** The controller ownerReference this Deployment puts on its ReplicaSets. */
export function deploymentControllerRef(d: V1Deployment): V1OwnerReference {
  return controllerRefTo(d, { apiVersion: 'apps/v1', kind: 'Deployment' });
}

/** What ClaimReplicaSets decides: ReplicaSets that are ours, orphans to adopt, ours to release. */
export interface ReplicaSetClaims {
  /** Ours and matching the selector (adopted ones included). */
  readonly owned: V1ReplicaSet[];
  readonly adopt: V1ReplicaSet[];
  readonly release: V1ReplicaSet[];
}

type Claim = 'own' | 'adopt' | 'release' | 'ignore';

function claimOwned(deleting: boolean, matches: boolean): Claim {
  if (matches) return 'own';
  return deleting ? 'ignore' : 'release';
}

function claimOne(d: V1Deployment, rs: V1ReplicaSet, matches: boolean): Claim {
  const ref = controllerOf(rs);
  const { metadata = {} } = d;
  const deleting = metadata.deletionTimestamp !== undefined;
  if (ref !== undefined) return ref.uid === metadata.uid ? claimOwned(deleting, matches) : 'ignore';
  if (deleting || !matches || rs.metadata?.deletionTimestamp !== undefined) return 'ignore';
  return 'adopt';
}

/** ClaimReplicaSets (controller_ref_manager.go) over the ReplicaSets of the Deployment's namespace. */
export function claimReplicaSets(d: V1Deployment, replicaSets: readonly V1ReplicaSet[]): ReplicaSetClaims {
  const selector = labelSelectorFromSpec(d.spec?.selector);
  const claims = { owned: [] as V1ReplicaSet[], adopt: [] as V1ReplicaSet[], release: [] as V1ReplicaSet[] };
  const namespace = d.metadata?.namespace;
  for (const rs of replicaSets.filter((item) => item.metadata?.namespace === namespace)) {
    const verdict = claimOne(d, rs, matchesLabels(selector, rs.metadata?.labels));
    if (verdict === 'own' || verdict === 'adopt') claims.owned.push(rs);
    if (verdict === 'adopt') claims.adopt.push(rs);
    if (verdict === 'release') claims.release.push(rs);
  }
  return claims;
}
