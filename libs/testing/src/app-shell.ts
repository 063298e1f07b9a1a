import { ConfigError, type AppSpec, type BaseConfig } from '@ebb/observability';
import { startAppUnderTest } from './app-under-test.js';
import { NatsServer } from './nats-server.js';
import { waitFor } from './wait-for.js';

/** What an app's spec states about its shell. */
export interface AppShellExpectations {
  readonly component: string;
  /** The admin port it listens on when `EBB_ADMIN_PORT` is not set. */
  readonly defaultAdminPort: number;
  /** Whether it connects to NATS (and so is ready only while connected). */
  readonly usesNats: boolean;
}

/**
 * The behaviour every platform app's shell shares, as jest tests for one app: its name and
 * default port, refusal of bad settings naming the variable, and readiness that follows its
 * dependencies. Call it at the top level of the app's spec file.
 */
export function describeAppShell<C extends BaseConfig>(spec: AppSpec<C>, expected: AppShellExpectations): void {
  describe(`the ${expected.component} app shell`, () => {
    it(`is the ${expected.component} component, on admin port ${expected.defaultAdminPort} unless told otherwise`, () => {
      expect(spec.component).toBe(expected.component);
      expect(spec.parseConfig({})).toMatchObject({ adminHost: '0.0.0.0', adminPort: expected.defaultAdminPort, logLevel: 'info', drainSeconds: 10 });
    });

    it('refuses an admin port that is not a number, naming the variable', () => {
      expect(() => spec.parseConfig({ EBB_ADMIN_PORT: 'abc' })).toThrow(ConfigError);
      expect(() => spec.parseConfig({ EBB_ADMIN_PORT: 'abc' })).toThrow(/^invalid configuration: EBB_ADMIN_PORT: /);
    });

    if (expected.usesNats) {
      it('refuses a NATS URL that does not parse, naming the variable', () => {
        expect(() => spec.parseConfig({ EBB_NATS_URL: 'http://x' })).toThrow(/EBB_NATS_URL: "http:\/\/x" must use nats:\/\/ or tls:\/\//);
      });

      it('connects to NATS and is ready only while connected', async () => {
        await using nats = await NatsServer.start();
        await using shell = await startAppUnderTest(spec, { EBB_NATS_URL: nats.url });
        await waitFor(async () => (await shell.get('/readyz')).status === 200, { description: 'ready' });
        expect((await shell.get('/readyz')).body).toEqual({ ready: true, draining: false, checks: { nats: true } });
        await nats.stop();
        await waitFor(async () => (await shell.get('/readyz')).status === 503, { description: 'not ready without NATS' });
        expect(shell.logs.every((line) => line['component'] === expected.component)).toBe(true);
      });
    } else {
      it('needs no NATS: ready with no dependency checks', async () => {
        await using shell = await startAppUnderTest(spec, { EBB_NATS_URL: 'nats://127.0.0.1:1' });
        expect(await shell.get('/readyz')).toEqual({ status: 200, body: { ready: true, draining: false, checks: {} } });
        expect(shell.logs.every((line) => line['component'] === expected.component)).toBe(true);
      });
    }
  });
}
