import { ConfigError } from '@ebb/observability';
import { parseAutoscalerAppConfig, type AutoscalerAppConfig } from './autoscaler-config.js';

describe('parseAutoscalerAppConfig', () => {
  it.each<{ name: string; env: NodeJS.ProcessEnv; want: Omit<AutoscalerAppConfig, 'kubeConfig' | 'identity'> }>([
    {
      name: 'defaults',
      env: {},
      want: { adminHost: '0.0.0.0', adminPort: 8083, logLevel: 'info', drainSeconds: 10, natsServers: ['nats://127.0.0.1:4222'], systemNamespace: 'ebb-system', decisionHistory: 50, buckets: 0 },
    },
    {
      name: 'everything set',
      env: { EBB_SYSTEM_NAMESPACE: 'sys', EBB_DECISION_HISTORY: '7', EBB_NATS_URL: 'nats://10.0.0.1:4222', EBB_DRAIN_SECONDS: '1', EBB_AUTOSCALER_BUCKETS: '3' },
      want: { adminHost: '0.0.0.0', adminPort: 8083, logLevel: 'info', drainSeconds: 1, natsServers: ['nats://10.0.0.1:4222'], systemNamespace: 'sys', decisionHistory: 7, buckets: 3 },
    },
  ])('$name', ({ env, want }) => {
    const { kubeConfig, identity, ...rest } = parseAutoscalerAppConfig({ ...env, HOSTNAME: 'autoscaler-7d9f' });
    expect(rest).toEqual(want);
    expect(kubeConfig).toBeDefined();
    expect(identity).toMatch(/^autoscaler-7d9f_[0-9a-f-]{36}$/);
  });

  it.each([
    { name: 'not a number', value: 'many' },
    { name: 'zero', value: '0' },
    { name: 'a fraction', value: '2.5' },
    { name: 'too many', value: '10001' },
  ])('refuses a decision history that is $name, naming the variable', ({ value }) => {
    expect(() => parseAutoscalerAppConfig({ EBB_DECISION_HISTORY: value })).toThrow(ConfigError);
    expect(() => parseAutoscalerAppConfig({ EBB_DECISION_HISTORY: value })).toThrow(/EBB_DECISION_HISTORY: .*whole number from 1 to 10000/);
  });

  it.each([
    { name: 'not a number', value: 'two' },
    { name: 'negative', value: '-1' },
    { name: 'too many for two-digit Lease names', value: '100' },
  ])('refuses a bucket count that is $name, naming the variable', ({ value }) => {
    expect(() => parseAutoscalerAppConfig({ EBB_AUTOSCALER_BUCKETS: value })).toThrow(/EBB_AUTOSCALER_BUCKETS: .*whole number from 0 to 99/);
  });
});
