import { type DefaultsConfig, defaultDefaultsConfig, parseDefaultsConfig } from './defaults.js';

const defaults = defaultDefaultsConfig();

describe('parseDefaultsConfig', () => {
  it('gives the defaults for an empty map, ignoring _example and unknown keys', () => {
    expect(parseDefaultsConfig({ _example: 'x', 'enable-multi-container': 'true' })).toEqual({ ok: true, config: defaults });
  });

  it.each<{ name: string; data: Record<string, string>; want: Partial<DefaultsConfig> }>([
    { name: 'timeouts', data: { 'revision-timeout-seconds': '600', 'max-revision-timeout-seconds': '900' }, want: { revisionTimeoutSeconds: 600, maxRevisionTimeoutSeconds: 900, revisionResponseStartTimeoutSeconds: 600 } },
    { name: 'timeout equal to the max', data: { 'revision-timeout-seconds': '600' }, want: { revisionTimeoutSeconds: 600, revisionResponseStartTimeoutSeconds: 600 } },
    { name: 'response start timeout set', data: { 'revision-response-start-timeout-seconds': '100' }, want: { revisionResponseStartTimeoutSeconds: 100 } },
    { name: 'idle timeout', data: { 'revision-idle-timeout-seconds': '120' }, want: { revisionIdleTimeoutSeconds: 120 } },
    { name: 'quantities', data: { 'revision-cpu-request': '400m', 'revision-memory-limit': '1Gi', 'revision-ephemeral-storage-request': '5e8' }, want: { revisionCpuRequest: '400m', revisionMemoryLimit: '1Gi', revisionEphemeralStorageRequest: '5e8' } },
    { name: 'an empty quantity means unset', data: { 'revision-cpu-limit': '' }, want: {} },
    { name: 'container name template', data: { 'container-name-template': '{{.Name}}-app' }, want: { containerNameTemplate: '{{.Name}}-app' } },
    { name: 'init container name template', data: { 'init-container-name-template': 'init-{{ .Namespace }}' }, want: { initContainerNameTemplate: 'init-{{ .Namespace }}' } },
    { name: 'concurrency', data: { 'container-concurrency': '10', 'container-concurrency-max-limit': '10' }, want: { containerConcurrency: 10, containerConcurrencyMaxLimit: 10 } },
    { name: 'no zero concurrency', data: { 'allow-container-concurrency-zero': 'false' }, want: { allowContainerConcurrencyZero: false } },
    { name: 'service links on', data: { 'enable-service-links': 'TRUE' }, want: { enableServiceLinks: true } },
    { name: 'service links left to Kubernetes', data: { 'enable-service-links': 'default' }, want: { enableServiceLinks: undefined } },
  ])('accepts $name', ({ data, want }) => {
    expect(parseDefaultsConfig(data)).toEqual({ ok: true, config: { ...defaults, ...want } });
  });

  it.each([
    { name: 'timeout above the max', key: 'revision-timeout-seconds', value: '700', message: 'revision-timeout-seconds (700) cannot be greater than max-revision-timeout-seconds (600)' },
    {
      name: 'response start above the timeout',
      key: 'revision-response-start-timeout-seconds',
      value: '301',
      message: 'revision-response-start-timeout-seconds (301) cannot be greater than revision-timeout-seconds (300)',
    },
    { name: 'idle above the timeout', key: 'revision-idle-timeout-seconds', value: '400', message: 'revision-idle-timeout-seconds (400) cannot be greater than revision-timeout-seconds (300)' },
    { name: 'zero max limit', key: 'container-concurrency-max-limit', value: '0', message: 'expected 1 <= 0 <= 2147483647: container-concurrency-max-limit' },
    { name: 'concurrency above the limit', key: 'container-concurrency', value: '1001', message: 'expected 0 <= 1001 <= 1000: container-concurrency' },
    { name: 'negative concurrency', key: 'container-concurrency', value: '-1', message: 'expected 0 <= -1 <= 1000: container-concurrency' },
    { name: 'timeout syntax', key: 'revision-timeout-seconds', value: '5m', message: 'failed to parse "revision-timeout-seconds": strconv.ParseInt: parsing "5m": invalid syntax' },
    {
      name: 'quantity syntax',
      key: 'revision-cpu-request',
      value: 'lots',
      message: `failed to parse "revision-cpu-request": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    },
    { name: 'quantity suffix', key: 'revision-memory-request', value: '100kk', message: `failed to parse "revision-memory-request": unable to parse quantity's suffix` },
    {
      name: 'template with an unknown field',
      key: 'container-name-template',
      value: '{{.Foo}}',
      message: 'error executing template: template: user-container:1: executing "user-container" at <.Foo>: can\'t evaluate field Foo in type v1.ObjectMeta',
    },
    { name: 'unclosed template', key: 'init-container-name-template', value: '{{.Name', message: 'error executing template: template: init-container:1: unclosed action' },
    { name: 'bool syntax', key: 'allow-container-concurrency-zero', value: 'nope', message: 'failed to parse "allow-container-concurrency-zero": strconv.ParseBool: parsing "nope": invalid syntax' },
  ])('rejects $name: $key="$value"', ({ key, value, message }) => {
    expect(parseDefaultsConfig({ [key]: value })).toEqual({ ok: false, problems: [{ key, value, message }] });
  });

  it('reports every bad key', () => {
    const result = parseDefaultsConfig({ 'revision-timeout-seconds': '700', 'container-concurrency-max-limit': '0', 'revision-cpu-limit': 'x' });
    expect(!result.ok && result.problems.map((p) => p.key).sort()).toEqual(['container-concurrency-max-limit', 'revision-cpu-limit', 'revision-timeout-seconds']);
  });
});
