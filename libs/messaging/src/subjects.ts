/**
 * NATS subjects of Ebb's control messages. Always build them here: a namespace or revision name
 * becomes exactly one subject token, escaped so that no name can add a token or a wildcard.
 */

/** Thrown for a name that cannot become a subject token (empty). */
export class InvalidNameError extends Error {
  override readonly name = 'InvalidNameError';
}

/** The root and version of every Ebb subject. */
export const SUBJECT_ROOT = 'ebb.v1';

/** The per-revision channels. */
export const Channel = {
  /** Data-plane concurrency and request statistics, every second per instance. */
  Metrics: 'metrics',
  /** Scale-from-zero wake-ups from the activator. */
  Poke: 'poke',
  /** The autoscaler's decisions. */
  Decisions: 'decisions',
} as const;
/** One of {@link Channel}. */
export type Channel = (typeof Channel)[keyof typeof Channel];

const CHANNELS: ReadonlySet<string> = new Set(Object.values(Channel));
/** Characters that stand for themselves in a token; every other byte is written `=XX`. */
const PLAIN = /^[A-Za-z0-9_-]$/;
const ESCAPE = '=';

/**
 * Turns a name into a single subject (and KV key) token. `A-Z a-z 0-9 _ -` stay as they are;
 * every other UTF-8 byte (`.`, `*`, `>`, white space, `=` itself…) becomes `=` and two
 * upper-case hex digits, so distinct names give distinct tokens. Empty names are rejected.
 */
export function escapeToken(name: string): string {
  if (name.length === 0) throw new InvalidNameError('a namespace or revision name must not be empty');
  let token = '';
  for (const char of name) {
    if (PLAIN.test(char)) {
      token += char;
      continue;
    }
    for (const byte of new TextEncoder().encode(char)) token += `${ESCAPE}${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return token;
}

/** Reverses {@link escapeToken}; undefined for a string it cannot have produced. */
export function unescapeToken(token: string): string | undefined {
  if (!/^(?:[A-Za-z0-9_-]|=[0-9A-F]{2})+$/.test(token)) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < token.length; i++) {
    if (token[i] === ESCAPE) {
      bytes.push(Number.parseInt(token.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(token.charCodeAt(i));
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
  } catch {
    return undefined;
  }
}

/** A revision, as subjects and keys address it. */
export interface RevisionRef {
  readonly namespace: string;
  readonly revision: string;
}

function revisionSubject(channel: Channel, namespace: string, revision: string): string {
  return `${SUBJECT_ROOT}.${channel}.${escapeToken(namespace)}.${escapeToken(revision)}`;
}

/** Subject builders; `all*` are the wildcards that match every revision of a channel. */
export const subjects = {
  /** `ebb.v1.metrics.<ns>.<revision>` */
  metrics: (namespace: string, revision: string): string => revisionSubject(Channel.Metrics, namespace, revision),
  /** `ebb.v1.poke.<ns>.<revision>` */
  poke: (namespace: string, revision: string): string => revisionSubject(Channel.Poke, namespace, revision),
  /** `ebb.v1.decisions.<ns>.<revision>` */
  decisions: (namespace: string, revision: string): string => revisionSubject(Channel.Decisions, namespace, revision),
  allMetrics: `${SUBJECT_ROOT}.${Channel.Metrics}.*.*`,
  allPokes: `${SUBJECT_ROOT}.${Channel.Poke}.*.*`,
  allDecisions: `${SUBJECT_ROOT}.${Channel.Decisions}.*.*`,
} as const;

/** Reads the channel and revision back from a subject built here; undefined for any other subject. */
export function parseSubject(subject: string): (RevisionRef & { readonly channel: Channel }) | undefined {
  const tokens = subject.split('.');
  if (tokens.length !== 5 || `${tokens[0]}.${tokens[1]}` !== SUBJECT_ROOT) return undefined;
  const [, , channel, ns, rev] = tokens as [string, string, string, string, string];
  const namespace = unescapeToken(ns);
  const revision = unescapeToken(rev);
  if (!CHANNELS.has(channel) || namespace === undefined || revision === undefined) return undefined;
  return { channel: channel as Channel, namespace, revision };
}

/** The key of a revision in a KV bucket: `<ns>.<revision>`, both escaped. */
export function revisionKey(namespace: string, revision: string): string {
  return `${escapeToken(namespace)}.${escapeToken(revision)}`;
}

/** Reads a revision back from {@link revisionKey}'s output; undefined for any other key. */
export function parseRevisionKey(key: string): RevisionRef | undefined {
  const tokens = key.split('.');
  if (tokens.length !== 2) return undefined;
  const namespace = unescapeToken(tokens[0] as string);
  const revision = unescapeToken(tokens[1] as string);
  return namespace === undefined || revision === undefined ? undefined : { namespace, revision };
}
