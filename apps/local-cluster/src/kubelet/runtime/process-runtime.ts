// The default container runtime: each container is a child process of the local cluster, in
// its own process group (so a signal reaches everything the container started, and when the
// main process ends the rest of its group is killed, as a container's PID namespace would be).
// Where /usr/bin/setpriv exists the process is started as `setpriv --pdeathsig KILL -- argv`,
// so it dies with the local cluster even on `kill -9`; every start is recorded in the data dir
// and `cleanupStale()` ends what an earlier run left behind. There is no filesystem isolation:
// mounts are reached through env (the kubelet adds it), and `resources.limits.memory` is a
// watchdog on the group's RSS (see memory-watchdog.ts), not a cgroup.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import type { ContainerLogWriter, LogStore } from '../logs/log-writer.js';
import { containerArgv, containerEnv, containerWorkingDir, resolveProgram, type Access, type CannotRun } from './container-argv.js';
import { cannotRunExit, exitOf, oomExit } from './exit-status.js';
import { MemoryWatchdog } from './memory-watchdog.js';
import { parseProcStat, readAllProcStats } from './proc.js';
import { ProcessRecords, recordsDirectory, staleGroupMembers, type ProcessRecord } from './process-records.js';
import { runCommand, type CommandResult } from './run-command.js';
import type { ContainerExit, ContainerLaunch, ContainerRuntime, RunningContainer } from './runtime.js';

/** What the process runtime needs. */
export interface ProcessRuntimeOptions {
  readonly dataDir: string;
  readonly logs: LogStore;
  readonly logger: Logger;
  /** The setpriv binary for `--pdeathsig` (default `/usr/bin/setpriv` when it exists; false: none). */
  readonly setpriv?: string | false;
  /** How often memory limits are checked (250 ms). */
  readonly memoryPollMs?: number;
}

/** How long the output pipes may stay open after the main process ended (a process that left the group). */
const PIPE_GRACE_MS = 2000;

const fileAccess: Access = (file) => {
  try {
    if (!fs.statSync(file).isFile()) return 'missing';
    fs.accessSync(file, fs.constants.X_OK);
    return 'ok';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EACCES' ? 'not-executable' : 'missing';
  }
};

function defaultSetpriv(): string | false {
  return fs.existsSync('/usr/bin/setpriv') ? '/usr/bin/setpriv' : false;
}

/** Sends `signal` to process group `pgid`; false when it no longer exists (or pgid is not a real group). */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  if (!Number.isInteger(pgid) || pgid <= 1) return false;
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Field 22 of the process's stat, read right after spawn (0 when it already ended). */
function startTimeOf(pid: number): number {
  try {
    return parseProcStat(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))?.startTime ?? 0;
  } catch {
    return 0;
  }
}

type Child = ChildProcessByStdio<null, Readable, Readable>;

/** What a running process container shares with its runtime. */
interface ProcessContext {
  readonly launch: ContainerLaunch;
  readonly env: Record<string, string>;
  readonly cwd: string;
  readonly log: ContainerLogWriter;
  readonly records: ProcessRecords;
  readonly watchdog: MemoryWatchdog;
  readonly logger: Logger;
}

/** One container run as a process group. */
class ProcessContainer implements RunningContainer {
  readonly id: string;
  readonly startedAt = new Date();
  readonly exited: Promise<ContainerExit>;
  private ended = false;
  private oomKilled = false;

  constructor(
    private readonly child: Child,
    private readonly context: ProcessContext,
  ) {
    this.id = `process://${child.pid ?? 0}`;
    this.exited = new Promise((resolve) => this.track(resolve));
  }

  signal(signal: 'SIGTERM' | 'SIGKILL'): void {
    if (this.ended || this.child.pid === undefined || this.child.pid <= 0) return;
    signalGroup(this.child.pid, signal);
  }

  async exec(argv: readonly string[], timeoutMs: number): Promise<CommandResult> {
    if (this.ended) return { exitCode: 126, output: 'container is not running', timedOut: false };
    return runCommand(argv, { env: this.context.env, cwd: this.context.cwd, timeoutMs });
  }

  private track(resolve: (exit: ContainerExit) => void): void {
    const { child, context } = this;
    child.stdout.on('data', (chunk: Buffer) => context.log.write('stdout', chunk));
    child.stderr.on('data', (chunk: Buffer) => context.log.write('stderr', chunk));
    const pid = child.pid;
    if (pid === undefined) {
      child.once('error', (error: NodeJS.ErrnoException) => this.failed(resolve, error));
      return;
    }
    this.register(pid);
    child.once('exit', (code, signal) => void this.finish(resolve, pid, { code, signal }));
  }

  /** The process could not be spawned (its working directory is missing, say). */
  private failed(resolve: (exit: ContainerExit) => void, error: NodeJS.ErrnoException): void {
    this.ended = true;
    this.context.log.write('stderr', `${error.message}\n`);
    this.context.log.close();
    resolve(cannotRunExit({ exitCode: error.code === 'EACCES' ? 126 : 127, message: error.message }, this.startedAt));
  }

