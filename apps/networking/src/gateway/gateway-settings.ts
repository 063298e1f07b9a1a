// The gateway listener's settings and their injection token (own file: the server and its
// telemetry both read them).
import type { GatewayConfig } from '../networking-config.js';

/** Injection token of the {@link GatewaySettings}. */
export const GATEWAY_SETTINGS = Symbol('ebb.networking.gateway-settings');

/** The gateway listener's settings. */
export interface GatewaySettings {
  readonly gateway: GatewayConfig;
  /** Bound of the wait for in-flight requests at shutdown (EBB_DRAIN_SECONDS). */
  readonly drainSeconds: number;
}
