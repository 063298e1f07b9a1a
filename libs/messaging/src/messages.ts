import Type, { type Static, type TNumber, type TSchema } from 'typebox';
import { Compile } from 'typebox/compile';

/**
 * The messages Ebb's components exchange over NATS, one schema each. Every message carries its
 * schema version in `v`; a reader accepts only the versions it knows. Fields beyond the schema
 * are tolerated (a newer writer may add optional ones within a version).
 */

const count = (description: string): TNumber => Type.Number({ minimum: 0, description });
const instance = Type.String({ minLength: 1, maxLength: 253, description: 'Id of the sending instance (its pod name).' });
const timestamp = Type.Integer({ minimum: 0, description: 'When the message was made, in ms since the Unix epoch.' });

/** Load seen by one data-plane instance (gateway or activator) for one revision over one window, like Knative's Stat. */
export const StatSchema = Type.Object({
  v: Type.Literal(1),
  instance,
  averageConcurrency: count('Average number of requests in flight over the window.'),
  requestCount: count('Requests that arrived in the window.'),
  averageProxiedConcurrency: count('Of averageConcurrency, the part that went through the activator.'),
  proxiedRequestCount: count('Of requestCount, the requests that went through the activator.'),
  windowSeconds: Type.Number({ exclusiveMinimum: 0, description: 'Length of the window the figures cover.' }),
  timestamp,
});
/** A {@link StatSchema} message. */
export type Stat = Static<typeof StatSchema>;

/** Scale-from-zero wake-up: the activator holds requests for a revision with no ready pod. */
export const PokeSchema = Type.Object({
  v: Type.Literal(1),
  instance,
  bufferedRequests: Type.Integer({ minimum: 0, description: 'Requests the sender holds for the revision now.' }),
  timestamp,
});
/** A {@link PokeSchema} message. */
export type Poke = Static<typeof PokeSchema>;

/** The autoscaler's decision for one revision, with the figures it was made from. */
export const ScaleDecisionSchema = Type.Object({
  v: Type.Literal(1),
  desiredScale: Type.Integer({ minimum: 0, description: 'Pods the revision should have.' }),
  excessBurstCapacity: Type.Number({ description: 'Spare capacity beyond the burst target; negative keeps the activator in the path.' }),
  panic: Type.Boolean({ description: 'Whether the decision was made in panic mode.' }),
  observedStableValue: count('Concurrency (or RPS) averaged over the stable window.'),
  observedPanicValue: count('Concurrency (or RPS) averaged over the panic window.'),
  reason: Type.String({ maxLength: 1024, description: 'Why, in a short sentence for people.' }),
  timestamp,
  readyPods: Type.Optional(Type.Integer({ minimum: 0, description: 'Ready pods of the revision when the decision was made.' })),
  desiredStable: Type.Optional(Type.Integer({ minimum: 0, description: 'Pods the stable window asked for (after the scale rates and activation scale).' })),
  desiredPanic: Type.Optional(Type.Integer({ minimum: 0, description: 'Pods the panic window asked for (after the scale rates and activation scale).' })),
  activators: Type.Optional(Type.Integer({ minimum: 0, description: 'Activators the revision should be spread over while they are in its path.' })),
  target: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Target value of the metric per pod.' })),
  metric: Type.Optional(Type.Union([Type.Literal('concurrency'), Type.Literal('rps')], { description: 'The metric the revision scales on.' })),
  stableWindowSeconds: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Length of the stable window, in seconds.' })),
});
/** A {@link ScaleDecisionSchema} message; the optional fields were added within v 1 (older writers leave them out). */
export type ScaleDecision = Static<typeof ScaleDecisionSchema>;

/** Every message kind, by name. */
export const MessageKinds = {
  stat: StatSchema,
  poke: PokeSchema,
  scaleDecision: ScaleDecisionSchema,
} as const;
/** A name of {@link MessageKinds}. */
export type MessageKind = keyof typeof MessageKinds;
/** The message type of a kind. */
export type MessageOf<K extends MessageKind> = Static<(typeof MessageKinds)[K]>;

/** Thrown by {@link encode} for a message that does not match its schema (a bug in the sender). */
export class InvalidMessageError extends Error {
  override readonly name = 'InvalidMessageError';
}

/** The outcome of {@link decode}: the message, or why it was dropped. */
export type DecodeResult<T> = { readonly ok: true; readonly message: T } | { readonly ok: false; readonly reason: string };

const validators = Object.fromEntries(Object.entries(MessageKinds).map(([kind, schema]) => [kind, Compile(schema as TSchema)])) as {
  [K in MessageKind]: ReturnType<typeof Compile<(typeof MessageKinds)[K]>>;
};

function firstProblem(kind: MessageKind, value: unknown): string {
  const [error] = validators[kind].Errors(value);
  return error ? `${error.instancePath || '/'}: ${error.message}` : 'does not match the schema';
}

/** Checks a value against its kind's schema; the problem in words, or undefined when valid. */
export function check(kind: MessageKind, value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const version = (value as { v?: unknown }).v;
  if (version !== 1) return `unsupported version ${JSON.stringify(version) ?? 'undefined'} (this reader knows v 1)`;
  return validators[kind].Check(value) ? undefined : firstProblem(kind, value);
}

const decoder = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/** Parses and validates a message of `kind`; never throws. */
export function decode<K extends MessageKind>(kind: K, data: Uint8Array): DecodeResult<MessageOf<K>> {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(data));
  } catch (error) {
    return { ok: false, reason: `not UTF-8 JSON: ${(error as Error).message}` };
  }
  const problem = check(kind, value);
  return problem === undefined ? { ok: true, message: value as MessageOf<K> } : { ok: false, reason: problem };
}

/** Serialises a message of `kind` after checking it; throws {@link InvalidMessageError} if it is invalid. */
export function encode<K extends MessageKind>(kind: K, message: MessageOf<K>): Uint8Array {
  const problem = check(kind, message);
  if (problem !== undefined) throw new InvalidMessageError(`invalid ${kind} message: ${problem}`);
  return encoder.encode(JSON.stringify(message));
}
