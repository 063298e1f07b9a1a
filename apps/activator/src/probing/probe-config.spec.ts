import { ConfigError, parseEnvironment } from '@ebb/observability';
import { probeEnvSpecs, toProbeSettings, type ProbeSettings } from './probe-config.js';

describe('probe settings from the environment', () => {
  it.each<{ name: string; env: NodeJS.ProcessEnv; want: ProbeSettings }>([
    { name: 'defaults', env: {}, want: { intervalMs: 10, timeoutMs: 300, demandWindowMs: 5000 } },
    { name: 'EBB_ACTIVATOR_PROBE_INTERVAL_MS set', env: { EBB_ACTIVATOR_PROBE_INTERVAL_MS: '200' }, want: { intervalMs: 200, timeoutMs: 300, demandWindowMs: 5000 } },
  ])('$name', ({ env, want }) => {
    expect(toProbeSettings(parseEnvironment(probeEnvSpecs(), env))).toEqual(want);
  });

  it.each([{ name: 'zero', value: '0' }, { name: 'a fraction', value: '2.5' }, { name: 'not a number', value: 'fast' }])('rejects $name', ({ value }) => {
    expect(() => parseEnvironment(probeEnvSpecs(), { EBB_ACTIVATOR_PROBE_INTERVAL_MS: value })).toThrow(ConfigError);
  });

  it('describes the variable', () => {
    expect(probeEnvSpecs().EBB_ACTIVATOR_PROBE_INTERVAL_MS.desc).toMatch(/probes of a starting/);
  });
});
