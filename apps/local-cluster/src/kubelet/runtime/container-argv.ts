// How the process runtime turns a container into argv, env and a working directory, the way a
// container runtime would: Kubernetes' command/args rules against a local image's
// entrypoint/cmd, the image's env under the container's, PATH with the cluster's own Node first,
// and argv[0] looked up as execvp would (so a missing or non-executable program is reported as
// ContainerCannotRun with 127/126 instead of a cryptic spawn error). Pure apart from `access`.
import path from 'node:path';
import { ContainerStartError, type ContainerLaunch } from './runtime.js';

/**
 * The argv to run: `command` overrides the entrypoint, `args` override the cmd, a `command`
 * without `args` drops the cmd. A `host` container has only its command and args.
 */
export function containerArgv(launch: Pick<ContainerLaunch, 'image' | 'command' | 'args'>): string[] {
  const { image, command, args } = launch;
  let argv: readonly string[];
  if (image.kind === 'local') argv = command !== undefined ? [...command, ...(args ?? [])] : [...image.entrypoint, ...(args ?? image.cmd)];
  else argv = [...(command ?? []), ...(command === undefined ? [] : (args ?? []))];
  if (argv.length === 0 || argv[0] === '') throw new ContainerStartError('CreateContainerError', 'no command specified');
  return [...argv];
}

/** The environment: the local image's env, then the container's; PATH added when absent. */
export function containerEnv(launch: Pick<ContainerLaunch, 'image' | 'env'>, host: { path: string; nodeDir: string }): Record<string, string> {
  const imageEnv = launch.image.kind === 'local' ? launch.image.env : {};
  const env: Record<string, string> = { ...imageEnv, ...launch.env };
  if (env.PATH === undefined) env.PATH = [host.nodeDir, ...host.path.split(':').filter((dir) => dir !== '' && dir !== host.nodeDir)].join(':');
  return env;
}

/** The working directory: the container's, else the local image's (its own, else its dir), else the pod's directory. */
export function containerWorkingDir(launch: Pick<ContainerLaunch, 'image' | 'workingDir' | 'podDir'>): string {
  if (launch.workingDir !== undefined) return launch.workingDir;
  if (launch.image.kind !== 'local') return launch.podDir;
  const { dir, workingDir } = launch.image;
  return workingDir === undefined ? dir : path.resolve(dir, workingDir);
}

/** Why argv[0] cannot run, as a runtime reports it. */
export interface CannotRun {
  readonly exitCode: 126 | 127;
  readonly message: string;
}

/** Whether a path is an executable file (`missing`, `not-executable` or `ok`). */
export type Access = (file: string) => 'missing' | 'not-executable' | 'ok';

/** The absolute program for argv[0] (a name with a slash against cwd, else searched in PATH), or why it cannot run. */
export function resolveProgram(argv0: string, context: { cwd: string; path: string }, access: Access): { program: string } | CannotRun {
  if (argv0.includes('/')) {
    const program = path.resolve(context.cwd, argv0);
    const found = access(program);
    if (found === 'ok') return { program };
    return found === 'missing'
      ? { exitCode: 127, message: `exec: ${JSON.stringify(argv0)}: stat ${program}: no such file or directory` }
      : { exitCode: 126, message: `exec: ${JSON.stringify(argv0)}: permission denied` };
  }
  let denied = false;
  for (const dir of context.path.split(':').filter((entry) => entry !== '')) {
    const candidate = path.resolve(context.cwd, dir, argv0);
    const found = access(candidate);
    if (found === 'ok') return { program: candidate };
    denied ||= found === 'not-executable';
  }
  return denied
    ? { exitCode: 126, message: `exec: ${JSON.stringify(argv0)}: permission denied` }
    : { exitCode: 127, message: `exec: ${JSON.stringify(argv0)}: executable file not found in $PATH` };
}
