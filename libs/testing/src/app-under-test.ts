import { startApp, type AppSpec, type BaseConfig, type RunningApp } from '@ebb/observability';
import { captureJsonLines } from './json-lines.js';

/** An app started in-process for a spec, with its log lines captured. */
export interface AppUnderTest extends AsyncDisposable {
  readonly app: RunningApp;
  readonly logs: Record<string, unknown>[];
  /** GETs an admin path and returns its status and JSON (or text) body. */
  get(path: string): Promise<{ status: number; body: unknown }>;
}

/**
 * Starts an app from its {@link AppSpec} in this process, with settings read from `env` as the
 * real process would (plus a free admin port on 127.0.0.1 and a short drain), and returns it
 * ready to probe. Dispose it (or `app.shutdown`) at the end of the test.
 */
export async function startAppUnderTest<C extends BaseConfig>(spec: AppSpec<C>, env: NodeJS.ProcessEnv = {}): Promise<AppUnderTest> {
  const { stream: logDestination, lines: logs } = captureJsonLines();
  const config = spec.parseConfig({ EBB_ADMIN_HOST: '127.0.0.1', EBB_ADMIN_PORT: '1', EBB_DRAIN_SECONDS: '0', ...env });
  const app = await startApp(spec, { ...config, adminPort: 0 }, { logDestination });
  return {
    app,
    logs,
    get: async (path) => {
      const response = await fetch(`${app.adminUrl}${path}`);
      const text = await response.text();
      const json = response.headers.get('content-type')?.startsWith('application/json');
      return { status: response.status, body: json ? (JSON.parse(text) as unknown) : text };
    },
    [Symbol.asyncDispose]: () => app.shutdown('test over'),
  };
}
