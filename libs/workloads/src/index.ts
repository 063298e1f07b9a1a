// The workload controllers' and kubelet's decisions as plain functions: what a Deployment,
// ReplicaSet, EndpointSlice controller or kubelet would do given the objects it sees (and `now`
// where time matters). The local cluster's controllers are thin I/O around these.
export * from './deployment/index.js';
export * from './endpointslice/index.js';
export * from './owners.js';
export * from './pod/index.js';
export * from './replicaset/index.js';
