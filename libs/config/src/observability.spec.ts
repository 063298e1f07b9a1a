import { defaultObservabilityConfig, MetricsProtocol, type ObservabilityConfig, parseObservabilityConfig, TracingProtocol } from './observability.js';

const defaults = defaultObservabilityConfig();

describe('parseObservabilityConfig', () => {
  it('gives the defaults for an empty map, ignoring _example and unknown keys', () => {
    expect(parseObservabilityConfig({ _example: 'x', 'metrics.backend-destination': 'stackdriver' })).toEqual({ ok: true, config: defaults });
  });

  it.each<{ name: string; data: Record<string, string>; want: Partial<ObservabilityConfig> }>([
    { name: 'no metrics', data: { 'metrics-protocol': 'none' }, want: { metricsProtocol: MetricsProtocol.None } },
    { name: 'OTLP metrics', data: { 'metrics-protocol': 'http/protobuf', 'metrics-endpoint': 'http://otel:4318' }, want: { metricsProtocol: MetricsProtocol.HttpProtobuf, metricsEndpoint: 'http://otel:4318' } },
    { name: 'tracing', data: { 'tracing-protocol': 'GRPC', 'tracing-endpoint': 'otel:4317', 'tracing-sampling-rate': '0.25' }, want: { tracingProtocol: TracingProtocol.Grpc, tracingEndpoint: 'otel:4317', tracingSamplingRate: 0.25 } },
    { name: 'profiling', data: { 'runtime-profiling': 'enabled' }, want: { runtimeProfiling: true } },
    { name: 'log URL', data: { 'logging.revision-url-template': 'http://logs/?rev=${REVISION_UID}' }, want: { revisionUrlTemplate: 'http://logs/?rev=${REVISION_UID}' } },
    {
      name: 'request log',
      data: { 'logging.enable-request-log': 'true', 'logging.request-log-template': '{"method": "{{.Request.Method}}"}' },
      want: { enableRequestLog: true, requestLogTemplate: '{"method": "{{.Request.Method}}"}' },
    },
    { name: 'probe request log', data: { 'logging.enable-probe-request-log': 'true' }, want: { enableProbeRequestLog: true } },
  ])('accepts $name', ({ data, want }) => {
    expect(parseObservabilityConfig(data)).toEqual({ ok: true, config: { ...defaults, ...want } });
  });

  it.each([
    { name: 'unknown metrics protocol', key: 'metrics-protocol', value: 'stackdriver', message: 'metrics-protocol: unsupported value "stackdriver", want one of: prometheus, none, grpc, http/protobuf' },
    { name: 'unknown tracing protocol', key: 'tracing-protocol', value: 'zipkin', message: 'tracing-protocol: unsupported value "zipkin", want one of: none, grpc, http/protobuf, stdout' },
    { name: 'sampling rate above 1', key: 'tracing-sampling-rate', value: '1.5', message: 'tracing-sampling-rate = 1.5, must be in [0, 1] interval' },
    { name: 'sampling rate syntax', key: 'tracing-sampling-rate', value: 'half', message: 'failed to parse "tracing-sampling-rate": strconv.ParseFloat: parsing "half": invalid syntax' },
    { name: 'profiling word', key: 'runtime-profiling', value: 'true', message: 'runtime-profiling: unsupported value "true", want one of: enabled, disabled' },
    { name: 'unclosed request log template', key: 'logging.request-log-template', value: '{{.Request.Method', message: 'template: request-log-template:1: unclosed action' },
    { name: 'request log without a template', key: 'logging.enable-request-log', value: 'true', message: 'logging.enable-request-log requires logging.request-log-template to be set' },
    { name: 'bool syntax', key: 'logging.enable-probe-request-log', value: 'on', message: 'failed to parse "logging.enable-probe-request-log": strconv.ParseBool: parsing "on": invalid syntax' },
  ])('rejects $name: $key="$value"', ({ key, value, message }) => {
    expect(parseObservabilityConfig({ [key]: value })).toEqual({ ok: false, problems: [{ key, value, message }] });
  });
});
