import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { freePort } from './ports.js';
import { exited, stopProcess, type ExitStatus } from './process.js';
import { waitFor } from './wait-for.js';
import { WORKSPACE_ROOT } from './workspace.js';

/** The repository root, three levels above this file (libs/testing/src). */

/** Where `tools/build/build.mjs apps/local-cluster` writes the server. */
export const LOCAL_CLUSTER_BUNDLE = path.join(WORKSPACE_ROOT, 'dist', 'apps', 'local-cluster', 'main.js');

/** Options of {@link startLocalCluster}. */
export interface LocalClusterOptions {
  /** The server's data folder; a fresh temporary one (removed by `dispose`) when unset. */
  readonly dataDir?: string;
  /** The HTTPS port on 127.0.0.1; a free one when unset. */
  readonly port?: number;
  /** More command-line arguments for the server. */
  readonly extraArgs?: readonly string[];
  /** How long to wait for the kubeconfig and `/readyz` (default 30 s). */
  readonly readyTimeoutMs?: number;
}

/** A running local-cluster API server process and how to reach it. */
export interface LocalCluster extends AsyncDisposable {
  /** `https://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** `<dataDir>/kubeconfig`, as the server wrote it. */
  readonly kubeconfigPath: string;
  /** The bearer token of the kubeconfig's user. */
  readonly token: string;
  /** The CA that signed the serving certificate (PEM). */
  readonly caPem: string;
  /** The server's process id. */
  readonly pid: number;
  /** kubectl's `--cache-dir` for this cluster (kept across restarts, removed by `dispose`). */
  readonly cacheDir: string;
  /** Everything the process wrote so far (stdout, then stderr interleaved as it came). */
  output(): string;
  /** SIGTERM by pid and wait for the exit (SIGKILL after 30 s). */
  stop(): Promise<ExitStatus>;
  /** SIGKILL by pid and wait for the exit: a crash. */
  kill(): Promise<ExitStatus>;
  /** Stops the process if it still runs and starts a new one on the same data folder and port. */
  restart(): Promise<LocalCluster>;
  /** Stops the process and removes the folders this harness created. */
  dispose(): Promise<void>;
}

/** The answer to {@link apiRequest}. */
export interface ApiAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly json: unknown;
}

/** One request to the cluster's API over HTTPS, trusting its CA and (unless `token` is null) sending its token. */
export interface ApiRequest {
  readonly method?: string;
  readonly path: string;
  /** A string or Buffer is sent as is; anything else as JSON. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Another bearer token, or null to send none; the cluster's token when unset. */
  readonly token?: string | null;
  /** A keep-alive agent to reuse connections; a fresh connection when unset. */
  readonly agent?: Agent;
  /** Abort after this long (default 30 s). */
  readonly timeoutMs?: number;
}

/** The result of a kubectl run. */
export interface KubectlResult {
  /** The exit code (a signal counts as -1). */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link kubectl}. */
export interface KubectlOptions {
  /** Written to kubectl's stdin (e.g. a manifest for `-f -`). */
  readonly input?: string;
  /** More environment variables (e.g. `KUBE_EDITOR`). */
  readonly env?: Readonly<Record<string, string>>;
  /** Kill kubectl after this long (default 60 s). */
  readonly timeoutMs?: number;
}

/** The parts of the kubeconfig the harness needs. */
interface KubeconfigParts {
  readonly server: string;
  readonly token: string;
  readonly caPem: string;
}

interface KubeconfigFile {
  clusters?: { cluster?: { server?: string; 'certificate-authority-data'?: string } }[];
  users?: { user?: { token?: string } }[];
}

/** Reads server URL, CA and token from a kubeconfig the server wrote (its first cluster and user). */
export function readKubeconfig(file: string): KubeconfigParts {
  const config = parse(readFileSync(file, 'utf8')) as KubeconfigFile;
  const cluster = config.clusters?.[0]?.cluster ?? {};
  const token = config.users?.[0]?.user?.token;
  const caData = cluster['certificate-authority-data'];
  if (!cluster.server || !token || !caData) throw new Error(`${file}: missing server, token or certificate-authority-data`);
  return { server: cluster.server, token, caPem: Buffer.from(caData, 'base64').toString('utf8') };
}

