// The Docker container runtime, for pods whose image the local Docker engine has (built
// locally: there is no registry here). Always host networking (ENVIRONMENT.md: never a bridge
// network, only loopback traffic); the pod IP reaches the container through its env. A
// container is `docker create`d (labelled with this local cluster's instance, a hash of its
// data dir, and the pod's uid) and run attached with `docker start -a` as a child process whose
// stdout/stderr go to the log store; how it ended comes from `docker inspect` (exit code,
// OOMKilled, a start error), then it is removed. `cleanupStale()` removes every container with
// this instance's label, which is what an earlier run killed with -9 leaves behind.
import type { EffectiveSecurity } from '@ebb/workloads';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Logger } from 'pino';
import type { ContainerLogWriter, LogStore } from '../logs/log-writer.js';
import { cannotRunExit, oomExit } from './exit-status.js';
import { runCommand, type CommandResult } from './run-command.js';
import type { ContainerExit, ContainerLaunch, ContainerRuntime, RunningContainer } from './runtime.js';

/** What the docker runtime needs. */
export interface DockerRuntimeOptions {
  readonly dataDir: string;
  readonly logs: LogStore;
  readonly logger: Logger;
  /** The docker CLI (`docker`). */
  readonly docker?: string;
}

/** The label naming the local cluster instance that created a container. */
export const INSTANCE_LABEL = 'dev.ebb.local-cluster';
/** The label naming the pod a container belongs to. */
export const POD_UID_LABEL = 'dev.ebb.pod-uid';

/** A local cluster instance's id: a hash of its absolute data dir. */
export function instanceId(dataDir: string): string {
  return createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16);
}

/** The Docker container name of one attempt of a container. */
export function dockerContainerName(launch: Pick<ContainerLaunch, 'podUid' | 'containerName' | 'attempt'>): string {
  return `ebb-${launch.podUid.slice(0, 8)}-${launch.containerName}-${launch.attempt}`;
}

/**
 * `docker create` flags for a container's security context: the user (and group; Docker takes a
 * group only with a user), a read-only root, no privilege escalation, privileged mode and
 * capabilities. Nothing for an empty one: the image's user and Docker's defaults apply.
 */
export function dockerSecurityArgs(security: EffectiveSecurity | undefined): string[] {
  if (security === undefined) return [];
  const args: string[] = [];
  if (security.runAsUser !== undefined) args.push('--user', security.runAsGroup === undefined ? String(security.runAsUser) : `${security.runAsUser}:${security.runAsGroup}`);
  if (security.readOnlyRootFilesystem === true) args.push('--read-only');
  if (security.allowPrivilegeEscalation === false) args.push('--security-opt', 'no-new-privileges');
  if (security.privileged === true) args.push('--privileged');
  for (const capability of security.dropCapabilities) args.push('--cap-drop', capability);
  for (const capability of security.addCapabilities) args.push('--cap-add', capability);
  return args;
}

/** The arguments of `docker create` for a launch (the image must be a `docker` one). */
export function dockerCreateArgs(launch: ContainerLaunch, instance: string): string[] {
  const args = ['create', '--name', dockerContainerName(launch), '--label', `${INSTANCE_LABEL}=${instance}`, '--label', `${POD_UID_LABEL}=${launch.podUid}`];
  args.push('--network', 'host', '--log-driver', 'none');
  for (const [name, value] of Object.entries(launch.env)) args.push('-e', `${name}=${value}`);
  for (const mount of launch.mounts) args.push('-v', `${mount.hostPath}:${mount.containerPath}${mount.readOnly ? ':ro' : ''}`);
  if (launch.workingDir !== undefined) args.push('-w', launch.workingDir);
  if (launch.memoryLimitBytes !== undefined) args.push('--memory', String(launch.memoryLimitBytes), '--memory-swap', String(launch.memoryLimitBytes));
  args.push(...dockerSecurityArgs(launch.security));
  const [entrypoint, ...commandRest] = launch.command ?? [];
  if (entrypoint !== undefined) args.push('--entrypoint', entrypoint);
  const image = launch.image.kind === 'docker' ? launch.image.id : launch.image.ref;
  return [...args, image, ...commandRest, ...(launch.args ?? [])];
}

