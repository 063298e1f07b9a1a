// Readers of loosely typed values (objects as clients send them, before any schema) and the
// small conversions several modules share.
import { isPlainObject } from './object.js';

/** The value as a record, or `{}` when it is not a plain object. */
export function recordOf(value: unknown): Record<string, unknown> {
  return isPlainObject(value) ? value : {};
}

/** The value as a list, or `[]`. */
export function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

/** The value as a string, or `''`. */
export function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The string items of a list (others dropped), or `[]`. */
export function stringsOf(value: unknown): string[] {
  return listOf(value).filter((v): v is string => typeof v === 'string');
}

/** The value as a number, or 0. */
export function numberOf(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

/** Go's string order (by code unit), for sorting as Kubernetes sorts. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Standard base64 of bytes (how JSON carries `[]byte` fields). */
export function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The bytes of standard base64 text (Secret `data`, `binaryData`, admission patches); whitespace is ignored. */
export function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text.replace(/\s/g, '')), (c) => c.charCodeAt(0));
}

/** The UTF-8 text of standard base64. */
export function fromBase64Text(text: string): string {
  return new TextDecoder().decode(fromBase64(text));
}

/** The value at a path of field names (`['spec', 'replicas']`), or undefined where it leaves the objects. */
export function valueAt(object: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((value, key) => recordOf(value)[key], object);
}
