// Runs the workspace's own tools (nx, eslint…) from node_modules/.bin for the repository-level e2e suites.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { WORKSPACE_ROOT } from '@ebb/testing';

const run = promisify(execFile);

/** Runs a command from node_modules/.bin (nx, eslint…) with this Node; resolves with its output even when it exits non-zero. */
export async function runBin(bin: string, args: readonly string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const file = path.join(WORKSPACE_ROOT, 'node_modules', '.bin', bin);
  try {
    const { stdout, stderr } = await run(process.execPath, [file, ...args], {
      cwd,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0' },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}
