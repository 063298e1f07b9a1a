import { ConfigError, parseBaseConfig } from './env.js';

const defaults = { adminPort: 8081 };

describe('parseBaseConfig', () => {
  it('fills every setting from its default', () => {
    expect(parseBaseConfig({}, defaults)).toEqual({ adminHost: '0.0.0.0', adminPort: 8081, logLevel: 'info', drainSeconds: 10 });
  });

  it('reads every variable', () => {
    const env = { EBB_ADMIN_HOST: '127.0.0.1', EBB_ADMIN_PORT: '9000', EBB_LOG_LEVEL: 'debug', EBB_DRAIN_SECONDS: '0.5' };
    expect(parseBaseConfig(env, defaults)).toEqual({ adminHost: '127.0.0.1', adminPort: 9000, logLevel: 'debug', drainSeconds: 0.5 });
  });

  it.each([
    { name: 'a port that is not a number', env: { EBB_ADMIN_PORT: 'abc' }, variable: 'EBB_ADMIN_PORT' },
    { name: 'a port out of range', env: { EBB_ADMIN_PORT: '70000' }, variable: 'EBB_ADMIN_PORT' },
    { name: 'an unknown log level', env: { EBB_LOG_LEVEL: 'loud' }, variable: 'EBB_LOG_LEVEL' },
    { name: 'negative drain seconds', env: { EBB_DRAIN_SECONDS: '-1' }, variable: 'EBB_DRAIN_SECONDS' },
    { name: 'empty drain seconds', env: { EBB_DRAIN_SECONDS: ' ' }, variable: 'EBB_DRAIN_SECONDS' },
    { name: 'a host that is no host', env: { EBB_ADMIN_HOST: 'not a host!' }, variable: 'EBB_ADMIN_HOST' },
  ])('rejects $name, naming $variable', ({ env, variable }) => {
    expect(() => parseBaseConfig(env, defaults)).toThrow(ConfigError);
    expect(() => parseBaseConfig(env, defaults)).toThrow(new RegExp(`^invalid configuration: ${variable}: `));
  });

  it('names every bad variable at once', () => {
    try {
      parseBaseConfig({ EBB_ADMIN_PORT: 'abc', EBB_LOG_LEVEL: 'loud' }, defaults);
      throw new Error('no error');
    } catch (error) {
      expect((error as ConfigError).problems.map((p) => p.split(':')[0])).toEqual(['EBB_ADMIN_PORT', 'EBB_LOG_LEVEL']);
    }
  });
});
