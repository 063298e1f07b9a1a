// The shipped examples (examples/hello, examples/echo) as the local cluster will run them:
// added with `ebb image add <name> <dir>` from their manifests, then started from the stored
// entrypoint in the stored directory with PORT set, and driven over loopback HTTP.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ImageStore } from '@ebb/image-store';
import { run } from './program.js';

const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples');

interface Running {
  readonly child: ChildProcess;
  readonly url: string;
  /** Every JSON line the server has logged so far. */
  readonly logs: Record<string, unknown>[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once a log line with this `msg` has appeared. */
  logged(msg: string): Promise<void>;
}

describe('examples', () => {
  let dataDir: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'ebb-examples-'));
    for (const example of ['hello', 'echo']) {
      const outcome = await run(['image', 'add', example, path.join(EXAMPLES, example)], { stdout: () => undefined, stderr: (t) => process.stderr.write(t), env: { EBB_DATA_DIR: dataDir }, cwd: dataDir, now: () => new Date() });
      expect(outcome).toBe(0);
    }
  });
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  async function start(example: string, env: Record<string, string> = {}): Promise<Running> {
    const image = await ImageStore.open(dataDir).get(`dev.local/${example}`);
    if (image === undefined) throw new Error(`${example} was not added`);
    const [program = '', ...args] = [...image.entrypoint, ...image.cmd];
    const child = spawn(program === 'node' ? process.execPath : program, args, {
      cwd: image.workingDir ?? image.dir,
      env: { PATH: process.env['PATH'], ...image.env, PORT: '0', HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    const logs: Record<string, unknown>[] = [];
    const waiters: { msg: string; resolve: () => void }[] = [];
    createInterface({ input: child.stdout }).on('line', (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      logs.push(entry);
      for (const waiter of waiters.filter((w) => w.msg === entry['msg'])) waiter.resolve();
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    const logged = (msg: string): Promise<void> => (logs.some((l) => l['msg'] === msg) ? Promise.resolve() : new Promise((resolve) => waiters.push({ msg, resolve })));
    await logged('listening');
    const port = logs.find((l) => l['msg'] === 'listening')?.['port'] as number;
    return { child, url: `http://127.0.0.1:${port}`, logs, exited, logged };
  }

  describe('hello', () => {
    it.each<{ name: string; env: Record<string, string>; want: string }>([
      { name: 'World by default', env: {}, want: 'Hello World!\n' },
      { name: '$TARGET when set', env: { TARGET: 'Ebb' }, want: 'Hello Ebb!\n' },
    ])('greets $name, logs the request, and exits 0 on SIGTERM', async ({ env, want }) => {
      const server = await start('hello', env);
      const response = await fetch(`${server.url}/some/path`);
      expect(await response.text()).toBe(want);
      server.child.kill('SIGTERM');
      expect(await server.exited).toEqual({ code: 0, signal: null });
      expect(server.logs).toContainEqual(expect.objectContaining({ msg: 'request', method: 'GET', url: '/some/path', status: 200 }));
    });
  });

  describe('echo', () => {
    it('echoes method, path, query, headers and body, and logs the request on one line', async () => {
      const server = await start('echo');
      const response = await fetch(`${server.url}/orders/7?marker=abc123`, { method: 'POST', headers: { 'x-test': 'yes' }, body: 'payload' });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ method: 'POST', path: '/orders/7', query: { marker: 'abc123' }, headers: { 'x-test': 'yes' }, body: 'payload', pid: server.child.pid });
      await server.logged('request');
      expect(server.logs).toContainEqual(expect.objectContaining({ msg: 'request', method: 'POST', url: '/orders/7?marker=abc123', status: 200 }));
    });

    it.each([
      { name: '?status', path: '/?status=418', status: 418 },
      { name: 'a bad ?status', path: '/?status=abc', status: 400 },
      { name: 'a bad ?delay', path: '/?delay=-1', status: 400 },
      { name: '?delay', path: '/?delay=20', status: 200 },
      { name: '/healthz', path: '/healthz', status: 200 },
      { name: '/ready', path: '/ready', status: 200 },
    ])('answers $name with $status', async ({ path: requestPath, status }) => {
      const server = await start('echo');
      expect((await fetch(`${server.url}${requestPath}`)).status).toBe(status);
    });

    it('answers /ready with 503 while $NOT_READY_FILE exists', async () => {
      const flag = path.join(dataDir, 'not-ready');
      const server = await start('echo', { NOT_READY_FILE: flag });
      expect((await fetch(`${server.url}/ready`)).status).toBe(200);
      await writeFile(flag, '');
      expect((await fetch(`${server.url}/ready`)).status).toBe(503);
      await rm(flag);
      expect((await fetch(`${server.url}/ready`)).status).toBe(200);
    });

    it('exits with the code ?exit asks for, after answering', async () => {
      const server = await start('echo');
      expect((await fetch(`${server.url}/?exit=3`)).status).toBe(200);
      expect(await server.exited).toEqual({ code: 3, signal: null });
    });

    it('finishes an in-flight request on SIGTERM, then exits 0', async () => {
      const server = await start('echo');
      const slow = fetch(`${server.url}/slow?delay=700`);
      // A request sent after the slow one has been answered: the slow one has been read by now.
      await fetch(`${server.url}/healthz`);
      server.child.kill('SIGTERM');
      await server.logged('draining');
      expect((await slow).status).toBe(200);
      expect(await server.exited).toEqual({ code: 0, signal: null });
    });

    it('ignores SIGTERM with IGNORE_SIGTERM=1', async () => {
      const server = await start('echo', { IGNORE_SIGTERM: '1' });
      server.child.kill('SIGTERM');
      await server.logged('ignoring SIGTERM (IGNORE_SIGTERM=1)');
      expect((await fetch(`${server.url}/still-here`)).status).toBe(200);
      server.child.kill('SIGKILL');
      expect(await server.exited).toEqual({ code: null, signal: 'SIGKILL' });
    });
  });
});
