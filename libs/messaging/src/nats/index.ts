/**
 * @ebb/messaging/nats — the I/O half of Ebb's messaging: one NATS connection per app, typed
 * publish/subscribe with malformed-message accounting, and the `ebb-decisions` KV store.
 */
export { Backoff } from './backoff.js';
export { DECISIONS_BUCKET, DecisionStore } from './decision-store.service.js';
export type { DecisionWatch, StoredDecision } from './decision-store.service.js';
export { MalformedMessages } from './malformed.js';
export { MessageBus } from './message-bus.service.js';
export type { MessageHandler, MessageSubscription } from './message-bus.service.js';
export { NATS_OPTIONS, NATS_READINESS_CHECK, NatsClosedError, NatsConnectionService } from './nats-connection.service.js';
export { natsEnvSpecs, natsUrls, parseNatsAppConfig, parseNatsUrls } from './nats.config.js';
export type { NatsAppConfig, NatsOptions } from './nats.config.js';
export { NatsModule } from './nats.module.js';
