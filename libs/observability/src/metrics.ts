import { Registry, collectDefaultMetrics } from 'prom-client';

/**
 * One Prometheus registry per app (never prom-client's global one), with Node's default
 * process metrics (`process_*`, `nodejs_*`) registered on it.
 */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}
