// The hash a gateway answers probes with (`K-Network-Hash`): sha256 of the canonical JSON of an
// Ingress spec (object keys sorted at every level), so every replica and the prober compute the
// same value for the same spec whatever order its fields arrived in.
import { createHash } from 'node:crypto';
import type { Ingress } from '@ebb/api';

/** JSON with object keys sorted at every level; undefined fields dropped as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** sha256 (hex) of the canonical JSON of the Ingress spec (`{}` when it has none). */
export function ingressHash(ingress: Ingress): string {
  return createHash('sha256').update(canonicalJson(ingress.spec ?? {})).digest('hex');
}
