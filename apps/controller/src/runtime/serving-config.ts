// The ConfigMaps the controller's reconcilers read, as ConfigMapStore entries (name, parse,
// defaults from @ebb/config), and the ConfigSource view of the store: one consistent snapshot
// per reconcile, the last good value of each map.
import {
  AUTOSCALER_CONFIG_NAME,
  defaultAutoscalerConfig,
  defaultDefaultsConfig,
  defaultDeploymentConfig,
  defaultDomainConfig,
  defaultFeaturesConfig,
  defaultGcConfig,
  defaultNetworkConfig,
  DEFAULTS_CONFIG_NAME,
  DEPLOYMENT_CONFIG_NAME,
  DOMAIN_CONFIG_NAME,
  FEATURES_CONFIG_NAME,
  GC_CONFIG_NAME,
  NETWORK_CONFIG_NAME,
  parseAutoscalerConfig,
  parseDefaultsConfig,
  parseDeploymentConfig,
  parseDomainConfig,
  parseFeaturesConfig,
  parseGcConfig,
  parseNetworkConfig,
} from '@ebb/config';
import type { ConfigMapEntries } from '@ebb/kube';
import type { ConfigSource, ServingConfig } from '../reconcilers/deps.js';

/** The snapshot's maps by ConfigMap name. */
export interface ServingConfigMaps {
  readonly 'config-defaults': ServingConfig['defaults'];
  readonly 'config-network': ServingConfig['network'];
  readonly 'config-domain': ServingConfig['domain'];
  readonly 'config-deployment': ServingConfig['deployment'];
  readonly 'config-features': ServingConfig['features'];
  readonly 'config-autoscaler': ServingConfig['autoscaler'];
  readonly 'config-gc': ServingConfig['gc'];
}

/** Each map of the snapshot: its parser and defaults, by ConfigMap name (ConfigMapStore entries). */
export const SERVING_CONFIG_ENTRIES: ConfigMapEntries<ServingConfigMaps> = {
  [DEFAULTS_CONFIG_NAME]: { parse: parseDefaultsConfig, defaults: defaultDefaultsConfig },
  [NETWORK_CONFIG_NAME]: { parse: parseNetworkConfig, defaults: defaultNetworkConfig },
  [DOMAIN_CONFIG_NAME]: { parse: parseDomainConfig, defaults: defaultDomainConfig },
  [DEPLOYMENT_CONFIG_NAME]: { parse: parseDeploymentConfig, defaults: defaultDeploymentConfig },
  [FEATURES_CONFIG_NAME]: { parse: parseFeaturesConfig, defaults: defaultFeaturesConfig },
  [AUTOSCALER_CONFIG_NAME]: { parse: parseAutoscalerConfig, defaults: defaultAutoscalerConfig },
  [GC_CONFIG_NAME]: { parse: parseGcConfig, defaults: defaultGcConfig },
};

/** What the source reads from (a ConfigMapStore fits). */
export interface ConfigMaps {
  get<K extends keyof ServingConfigMaps>(name: K): ServingConfigMaps[K];
  onChange(listener: () => void): unknown;
}

/** A ConfigSource over the store: one snapshot of the last good values per call. */
export function configSource(maps: ConfigMaps): ConfigSource {
  return {
    current: (): ServingConfig => ({
      defaults: maps.get('config-defaults'),
      network: maps.get('config-network'),
      domain: maps.get('config-domain'),
      deployment: maps.get('config-deployment'),
      features: maps.get('config-features'),
      autoscaler: maps.get('config-autoscaler'),
      gc: maps.get('config-gc'),
    }),
    onChange: (listener) => {
      maps.onChange(listener);
    },
  };
}
