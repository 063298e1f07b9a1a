import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { AUTOSCALER_CONFIG_NAME, AUTOSCALER_KEYS, defaultAutoscalerConfig, parseAutoscalerConfig } from './autoscaler.js';
import { DEFAULTS_CONFIG_NAME, DEFAULTS_KEYS, defaultDefaultsConfig, parseDefaultsConfig } from './defaults.js';
import { DEPLOYMENT_CONFIG_NAME, DEPLOYMENT_KEYS, defaultDeploymentConfig, parseDeploymentConfig } from './deployment.js';
import { DEFAULT_DOMAIN, DOMAIN_CONFIG_NAME, defaultDomainConfig, parseDomainConfig } from './domain.js';
import { FEATURES_CONFIG_NAME, FEATURES_KEYS, defaultFeaturesConfig, parseFeaturesConfig } from './features.js';
import { GC_CONFIG_NAME, GC_KEYS, defaultGcConfig, parseGcConfig } from './gc.js';
import { LOGGING_CONFIG_NAME, LOGGING_KEYS, defaultLoggingConfig, parseLoggingConfig } from './logging.js';
import { NETWORK_CONFIG_NAME, NETWORK_KEYS, defaultNetworkConfig, parseNetworkConfig } from './network.js';
import { OBSERVABILITY_CONFIG_NAME, OBSERVABILITY_KEYS, defaultObservabilityConfig, parseObservabilityConfig } from './observability.js';
import { defaultIstioConfig, ISTIO_CONFIG_NAME, ISTIO_KEYS, parseIstioConfig } from './istio.js';
import { CONFIG_MAP_NAMES, validateConfigMap } from './registry.js';
import type { ConfigData, ConfigResult } from './result.js';

// The shipped ConfigMaps document themselves: their `_example` block lists every key with its
// default. These tests keep the docs, the defaults and the parsers from drifting apart.

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

interface ConfigMapFile {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace: string; readonly labels: Readonly<Record<string, string>> };
  readonly data: Readonly<Record<string, string>>;
}

/** A shipped map, by its path under deploy/. */
function readShipped(file: string): ConfigMapFile {
  return parseYaml(readFileSync(path.join(repoRoot, 'deploy', file), 'utf8')) as ConfigMapFile;
}

/** The `key: "value"` lines of an `_example` block (comments and blank lines skipped), as data. */
function exampleData(example: string): Record<string, string> {
  const data: Record<string, string> = {};
  for (const line of example.split('\n').map((l) => l.trim())) {
    if (line === '' || line.startsWith('#')) continue;
    expect(line).toMatch(/^[A-Za-z0-9_.-]+: ".*"$/);
    Object.assign(data, parseYaml(line) as Record<string, string>);
  }
  return data;
}

/**
 * The keys a shipped map sets on purpose, beside `_example`, and what parsing them changes from
 * the defaults. config-network names Ebb's own gateway as the ingress class (EBB_INGRESS_CLASS
 * in @ebb/api, written out here: @ebb/api's specs import this lib).
 */
const SET_ON_PURPOSE: Readonly<Record<string, { readonly data: Readonly<Record<string, string>>; readonly changes: Readonly<Record<string, unknown>> }>> = {
  'base/config/network.yaml': { data: { 'ingress-class': 'ebb.ingress.networking.knative.dev' }, changes: { ingressClass: 'ebb.ingress.networking.knative.dev' } },
};

