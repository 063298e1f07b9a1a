import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';

/** The variable the images set to their tag (tools/images/app.Dockerfile). */
export const VERSION_ENV = 'EBB_VERSION';

/** The version this process runs: its image's tag, or `dev` outside an image. */
export function buildVersion(env: NodeJS.ProcessEnv = process.env): string {
  const version = env[VERSION_ENV]?.trim();
  return version === undefined || version === '' ? 'dev' : version;
}

/**
 * One Prometheus registry per app (never prom-client's global one), with Node's default
 * process metrics (`process_*`, `nodejs_*`) registered on it and, when the component is named,
 * `ebb_build_info{component,version}` at 1: how a rollout tells which version each replica runs.
 */
export function createMetricsRegistry(component?: string, version: string = buildVersion()): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  if (component !== undefined) {
    const info = new Gauge({ name: 'ebb_build_info', help: 'The component and version (image tag) this process runs; always 1.', labelNames: ['component', 'version'], registers: [registry] });
    info.set({ component, version }, 1);
  }
  return registry;
}
