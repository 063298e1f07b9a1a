// The Deployment controller's decisions as plain functions (pkg/controller/deployment): template
// hash, new/old ReplicaSets and revisions, rolling and recreate plans, proportional scaling,
// history cleanup, status and conditions, and kubectl's rollout-status verdict.
export {
  DESIRED_REPLICAS_ANNOTATION,
  LAST_APPLIED_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  MAX_REVISION_HISTORY_CHARS,
  POD_TEMPLATE_HASH_LABEL,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  ROLLBACK_TO_ANNOTATION,
  skipCopyAnnotation,
} from './annotations.js';
export { podTemplateHash } from './hash.js';
export { historyToDelete } from './history.js';
export { appendRevisionHistory, makeReplicaSet, replicaSetName, setNewReplicaSetAnnotations, setReplicasAnnotations } from './new-replica-set.js';
export { collisionStatus, createFailedStatus, minReadyRecheckMs, planDeploymentSync, scalingMessage } from './plan.js';
export type { DeploymentPlan } from './plan.js';
export { claimReplicaSets, deploymentControllerRef, equalIgnoreHash, findNewReplicaSet, findOldReplicaSets, maxRevision, revisionOf } from './replica-sets.js';
export type { ReplicaSetClaims } from './replica-sets.js';
export { DeploymentSpecError, maxSurge as deploymentMaxSurge, maxUnavailable as deploymentMaxUnavailable, resolveFenceposts } from './spec.js';
export type { Fenceposts } from './spec.js';
export {
  calculateStatus as calculateDeploymentStatus,
  conditionOf as deploymentConditionOf,
  DEPLOYMENT_REASONS,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  progressRecheckMs,
  rolloutStatus as deploymentRolloutStatus,
  rolloutVerdict,
  sameStatus as sameDeploymentStatus,
  setCondition as setDeploymentCondition,
} from './status.js';
export type { DeploymentConditionType, RolloutVerdict } from './status.js';
export type { DeploymentSyncInput, ReplicaSetUpdate } from './sync-state.js';
