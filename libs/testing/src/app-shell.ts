import { ConfigError, type AppSpec, type BaseConfig } from '@ebb/observability';
import { startAppUnderTest, type AppUnderTest } from './app-under-test.js';
import { NatsServer } from './nats-server.js';
import { waitFor } from './wait-for.js';

/** What an app's spec states about its shell. */
export interface AppShellExpectations {
  readonly component: string;
  /** The admin port it listens on when `EBB_ADMIN_PORT` is not set. */
  readonly defaultAdminPort: number;
  /** The readiness checks it registers; with `nats` among them it is ready only while NATS is connected. */
  readonly readinessChecks: readonly string[];
  /** Further settings for each in-process start (e.g. a free port or a temporary folder of its own). */
  readonly env?: () => Promise<Record<string, string>>;
}

/**
 * The behaviour every platform app's shell shares, as jest tests for one app: its name and
 * default port, refusal of bad settings naming the variable, and readiness that follows its
 * dependencies. Call it at the top level of the app's spec file.
 */
export function describeAppShell<C extends BaseConfig>(spec: AppSpec<C>, expected: AppShellExpectations): void {
  const usesNats = expected.readinessChecks.includes('nats');
  const allPassing = Object.fromEntries(expected.readinessChecks.map((check) => [check, true]));
  const start = async (env: Record<string, string>): Promise<AppUnderTest> => startAppUnderTest(spec, { ...(await expected.env?.()), ...env });
  describe(`the ${expected.component} app shell`, () => {
    it(`is the ${expected.component} component, on admin port ${expected.defaultAdminPort} unless told otherwise`, () => {
      expect(spec.component).toBe(expected.component);
      expect(spec.parseConfig({})).toMatchObject({ adminHost: '0.0.0.0', adminPort: expected.defaultAdminPort, logLevel: 'info', drainSeconds: 10 });
    });

    it('refuses an admin port that is not a number, naming the variable', () => {
      expect(() => spec.parseConfig({ EBB_ADMIN_PORT: 'abc' })).toThrow(ConfigError);
      expect(() => spec.parseConfig({ EBB_ADMIN_PORT: 'abc' })).toThrow(/^invalid configuration: EBB_ADMIN_PORT: /);
    });

    if (usesNats) {
      it('refuses a NATS URL that does not parse, naming the variable', () => {
        expect(() => spec.parseConfig({ EBB_NATS_URL: 'http://x' })).toThrow(/EBB_NATS_URL: "http:\/\/x" must use nats:\/\/ or tls:\/\//);
      });

      it('connects to NATS and is ready only while connected', async () => {
        await using nats = await NatsServer.start();
        await using shell = await start({ EBB_NATS_URL: nats.url });
        await waitFor(async () => (await shell.get('/readyz')).status === 200, { description: 'ready' });
        expect((await shell.get('/readyz')).body).toEqual({ ready: true, draining: false, checks: allPassing });
        await nats.stop();
        await waitFor(async () => (await shell.get('/readyz')).status === 503, { description: 'not ready without NATS' });
        expect(shell.logs.every((line) => line['component'] === expected.component)).toBe(true);
      });
    } else {
      it(`needs no NATS: ready once its own checks pass (${expected.readinessChecks.join(', ') || 'none'})`, async () => {
        await using shell = await start({ EBB_NATS_URL: 'nats://127.0.0.1:1' });
        await waitFor(async () => (await shell.get('/readyz')).status === 200, { description: 'ready' });
        expect(await shell.get('/readyz')).toEqual({ status: 200, body: { ready: true, draining: false, checks: allPassing } });
        expect(shell.logs.every((line) => line['component'] === expected.component)).toBe(true);
      });
    }
  });
}
