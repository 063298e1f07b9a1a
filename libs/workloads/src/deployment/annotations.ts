// The labels and annotations the Deployment controller reads and writes on Deployments and their
// ReplicaSets (pkg/controller/deployment/util/deployment_util.go; apps/v1 DefaultDeploymentUniqueLabelKey).

/** Label added to a ReplicaSet's selector and template (hence its pods): the template's hash. */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';
/** Revision of a ReplicaSet; the Deployment mirrors its new ReplicaSet's. Set by this controller. */
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
/** Earlier revisions of a ReplicaSet that became new again (rollback), comma-separated. */
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
/** `spec.replicas` of the Deployment when this controller last sized the ReplicaSet (proportional scaling). */
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
/** `spec.replicas + maxSurge` of the Deployment when this controller last sized the ReplicaSet. */
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
/** Written by `kubectl apply`; never copied to ReplicaSets. */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
/** The extensions/v1beta1 rollback request; never copied to ReplicaSets. */
export const ROLLBACK_TO_ANNOTATION = 'deprecated.deployment.rollback.to';
/** Longest `revision-history` value kept (Kubernetes' `--deployment-controller` default). */
export const MAX_REVISION_HISTORY_CHARS = 2000;

const OWN_PREFIX = 'deployment.kubernetes.io/';

/** Whether a Deployment annotation stays off its ReplicaSets (skipCopyAnnotation). */
export function skipCopyAnnotation(key: string): boolean {
  return key === LAST_APPLIED_ANNOTATION || key === ROLLBACK_TO_ANNOTATION || key.startsWith(OWN_PREFIX);
}
