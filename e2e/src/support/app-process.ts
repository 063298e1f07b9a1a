import { exited, freePort, stopProcess, waitFor, WORKSPACE_ROOT, type ExitStatus } from '@ebb/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** One of the platform apps, started from its built bundle as its own process. */
export interface AppProcess {
  readonly child: ChildProcess;
  readonly adminUrl: string;
  /** Everything the process wrote so far (stdout and stderr). */
  output(): string;
  /** GET an admin path; the status, or undefined when nothing answers. */
  status(path: string): Promise<number | undefined>;
  get(path: string): Promise<Response>;
  /** SIGTERM by pid (SIGKILL after the grace period) and wait for the exit. */
  stop(): Promise<ExitStatus>;
}

/** The bundle `nx build <app>` writes. */
export function bundleOf(app: string): string {
  const bundle = path.join(WORKSPACE_ROOT, 'dist', 'apps', app, 'main.js');
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npx nx build ${app}\` first`);
  return bundle;
}

/** Spawns `node dist/apps/<app>/main.js` with `env` over a minimal environment; does not wait. */
export function spawnApp(app: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [bundleOf(app)], {
    cwd: WORKSPACE_ROOT,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Starts an app on a free admin port on 127.0.0.1 and waits until `/healthz` answers. */
export async function startAppProcess(app: string, env: Record<string, string>): Promise<AppProcess> {
  const port = await freePort();
  const child = spawnApp(app, { EBB_ADMIN_HOST: '127.0.0.1', EBB_ADMIN_PORT: String(port), ...env });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const adminUrl = `http://127.0.0.1:${port}`;
  const get = (p: string): Promise<Response> => fetch(`${adminUrl}${p}`);
  const status = async (p: string): Promise<number | undefined> => {
    try {
      const response = await get(p);
      await response.arrayBuffer();
      return response.status;
    } catch {
      return undefined;
    }
  };
  const handle: AppProcess = { child, adminUrl, output: () => output, status, get, stop: () => stopProcess(child, { graceMs: 30_000 }) };
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`${app} exited with ${child.exitCode}:\n${output}`);
      return (await status('/healthz')) === 200;
    },
    { description: `${app} to answer /healthz`, timeoutMs: 20_000 },
  );
  return handle;
}

/** Runs an app to its exit and returns the exit status and its stderr. */
export async function runToExit(app: string, env: Record<string, string>): Promise<ExitStatus & { stderr: string }> {
  const child = spawnApp(app, env);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const status = await exited(child);
  clearTimeout(timer);
  return { ...status, stderr };
}