/** The part of `docker inspect`'s `.State` that tells how a container ended. */
export interface DockerState {
  readonly ExitCode?: number;
  readonly OOMKilled?: boolean;
  readonly Error?: string;
}

/** How a container ended, from its inspected state. */
export function dockerExit(state: DockerState | undefined, times: { startedAt: Date; finishedAt: Date }, memoryLimitBytes: number | undefined): ContainerExit {
  if (state === undefined) return cannotRunExit({ exitCode: 125, message: 'the container is gone: its state is unknown' }, times.finishedAt);
  if (state.OOMKilled === true) return oomExit(times, memoryLimitBytes ?? 0);
  const exitCode = state.ExitCode ?? 0;
  if (state.Error !== undefined && state.Error !== '') return { ...cannotRunExit({ exitCode, message: state.Error }, times.startedAt), finishedAt: times.finishedAt };
  return { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', ...times };
}

/** The container id in `docker create`'s output (warnings may come first). */
export function createdId(output: string): string | undefined {
  return output
    .split('\n')
    .map((line) => line.trim())
    .find((line) => /^[0-9a-f]{64}$/.test(line));
}

const CLI_TIMEOUT_MS = 60_000;
/** How often and how long start() looks whether the container runs yet. */
const START_POLL_MS = 20;
const START_POLLS = 500;

/** One container run by the Docker engine. */
class DockerContainer implements RunningContainer {
  readonly id: string;
  readonly startedAt = new Date();
  readonly exited: Promise<ContainerExit>;
  private ended = false;

  private constructor(
    private readonly containerId: string,
    private readonly context: { docker: string; launch: ContainerLaunch; log: ContainerLogWriter; logger: Logger },
  ) {
    this.id = `docker://${containerId}`;
    this.exited = this.run();
  }

  /** Starts the created container attached; resolves once it runs (or has already ended), so exec works right away. */
  static async start(containerId: string, context: { docker: string; launch: ContainerLaunch; log: ContainerLogWriter; logger: Logger }): Promise<DockerContainer> {
    const container = new DockerContainer(containerId, context);
    await container.untilStarted();
    return container;
  }

  signal(signal: 'SIGTERM' | 'SIGKILL'): void {
    if (this.ended) return;
    void runCommand([this.context.docker, 'kill', '--signal', signal === 'SIGTERM' ? 'TERM' : 'KILL', this.containerId], { timeoutMs: CLI_TIMEOUT_MS });
  }

  async exec(argv: readonly string[], timeoutMs: number): Promise<CommandResult> {
    if (this.ended) return { exitCode: 126, output: 'container is not running', timedOut: false };
    return runCommand([this.context.docker, 'exec', this.containerId, ...argv], { timeoutMs });
  }

  private async run(): Promise<ContainerExit> {
    const { docker, log, launch } = this.context;
    const child = spawn(docker, ['start', '--attach', this.containerId], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => log.write('stdout', chunk));
    child.stderr.on('data', (chunk: Buffer) => log.write('stderr', chunk));
    await ended(child);
    this.ended = true;
    const finishedAt = new Date();
    log.close();
    const state = await this.inspect();
    await runCommand([docker, 'rm', '-f', this.containerId], { timeoutMs: CLI_TIMEOUT_MS });
    const exit = dockerExit(state, { startedAt: this.startedAt, finishedAt }, launch.memoryLimitBytes);
    this.context.logger.debug({ pod: launch.podName, container: launch.containerName, exit }, 'docker container ended');
    return exit;
  }

  /** Polls the container's status until it left `created` (or the attached client ended). */
  private async untilStarted(): Promise<void> {
    let done = false;
    void this.exited.then(() => (done = true));
    for (let i = 0; i < START_POLLS && !done; i += 1) {
      const status = await runCommand([this.context.docker, 'inspect', '--format', '{{.State.Status}}', this.containerId], { timeoutMs: CLI_TIMEOUT_MS });
      if (status.exitCode !== 0 || status.output.trim() !== 'created') return;
      await new Promise((resolve) => setTimeout(resolve, START_POLL_MS));
    }
  }

  private async inspect(): Promise<DockerState | undefined> {
    const result = await runCommand([this.context.docker, 'inspect', '--format', '{{json .State}}', this.containerId], { timeoutMs: CLI_TIMEOUT_MS });
    if (result.exitCode !== 0) return undefined;
    try {
      return JSON.parse(result.output) as DockerState;
    } catch {
      return undefined;
    }
  }
}

/** Resolves once the attached client ended and its output is read. */
async function ended(child: ChildProcess): Promise<void> {
  await new Promise<void>((resolve) => {
    child.once('close', () => resolve());
    child.once('error', () => resolve());
  });
}

/** A container Docker refused to create: it has ended already. */
function refusedContainer(result: CommandResult, log: ContainerLogWriter): RunningContainer {
  const message = result.output.trim() || `docker create failed with exit code ${result.exitCode}`;
  log.write('stderr', `${message}\n`);
  log.close();
  const startedAt = new Date();
  return {
    id: 'docker://',
    startedAt,
    exited: Promise.resolve(cannotRunExit({ exitCode: 125, message }, startedAt)),
    signal: () => undefined,
    exec: () => Promise.resolve({ exitCode: 126, output: 'container is not running', timedOut: false }),
  };
}

/** Runs containers with the Docker engine. */
export class DockerRuntime implements ContainerRuntime {
  readonly name = 'docker';
  readonly instance: string;
  private readonly docker: string;

  constructor(private readonly options: DockerRuntimeOptions) {
    this.docker = options.docker ?? 'docker';
    this.instance = instanceId(options.dataDir);
  }

  /** Whether a Docker engine answers `docker info` within `timeoutMs`. */
  static async available(docker = 'docker', timeoutMs = 2000): Promise<boolean> {
    const result = await runCommand([docker, 'info', '--format', '{{.ServerVersion}}'], { timeoutMs });
    return result.exitCode === 0 && !result.timedOut;
  }

  /** Whether this runtime's engine answers. */
  async available(timeoutMs = 2000): Promise<boolean> {
    return DockerRuntime.available(this.docker, timeoutMs);
  }

  /** The id of a local image, or undefined when the engine does not have it. */
  async imageId(ref: string): Promise<string | undefined> {
    const result = await runCommand([this.docker, 'image', 'inspect', '--format', '{{.Id}}', ref], { timeoutMs: CLI_TIMEOUT_MS });
    const id = result.output.trim();
    return result.exitCode === 0 && id !== '' ? id : undefined;
  }

  async start(launch: ContainerLaunch): Promise<RunningContainer> {
    const log = this.options.logs.open(launch.podDir, launch.containerName, launch.attempt);
    const created = await runCommand([this.docker, ...dockerCreateArgs(launch, this.instance)], { timeoutMs: CLI_TIMEOUT_MS, maxOutputBytes: 64 * 1024 });
    const id = created.exitCode === 0 ? createdId(created.output) : undefined;
    if (id === undefined) return refusedContainer(created, log);
    this.options.logger.debug({ pod: launch.podName, container: launch.containerName, attempt: launch.attempt, id }, 'docker container created');
    return DockerContainer.start(id, { docker: this.docker, launch, log, logger: this.options.logger });
  }

  /** Removes every container this instance created (`docker rm -f`). */
  async cleanupStale(): Promise<number> {
    const listed = await runCommand([this.docker, 'ps', '--all', '--quiet', '--no-trunc', '--filter', `label=${INSTANCE_LABEL}=${this.instance}`], { timeoutMs: CLI_TIMEOUT_MS });
    const ids = listed.exitCode === 0 ? listed.output.split('\n').map((line) => line.trim()).filter((line) => line !== '') : [];
    if (ids.length === 0) return 0;
    await runCommand([this.docker, 'rm', '-f', ...ids], { timeoutMs: CLI_TIMEOUT_MS });
    this.options.logger.info({ removed: ids.length }, 'removed docker containers left by an earlier run');
    return ids.length;
  }
}
