// Runs real containers: needs a Docker engine (CI starts one, see .ci/run). The image is built
// here FROM scratch (there is no registry): the Node binary, the libraries ldd lists and a
// one-file echo server.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { LogStore } from '../logs/log-writer.js';
import { DockerRuntime } from './docker-runtime.js';
import type { ContainerLaunch } from './runtime.js';
import { logText, testLaunch } from './runtime.spec-support.js';

/** Its own tag, so that other suites building an echo image in parallel do not collide with it. */
const IMAGE = 'ebb-test/runtime-echo:dev';
const SERVER = `
const http = require('node:http');
process.on('SIGTERM', () => { console.log('bye'); process.exit(0); });
http.createServer((req, res) => { console.log('GET ' + req.url); res.end('echo ' + process.env.POD_IP); })
  .listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening'));
`;

/** Builds {@link IMAGE} FROM scratch from this Node binary and its libraries. */
function buildImage(): void {
  const context = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-docker-image-'));
  const rootfs = path.join(context, 'rootfs');
  const node = fs.realpathSync(process.execPath);
  const libraries = [...execFileSync('ldd', [node], { encoding: 'utf8' }).matchAll(/(\/\S+) \(0x/g)].map((match) => match[1] ?? '');
  for (const file of [...libraries]) {
    fs.mkdirSync(path.join(rootfs, path.dirname(file)), { recursive: true });
    fs.copyFileSync(fs.realpathSync(file), path.join(rootfs, file));
  }
  fs.mkdirSync(path.join(rootfs, 'usr/bin'), { recursive: true });
  fs.mkdirSync(path.join(rootfs, 'app'), { recursive: true });
  fs.copyFileSync(node, path.join(rootfs, 'usr/bin/node'));
  fs.writeFileSync(path.join(rootfs, 'app/server.js'), SERVER);
  fs.writeFileSync(path.join(context, 'Dockerfile'), 'FROM scratch\nCOPY rootfs/ /\nENTRYPOINT ["/usr/bin/node"]\nCMD ["/app/server.js"]\n');
  execFileSync('docker', ['build', '-q', '-t', IMAGE, context], { stdio: 'ignore' });
  fs.rmSync(context, { recursive: true, force: true });
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let dataDir: string;
let runtime: DockerRuntime;
let imageId = '';

beforeAll(async () => {
  buildImage();
  imageId = (await new DockerRuntime({ dataDir: os.tmpdir(), logs: new LogStore(), logger: pino({ level: 'silent' }) }).imageId(IMAGE)) ?? '';
}, 120_000);

afterAll(() => {
  execFileSync('docker', ['image', 'rm', '-f', IMAGE], { stdio: 'ignore' });
});

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-docker-runtime-'));
  runtime = new DockerRuntime({ dataDir, logs: new LogStore(), logger: pino({ level: 'silent' }) });
});

