import { containerArgv, containerEnv, containerWorkingDir, resolveProgram, type Access } from './container-argv.js';
import { createdId, dockerCreateArgs, dockerExit, dockerSecurityArgs, instanceId } from './docker-runtime.js';
import { exitOf } from './exit-status.js';
import { groupsOverLimit } from './memory-watchdog.js';
import { parseProcStat, rssByGroup, type ProcStat } from './proc.js';
import { staleGroupMembers } from './process-records.js';
import type { ResolvedImage } from './runtime.js';

const LOCAL: ResolvedImage = { kind: 'local', ref: 'dev.local/app:latest', dir: '/images/app', entrypoint: ['./run', '--serve'], cmd: ['--port', '80'], env: { A: 'image', B: 'image' } };
const HOST: ResolvedImage = { kind: 'host', ref: 'busybox' };

describe('containerArgv', () => {
  it.each<[ResolvedImage, { command?: string[]; args?: string[] }, string[]]>([
    [LOCAL, {}, ['./run', '--serve', '--port', '80']],
    [LOCAL, { args: ['--port', '81'] }, ['./run', '--serve', '--port', '81']],
    [LOCAL, { command: ['node', 'x.js'] }, ['node', 'x.js']],
    [LOCAL, { command: ['node'], args: ['x.js'] }, ['node', 'x.js']],
    [HOST, { command: ['sleep'], args: ['5'] }, ['sleep', '5']],
  ])('of a %j image with %j is %j', (image, container, expected) => {
    expect(containerArgv({ image, ...container })).toEqual(expected);
  });

  it.each<[string, ResolvedImage, string[] | undefined, string[] | undefined]>([
    ['a host container without command', HOST, undefined, ['5']],
    ['an empty command', HOST, [], undefined],
    ['a local image with nothing to run', { ...LOCAL, entrypoint: [], cmd: [] }, undefined, undefined],
  ])('refuses %s', (_what, image, command, args) => {
    expect(() => containerArgv({ image, command, args })).toThrow('no command specified');
  });
});

describe('containerEnv', () => {
  it.each<[string, ResolvedImage, Record<string, string>, Record<string, string>]>([
    ['adds PATH with the node dir first', HOST, { X: '1' }, { X: '1', PATH: '/node/bin:/usr/bin:/bin' }],
    ['keeps a given PATH', HOST, { PATH: '/mine' }, { PATH: '/mine' }],
    ['puts the image env under the container env', LOCAL, { B: 'pod', PATH: '/p' }, { A: 'image', B: 'pod', PATH: '/p' }],
  ])('%s', (_what, image, env, expected) => {
    expect(containerEnv({ image, env }, { path: '/usr/bin:/node/bin:/bin', nodeDir: '/node/bin' })).toEqual(expected);
  });
});

describe('containerWorkingDir', () => {
  it.each<[string, ResolvedImage, string | undefined, string]>([
    ['the container workingDir', LOCAL, '/work', '/work'],
    ['the local image dir', LOCAL, undefined, '/images/app'],
    ['the local image workingDir inside its dir', { ...LOCAL, workingDir: 'sub' }, undefined, '/images/app/sub'],
    ['the pod dir for a host container', HOST, undefined, '/pods/u1'],
  ])('%s', (_what, image, workingDir, expected) => {
    expect(containerWorkingDir({ image, workingDir, podDir: '/pods/u1' })).toBe(expected);
  });
});

describe('resolveProgram', () => {
  const files: Record<string, 'missing' | 'not-executable' | 'ok'> = { '/img/run.sh': 'ok', '/img/data.txt': 'not-executable', '/bin/sh': 'ok', '/usr/bin/locked': 'not-executable' };
  const access: Access = (file) => files[file] ?? 'missing';

  it.each<[string, string, object]>([
    ['./run.sh', 'against cwd', { program: '/img/run.sh' }],
    ['/bin/sh', 'absolute', { program: '/bin/sh' }],
    ['sh', 'in PATH', { program: '/bin/sh' }],
    ['./gone.sh', 'missing', { exitCode: 127, message: 'exec: "./gone.sh": stat /img/gone.sh: no such file or directory' }],
    ['./data.txt', 'not executable', { exitCode: 126, message: 'exec: "./data.txt": permission denied' }],
    ['nothere', 'not in PATH', { exitCode: 127, message: 'exec: "nothere": executable file not found in $PATH' }],
    ['locked', 'in PATH, not executable', { exitCode: 126, message: 'exec: "locked": permission denied' }],
  ])('%s (%s)', (argv0, _what, expected) => {
    expect(resolveProgram(argv0, { cwd: '/img', path: '/usr/bin:/bin' }, access)).toEqual(expected);
  });
});

