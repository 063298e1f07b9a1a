import { ConfigError } from '@ebb/observability';
import { startAppUnderTest } from '@ebb/testing';
import { DEFAULT_ADMIN_PORT, webhookApp } from './app.js';

describe('the webhook app', () => {
  it('is the webhook component, on admin port 8085 unless told otherwise', () => {
    expect(webhookApp.component).toBe('webhook');
    expect(DEFAULT_ADMIN_PORT).toBe(8085);
    expect(webhookApp.parseConfig({})).toEqual({ adminHost: '0.0.0.0', adminPort: 8085, logLevel: 'info', drainSeconds: 10 });
  });

  it('refuses settings that do not parse, naming the variable', () => {
    expect(() => webhookApp.parseConfig({ EBB_ADMIN_PORT: 'abc' })).toThrow(/^invalid configuration: EBB_ADMIN_PORT: /);
    expect(() => webhookApp.parseConfig({ EBB_ADMIN_PORT: 'abc' })).toThrow(ConfigError);
  });

  it('needs no NATS: ready with no dependency checks', async () => {
    await using shell = await startAppUnderTest(webhookApp, { EBB_NATS_URL: 'nats://127.0.0.1:1' });
    expect(await shell.get('/readyz')).toEqual({ status: 200, body: { ready: true, draining: false, checks: {} } });
    expect(shell.logs.every((line) => line['component'] === 'webhook')).toBe(true);
  });
});