afterEach(async () => {
  await runtime.cleanupStale();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function launch(overrides: Partial<ContainerLaunch> = {}): ContainerLaunch {
  return testLaunch(dataDir, 'abcdef0123456789', { kind: 'docker', ref: IMAGE, id: imageId }, { ...overrides });
}

function logsOf(): Promise<string> {
  return logText(dataDir, 'abcdef0123456789');
}

async function fetchWithRetry(url: string): Promise<string> {
  for (let i = 0; ; i += 1) {
    try {
      return await (await fetch(url)).text();
    } catch (error) {
      if (i > 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

function containersOfPod(): string {
  return execFileSync('docker', ['ps', '-aq', '--filter', 'label=dev.ebb.pod-uid=abcdef0123456789'], { encoding: 'utf8' }).trim();
}

describe('DockerRuntime', () => {
  it('answers that the engine is available and knows which images it has', async () => {
    expect(await DockerRuntime.available()).toBe(true);
    expect(imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await runtime.imageId('ebb-test/not-built:dev')).toBeUndefined();
  });

  it('runs the image with host networking and its env, stores its output, stops on SIGTERM and removes the container', async () => {
    const port = await freePort();
    const running = await runtime.start(launch({ env: { PORT: String(port), POD_IP: '127.0.0.9' } }));
    expect(running.id).toMatch(/^docker:\/\/[0-9a-f]{64}$/);
    expect(await fetchWithRetry(`http://127.0.0.1:${port}/hello`)).toBe('echo 127.0.0.9');
    running.signal('SIGTERM');
    expect(await running.exited).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(await logsOf()).toBe('listening\nGET /hello\nbye\n');
    expect(containersOfPod()).toBe('');
  }, 30_000);

  it('overrides the entrypoint with command and the cmd with args, and reports the exit code', async () => {
    const running = await runtime.start(launch({ command: ['/usr/bin/node', '-e', 'console.log(process.argv.slice(1).join(","), process.cwd()); process.exit(3)'], args: ['a', 'b'], workingDir: '/app' }));
    expect(await running.exited).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(await logsOf()).toBe('a,b /app\n');
  }, 30_000);

  it('runs as the security context says: its user, with a read-only root', async () => {
    const script = "let e = 'writable'; try { require('fs').writeFileSync('/x', 'y') } catch (error) { e = error.code } console.log(process.getuid(), process.getgid(), e)";
    const running = await runtime.start(launch({ command: ['/usr/bin/node', '-e', script], security: { runAsUser: 65532, runAsGroup: 65533, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, addCapabilities: [], dropCapabilities: ['ALL'] } }));
    expect(await running.exited).toMatchObject({ exitCode: 0 });
    expect(await logsOf()).toBe('65532 65533 EROFS\n');
  }, 30_000);

  it('mounts volumes and runs exec in the container', async () => {
    const volume = path.join(dataDir, 'volume');
    fs.mkdirSync(volume);
    fs.writeFileSync(path.join(volume, 'greeting'), 'hello from a volume');
    const mounts = [{ hostPath: volume, containerPath: '/config', readOnly: true }];
    const running = await runtime.start(launch({ command: ['/usr/bin/node', '-e', 'setInterval(() => {}, 1000)'], env: { MARK: 'm2' }, mounts }));
    const read = 'console.log(require("fs").readFileSync("/config/greeting", "utf8"), process.env.MARK)';
    expect(await running.exec(['/usr/bin/node', '-e', read], 20_000)).toEqual({ exitCode: 0, output: 'hello from a volume m2\n', timedOut: false });
    running.signal('SIGKILL');
    expect(await running.exited).toMatchObject({ exitCode: 137, reason: 'Error' });
  }, 30_000);

  it('reports a program that does not exist as ContainerCannotRun', async () => {
    const running = await runtime.start(launch({ command: ['/no/such/program'] }));
    const exit = await running.exited;
    expect(exit.reason).toBe('ContainerCannotRun');
    expect(exit.message).toContain('/no/such/program');
  }, 30_000);

  it('reports a container killed for its memory limit as OOMKilled', async () => {
    const grow = 'const keep = []; setInterval(() => keep.push(Buffer.alloc(8 * 1024 * 1024, 1)), 10)';
    const running = await runtime.start(launch({ command: ['/usr/bin/node', '-e', grow], memoryLimitBytes: 64 * 1024 * 1024 }));
    expect(await running.exited).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
  }, 30_000);

  it('removes the containers an earlier run of the same data dir left', async () => {
    const running = await runtime.start(launch({ command: ['/usr/bin/node', '-e', 'setInterval(() => {}, 1000)'] }));
    const other = new DockerRuntime({ dataDir: `${dataDir}-other`, logs: new LogStore(), logger: pino({ level: 'silent' }) });
    expect(await other.cleanupStale()).toBe(0);
    const again = new DockerRuntime({ dataDir, logs: new LogStore(), logger: pino({ level: 'silent' }) });
    expect(await again.cleanupStale()).toBe(1);
    await running.exited;
    expect(containersOfPod()).toBe('');
  }, 30_000);
});
