import { ebb, echoManifest, exampleDir, httpGet, isReady, kubectlOk, listPods, listSlices, processAlive, processIdOf, readyEndpoints, startLoad, startLocalCluster, waitFor, type KubectlOptions, type LocalCluster, type PodView } from '@ebb/testing';

/**
 * Workloads on the local cluster with the real kubectl: a Deployment of the echo example (a
 * local image, `dev.local/echo`, run as processes) with a Service; pods get their own loopback
 * IPs and mapped ports, the EndpointSlice lists them, each answers; scale, rolling updates under
 * load with no failed request, undo, and delete leaving no process behind.
 */
const NS = 'e2e-workloads';

let cluster: LocalCluster;

function manifest(image: string, replicas: number): string {
  return echoManifest({ namespace: NS, image, replicas, service: true });
}

async function ok(args: readonly string[], options: KubectlOptions = {}): Promise<string> {
  return kubectlOk(cluster, args, { timeoutMs: 120_000, ...options });
}

async function readyPods(count: number, description: string): Promise<PodView[]> {
  return waitFor(
    async () => {
      const pods = await listPods(cluster, NS, 'app=echo');
      return pods.length === count && pods.every(isReady) ? pods : undefined;
    },
    { description, timeoutMs: 60_000, intervalMs: 200 },
  );
}

function pidsOf(pods: readonly PodView[]): number[] {
  return pods.flatMap((pod) => (pod.status?.containerStatuses ?? []).map((s) => processIdOf(s.containerID))).filter((pid): pid is number => pid !== undefined);
}

async function rollout(): Promise<void> {
  expect(await ok(['rollout', 'status', 'deployment/echo', '-n', NS, '--timeout=90s'])).toContain('deployment "echo" successfully rolled out');
}

beforeAll(async () => {
  cluster = await startLocalCluster();
  await ebb(cluster.dataDir, ['image', 'add', 'dev.local/echo', exampleDir('echo')]);
  await ebb(cluster.dataDir, ['image', 'add', 'dev.local/echo:v2', exampleDir('echo')]);
  await ok(['create', 'namespace', NS]);
}, 60_000);

afterAll(async () => {
  await cluster?.dispose();
});

describe('a Deployment of the echo example with a Service', () => {
  let pods: PodView[];

  it('runs 3 pods, Running and Ready, each on its own loopback IP', async () => {
    expect(await ok(['apply', '-f', '-'], { input: manifest('dev.local/echo', 3) })).toMatch(/deployment.apps\/echo created\nservice\/echo created/);
    await rollout();
    pods = await readyPods(3, '3 ready echo pods');
    const ips = pods.map((p) => p.status?.podIP ?? '');
    expect(new Set(ips).size).toBe(3);
    for (const ip of ips) expect(ip).toMatch(/^127\.\d+\.\d+\.\d+$/);
    expect(pods.every((p) => p.spec.nodeName === 'local')).toBe(true);
    expect(pidsOf(pods).every(processAlive)).toBe(true);
  }, 120_000);

  it('lists the 3 pods in the EndpointSlices with the ports they really listen on, and each answers', async () => {
    const endpoints = await waitFor(
      async () => {
        const ready = readyEndpoints(await listSlices(cluster, NS, 'echo'));
        return ready.length === 3 ? ready : undefined;
      },
      { description: '3 ready endpoints', timeoutMs: 30_000 },
    );
    expect(endpoints.map((e) => e.split(':')[0]).sort()).toEqual(pods.map((p) => p.status?.podIP).sort());
    for (const endpoint of endpoints) {
      const answer = await httpGet(`http://${endpoint}/hello-from-e2e`);
      expect(answer.status).toBe(200);
    }
  });

  it('shows the request in kubectl logs', async () => {
    const logs = await Promise.all(pods.map((pod) => ok(['logs', pod.metadata.name, '-n', NS])));
    for (const log of logs) expect(log).toContain('/hello-from-e2e');
  });

  it('converges on kubectl scale to 1 and to 5', async () => {
    const before = pidsOf(pods);
    expect(await ok(['scale', 'deployment/echo', '--replicas=1', '-n', NS])).toContain('deployment.apps/echo scaled');
    const one = await readyPods(1, 'one echo pod');
    await waitFor(() => before.filter(processAlive).length === 1, { description: 'the processes of the two removed pods to end', timeoutMs: 40_000 });
    expect(await ok(['scale', 'deployment/echo', '--replicas=5', '-n', NS])).toContain('deployment.apps/echo scaled');
    const five = await readyPods(5, 'five echo pods');
    expect(five.map((p) => p.metadata.name)).toEqual(expect.arrayContaining([one[0]?.metadata.name]));
    await rollout();
  }, 120_000);

  it('rolls out kubectl set image and rollout restart under 20 requests/s with no failure', async () => {
    const load = startLoad(cluster, NS, 'echo', 20);
    expect(await ok(['set', 'image', 'deployment/echo', 'echo=dev.local/echo:v2', '-n', NS])).toContain('deployment.apps/echo image updated');
    await rollout();
    expect(await ok(['rollout', 'restart', 'deployment/echo', '-n', NS])).toContain('deployment.apps/echo restarted');
    await rollout();
    const report = await load.stop();
    process.stdout.write(`load during the rollouts: ${report.sent} requests, ${report.ok} answered 200, ${report.failures.length} failed, ${report.endpoints.size} pods answered\n`);
    expect(report.failures).toEqual([]);
    expect(report.ok).toBeGreaterThan(20);
    const pods = await readyPods(5, 'five v2 pods');
    expect(pods.every((p) => p.spec.containers[0]?.image === 'dev.local/echo:v2')).toBe(true);
  }, 180_000);

  it('goes back with kubectl rollout undo', async () => {
    const history = await ok(['rollout', 'history', 'deployment/echo', '-n', NS]);
    expect(history).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s.*\n2\s.*\n3\s/);
    expect(await ok(['rollout', 'undo', 'deployment/echo', '-n', NS])).toContain('deployment.apps/echo rolled back');
    await rollout();
    const annotations = await ok(['get', 'deployment/echo', '-n', NS, '-o', 'jsonpath={.spec.template.metadata.annotations}']);
    expect(annotations).not.toContain('kubectl.kubernetes.io/restartedAt');
    expect(await ok(['rollout', 'undo', 'deployment/echo', '--to-revision=1', '-n', NS])).toContain('deployment.apps/echo rolled back');
    await rollout();
    const pods = await readyPods(5, 'five pods of the first revision');
    expect(pods.every((p) => p.spec.containers[0]?.image === 'dev.local/echo')).toBe(true);
    const describe = await ok(['describe', 'deployment/echo', '-n', NS]);
    expect(describe).toContain('ScalingReplicaSet');
  }, 180_000);

  it('removes every pod and process on kubectl delete deploy', async () => {
    const pids = pidsOf(await listPods(cluster, NS, 'app=echo'));
    expect(pids.length).toBe(5);
    expect(await ok(['delete', 'deployment', 'echo', '-n', NS])).toContain('deployment.apps "echo" deleted');
    await waitFor(async () => (await listPods(cluster, NS, 'app=echo')).length === 0, { description: 'every echo pod gone', timeoutMs: 60_000 });
    await waitFor(() => pids.every((pid) => !processAlive(pid)), { description: 'every echo process gone', timeoutMs: 10_000 });
    expect(await ok(['get', 'replicasets', '-n', NS, '-o', 'name'])).toBe('');
  }, 90_000);
});
