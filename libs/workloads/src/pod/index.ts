export * from './backoff.js';
export * from './env.js';
export * from './ip-allocator.js';
export * from './ports.js';
export * from './probe-state.js';
export * from './status.js';
export * from './security.js';
