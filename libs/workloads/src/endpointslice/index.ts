// The EndpointSlice controller's decisions: the slices a Service should have and the writes
// that get its existing slices there.
export * from './desired.js';
export * from './reconcile.js';
