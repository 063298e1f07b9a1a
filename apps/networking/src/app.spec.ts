import { ConfigError } from '@ebb/observability';
import { NatsServer, startAppUnderTest, waitFor } from '@ebb/testing';
import { networkingApp, DEFAULT_ADMIN_PORT } from './app.js';

describe('the networking app', () => {
  it('is the networking component, on admin port 8084 unless told otherwise', () => {
    expect(networkingApp.component).toBe('networking');
    expect(DEFAULT_ADMIN_PORT).toBe(8084);
    expect(networkingApp.parseConfig({})).toMatchObject({ adminPort: 8084, natsServers: ['nats://127.0.0.1:4222'] });
  });

  it('refuses settings that do not parse, naming the variable', () => {
    expect(() => networkingApp.parseConfig({ EBB_ADMIN_PORT: 'abc' })).toThrow(ConfigError);
    expect(() => networkingApp.parseConfig({ EBB_NATS_URL: 'http://x' })).toThrow(/EBB_NATS_URL/);
  });

  it('connects to NATS and is ready only while connected', async () => {
    await using nats = await NatsServer.start();
    await using shell = await startAppUnderTest(networkingApp, { EBB_NATS_URL: nats.url });
    await waitFor(async () => (await shell.get('/readyz')).status === 200, { description: 'ready' });
    expect((await shell.get('/readyz')).body).toEqual({ ready: true, draining: false, checks: { nats: true } });
    await nats.stop();
    await waitFor(async () => (await shell.get('/readyz')).status === 503, { description: 'not ready without NATS' });
    expect(shell.logs.every((line) => line['component'] === 'networking')).toBe(true);
  });
});
