// The local cluster under `ebb up`: reused when the recorded process still answers, else started
// detached (it outlives `ebb up`; `ebb down` stops it) with its output in `<data-dir>/logs/`, and
// waited for until /readyz answers. The data dir is the cluster's own (objects, certificates, local
// images under images/, kubelet state), so `<data-dir>/kubeconfig` is the one it writes for kubectl.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { processIsAlive } from '@ebb/image-store';
import { kubeRequest, loadKubeConfig } from '@ebb/kube';
import { CliError } from '../context.js';

/** Where one data dir keeps the cluster's pieces. */
export interface ClusterPaths {
  readonly dataDir: string;
  /** The kubeconfig the cluster writes, for kubectl and `ebb`. */
  readonly kubeconfig: string;
  readonly log: string;
}

/** The paths under `dataDir`. */
export function clusterPaths(dataDir: string): ClusterPaths {
  return {
    dataDir,
    kubeconfig: path.join(dataDir, 'kubeconfig'),
    log: path.join(dataDir, 'logs', 'local-cluster.log'),
  };
}

/** A free TCP port on 127.0.0.1 (the OS picks it). */
export async function freeLocalPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Whether the cluster behind `kubeconfig` answers /readyz with 200. */
export async function clusterAnswers(kubeconfig: string): Promise<boolean> {
  if (!existsSync(kubeconfig)) return false;
  try {
    await kubeRequest(loadKubeConfig(kubeconfig), { method: 'GET', path: '/readyz', signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

/** The last lines of the cluster's log, for an error message. */
async function logTail(file: string, lines = 15): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** What starting the cluster needs. */
export interface ClusterStart {
  readonly bundle: string;
  readonly paths: ClusterPaths;
  readonly apiPort: number;
  readonly env: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
}

/** Starts the local cluster detached and waits for /readyz; returns its pid. */
export async function startCluster(start: ClusterStart): Promise<number> {
  const { paths } = start;
  await mkdir(path.dirname(paths.log), { recursive: true });
  const out = openSync(paths.log, 'a');
  const args = [start.bundle, '--data-dir', paths.dataDir, '--port', String(start.apiPort)];
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', out, out], env: start.env });
  closeSync(out);
  child.unref();
  const pid = child.pid;
  if (pid === undefined) throw new CliError(`could not start the local cluster (${start.bundle})`);
  for (const deadline = Date.now() + start.timeoutMs; Date.now() < deadline; await sleep(200)) {
    if (!processIsAlive(pid)) throw new CliError(`the local cluster exited while starting; its log (${paths.log}) ends with:\n${await logTail(paths.log)}`);
    if (await clusterAnswers(paths.kubeconfig)) return pid;
  }
  throw new CliError(`the local cluster did not become ready within ${Math.round(start.timeoutMs / 1000)}s; see ${paths.log}`);
}