describe('parseProcStat', () => {
  const tail = 'S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 12345678 321';
  it.each([
    [`4242 (node) ${tail}`, { pid: 4242, ppid: 1, pgrp: 4242, startTime: 987654, rssPages: 321 }],
    [`4242 (my (odd) name) ${tail}`, { pid: 4242, ppid: 1, pgrp: 4242, startTime: 987654, rssPages: 321 }],
    ['garbage', undefined],
  ])('parses %j', (text, expected) => {
    expect(parseProcStat(text)).toEqual(expected);
  });
});

describe('process groups', () => {
  const stat = (pid: number, pgrp: number, startTime: number, rssPages = 1): ProcStat => ({ pid, ppid: 1, pgrp, startTime, rssPages });
  const record = { pid: 100, pgid: 100, startTime: 500, podUid: 'u', containerName: 'c', attempt: 0 };

  it.each<[string, ProcStat[], number[]]>([
    ['leader alive with its start time: the group', [stat(100, 100, 500), stat(101, 100, 510), stat(7, 7, 1)], [100, 101]],
    ['leader pid reused: nothing', [stat(100, 100, 900), stat(101, 100, 910)], []],
    ['leader gone, its group lives on: the group', [stat(101, 100, 510)], [101]],
    ['nothing left: nothing', [stat(7, 7, 1)], []],
  ])('stale members when %s', (_what, stats, expected) => {
    expect(staleGroupMembers(record, stats)).toEqual(expected);
  });

  it('sums RSS per group and finds the groups over their limit', () => {
    const rss = rssByGroup([stat(1, 10, 0, 100), stat(2, 10, 0, 200), stat(3, 20, 0, 10)]);
    expect(rss).toEqual(new Map([[10, 300 * 4096], [20, 10 * 4096]]));
    const watched = new Map([[10, { limitBytes: 1_000_000 }], [20, { limitBytes: 1_000_000 }], [30, { limitBytes: 1 }]]);
    expect(groupsOverLimit(watched, rss)).toEqual([{ pgid: 10, rssBytes: 1_228_800 }]);
  });
});

describe('exitOf', () => {
  const times = { startedAt: new Date(0), finishedAt: new Date(1000) };
  it.each([
    [{ code: 0, signal: null }, { exitCode: 0, reason: 'Completed' }],
    [{ code: 2, signal: null }, { exitCode: 2, reason: 'Error' }],
    [{ code: null, signal: 'SIGTERM' }, { exitCode: 143, reason: 'Error', signal: 'SIGTERM' }],
    [{ code: null, signal: 'SIGKILL' }, { exitCode: 137, reason: 'Error', signal: 'SIGKILL' }],
  ])('%j ends as %j', (ended, expected) => {
    expect(exitOf(ended, times, { SIGTERM: 15, SIGKILL: 9 })).toEqual({ ...expected, ...times });
  });
});

