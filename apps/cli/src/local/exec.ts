// Child processes `ebb up` runs and waits for (kubectl, nx): output captured, or passed through
// for long builds, and a clear error when the program is not installed.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** How a finished command ended. */
export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runCommand}. */
export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Written to the command's stdin. */
  readonly input?: string;
  /** Pass output through to ours instead of capturing it. */
  readonly inherit?: boolean;
}

/** Runs `command args…` to the end. Never rejects for a non-zero exit; rejects when it cannot start. */
export function runCommand(command: string, args: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd: options.cwd, env: options.env, stdio: [options.input === undefined ? 'ignore' : 'pipe', options.inherit ? 'inherit' : 'pipe', options.inherit ? 'inherit' : 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin?.end(options.input);
  });
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The absolute path of `name` on PATH (or in `extraDirs`), or undefined. */
export function findExecutable(name: string, env: NodeJS.ProcessEnv, extraDirs: readonly string[] = []): string | undefined {
  const dirs = [...(env['PATH'] ?? '').split(path.delimiter).filter((d) => d !== ''), ...extraDirs];
  return dirs.map((dir) => path.join(dir, name)).find(isExecutable);
}
