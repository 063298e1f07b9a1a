/**
 * @ebb/kube — talking to a Kubernetes API server from our controllers: client wiring
 * (kubeconfig, in-cluster, or server + CA + token), typed list+watch informers with a cache
 * and narrow listers, a de-duplicating rate-limited work queue, and a core/v1 Event recorder.
 * Also the reconciler runtime (Controller), Lease leader election, a ConfigMap store keeping the
 * last good parsed config, and in-cluster client wiring from the environment. And the child-object
 * helpers (create/refuse/update a child, drift, controller references) shared by the controller's
 * reconcilers and the networking app's Istio translator.
 * Built on @kubernetes/client-node; used by apps/local-cluster's controllers and kubelet and by
 * the platform's controller.
 */
export { apiFailureOf, isApiStatus, writeRetryingConflicts, type ApiFailure } from './failures.js';
export { apiErrorOf, isKubeApiError, kubeConfigFor, kubeFetch, KubeApiError, kubeRequest, loadKubeConfig } from './client.js';
export type { KubeConfigTarget, KubeRequest, KubeStreamResponse } from './client.js';
export { PooledKubeConfig } from './pooled-kube-config.js';
export { cacheKey, compareObjects, objectKey, relistChanges, resourceVersionOf, splitCacheKey, watchChange } from './cache.js';
export type { CacheChange, ObjectEventType } from './cache.js';
export { EventRecorder, eventKey, eventName, involvedObjectOf } from './events.js';
export type { EventSource, EventType } from './events.js';
export { Informer } from './informer.js';
export type { InformerEvent, InformerHandler, InformerOptions } from './informer.js';
export { listCollection, parseWatchLine, watchCollection, watchErrorOf } from './watch.js';
export type { CollectionQuery, WatchEvent, WatchRequest } from './watch.js';
export { backoffDelay, WorkQueue } from './work-queue.js';
export type { WorkQueueOptions } from './work-queue.js';
export { apiVersionOf, collectionPath, objectPath, PatchType, ResourceClient } from './resource-client.js';
export type { DeleteOptions, ResourceType } from './resource-client.js';
export { KubeResources } from './resources.js';
export { ALWAYS_LEADER } from './reconciler.js';
export type { EventSink, LeaderGate, ReconcileContext, Reconciler, ReconcileResult } from './reconciler.js';
export type { KubeObjectLike, ObjectMetaLike, OwnerReferenceLike } from './object.js';
export { nameOf, uidOf } from './meta.js';
export type { IdentityLike } from './meta.js';
export { covers } from './drift.js';
export { controllerReference, isControlledBy } from './owner.js';
export type { ControllerReference, OwnedLike } from './owner.js';
export { ChildNotOwnedError, hasDrifted, reconcileChild } from './children.js';
export type { ChildOutcome, ChildSpec } from './children.js';
export { Controller, enqueueControllerOwner, handleAll, semanticEqual } from './controller.js';
export type { ControllerOptions, KeyQueue, OwnerKind } from './controller.js';
export { LeaderElectionConfigError, LeaderElector, leaseClaim, microTime } from './leader-election.js';
export type { Lease, LeaseClaimInput, LeaderElectorOptions, LeaseSpec } from './leader-election.js';
export { ConfigMapStore, describeConfigProblems } from './config-store.js';
export type { ConfigMapEntries, ConfigMapEntry, ConfigMapListener, ConfigMapParse, ConfigMapProblem, ConfigMapStoreOptions } from './config-store.js';
export {
  DEFAULT_SERVICEACCOUNT_DIR,
  DEFAULT_SYSTEM_NAMESPACE,
  inClusterServer,
  kubeConfigFromEnvironment,
  leaseIdentity,
  namespaceFromEnvironment,
  TOKEN_FILE_PROVIDER,
  tokenFileKubeConfig,
} from './in-cluster.js';
export type { InClusterTarget } from './in-cluster.js';
