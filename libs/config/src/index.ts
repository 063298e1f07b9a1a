/**
 * @ebb/config — Knative's ConfigMaps (config-autoscaler, -defaults, -features, -network, -domain,
 * -gc, -deployment, -observability, -logging, and net-istio's config-istio) as typed, validated values. Pure: parsing only;
 * watching and keeping the last good value happen in the apps.
 */
export { AUTOSCALER_CONFIG_NAME, defaultAutoscalerConfig, KPA_CLASS, parseAutoscalerConfig } from './autoscaler.js';
export type { AutoscalerConfig } from './autoscaler.js';
export { DEFAULTS_CONFIG_NAME, defaultDefaultsConfig, parseDefaultsConfig } from './defaults.js';
export type { DefaultsConfig } from './defaults.js';
export { defaultDeploymentConfig, DEPLOYMENT_CONFIG_NAME, parseDeploymentConfig } from './deployment.js';
export type { DeploymentConfig } from './deployment.js';
export { DEFAULT_DOMAIN, defaultDomainConfig, DOMAIN_CONFIG_NAME, parseDomainConfig } from './domain.js';
export type { DomainConfig, DomainSelector } from './domain.js';
export { formatGoDuration, parseGoDuration } from './duration.js';
export { defaultFeaturesConfig, FEATURES_CONFIG_NAME, Flag, parseFeaturesConfig, SecurePodDefaults } from './features.js';
export type { FeaturesConfig } from './features.js';
export { defaultGcConfig, GC_CONFIG_NAME, GC_DISABLED, parseGcConfig } from './gc.js';
export type { GcConfig, GcLimit } from './gc.js';
export { defaultIstioConfig, gatewaysEnabled, ISTIO_CONFIG_NAME, parseIstioConfig, qualifiedName } from './istio.js';
export type { IstioConfig, IstioGateway } from './istio.js';
export { defaultLoggingConfig, LOGGING_COMPONENTS, LOGGING_CONFIG_NAME, LOGGING_LEVELS, parseLoggingConfig } from './logging.js';
export type { LoggingConfig, LoggingLevel } from './logging.js';
export { defaultNetworkConfig, HttpProtocol, MeshCompatibilityMode, NETWORK_CONFIG_NAME, parseNetworkConfig } from './network.js';
export type { LabelSelector, NetworkConfig } from './network.js';
export { defaultObservabilityConfig, MetricsProtocol, OBSERVABILITY_CONFIG_NAME, parseObservabilityConfig, TracingProtocol } from './observability.js';
export type { ObservabilityConfig } from './observability.js';
export { CONFIG_MAP_NAMES, renderConfigProblems, validateConfigMap } from './registry.js';
export type { ConfigMapCheck } from './registry.js';
export type { ConfigData, ConfigProblem, ConfigResult } from './result.js';
export { executeTemplate } from './template.js';
export type { TemplateResult, TemplateRun, TemplateValues } from './template.js';
