import { ebb, echoManifest, exampleDir, isReady, kubectl, listPods, processAlive, processIdOf, startLocalCluster, waitFor, type LocalCluster, type PodView } from '@ebb/testing';
import { readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * `kill -9` of the local cluster while its pods run, then a restart on the same data dir: the
 * same number of pods run again, with their pod IPs, and no process of the first run is left.
 */
const NS = 'e2e-recovery';

let cluster: LocalCluster;

const MANIFEST = echoManifest({ namespace: NS, image: 'dev.local/echo', replicas: 3 });

/** Three ready pods whose containers are none of `stale` (the statuses written before a crash). */
async function readyPods(description: string, stale: readonly number[] = []): Promise<PodView[]> {
  return waitFor(
    async () => {
      const pods = await listPods(cluster, NS, 'app=echo');
      const fresh = pidsOf(pods).every((pid) => pid > 0 && !stale.includes(pid));
      return pods.length === 3 && pods.every(isReady) && fresh ? pods : undefined;
    },
    { description, timeoutMs: 60_000, intervalMs: 100 },
  );
}

const pidsOf = (pods: readonly PodView[]): number[] => pods.map((p) => processIdOf(p.status?.containerStatuses?.[0]?.containerID) ?? 0);

beforeAll(async () => {
  cluster = await startLocalCluster();
  await ebb(cluster.dataDir, ['image', 'add', 'dev.local/echo', exampleDir('echo')]);
}, 60_000);

afterAll(async () => {
  await cluster?.dispose();
});

it('runs the same pods again after kill -9 and a restart, with nothing stray from before', async () => {
  expect((await kubectl(cluster, ['create', 'namespace', NS])).code).toBe(0);
  expect((await kubectl(cluster, ['apply', '-f', '-'], { input: MANIFEST })).code).toBe(0);
  const before = await readyPods('3 ready pods before the crash');
  const oldPids = pidsOf(before);
  expect(oldPids.every((pid) => pid > 0 && processAlive(pid))).toBe(true);

  await cluster.kill();
  const started = Date.now();
  cluster = await cluster.restart();
  const after = await readyPods('3 ready pods with new containers after the restart', oldPids);
  const seconds = (Date.now() - started) / 1000;
  process.stdout.write(`recovery: 3 pods ready ${seconds.toFixed(1)} s after the restart began\n`);

  expect(after.map((p) => p.metadata.name).sort()).toEqual(before.map((p) => p.metadata.name).sort());
  expect(after.map((p) => p.status?.podIP).sort()).toEqual(before.map((p) => p.status?.podIP).sort());
  expect(oldPids.filter(processAlive)).toEqual([]);
  const newPids = pidsOf(after);
  expect(newPids.every(processAlive)).toBe(true);
  const records = readdirSync(path.join(cluster.dataDir, 'kubelet', 'runtime', 'process'));
  expect(records).toHaveLength(3);
  expect((await kubectl(cluster, ['delete', 'deployment', 'echo', '-n', NS])).code).toBe(0);
  await waitFor(async () => (await listPods(cluster, NS, 'app=echo')).length === 0, { description: 'pods gone', timeoutMs: 60_000 });
  await waitFor(() => newPids.every((pid) => !processAlive(pid)), { description: 'processes gone' });
}, 180_000);
