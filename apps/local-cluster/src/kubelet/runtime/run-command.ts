// Runs a short command to its end and collects its output: exec probes and hooks (both
// runtimes) and the docker CLI calls of the docker runtime. Output (stdout and stderr, in
// arrival order) is capped; a timeout kills the command's whole process group.
import { spawn } from 'node:child_process';
import os from 'node:os';
import { execExitCode } from './exit-status.js';

/** How a command ended. */
export interface CommandResult {
  readonly exitCode: number;
  readonly output: string;
  readonly timedOut: boolean;
}

/** What to run and how. */
export interface CommandOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  readonly timeoutMs: number;
  /** Output kept (10 KiB). */
  readonly maxOutputBytes?: number;
}

/** The output kept for exec probes: 10 KiB, as the kubelet keeps. */
export const MAX_EXEC_OUTPUT_BYTES = 10 * 1024;

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Runs argv; never rejects (a program that cannot start gives 127/126 and the error as output). */
export async function runCommand(argv: readonly string[], options: CommandOptions): Promise<CommandResult> {
  const limit = options.maxOutputBytes ?? MAX_EXEC_OUTPUT_BYTES;
  const chunks: Buffer[] = [];
  let kept = 0;
  let timedOut = false;
  const keep = (chunk: Buffer): void => {
    if (kept >= limit) return;
    chunks.push(chunk.subarray(0, limit - kept));
    kept += Math.min(chunk.length, limit - kept);
  };
  return new Promise((resolve) => {
    const child = spawn(argv[0] ?? '', argv.slice(1), { env: options.env ?? process.env, cwd: options.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, options.timeoutMs);
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ exitCode: error.code === 'EACCES' ? 126 : 127, output: error.message, timedOut: false });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const exitCode = execExitCode({ code, signal }, os.constants.signals);
      resolve({ exitCode, output: Buffer.concat(chunks).toString(), timedOut });
    });
  });
}
