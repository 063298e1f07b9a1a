import { echoManifest, httpGet, isReady, kubectlOk, listPods, listSlices, readyEndpoints, startLocalCluster, waitFor, type LocalCluster, type PodView } from '@ebb/testing';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { requireDockerEngine } from '../support/docker-engine.js';

/**
 * The same Deployment as the process-runtime suite, run by the Docker runtime: the echo example
 * built into a local FROM-scratch image, each pod a container with host networking on its own
 * loopback IP and mapped port. CI installs and starts the Docker engine (.ci/run).
 */
const NS = 'e2e-docker';
const IMAGE = 'ebb-e2e/echo:dev';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const run = promisify(execFile);

let cluster: LocalCluster;

// Each container listens on its own pod IP only (host networking: the loopback address is its own).
const MANIFEST = echoManifest({ namespace: NS, image: IMAGE, replicas: 3, service: true, bindPodIP: true });

async function ok(args: readonly string[], input?: string): Promise<string> {
  return kubectlOk(cluster, args, { timeoutMs: 120_000, ...(input === undefined ? {} : { input }) });
}

async function ourContainers(): Promise<string[]> {
  const { stdout } = await run('docker', ['ps', '-aq', '--filter', 'label=dev.ebb.pod-uid']);
  return stdout.split('\n').filter((line) => line !== '');
}

async function readyPods(count: number): Promise<PodView[]> {
  return waitFor(
    async () => {
      const pods = await listPods(cluster, NS, 'app=echo');
      return pods.length === count && pods.every(isReady) ? pods : undefined;
    },
    { description: `${count} ready echo pods`, timeoutMs: 90_000, intervalMs: 200 },
  );
}

beforeAll(async () => {
  await requireDockerEngine();
  await run('bash', [path.join(ROOT, 'examples', 'build-image.sh'), 'echo', IMAGE, process.execPath], { cwd: ROOT });
  cluster = await startLocalCluster();
  await ok(['create', 'namespace', NS]);
}, 120_000);

afterAll(async () => {
  await cluster?.dispose();
  await run('docker', ['rmi', '-f', IMAGE]).catch(() => undefined);
});

it('runs a Deployment of a locally built image as Docker containers with host networking', async () => {
  await ok(['apply', '-f', '-'], MANIFEST);
  expect(await ok(['rollout', 'status', 'deployment/echo', '-n', NS, '--timeout=90s'])).toContain('successfully rolled out');
  const pods = await readyPods(3);
  expect(new Set(pods.map((p) => p.status?.podIP)).size).toBe(3);
  for (const p of pods) expect(p.status?.containerStatuses?.[0]?.containerID).toMatch(/^docker:\/\/[0-9a-f]{12,}$/);
  const endpoints = await waitFor(
    async () => {
      const ready = readyEndpoints(await listSlices(cluster, NS, 'echo'));
      return ready.length === 3 ? ready : undefined;
    },
    { description: '3 ready endpoints', timeoutMs: 30_000 },
  );
  for (const endpoint of endpoints) expect((await httpGet(`http://${endpoint}/from-docker`)).status).toBe(200);
  const first = pods[0];
  const log = await ok(['logs', first?.metadata.name ?? '', '-n', NS]);
  expect(log).toContain(`"address":"${first?.status?.podIP}"`);
  expect(log).toContain('/from-docker');
  expect(await ourContainers()).toHaveLength(3);

  await ok(['scale', 'deployment/echo', '--replicas=1', '-n', NS]);
  await readyPods(1);
  await waitFor(async () => (await ourContainers()).length === 1, { description: 'two containers removed', timeoutMs: 60_000 });

  await ok(['delete', 'deployment', 'echo', '-n', NS]);
  await waitFor(async () => (await listPods(cluster, NS, 'app=echo')).length === 0, { description: 'pods gone', timeoutMs: 60_000 });
  await waitFor(async () => (await ourContainers()).length === 0, { description: 'containers gone', timeoutMs: 30_000 });
}, 240_000);
