// The `pod-template-hash` of a Deployment's template (pkg/controller/controller_utils.go
// ComputeHash): FNV-32a over the template — here its canonical JSON, where Kubernetes hashes a
// Go dump of the struct — plus the collision count as 8 little-endian bytes, the decimal uint32
// encoded with rand.SafeEncodeString so it never spells words and is a valid label value.
import { isPlainObject } from '@ebb/apimachinery';

/** k8s.io/apimachinery/pkg/util/rand's alphabet: no vowels, no confusable characters. */
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a, 32 bits, over `bytes`, continuing from `seed` (the offset basis by default). */
export function fnv32a(bytes: Uint8Array, seed = FNV_OFFSET): number {
  let hash = seed;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, FNV_PRIME) >>> 0;
  return hash >>> 0;
}

/** rand.SafeEncodeString: each character mapped by its code point into {@link SAFE_ALPHABET}. */
export function safeEncodeString(text: string): string {
  return [...text].map((ch) => SAFE_ALPHABET.charAt((ch.codePointAt(0) ?? 0) % SAFE_ALPHABET.length)).join('');
}

function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map((item) => canonical(item) ?? null);
  if (!isPlainObject(value)) return value ?? undefined;
  const entries = Object.keys(value)
    .sort()
    .map((key): [string, unknown] => [key, canonical(value[key])])
    .filter(([, item]) => item !== undefined);
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

/**
 * JSON with sorted keys and without null, empty-array and empty-object fields, so two values that
 * Kubernetes' semantic equality treats alike (nil vs empty) serialize alike.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value) ?? null);
}

/** The hash of `template` (and `collisionCount`, when set) as a label value, e.g. `7c5ddbdf54`. */
export function podTemplateHash(template: unknown, collisionCount?: number): string {
  let hash = fnv32a(new TextEncoder().encode(canonicalJson(template)));
  if (collisionCount !== undefined) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    hash = fnv32a(bytes, hash);
  }
  return safeEncodeString(String(hash));
}
