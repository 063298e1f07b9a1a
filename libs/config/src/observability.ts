import { asBool, asFloat, asString, asStrictChoice, type FieldTable, keysOf, parseWith, type Rule } from './fields.js';
import type { ConfigData, ConfigResult } from './result.js';
import { checkTemplateSyntax } from './template.js';

/** Name of the observability ConfigMap (Knative `config-observability`). */
export const OBSERVABILITY_CONFIG_NAME = 'config-observability';

/** Where metrics go: Ebb serves Prometheus on every app's /metrics. */
export const MetricsProtocol = { Prometheus: 'prometheus', None: 'none', Grpc: 'grpc', HttpProtobuf: 'http/protobuf' } as const;
/** One of {@link MetricsProtocol}. */
export type MetricsProtocol = (typeof MetricsProtocol)[keyof typeof MetricsProtocol];

/** Where traces go. */
export const TracingProtocol = { None: 'none', Grpc: 'grpc', HttpProtobuf: 'http/protobuf', Stdout: 'stdout' } as const;
/** One of {@link TracingProtocol}. */
export type TracingProtocol = (typeof TracingProtocol)[keyof typeof TracingProtocol];

/** `config-observability` as typed values (Knative's current OpenTelemetry-era keys). */
export interface ObservabilityConfig {
  readonly metricsProtocol: MetricsProtocol;
  readonly metricsEndpoint: string;
  readonly tracingProtocol: TracingProtocol;
  readonly tracingEndpoint: string;
  /** Share of requests traced, in [0, 1]. */
  readonly tracingSamplingRate: number;
  readonly runtimeProfiling: boolean;
  /** Becomes each Revision's `status.logUrl`, with `${REVISION_UID}` replaced. */
  readonly revisionUrlTemplate: string;
  readonly enableRequestLog: boolean;
  readonly requestLogTemplate: string;
  readonly enableProbeRequestLog: boolean;
}

/** Ebb's defaults: Prometheus metrics, no tracing, no request log. */
export function defaultObservabilityConfig(): ObservabilityConfig {
  return {
    metricsProtocol: MetricsProtocol.Prometheus,
    metricsEndpoint: '',
    tracingProtocol: TracingProtocol.None,
    tracingEndpoint: '',
    tracingSamplingRate: 1,
    runtimeProfiling: false,
    revisionUrlTemplate: '',
    enableRequestLog: false,
    requestLogTemplate: '',
    enableProbeRequestLog: false,
  };
}

const asProfiling = asStrictChoice(['enabled', 'disabled'] as const);

const TABLE: FieldTable<ObservabilityConfig> = {
  metricsProtocol: { key: 'metrics-protocol', parse: asStrictChoice(Object.values(MetricsProtocol)) },
  metricsEndpoint: { key: 'metrics-endpoint', parse: asString },
  tracingProtocol: { key: 'tracing-protocol', parse: asStrictChoice(Object.values(TracingProtocol)) },
  tracingEndpoint: { key: 'tracing-endpoint', parse: asString },
  tracingSamplingRate: { key: 'tracing-sampling-rate', parse: asFloat },
  runtimeProfiling: {
    key: 'runtime-profiling',
    parse: (raw, key) => {
      const read = asProfiling(raw, key);
      return read.ok ? { ok: true, value: read.value === 'enabled' } : read;
    },
  },
  revisionUrlTemplate: { key: 'logging.revision-url-template', parse: asString },
  enableRequestLog: { key: 'logging.enable-request-log', parse: asBool },
  requestLogTemplate: { key: 'logging.request-log-template', parse: asString },
  enableProbeRequestLog: { key: 'logging.enable-probe-request-log', parse: asBool },
};

/** Every key `parseObservabilityConfig` reads. */
export const OBSERVABILITY_KEYS: readonly string[] = keysOf(TABLE);

const RULES: readonly Rule<ObservabilityConfig>[] = [
  {
    key: 'tracing-sampling-rate',
    check: (c) => (c.tracingSamplingRate < 0 || c.tracingSamplingRate > 1 ? `tracing-sampling-rate = ${c.tracingSamplingRate}, must be in [0, 1] interval` : undefined),
  },
  { key: 'logging.request-log-template', check: (c) => checkTemplateSyntax('request-log-template', c.requestLogTemplate) },
  {
    key: 'logging.enable-request-log',
    uses: ['logging.request-log-template'],
    check: (c) => (c.enableRequestLog && c.requestLogTemplate === '' ? 'logging.enable-request-log requires logging.request-log-template to be set' : undefined),
  },
];

/** Parses `config-observability` data over the defaults; reports every bad key. */
export function parseObservabilityConfig(data: ConfigData): ConfigResult<ObservabilityConfig> {
  return parseWith(data, { table: TABLE, rules: RULES, defaults: defaultObservabilityConfig() });
}
