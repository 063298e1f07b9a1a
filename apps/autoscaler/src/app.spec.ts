import { ConfigError } from '@ebb/observability';
import { NatsServer, startAppUnderTest, waitFor } from '@ebb/testing';
import { autoscalerApp, DEFAULT_ADMIN_PORT } from './app.js';

describe('the autoscaler app', () => {
  it('is the autoscaler component, on admin port 8083 unless told otherwise', () => {
    expect(autoscalerApp.component).toBe('autoscaler');
    expect(DEFAULT_ADMIN_PORT).toBe(8083);
    expect(autoscalerApp.parseConfig({})).toMatchObject({ adminPort: 8083, natsServers: ['nats://127.0.0.1:4222'] });
  });

  it('refuses settings that do not parse, naming the variable', () => {
    expect(() => autoscalerApp.parseConfig({ EBB_ADMIN_PORT: 'abc' })).toThrow(ConfigError);
    expect(() => autoscalerApp.parseConfig({ EBB_NATS_URL: 'http://x' })).toThrow(/EBB_NATS_URL/);
  });

  it('connects to NATS and is ready only while connected', async () => {
    await using nats = await NatsServer.start();
    await using shell = await startAppUnderTest(autoscalerApp, { EBB_NATS_URL: nats.url });
    await waitFor(async () => (await shell.get('/readyz')).status === 200, { description: 'ready' });
    expect((await shell.get('/readyz')).body).toEqual({ ready: true, draining: false, checks: { nats: true } });
    await nats.stop();
    await waitFor(async () => (await shell.get('/readyz')).status === 503, { description: 'not ready without NATS' });
    expect(shell.logs.every((line) => line['component'] === 'autoscaler')).toBe(true);
  });
});
