import { formatGoDuration } from './duration.js';
import { asDuration, asStringSet, type FieldTable, keysOf, parseWith, type Rule } from './fields.js';
import type { ConfigData, ConfigResult } from './result.js';

/** Name of the ConfigMap for revision Deployments (Knative `pkg/deployment/config.go`). */
export const DEPLOYMENT_CONFIG_NAME = 'config-deployment';

/**
 * `config-deployment` as typed values; durations in ms. Ebb runs no queue-proxy sidecar, so
 * Knative's `queue-sidecar-*` keys are not read (and `queue-sidecar-image` is not required).
 */
export interface DeploymentConfig {
  readonly progressDeadline: number;
  readonly digestResolutionTimeout: number;
  /** Registries whose image tags are not resolved to digests, sorted. */
  readonly registriesSkippingTagResolving: readonly string[];
}

/** Knative's defaults. */
export function defaultDeploymentConfig(): DeploymentConfig {
  return { progressDeadline: 600_000, digestResolutionTimeout: 10_000, registriesSkippingTagResolving: ['dev.local', 'kind.local', 'ko.local'] };
}

const TABLE: FieldTable<DeploymentConfig> = {
  progressDeadline: { key: 'progress-deadline', legacy: ['progressDeadline'], parse: asDuration },
  digestResolutionTimeout: { key: 'digest-resolution-timeout', legacy: ['digestResolutionTimeout'], parse: asDuration },
  registriesSkippingTagResolving: { key: 'registries-skipping-tag-resolving', legacy: ['registriesSkippingTagResolving'], parse: asStringSet },
};

/** Every key `parseDeploymentConfig` reads (legacy camelCase spellings are read too). */
export const DEPLOYMENT_KEYS: readonly string[] = keysOf(TABLE);

const d = formatGoDuration;

const RULES: readonly Rule<DeploymentConfig>[] = [
  { key: 'progress-deadline', check: (c) => (c.progressDeadline <= 0 ? `progress-deadline cannot be a non-positive duration, was ${d(c.progressDeadline)}` : undefined) },
  {
    key: 'progress-deadline',
    check: (c) =>
      c.progressDeadline > 0 && Math.trunc(c.progressDeadline / 1000) * 1000 !== c.progressDeadline
        ? `progress-deadline must be rounded to a whole second, was: ${d(c.progressDeadline)}`
        : undefined,
  },
  {
    key: 'digest-resolution-timeout',
    check: (c) => (c.digestResolutionTimeout <= 0 ? `digest-resolution-timeout cannot be a non-positive duration, was ${d(c.digestResolutionTimeout)}` : undefined),
  },
];

/** Parses `config-deployment` data over the defaults; reports every bad key. */
export function parseDeploymentConfig(data: ConfigData): ConfigResult<DeploymentConfig> {
  return parseWith(data, { table: TABLE, rules: RULES, defaults: defaultDeploymentConfig() });
}
