import * as config from './index.js';

describe('@ebb/config public surface', () => {
  it('exports the parsers, defaults and names of all ten maps, the registry and the duration helpers', () => {
    expect(Object.keys(config).sort()).toEqual(
      [
        'AUTOSCALER_CONFIG_NAME', 'CONFIG_MAP_NAMES', 'DEFAULTS_CONFIG_NAME', 'DEFAULT_DOMAIN', 'DEPLOYMENT_CONFIG_NAME', 'DOMAIN_CONFIG_NAME',
        'FEATURES_CONFIG_NAME', 'Flag', 'GC_CONFIG_NAME', 'GC_DISABLED', 'HttpProtocol', 'ISTIO_CONFIG_NAME', 'KPA_CLASS', 'LOGGING_COMPONENTS', 'LOGGING_CONFIG_NAME',
        'LOGGING_LEVELS', 'MeshCompatibilityMode', 'MetricsProtocol', 'NETWORK_CONFIG_NAME', 'OBSERVABILITY_CONFIG_NAME', 'SecurePodDefaults',
        'TracingProtocol', 'defaultAutoscalerConfig', 'defaultDefaultsConfig', 'defaultDeploymentConfig', 'defaultDomainConfig',
        'defaultFeaturesConfig', 'defaultGcConfig', 'defaultIstioConfig', 'defaultLoggingConfig', 'defaultNetworkConfig', 'defaultObservabilityConfig', 'executeTemplate',
        'formatGoDuration', 'gatewaysEnabled', 'parseAutoscalerConfig', 'parseDefaultsConfig', 'parseDeploymentConfig', 'parseDomainConfig',
        'parseFeaturesConfig', 'parseGcConfig', 'parseGoDuration', 'parseIstioConfig', 'parseLoggingConfig', 'parseNetworkConfig', 'parseObservabilityConfig',
        'qualifiedName', 'renderConfigProblems', 'validateConfigMap',
      ].sort(),
    );
  });

  it('names each map as Knative does', () => {
    expect([
      config.AUTOSCALER_CONFIG_NAME, config.DEFAULTS_CONFIG_NAME, config.FEATURES_CONFIG_NAME, config.NETWORK_CONFIG_NAME, config.DOMAIN_CONFIG_NAME,
      config.GC_CONFIG_NAME, config.DEPLOYMENT_CONFIG_NAME, config.OBSERVABILITY_CONFIG_NAME, config.LOGGING_CONFIG_NAME, config.ISTIO_CONFIG_NAME,
    ]).toEqual(['config-autoscaler', 'config-defaults', 'config-features', 'config-network', 'config-domain', 'config-gc', 'config-deployment', 'config-observability', 'config-logging', 'config-istio']);
  });
});
