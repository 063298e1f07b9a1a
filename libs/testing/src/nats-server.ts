import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './ports.js';
import { stopProcess } from './process.js';
import { waitFor } from './wait-for.js';

/** Thrown when no nats-server binary can be found. */
export class NatsServerNotFoundError extends Error {
  override readonly name = 'NatsServerNotFoundError';
}

/** Where Debian installs nats-server (under sbin) and where other installs put it. */
const CANDIDATES = ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'];

/** Finds the nats-server binary: `$EBB_NATS_SERVER_BIN`, then PATH, then the usual places. */
export function findNatsServer(options: { env?: NodeJS.ProcessEnv; candidates?: readonly string[] } = {}): string {
  const env = options.env ?? process.env;
  const explicit = env['EBB_NATS_SERVER_BIN'];
  if (explicit) return explicit;
  const onPath = (env['PATH'] ?? '').split(path.delimiter).map((dir) => path.join(dir, 'nats-server'));
  const found = [...onPath, ...(options.candidates ?? CANDIDATES)].find((file) => existsSync(file));
  if (!found) {
    throw new NatsServerNotFoundError('nats-server not found: install it (apt-get install -y nats-server) or set EBB_NATS_SERVER_BIN');
  }
  return found;
}

/** True once a TCP client on `port` receives nats-server's INFO greeting. */
async function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const finish = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('data', (chunk) => finish(chunk.toString('utf8').startsWith('INFO ')));
  });
}

/**
 * A real `nats-server -js` on a free loopback port with its own temporary store directory.
 * `stop()` and `start()` again keep the port and the store, so tests can restart the server
 * under connected clients. Use with `await using` or call `dispose()` in `afterAll`.
 */
export class NatsServer implements AsyncDisposable {
  private child: ChildProcess | undefined;
  private output = '';

  private constructor(
    readonly port: number,
    readonly storeDir: string,
    private readonly binary: string,
  ) {}

  /** Starts a server and resolves once it accepts clients. */
  static async start(): Promise<NatsServer> {
    const server = new NatsServer(await freePort(), mkdtempSync(path.join(tmpdir(), 'ebb-nats-')), findNatsServer());
    await server.restart();
    return server;
  }

  /** The client URL, e.g. `nats://127.0.0.1:40123`. */
  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** The process id of the running server (undefined while stopped). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** (Re)starts the server on the same port and store; a no-op while it is running. */
  async restart(): Promise<void> {
    if (this.child) return;
    const child = spawn(this.binary, ['-js', '-a', '127.0.0.1', '-p', String(this.port), '-sd', this.storeDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString('utf8')).slice(-8000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', () => {
      if (this.child === child) this.child = undefined;
    });
    await waitFor(
      async () => {
        if (!this.child) throw new Error(`nats-server exited:\n${this.output}`);
        return greets(this.port);
      },
      { description: `nats-server on port ${this.port}`, timeoutMs: 15_000 },
    );
  }

  /** Stops the server (SIGTERM by pid, SIGKILL after 5 s) and keeps its store. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child) await stopProcess(child, { graceMs: 5000 });
  }

  /** Stops the server and removes its store directory. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.storeDir, { recursive: true, force: true });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }
}
