/**
 * @ebb/messaging — the pure half of Ebb's messaging: subjects and KV keys, message schemas,
 * encode/decode. The NATS connection, publish/subscribe and the KV store are in
 * `@ebb/messaging/nats`.
 */
export {
  check,
  decode,
  encode,
  InvalidMessageError,
  MessageKinds,
  PokeSchema,
  ScaleDecisionSchema,
  StatSchema,
} from './messages.js';
export type { DecodeResult, MessageKind, MessageOf, Poke, ScaleDecision, Stat } from './messages.js';
export {
  Channel,
  escapeToken,
  InvalidNameError,
  parseRevisionKey,
  parseSubject,
  revisionKey,
  SUBJECT_ROOT,
  subjects,
  unescapeToken,
} from './subjects.js';
export type { RevisionRef } from './subjects.js';
