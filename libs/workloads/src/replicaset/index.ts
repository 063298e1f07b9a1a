// The ReplicaSet controller's decisions as plain functions: the pod it creates, which pods it
// owns, adopts or releases, how many it creates or which it deletes, its status, and the
// creations/deletions it still waits to see.
export { adoptPatch, claimPods, releasePatch, replicaSetSelects, replicaSetSelector, replicaSetsForPod } from './claim.js';
export type { PodClaim } from './claim.js';
export { EXPECTATIONS_TTL_MS, PodExpectations } from './expectations.js';
export type { PodLookup } from './expectations.js';
export { BURST_REPLICAS, replicaAction, SLOW_START_INITIAL_BATCH, slowStartBatches } from './manage.js';
export type { ReplicaAction } from './manage.js';
export { POD_DELETION_COST_ANNOTATION } from './pod-fields.js';
export { podsToDelete, rankPodsForDeletion } from './ranking.js';
export { calculateReplicaSetStatus, nextAvailabilityCheckMs, replicaSetStatusChanged } from './status.js';
export type { ReplicaSetStatus, StatusInput } from './status.js';
export { makePodFromTemplate, replicaSetControllerRef } from './template.js';
