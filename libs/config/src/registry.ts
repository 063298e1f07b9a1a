import { AUTOSCALER_CONFIG_NAME, parseAutoscalerConfig } from './autoscaler.js';
import { DEFAULTS_CONFIG_NAME, parseDefaultsConfig } from './defaults.js';
import { DEPLOYMENT_CONFIG_NAME, parseDeploymentConfig } from './deployment.js';
import { DOMAIN_CONFIG_NAME, parseDomainConfig } from './domain.js';
import { FEATURES_CONFIG_NAME, parseFeaturesConfig } from './features.js';
import { GC_CONFIG_NAME, parseGcConfig } from './gc.js';
import { ISTIO_CONFIG_NAME, parseIstioConfig } from './istio.js';
import { LOGGING_CONFIG_NAME, parseLoggingConfig } from './logging.js';
import { NETWORK_CONFIG_NAME, parseNetworkConfig } from './network.js';
import { OBSERVABILITY_CONFIG_NAME, parseObservabilityConfig } from './observability.js';
import type { ConfigData, ConfigProblem, ConfigResult } from './result.js';

/** The verdict on a ConfigMap: not one of ours, or ours with its problems (none = valid). */
export type ConfigMapCheck = { readonly known: false } | { readonly known: true; readonly problems: readonly ConfigProblem[] };

const PARSERS: Readonly<Record<string, (data: ConfigData) => ConfigResult<unknown>>> = {
  [AUTOSCALER_CONFIG_NAME]: parseAutoscalerConfig,
  [DEFAULTS_CONFIG_NAME]: parseDefaultsConfig,
  [DEPLOYMENT_CONFIG_NAME]: parseDeploymentConfig,
  [DOMAIN_CONFIG_NAME]: parseDomainConfig,
  [FEATURES_CONFIG_NAME]: parseFeaturesConfig,
  [GC_CONFIG_NAME]: parseGcConfig,
  // net-istio's map, read with the default gateways in ebb-system.
  [ISTIO_CONFIG_NAME]: (data) => parseIstioConfig(data),
  [LOGGING_CONFIG_NAME]: parseLoggingConfig,
  [NETWORK_CONFIG_NAME]: parseNetworkConfig,
  [OBSERVABILITY_CONFIG_NAME]: parseObservabilityConfig,
};

/** The names of every ConfigMap `validateConfigMap` knows, sorted. */
export const CONFIG_MAP_NAMES: readonly string[] = Object.keys(PARSERS).sort();

/** Validates a ConfigMap's data by its name, as the webhook's /config-validation does. */
export function validateConfigMap(name: string, data: ConfigData): ConfigMapCheck {
  const parse = Object.hasOwn(PARSERS, name) ? PARSERS[name] : undefined;
  if (parse === undefined) return { known: false };
  const result = parse(data);
  return { known: true, problems: result.ok ? [] : result.problems };
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether `text` holds `value` as a whole token (so "0" is not found in "0s"). */
function holdsToken(text: string, value: string): boolean {
  return value === '' || new RegExp(`(^|[\\s"'(\\[=<:])${escapeRegExp(value)}($|[\\s"')\\],;:>])`).test(text);
}

/** Whether a problem's message already names its key and its value (Knative's own texts do). */
function namesKeyAndValue(problem: ConfigProblem): boolean {
  return problem.message.includes(problem.key) && holdsToken(problem.message, problem.value);
}

/**
 * The one-line denial for a ConfigMap's problems. When every message already names its key and
 * value (Knative's texts, e.g. `revision-timeout-seconds (700) cannot be greater than
 * max-revision-timeout-seconds (600)`), the messages are given as they are, joined by "; ".
 * Otherwise: `failed to parse <name>: <key>="<value>": <why>; …`.
 */
export function renderConfigProblems(name: string, problems: readonly ConfigProblem[]): string {
  const parts = problems.map((p) => (namesKeyAndValue(p) ? p.message : `${p.key}=${JSON.stringify(p.value)}: ${p.message}`));
  if (problems.every(namesKeyAndValue)) return parts.join('; ');
  return `failed to parse ${name}: ${parts.join('; ')}`;
}