/** Sends one request to the cluster (see {@link ApiRequest}) and resolves with its answer (rejects when none came). */
export function apiRequest(cluster: Pick<LocalCluster, 'port' | 'caPem' | 'token'>, call: ApiRequest): Promise<ApiAnswer> {
  const body = encodeBody(call.body);
  const headers: Record<string, string> = { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(body.length) }), ...call.headers };
  const token = call.token === undefined ? cluster.token : call.token;
  if (token !== null) headers['authorization'] = `Bearer ${token}`;
  return new Promise((resolve, reject) => {
    let answered = false;
    const options = { host: '127.0.0.1', port: cluster.port, path: call.path, method: call.method ?? 'GET', ca: cluster.caPem, headers, timeout: call.timeoutMs ?? 30_000, ...(call.agent ? { agent: call.agent } : { agent: false as const }) };
    const req = request(options, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      // A server that answers early (413) and closes while the body is still being sent leaves
      // the client with a write error: what arrived of the answer by then is the answer.
      const finish = (): void => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, json: parseJson(text) });
      };
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', finish);
      res.on('close', finish);
      res.on('error', finish);
    });
    req.on('timeout', () => req.destroy(new Error(`${call.method ?? 'GET'} ${call.path}: no answer in ${call.timeoutMs ?? 30_000} ms`)));
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    req.end(body);
  });
}

function encodeBody(body: unknown): Buffer | undefined {
  if (body === undefined) return undefined;
  if (Buffer.isBuffer(body)) return body;
  return Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** True once `/readyz` answers 200 over TLS that chains to `caPem`. */
async function ready(port: number, caPem: string): Promise<boolean> {
  try {
    return (await apiRequest({ port, caPem, token: '' }, { path: '/readyz', token: null, timeoutMs: 2000 })).status === 200;
  } catch {
    return false;
  }
}

/** What stays the same across restarts of one cluster. */
interface ClusterHome {
  readonly dataDir: string;
  readonly port: number;
  readonly cacheDir: string;
  readonly extraArgs: readonly string[];
  readonly readyTimeoutMs: number;
  /** Folders to remove on dispose. */
  readonly owned: readonly string[];
}

function spawnServer(home: ClusterHome): { child: ChildProcess; output: () => string } {
  if (!existsSync(LOCAL_CLUSTER_BUNDLE)) {
    throw new Error(`${LOCAL_CLUSTER_BUNDLE} is missing: run \`node tools/build/build.mjs apps/local-cluster\` first`);
  }
  const args = [LOCAL_CLUSTER_BUNDLE, '--data-dir', home.dataDir, '--port', String(home.port), '--host', '127.0.0.1', ...home.extraArgs];
  const child = spawn(process.execPath, args, { cwd: WORKSPACE_ROOT, env: { PATH: process.env['PATH'] ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-200_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, output: () => output };
}

async function awaitReady(home: ClusterHome, child: ChildProcess, output: () => string): Promise<KubeconfigParts> {
  const kubeconfigPath = path.join(home.dataDir, 'kubeconfig');
  return waitFor(
    async () => {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`local-cluster exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output()}`);
      }
      if (!existsSync(kubeconfigPath)) return undefined;
      const parts = readKubeconfig(kubeconfigPath);
      return (await ready(home.port, parts.caPem)) ? parts : undefined;
    },
    { description: `local-cluster on port ${home.port} to answer /readyz`, timeoutMs: home.readyTimeoutMs, intervalMs: 100 },
  );
}

async function launch(home: ClusterHome): Promise<LocalCluster> {
  const { child, output } = spawnServer(home);
  let parts: KubeconfigParts;
  try {
    parts = await awaitReady(home, child, output);
  } catch (error) {
    await stopProcess(child, { signal: 'SIGKILL' });
    throw error;
  }
  const stop = (): Promise<ExitStatus> => stopProcess(child, { graceMs: 30_000 });
  const dispose = async (): Promise<void> => {
    await stop();
    for (const dir of home.owned) rmSync(dir, { recursive: true, force: true });
  };
  return {
    url: `https://127.0.0.1:${home.port}`,
    port: home.port,
    dataDir: home.dataDir,
    kubeconfigPath: path.join(home.dataDir, 'kubeconfig'),
    token: parts.token,
    caPem: parts.caPem,
    pid: child.pid ?? 0,
    cacheDir: home.cacheDir,
    output,
    stop,
    kill: () => stopProcess(child, { signal: 'SIGKILL' }),
    restart: async () => {
      await stop();
      return launch(home);
    },
    dispose,
    [Symbol.asyncDispose]: dispose,
  };
}

/**
 * Starts the built local-cluster server (`dist/apps/local-cluster/main.js`) with this Node on
 * 127.0.0.1 and resolves once it wrote its kubeconfig and `/readyz` answers 200. Dispose it
 * (`await using`, or `dispose()` in `afterAll`) to stop it and remove its temporary folders.
 */
export async function startLocalCluster(options: LocalClusterOptions = {}): Promise<LocalCluster> {
  const owned: string[] = [];
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'ebb-local-cluster-'));
  if (!options.dataDir) owned.push(dataDir);
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'ebb-kubectl-cache-'));
  owned.push(cacheDir);
  const home: ClusterHome = { dataDir, port: options.port ?? (await freePort()), cacheDir, extraArgs: options.extraArgs ?? [], readyTimeoutMs: options.readyTimeoutMs ?? 30_000, owned };
  return launch(home);
}

