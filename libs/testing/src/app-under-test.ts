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

/** What {@link drainUntilReleased} saw of an app's graceful stop. */
export interface DrainObservation {
  /** Whether the stop had finished before `release` ran (a drain that ignored its condition). */
  readonly stoppedBeforeRelease: boolean;
  /** The status /readyz answered while the app drained. */
  readonly readyzWhileDraining: number;
  /** From SIGTERM to the end of the stop. */
  readonly elapsedMs: number;
  /** How the drain ended, from the app's log lines that say (`condition` or `period`). */
  readonly endedBy: readonly unknown[];
}

/**
 * Sends the app's SIGTERM, lets it drain for `holdMs`, reads /readyz, then runs `release` (what
 * should end the drain, e.g. the EndpointSlice no longer listing the replica) and waits for the
 * stop to finish; returns what it saw for the test to assert.
 */
export async function drainUntilReleased(under: AppUnderTest, steps: { holdMs: number; release: () => Promise<void> }): Promise<DrainObservation> {
  let stopped = false;
  const started = Date.now();
  const stopping = under.app.shutdown('SIGTERM').then(() => (stopped = true));
  await new Promise((resolve) => setTimeout(resolve, steps.holdMs));
  const stoppedBeforeRelease = stopped;
  const readyzWhileDraining = stopped ? 0 : (await under.get('/readyz')).status;
  await steps.release();
  await stopping;
  return { stoppedBeforeRelease, readyzWhileDraining, elapsedMs: Date.now() - started, endedBy: under.logs.flatMap((line) => (line['end'] === undefined ? [] : [line['end']])) };
}
