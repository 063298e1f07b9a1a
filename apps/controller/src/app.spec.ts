import { ConfigError } from '@ebb/observability';
import { NatsServer, startAppUnderTest, waitFor } from '@ebb/testing';
import { controllerApp, DEFAULT_ADMIN_PORT } from './app.js';

describe('the controller app', () => {
  it('is the controller component, on admin port 8081 unless told otherwise', () => {
    expect(controllerApp.component).toBe('controller');
    expect(DEFAULT_ADMIN_PORT).toBe(8081);
    expect(controllerApp.parseConfig({})).toMatchObject({ adminPort: 8081, natsServers: ['nats://127.0.0.1:4222'] });
  });

  it('refuses settings that do not parse, naming the variable', () => {
    expect(() => controllerApp.parseConfig({ EBB_ADMIN_PORT: 'abc' })).toThrow(ConfigError);
    expect(() => controllerApp.parseConfig({ EBB_NATS_URL: 'http://x' })).toThrow(/EBB_NATS_URL/);
  });

  it('connects to NATS and is ready only while connected', async () => {
    await using nats = await NatsServer.start();
    await using shell = await startAppUnderTest(controllerApp, { EBB_NATS_URL: nats.url });
    await waitFor(async () => (await shell.get('/readyz')).status === 200, { description: 'ready' });
    expect((await shell.get('/readyz')).body).toEqual({ ready: true, draining: false, checks: { nats: true } });
    await nats.stop();
    await waitFor(async () => (await shell.get('/readyz')).status === 503, { description: 'not ready without NATS' });
    expect(shell.logs.every((line) => line['component'] === 'controller')).toBe(true);
  });
});
