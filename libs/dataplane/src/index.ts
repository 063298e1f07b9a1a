/**
 * @ebb/dataplane — what the data-plane apps (networking gateway, activator) share: ready
 * endpoints from EndpointSlices, load balancing across them, and the forwarding proxy
 * (keep-alive HTTP/1.1 and h2c pools, X-Forwarded-* and Forwarded, WebSocket pass-through,
 * Knative's per-revision timeouts), the HTTP listener with its bounded drain, and the
 * activator's throttling and stats. Pure cores in their own files; I/O beside them.
 */
export { compareEndpoints, EndpointProtocol, endpointKey, H2C_APP_PROTOCOL, portProtocol, readyEndpoints, sameEndpoints, SERVICE_NAME_LABEL, serviceKey, serviceKeyOfSlice, servingPort } from './endpoints/endpoints.js';
export type { Endpoint, EndpointSliceLike, EndpointSlicePortLike } from './endpoints/endpoints.js';
export { EndpointsTracker } from './endpoints/endpoints-tracker.js';
export type { EndpointsListener, SliceSource } from './endpoints/endpoints-tracker.js';
export { pickRoundRobin, RoundRobin } from './lb/round-robin.js';
export type { Pick as RoundRobinPick } from './lb/round-robin.js';
export { clientAddress, forwardedNode, forwardRequestHeaders, forwardRequestRawHeaders, forwardResponseHeaders, HOP_BY_HOP_HEADERS, makeForwarded } from './proxy/forwarded-headers.js';
export type { ClientInfo, ForwardHeaderOptions } from './proxy/forwarded-headers.js';
export { DeadlineAction, deadlineAction, DEFAULT_REVISION_TIMEOUT_SECONDS, REQUEST_TIMEOUT_BODY, revisionTimeouts, TimeoutKind } from './proxy/timeouts.js';
export type { RequestTimeouts, RevisionTimeoutFields } from './proxy/timeouts.js';
export { forward, ForwardOutcome } from './proxy/forward.js';
export type { ForwardOptions } from './proxy/forward.js';
export { forwardUpgrade, rawErrorResponse, requestHead } from './proxy/upgrade.js';
export type { UpgradeOptions, UpgradeRequest } from './proxy/upgrade.js';
export { UpstreamPool } from './proxy/upstream-pool.js';
export type { UpstreamPoolOptions } from './proxy/upstream-pool.js';
export { Breaker, RejectReason } from './throttle/breaker.js';
export type { BreakerOptions } from './throttle/breaker.js';
export { RevisionThrottler } from './throttle/throttler.js';
export type { AcquiredCallback, RejectedCallback, RevisionThrottlerOptions } from './throttle/throttler.js';
export { activatorIndex, assignSlice, sliceAssignment, TAKE_ALL } from './throttle/subset.js';
export type { SliceAssignment } from './throttle/subset.js';
export { ConcurrencyReporter } from './stats/concurrency-reporter.js';
export type { ConcurrencyReporterOptions, StatReport } from './stats/concurrency-reporter.js';
export { makeFirstRequestStat, makeStat, StatsPublisher } from './stats/stats-publisher.js';
export type { StatPublish, StatsPublisherOptions } from './stats/stats-publisher.js';
export { answerText, DataPlaneListener, MAX_DRAIN_MS } from './server/listener.js';
export type { DrainOptions, ListenerOptions } from './server/listener.js';
