import { type DeploymentConfig, defaultDeploymentConfig, parseDeploymentConfig } from './deployment.js';

const defaults = defaultDeploymentConfig();

describe('parseDeploymentConfig', () => {
  it('has Knative defaults: 600s progress deadline, 10s digest timeout, local registries', () => {
    expect(defaults).toEqual({ progressDeadline: 600_000, digestResolutionTimeout: 10_000, registriesSkippingTagResolving: ['dev.local', 'kind.local', 'ko.local'] });
    expect(parseDeploymentConfig({ _example: 'x', 'queue-sidecar-image': 'ignored' })).toEqual({ ok: true, config: defaults });
  });

  it.each<{ name: string; data: Record<string, string>; want: Partial<DeploymentConfig> }>([
    { name: 'progress deadline', data: { 'progress-deadline': '10m' }, want: { progressDeadline: 600_000 } },
    { name: 'short progress deadline', data: { 'progress-deadline': '1s' }, want: { progressDeadline: 1000 } },
    { name: 'legacy progressDeadline', data: { progressDeadline: '120s' }, want: { progressDeadline: 120_000 } },
    { name: 'new key wins over legacy', data: { progressDeadline: '120s', 'progress-deadline': '60s' }, want: { progressDeadline: 60_000 } },
    { name: 'digest timeout', data: { 'digest-resolution-timeout': '500ms' }, want: { digestResolutionTimeout: 500 } },
    { name: 'registries, trimmed and deduplicated', data: { 'registries-skipping-tag-resolving': ' b.local, a.local,b.local ' }, want: { registriesSkippingTagResolving: ['a.local', 'b.local'] } },
    { name: 'no registries', data: { 'registries-skipping-tag-resolving': '' }, want: { registriesSkippingTagResolving: [] } },
  ])('accepts $name', ({ data, want }) => {
    expect(parseDeploymentConfig(data)).toEqual({ ok: true, config: { ...defaults, ...want } });
  });

  it.each([
    { name: 'zero deadline', key: 'progress-deadline', value: '0s', message: 'progress-deadline cannot be a non-positive duration, was 0s' },
    { name: 'negative deadline', key: 'progress-deadline', value: '-10s', message: 'progress-deadline cannot be a non-positive duration, was -10s' },
    { name: 'fractional deadline', key: 'progress-deadline', value: '1.5s', message: 'progress-deadline must be rounded to a whole second, was: 1.5s' },
    { name: 'deadline syntax', key: 'progress-deadline', value: '600', message: 'failed to parse "progress-deadline": time: missing unit in duration "600"' },
    { name: 'zero digest timeout', key: 'digest-resolution-timeout', value: '0', message: 'digest-resolution-timeout cannot be a non-positive duration, was 0s' },
  ])('rejects $name: $key="$value"', ({ key, value, message }) => {
    expect(parseDeploymentConfig({ [key]: value })).toEqual({ ok: false, problems: [{ key, value, message }] });
  });
});

describe('parseDeploymentConfig legacy keys', () => {
  it('reports a bad legacy key under the name it was written with', () => {
    expect(parseDeploymentConfig({ progressDeadline: '0s' })).toEqual({
      ok: false,
      problems: [{ key: 'progressDeadline', value: '0s', message: 'progress-deadline cannot be a non-positive duration, was 0s' }],
    });
  });
});
