import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { LogStore } from '../logs/log-writer.js';
import { readProcStat } from './proc.js';
import { recordsDirectory } from './process-records.js';
import { ProcessRuntime } from './process-runtime.js';
import { logText, testLaunch } from './runtime.spec-support.js';
import { ContainerStartError, podDirectory, type ContainerLaunch, type ResolvedImage } from './runtime.js';

const NODE = process.execPath;
let dataDir: string;
let runtime: ProcessRuntime;

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-process-runtime-'));
  runtime = new ProcessRuntime({ dataDir, logs: new LogStore(), logger: pino({ level: 'silent' }), memoryPollMs: 50 });
});

afterEach(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function launch(overrides: Partial<ContainerLaunch> = {}): ContainerLaunch {
  return testLaunch(dataDir, 'uid-1', { kind: 'host', ref: '' }, { podIP: '127.0.0.2', ...overrides });
}

function logsOf(): Promise<string> {
  return logText(dataDir, 'uid-1');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** True once the process is gone (or a zombie), polling up to ~5 s: a SIGKILLed process dies asynchronously. */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100; i += 1) {
    const state = fs.existsSync(`/proc/${pid}/stat`) ? fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] : undefined;
    if (state === undefined || state === 'Z') return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

describe('ProcessRuntime', () => {
  it('runs the command with exactly the given env (plus PATH) in the pod directory and stores its output', async () => {
    const script = 'console.log(JSON.stringify({ env: process.env, cwd: process.cwd() })); console.error("to stderr")';
    const running = await runtime.start(launch({ command: ['node', '-e', script], env: { GREETING: 'hi' } }));
    expect(running.id).toMatch(/^process:\/\/\d+$/);
    const exit = await running.exited;
    expect(exit).toMatchObject({ exitCode: 0, reason: 'Completed' });
    const [json, stderr] = (await logsOf()).split('\n');
    const seen = JSON.parse(json ?? '{}') as { env: Record<string, string>; cwd: string };
    expect(Object.keys(seen.env).sort()).toEqual(['GREETING', 'PATH']);
    expect(seen.env.PATH?.split(':')[0]).toBe(path.dirname(NODE));
    expect(seen.cwd).toBe(podDirectory(dataDir, 'uid-1'));
    expect(stderr).toBe('to stderr');
  });

  it.each([
    [['-e', 'process.exit(3)'], { exitCode: 3, reason: 'Error' }],
    [['-e', 'process.kill(process.pid, "SIGKILL")'], { exitCode: 137, reason: 'Error', signal: 'SIGKILL' }],
  ])('reports how %j ended', async (args, expected) => {
    const running = await runtime.start(launch({ command: [NODE], args }));
    expect(await running.exited).toMatchObject(expected);
  });

  it('signals the whole process group and kills what is left when the main process ends', async () => {
    const script = 'const c = require("child_process").spawn("sleep", ["60"], { stdio: "ignore" }); console.log(c.pid); setInterval(() => {}, 1000)';
    const running = await runtime.start(launch({ command: [NODE, '-e', script] }));
    let grandchild = 0;
    for (let i = 0; i < 100 && grandchild === 0; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      grandchild = Number((await logsOf()).trim());
    }
    expect(alive(grandchild)).toBe(true);
    running.signal('SIGTERM');
    const exit = await running.exited;
    expect(exit).toMatchObject({ exitCode: 143, signal: 'SIGTERM', reason: 'Error' });
    expect(await gone(grandchild)).toBe(true);
    running.signal('SIGKILL');
  });

  it('kills the group when the main process exits on its own', async () => {
    const script = 'const c = require("child_process").spawn("sleep", ["60"], { stdio: "ignore" }); c.unref(); console.log(c.pid)';
    const running = await runtime.start(launch({ command: [NODE, '-e', script] }));
    await running.exited;
    const grandchild = Number((await logsOf()).trim());
    expect(grandchild).toBeGreaterThan(0);
    expect(await gone(grandchild)).toBe(true);
  });

  it.each([
    [['no-such-program-ebb'], 127, 'executable file not found in $PATH'],
    [['./missing.sh'], 127, 'no such file or directory'],
  ])('reports %j as ContainerCannotRun', async (command, exitCode, message) => {
    const running = await runtime.start(launch({ command }));
    const exit = await running.exited;
    expect(exit).toMatchObject({ exitCode, reason: 'ContainerCannotRun' });
    expect(exit.message).toContain(message);
  });

  it('reports a file that is not executable with 126', async () => {
    const file = path.join(podDirectory(dataDir, 'uid-1'), 'plain.sh');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'echo hi\n', { mode: 0o644 });
    const running = await runtime.start(launch({ command: ['./plain.sh'] }));
    expect(await running.exited).toMatchObject({ exitCode: 126, reason: 'ContainerCannotRun' });
  });

  it('refuses a host container without a command', async () => {
    await expect(runtime.start(launch({ args: ['x'] }))).rejects.toEqual(new ContainerStartError('CreateContainerError', 'no command specified'));
  });

  it('runs a local image entrypoint relative to its directory, with its env under the container env', async () => {
    const dir = fs.mkdtempSync(path.join(dataDir, 'image-'));
    fs.writeFileSync(path.join(dir, 'server.sh'), '#!/bin/sh\necho "$0 $1 $FROM_IMAGE $FROM_POD $(pwd)"\n', { mode: 0o755 });
    const image: ResolvedImage = { kind: 'local', ref: 'dev.local/hello:latest', dir, entrypoint: ['./server.sh'], cmd: ['default-arg'], env: { FROM_IMAGE: 'image', FROM_POD: 'image' } };
    const running = await runtime.start(launch({ image, env: { FROM_POD: 'pod' } }));
    expect(await running.exited).toMatchObject({ exitCode: 0 });
    expect(await logsOf()).toBe(`${dir}/server.sh default-arg image pod ${dir}\n`);
  });

  it('kills a container over its memory limit as OOMKilled', async () => {
    const script = 'const keep = []; setInterval(() => keep.push(Buffer.alloc(16 * 1024 * 1024, 1)), 20)';
    const running = await runtime.start(launch({ command: [NODE, '-e', script], memoryLimitBytes: 100 * 1024 * 1024 }));
    expect(await running.exited).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
  });

  it('execs a command with the container env and cwd, and times it out', async () => {
    const running = await runtime.start(launch({ command: ['sleep', '30'], env: { MARK: 'm1' } }));
    const ok = await running.exec(['sh', '-c', 'echo $MARK; pwd; exit 4'], 5000);
    expect(ok).toEqual({ exitCode: 4, output: `m1\n${podDirectory(dataDir, 'uid-1')}\n`, timedOut: false });
    const slow = await running.exec(['sleep', '30'], 100);
    expect(slow.timedOut).toBe(true);
    running.signal('SIGKILL');
    await running.exited;
  });

  it('records a running container and removes the record when it ends', async () => {
    const running = await runtime.start(launch({ command: ['sleep', '30'] }));
    const pid = Number(running.id.replace('process://', ''));
    const record = JSON.parse(fs.readFileSync(path.join(recordsDirectory(dataDir), `${pid}.json`), 'utf8')) as { startTime: number };
    expect(record.startTime).toBe((await readProcStat(pid))?.startTime);
    running.signal('SIGKILL');
    await running.exited;
    expect(fs.readdirSync(recordsDirectory(dataDir))).toEqual([]);
  });

  it('ends the process groups an earlier run recorded, and only those', async () => {
    const stale = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
    const exited = new Promise((resolve) => stale.once('exit', resolve));
    const pid = stale.pid ?? 0;
    const startTime = (await readProcStat(pid))?.startTime ?? 0;
    fs.mkdirSync(recordsDirectory(dataDir), { recursive: true });
    const record = (p: number, s: number): string => JSON.stringify({ pid: p, pgid: p, startTime: s, podUid: 'u', containerName: 'c', attempt: 0 });
    fs.writeFileSync(path.join(recordsDirectory(dataDir), `${pid}.json`), record(pid, startTime));
    fs.writeFileSync(path.join(recordsDirectory(dataDir), `${process.pid}.json`), record(process.pid, 1));
    expect(await runtime.cleanupStale()).toBe(1);
    await exited;
    expect(await gone(pid)).toBe(true);
    expect(alive(process.pid)).toBe(true);
    expect(fs.readdirSync(recordsDirectory(dataDir))).toEqual([]);
  });
});
