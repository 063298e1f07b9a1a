// The activator's settings from the environment: defaults, overrides and refusals naming the variable.
import { ConfigError } from '@ebb/observability';
import { parseActivatorConfig } from './activator-config.js';

describe('parseActivatorConfig', () => {
  it.each([
    {
      name: 'defaults',
      env: { HOSTNAME: 'activator-abc' },
      want: { host: '0.0.0.0', port: 8012, queueDepth: 10000, service: 'activator', systemNamespace: 'ebb-system', podIp: '', instance: 'activator-abc' },
    },
    {
      name: 'every variable set',
      env: { HOSTNAME: 'a-1', EBB_ACTIVATOR_HOST: '127.0.0.1', EBB_ACTIVATOR_PORT: '9012', EBB_ACTIVATOR_QUEUE_DEPTH: '5', EBB_ACTIVATOR_SERVICE: 'act', EBB_SYSTEM_NAMESPACE: 'sys', POD_IP: '10.0.0.7' },
      want: { host: '127.0.0.1', port: 9012, queueDepth: 5, service: 'act', systemNamespace: 'sys', podIp: '10.0.0.7', instance: 'a-1' },
    },
  ])('$name', ({ env, want }) => {
    const config = parseActivatorConfig(env);
    expect(config.activator).toEqual(want);
    expect({ adminPort: config.adminPort, drainSeconds: config.drainSeconds }).toEqual({ adminPort: 8082, drainSeconds: 10 });
  });

  it.each([
    { name: 'a queue depth of 0', env: { EBB_ACTIVATOR_QUEUE_DEPTH: '0' }, want: /^invalid configuration: EBB_ACTIVATOR_QUEUE_DEPTH: must be a whole number, one or more, got "0"$/ },
    { name: 'a fractional queue depth', env: { EBB_ACTIVATOR_QUEUE_DEPTH: '1.5' }, want: /EBB_ACTIVATOR_QUEUE_DEPTH: must be a whole number/ },
    { name: 'a port that is not a number', env: { EBB_ACTIVATOR_PORT: 'x' }, want: /^invalid configuration: EBB_ACTIVATOR_PORT: / },
  ])('refuses $name, naming the variable', ({ env, want }) => {
    expect(() => parseActivatorConfig(env)).toThrow(ConfigError);
    expect(() => parseActivatorConfig(env)).toThrow(want);
  });
});