/** The kubectl binary: `$EBB_KUBECTL_BIN`, else `kubectl` from PATH. */
function kubectlBinary(): string {
  return process.env['EBB_KUBECTL_BIN'] ?? 'kubectl';
}

/**
 * Spawns the real kubectl against the cluster (`--kubeconfig <its kubeconfig> --cache-dir <its
 * cache>`), with stdin/stdout/stderr piped; for long-running commands such as `get -w`.
 */
export function spawnKubectl(cluster: Pick<LocalCluster, 'kubeconfigPath' | 'cacheDir'>, args: readonly string[], options: Pick<KubectlOptions, 'env'> = {}): ChildProcess {
  const env = { ...process.env, HOME: cluster.cacheDir, KUBECONFIG: cluster.kubeconfigPath, ...options.env };
  return spawn(kubectlBinary(), ['--kubeconfig', cluster.kubeconfigPath, '--cache-dir', cluster.cacheDir, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** `kubectl <args…>` that must succeed: its stdout, else an Error naming the command, its exit code and stderr. */
export async function kubectlOk(cluster: Pick<LocalCluster, 'kubeconfigPath' | 'cacheDir'>, args: readonly string[], options: KubectlOptions = {}): Promise<string> {
  const result = await kubectl(cluster, args, options);
  if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result.stdout;
}

/** Runs the real kubectl against the cluster to its exit and resolves with its exit code and output. */
export async function kubectl(cluster: Pick<LocalCluster, 'kubeconfigPath' | 'cacheDir'>, args: readonly string[], options: KubectlOptions = {}): Promise<KubectlResult> {
  const child = spawnKubectl(cluster, args, options);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdin?.on('error', () => undefined);
  child.stdin?.end(options.input ?? '');
  const timeoutMs = options.timeoutMs ?? 60_000;
  const timer = setTimeout(() => {
    stderr += `\n[harness] kubectl ${args.join(' ')} killed after ${timeoutMs} ms`;
    child.kill('SIGKILL');
  }, timeoutMs);
  const spawnFailure = new Promise<ExitStatus>((resolve) => child.once('error', (error) => {
    stderr += `\n[harness] ${error.message}`;
    resolve({ code: 127, signal: null });
  }));
  try {
    const status = await Promise.race([exited(child), spawnFailure]);
    return { code: status.code ?? -1, stdout, stderr };
  } finally {
    clearTimeout(timer);
  }
}