const MAPS: readonly {
  readonly file: string;
  readonly name: string;
  readonly parse: (data: ConfigData) => ConfigResult<unknown>;
  readonly defaults: () => unknown;
  readonly keys: readonly string[];
}[] = [
  { file: 'base/config/autoscaler.yaml', name: AUTOSCALER_CONFIG_NAME, parse: parseAutoscalerConfig, defaults: defaultAutoscalerConfig, keys: AUTOSCALER_KEYS },
  { file: 'base/config/defaults.yaml', name: DEFAULTS_CONFIG_NAME, parse: parseDefaultsConfig, defaults: defaultDefaultsConfig, keys: DEFAULTS_KEYS },
  { file: 'base/config/deployment.yaml', name: DEPLOYMENT_CONFIG_NAME, parse: parseDeploymentConfig, defaults: defaultDeploymentConfig, keys: DEPLOYMENT_KEYS },
  { file: 'base/config/domain.yaml', name: DOMAIN_CONFIG_NAME, parse: parseDomainConfig, defaults: defaultDomainConfig, keys: [DEFAULT_DOMAIN] },
  { file: 'base/config/features.yaml', name: FEATURES_CONFIG_NAME, parse: parseFeaturesConfig, defaults: defaultFeaturesConfig, keys: FEATURES_KEYS },
  { file: 'base/config/gc.yaml', name: GC_CONFIG_NAME, parse: parseGcConfig, defaults: defaultGcConfig, keys: GC_KEYS },
  { file: 'base/config/logging.yaml', name: LOGGING_CONFIG_NAME, parse: parseLoggingConfig, defaults: defaultLoggingConfig, keys: LOGGING_KEYS },
  { file: 'base/config/network.yaml', name: NETWORK_CONFIG_NAME, parse: parseNetworkConfig, defaults: defaultNetworkConfig, keys: NETWORK_KEYS },
  { file: 'base/config/observability.yaml', name: OBSERVABILITY_CONFIG_NAME, parse: parseObservabilityConfig, defaults: defaultObservabilityConfig, keys: OBSERVABILITY_KEYS },
  // net-istio's map belongs with the Istio networking layer, not with every install.
  { file: 'components/istio/config-istio.yaml', name: ISTIO_CONFIG_NAME, parse: parseIstioConfig, defaults: defaultIstioConfig, keys: ISTIO_KEYS },
];

describe('shipped ConfigMaps (deploy/base/config, deploy/components/istio)', () => {
  it('ship one file for every map the registry knows', () => {
    expect(MAPS.map((m) => m.name).sort()).toEqual(CONFIG_MAP_NAMES);
  });

  it.each(MAPS)('$file is the v1 ConfigMap $name in ebb-system with _example and only the keys set on purpose', ({ file, name }) => {
    const cm = readShipped(file);
    expect(cm.apiVersion).toBe('v1');
    expect(cm.kind).toBe('ConfigMap');
    expect(cm.metadata.name).toBe(name);
    expect(cm.metadata.namespace).toBe('ebb-system');
    expect(cm.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'ebb', 'app.kubernetes.io/component': 'config' });
    const { _example: example, ...data } = cm.data;
    expect(example).toEqual(expect.any(String));
    expect(data).toEqual(SET_ON_PURPOSE[file]?.data ?? {});
  });

  it.each(MAPS)('$file data parses to the defaults, changed only by the keys set on purpose', ({ file, parse, defaults }) => {
    const config = { ...(defaults() as Record<string, unknown>), ...SET_ON_PURPOSE[file]?.changes };
    expect(parse(readShipped(file).data)).toEqual({ ok: true, config });
  });

  it.each(MAPS)('$file _example values parse to the defaults', ({ file, parse, defaults }) => {
    const data = exampleData(readShipped(file).data._example ?? '');
    expect(parse(data)).toEqual({ ok: true, config: defaults() });
  });

  it.each(MAPS)('$file _example documents exactly the keys $name reads', ({ file, keys }) => {
    const data = exampleData(readShipped(file).data._example ?? '');
    expect(Object.keys(data).sort()).toEqual([...keys].sort());
  });

  it.each(MAPS)('$file passes the webhook check', ({ file, name }) => {
    expect(validateConfigMap(name, readShipped(file).data)).toEqual({ known: true, problems: [] });
  });

  it.each(MAPS)('$file documents every key with a comment above it', ({ file }) => {
    const lines = (readShipped(file).data._example ?? '').split('\n').map((l) => l.trim());
    lines.forEach((line, i) => {
      if (/^[A-Za-z0-9_.-]+: "/.test(line)) expect(lines[i - 1]).toMatch(/^#/);
    });
  });
});
