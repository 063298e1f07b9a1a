/**
 * @ebb/kube — talking to a Kubernetes API server from our controllers: client wiring
 * (kubeconfig, in-cluster, or server + CA + token), typed list+watch informers with a cache
 * and narrow listers, a de-duplicating rate-limited work queue, and a core/v1 Event recorder.
 * Built on @kubernetes/client-node; used by apps/local-cluster's controllers and kubelet and by
 * the platform's controller.
 */
export { apiFailureOf, isApiStatus, writeRetryingConflicts, type ApiFailure } from './failures.js';
export { apiErrorOf, isKubeApiError, kubeConfigFor, kubeFetch, KubeApiError, kubeRequest, loadKubeConfig } from './client.js';
export type { KubeConfigTarget, KubeRequest, KubeStreamResponse } from './client.js';
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
