import { defaultLoggingConfig, type LoggingConfig, parseLoggingConfig } from './logging.js';

const defaults = defaultLoggingConfig();

describe('parseLoggingConfig', () => {
  it('has every component at info, and ignores _example and other keys', () => {
    expect(defaults).toEqual({ level: 'info', componentLevels: { controller: 'info', autoscaler: 'info', activator: 'info', networking: 'info', webhook: 'info' } });
    expect(parseLoggingConfig({ _example: 'loglevel.controller: "nope"', 'other-key': 'x', 'loglevel.': 'debug' })).toEqual({ ok: true, config: defaults });
  });

  it.each<{ name: string; data: Record<string, string>; want: Partial<LoggingConfig> }>([
    { name: 'zap level', data: { 'zap-logger-config': '{"level": "debug", "encoding": "json"}' }, want: { level: 'debug' } },
    { name: 'zap config without a level', data: { 'zap-logger-config': '{}' }, want: { level: 'info' } },
    { name: 'a component level', data: { 'loglevel.autoscaler': 'debug' }, want: { componentLevels: { ...defaults.componentLevels, autoscaler: 'debug' } } },
    { name: 'any case', data: { 'loglevel.webhook': 'WARN' }, want: { componentLevels: { ...defaults.componentLevels, webhook: 'warn' } } },
    { name: 'another component', data: { 'loglevel.queueproxy': 'error' }, want: { componentLevels: { ...defaults.componentLevels, queueproxy: 'error' } } },
    { name: 'an empty level is skipped', data: { 'loglevel.controller': '' }, want: {} },
  ])('accepts $name', ({ data, want }) => {
    expect(parseLoggingConfig(data)).toEqual({ ok: true, config: { ...defaults, ...want } });
  });

  it.each([
    { name: 'unknown component level', key: 'loglevel.controller', value: 'verbose', message: 'invalid logging level: verbose' },
    { name: 'unknown zap level', key: 'zap-logger-config', value: '{"level": "loud"}', message: 'invalid logging level: loud' },
    { name: 'zap config not JSON', key: 'zap-logger-config', value: '{level: info', message: `failed to parse zap-logger-config: Expected property name or '}' in JSON at position 1 (line 1 column 2)` },
    { name: 'zap config not an object', key: 'zap-logger-config', value: '[]', message: 'zap-logger-config must be a JSON object' },
  ])('rejects $name: $key="$value"', ({ key, value, message }) => {
    expect(parseLoggingConfig({ [key]: value })).toEqual({ ok: false, problems: [{ key, value, message }] });
  });
});
