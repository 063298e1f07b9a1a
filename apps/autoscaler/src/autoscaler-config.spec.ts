import { ConfigError } from '@ebb/observability';
import { parseAutoscalerAppConfig, type AutoscalerAppConfig } from './autoscaler-config.js';

describe('parseAutoscalerAppConfig', () => {
  it.each<{ name: string; env: NodeJS.ProcessEnv; want: Omit<AutoscalerAppConfig, 'kubeConfig'> }>([
    {
      name: 'defaults',
      env: {},
      want: { adminHost: '0.0.0.0', adminPort: 8083, logLevel: 'info', drainSeconds: 10, natsServers: ['nats://127.0.0.1:4222'], systemNamespace: 'ebb-system', decisionHistory: 50 },
    },
    {
      name: 'everything set',
      env: { EBB_SYSTEM_NAMESPACE: 'sys', EBB_DECISION_HISTORY: '7', EBB_NATS_URL: 'nats://10.0.0.1:4222', EBB_DRAIN_SECONDS: '1' },
      want: { adminHost: '0.0.0.0', adminPort: 8083, logLevel: 'info', drainSeconds: 1, natsServers: ['nats://10.0.0.1:4222'], systemNamespace: 'sys', decisionHistory: 7 },
    },
  ])('$name', ({ env, want }) => {
    const { kubeConfig, ...rest } = parseAutoscalerAppConfig(env);
    expect(rest).toEqual(want);
    expect(kubeConfig).toBeDefined();
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
});
