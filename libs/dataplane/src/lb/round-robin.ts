// Load balancing across the ready endpoints of one revision: plain round-robin, as Knative's
// gateways do for a revision in serve mode. `pickRoundRobin` is the pure step (a list and a
// cursor in, the endpoint and the next cursor out); `RoundRobin` keeps one cursor per key.
import type { Endpoint } from '../endpoints/endpoints.js';

/** One pick: the endpoint (undefined for an empty list) and the cursor for the next pick. */
export interface Pick {
  readonly endpoint: Endpoint | undefined;
  readonly next: number;
}

/** The endpoint at `cursor` (modulo the list's length) and the following cursor. */
export function pickRoundRobin(endpoints: readonly Endpoint[], cursor: number): Pick {
  if (endpoints.length === 0) return { endpoint: undefined, next: cursor };
  const at = cursor % endpoints.length;
  return { endpoint: endpoints[at], next: (at + 1) % endpoints.length };
}

/** Round-robin cursors per key (e.g. `namespace/revision`); a key's cursor survives changes of its list. */
export class RoundRobin {
  private readonly cursors = new Map<string, number>();

  /** The next endpoint for `key`, or undefined when `endpoints` is empty. */
  pick(key: string, endpoints: readonly Endpoint[]): Endpoint | undefined {
    const { endpoint, next } = pickRoundRobin(endpoints, this.cursors.get(key) ?? 0);
    this.cursors.set(key, next);
    return endpoint;
  }

  /** Forgets the cursor of a key that is gone. */
  forget(key: string): void {
    this.cursors.delete(key);
  }
}
