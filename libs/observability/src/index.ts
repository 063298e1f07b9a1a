/**
 * @ebb/observability — what every Ebb app shares at run time: JSON logging, one Prometheus
 * registry, the admin surface (/healthz, /readyz, /metrics), settings from the environment,
 * bounded request bodies and the start/drain/stop life of the process.
 */
export { AdminController } from './admin.controller.js';
export { assertNodeVersion, EXIT_CONFIG_ERROR, runApp, startApp } from './bootstrap.js';
export type { AppSpec, RunningApp, StartOptions } from './bootstrap.js';
export { baseEnvSpecs, ConfigError, parseBaseConfig, parseEnvironment, positiveInteger, seconds, toBaseConfig } from './env.js';
export type { BaseConfig, BaseDefaults, BaseEnv } from './env.js';
export { createLogger, forRevision, LOG_LEVELS } from './logger.js';
export type { LoggerOptions, LogLevel } from './logger.js';
export { buildVersion, createMetricsRegistry, VERSION_ENV } from './metrics.js';
export { LOGGER, ObservabilityModule } from './observability.module.js';
export type { ObservabilityOptions } from './observability.module.js';
export { readBoundedBody } from './request-body.js';
export type { BodyLimits } from './request-body.js';
export { ReadinessService } from './readiness.service.js';
export type { ReadinessCheck, ReadinessReport } from './readiness.service.js';
export { DrainTimer, withTimeout } from './shutdown.js';