  private register(pid: number): void {
    const { launch, records, watchdog } = this.context;
    const record: ProcessRecord = { pid, pgid: pid, startTime: startTimeOf(pid), podUid: launch.podUid, containerName: launch.containerName, attempt: launch.attempt };
    records.add(record);
    if (launch.memoryLimitBytes === undefined) return;
    watchdog.watch(pid, launch.memoryLimitBytes, (rssBytes) => {
      this.oomKilled = true;
      this.context.logger.info({ pod: launch.podName, container: launch.containerName, rssBytes }, 'container over its memory limit: killed');
      signalGroup(pid, 'SIGKILL');
    });
  }

  private async finish(resolve: (exit: ContainerExit) => void, pid: number, ended: { code: number | null; signal: NodeJS.Signals | null }): Promise<void> {
    const { child, context } = this;
    this.ended = true;
    const finishedAt = new Date();
    context.watchdog.unwatch(pid);
    signalGroup(pid, 'SIGKILL');
    await pipesClosed(child);
    context.log.close();
    context.records.remove(pid);
    const times = { startedAt: this.startedAt, finishedAt };
    const limit = context.launch.memoryLimitBytes ?? 0;
    resolve(this.oomKilled ? oomExit(times, limit) : exitOf(ended, times, os.constants.signals));
  }
}

/** Resolves when the child's pipes closed, or after {@link PIPE_GRACE_MS}. */
async function pipesClosed(child: Child): Promise<void> {
  const closed = (stream: Readable): Promise<void> => (stream.closed ? Promise.resolve() : new Promise((resolve) => stream.once('close', () => resolve())));
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, PIPE_GRACE_MS);
  });
  await Promise.race([Promise.all([closed(child.stdout), closed(child.stderr)]), grace]);
  clearTimeout(timer);
}

/** A container whose program could not be found or run: it has ended already. */
function cannotRunContainer(failure: CannotRun, log: ContainerLogWriter): RunningContainer {
  log.write('stderr', `${failure.message}\n`);
  log.close();
  const startedAt = new Date();
  return {
    id: 'process://0',
    startedAt,
    exited: Promise.resolve(cannotRunExit(failure, startedAt)),
    signal: () => undefined,
    exec: () => Promise.resolve({ exitCode: 126, output: 'container is not running', timedOut: false }),
  };
}

/** Runs containers as child processes. */
export class ProcessRuntime implements ContainerRuntime {
  readonly name = 'process';
  private readonly records: ProcessRecords;
  private readonly watchdog: MemoryWatchdog;
  private readonly setpriv: string | false;

  constructor(private readonly options: ProcessRuntimeOptions) {
    this.records = new ProcessRecords(recordsDirectory(options.dataDir));
    this.watchdog = new MemoryWatchdog(options.memoryPollMs ?? 250);
    this.setpriv = options.setpriv ?? defaultSetpriv();
  }

  /** Starts the container; rejects with ContainerStartError when it has no command. */
  start(launch: ContainerLaunch): Promise<RunningContainer> {
    try {
      return Promise.resolve(this.launch(launch));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private launch(launch: ContainerLaunch): RunningContainer {
    const argv = containerArgv(launch);
    const cwd = containerWorkingDir(launch);
    const env = containerEnv(launch, { path: process.env.PATH ?? '', nodeDir: path.dirname(process.execPath) });
    const log = this.options.logs.open(launch.podDir, launch.containerName, launch.attempt);
    const program = resolveProgram(argv[0] ?? '', { cwd, path: env.PATH ?? '' }, fileAccess);
    if ('exitCode' in program) return cannotRunContainer(program, log);
    const [command, ...rest] = this.wrap([program.program, ...argv.slice(1)]);
    const child = spawn(command ?? '', rest, { env, cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.options.logger.debug({ pod: launch.podName, container: launch.containerName, attempt: launch.attempt, pid: child.pid, argv }, 'container process started');
    const context: ProcessContext = { launch, env, cwd, log, records: this.records, watchdog: this.watchdog, logger: this.options.logger };
    return new ProcessContainer(child, context);
  }

  /** SIGKILLs the process groups an earlier run recorded (when still ours) and drops the records. */
  async cleanupStale(): Promise<number> {
    const records = await this.records.all();
    if (records.length === 0) return 0;
    const stats = await readAllProcStats();
    let ended = 0;
    for (const record of records) {
      const members = staleGroupMembers(record, stats);
      if (members.length > 0 && signalGroup(record.pgid, 'SIGKILL')) ended += 1;
      this.records.remove(record.pid);
    }
    if (ended > 0) this.options.logger.info({ ended }, 'ended container processes left by an earlier run');
    return ended;
  }

  private wrap(argv: string[]): string[] {
    return this.setpriv === false ? argv : [this.setpriv, '--pdeathsig', 'KILL', '--', ...argv];
  }
}