describe('docker runtime logic', () => {
  it('builds the docker create arguments', () => {
    const args = dockerCreateArgs(
      {
        podUid: 'abcdef0123456789',
        podName: 'p1',
        namespace: 'default',
        containerName: 'app',
        attempt: 0,
        podIP: '127.0.0.9',
        podDir: '/data/kubelet/pods/abcdef0123456789',
        env: { A: '1', B: 'x=y' },
        mounts: [{ hostPath: '/data/v', containerPath: '/v', readOnly: true }, { hostPath: '/data/w', containerPath: '/w', readOnly: false }],
        workingDir: '/app',
        memoryLimitBytes: 1048576,
        command: ['/bin/app', '--flag'],
        args: ['x'],
        image: { kind: 'docker', ref: 'ebb/app:dev', id: 'sha256:1234' },
      },
      'inst1',
    );
    expect(args).toEqual([
      'create', '--name', 'ebb-abcdef01-app-0', '--label', 'dev.ebb.local-cluster=inst1', '--label', 'dev.ebb.pod-uid=abcdef0123456789',
      '--network', 'host', '--log-driver', 'none', '-e', 'A=1', '-e', 'B=x=y', '-v', '/data/v:/v:ro', '-v', '/data/w:/w', '-w', '/app',
      '--memory', '1048576', '--memory-swap', '1048576', '--entrypoint', '/bin/app', 'sha256:1234', '--flag', 'x',
    ]);
  });

  it.each([
    [{ command: undefined, args: ['--port', '1'] }, ['sha256:1234', '--port', '1']],
    [{ command: undefined, args: undefined }, ['sha256:1234']],
  ])('keeps the image entrypoint for %j', (override, tail) => {
    const args = dockerCreateArgs({ podUid: 'u', podName: 'p', namespace: 'n', containerName: 'c', attempt: 1, podIP: '127.0.0.9', podDir: '/d', env: {}, mounts: [], image: { kind: 'docker', ref: 'r', id: 'sha256:1234' }, ...override }, 'i');
    expect(args).not.toContain('--entrypoint');
    expect(args.slice(args.indexOf('sha256:1234'))).toEqual(tail);
  });

  it.each<{ name: string; security: Parameters<typeof dockerSecurityArgs>[0]; want: string[] }>([
    { name: 'none', security: undefined, want: [] },
    { name: 'an empty one: the image user and Docker defaults', security: { addCapabilities: [], dropCapabilities: [] }, want: [] },
    {
      name: "the platform's pods",
      security: { runAsUser: 65532, runAsGroup: 65532, runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, addCapabilities: [], dropCapabilities: ['ALL'] },
      want: ['--user', '65532:65532', '--read-only', '--security-opt', 'no-new-privileges', '--cap-drop', 'ALL'],
    },
    { name: 'a user without a group, privileged, added capability', security: { runAsUser: 1000, privileged: true, addCapabilities: ['NET_ADMIN'], dropCapabilities: [] }, want: ['--user', '1000', '--privileged', '--cap-add', 'NET_ADMIN'] },
    { name: 'a group alone (Docker needs a user with it)', security: { runAsGroup: 5, addCapabilities: [], dropCapabilities: [] }, want: [] },
  ])('applies the security context: $name', ({ security, want }) => {
    expect(dockerSecurityArgs(security)).toEqual(want);
    const args = dockerCreateArgs({ podUid: 'u', podName: 'p', namespace: 'n', containerName: 'c', attempt: 1, podIP: '127.0.0.9', podDir: '/d', env: {}, mounts: [], image: { kind: 'docker', ref: 'r', id: 'sha256:1234' }, ...(security === undefined ? {} : { security }) }, 'i');
    expect(args.slice(args.indexOf('--log-driver') + 2, args.indexOf('sha256:1234'))).toEqual(want);
  });

  it.each([
    [{ ExitCode: 0 }, { exitCode: 0, reason: 'Completed' }],
    [{ ExitCode: 2 }, { exitCode: 2, reason: 'Error' }],
    [{ ExitCode: 137, OOMKilled: true }, { exitCode: 137, reason: 'OOMKilled' }],
    [{ ExitCode: 127, Error: 'exec: "/x": stat /x: no such file or directory' }, { exitCode: 127, reason: 'ContainerCannotRun', message: 'exec: "/x": stat /x: no such file or directory' }],
    [undefined, { exitCode: 125, reason: 'ContainerCannotRun' }],
  ])('reads the state %j as %j', (state, expected) => {
    expect(dockerExit(state, { startedAt: new Date(0), finishedAt: new Date(1) }, 10)).toMatchObject(expected);
  });

  it.each([
    [`WARNING: no swap limit\n${'a'.repeat(64)}\n`, 'a'.repeat(64)],
    ['Error: no such image', undefined],
  ])('finds the created id in %j', (output, expected) => {
    expect(createdId(output)).toBe(expected);
  });

  it('hashes the data dir into a stable instance id', () => {
    expect(instanceId('/data/a')).toBe(instanceId('/data/a/'));
    expect(instanceId('/data/a')).not.toBe(instanceId('/data/b'));
  });
});
