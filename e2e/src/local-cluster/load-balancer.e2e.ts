import { connect } from 'node:net';
import { ebb, echoManifest, exampleDir, freePort, httpGet, isReady, kubectlOk, listPods, listSlices, readyEndpoints, startLocalCluster, waitFor, type KubectlOptions, type LocalCluster, type PodView } from '@ebb/testing';

/**
 * The local cluster's service load balancer and pods that bind their pod IP, with the real
 * kubectl: a Deployment of 2 echo pods behind a `type: LoadBalancer` Service answered on
 * 127.0.0.1 at the Service port (round robin over both pods, reset when none is left, moved on a
 * port change, closed on delete, a Warning for a port already taken), and a Deployment annotated
 * `local.ebb.dev/port-mapping: pod-ip` whose replicas all listen on <pod IP>:<containerPort>.
 */
const NS = 'e2e-load-balancer';

let cluster: LocalCluster;

async function ok(args: readonly string[], options: KubectlOptions = {}): Promise<string> {
  return kubectlOk(cluster, args, { timeoutMs: 120_000, ...options });
}

function loadBalancer(name: string, port: number, selector: string): string {
  return `apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${NS} }
spec:
  type: LoadBalancer
  selector: { app: ${selector} }
  ports: [{ name: http, port: ${port}, targetPort: http }]
`;
}

async function readyPods(app: string, count: number): Promise<PodView[]> {
  return waitFor(
    async () => {
      const pods = await listPods(cluster, NS, `app=${app}`);
      return pods.length === count && pods.every(isReady) ? pods : undefined;
    },
    { description: `${count} ready ${app} pods`, timeoutMs: 60_000, intervalMs: 200 },
  );
}

/** The `kubectl get svc` line of a Service split into its columns. */
async function serviceColumns(name: string): Promise<Record<string, string>> {
  const [header = '', line = ''] = (await ok(['get', 'svc', name, '-n', NS])).trim().split('\n');
  const values = line.trim().split(/\s+/);
  return Object.fromEntries(header.trim().split(/\s+/).map((column, i) => [column, values[i] ?? '']));
}

async function externalIp(name: string, expected: string, port: number): Promise<void> {
  await waitFor(
    async () => {
      const columns = await serviceColumns(name);
      return columns['EXTERNAL-IP'] === expected && columns['PORT(S)'] === `${port}/TCP`;
    },
    { description: `kubectl get svc ${name} to show EXTERNAL-IP ${expected} on ${port}/TCP`, timeoutMs: 60_000, intervalMs: 200 },
  );
}

/** The pod name echo answered from (its HOSTNAME), or the error of the attempt. */
async function whoAnswers(port: number): Promise<string> {
  const answer = await httpGet(`http://127.0.0.1:${port}/via-load-balancer`).catch((error: Error) => ({ status: 0, body: error.message }));
  if (answer.status !== 200) return `error: ${answer.status} ${answer.body}`;
  return (JSON.parse(answer.body) as { hostname: string }).hostname;
}

/** How a bare TCP connect to 127.0.0.1:port ends: 'connected' or the error code. */
function connectResult(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

interface EventView {
  readonly type: string;
  readonly reason: string;
  readonly message: string;
  readonly involvedObject: { kind: string; name: string };
}

async function eventsOf(kind: string, name: string): Promise<EventView[]> {
  const list = JSON.parse(await ok(['get', 'events', '-n', NS, '-o', 'json'])) as { items: EventView[] };
  return list.items.filter((e) => e.involvedObject.kind === kind && e.involvedObject.name === name);
}

beforeAll(async () => {
  cluster = await startLocalCluster();
  await ebb(cluster.dataDir, ['image', 'add', 'dev.local/echo', exampleDir('echo')]);
  await ok(['create', 'namespace', NS]);
}, 60_000);

afterAll(async () => {
  await cluster?.dispose();
});

describe('a LoadBalancer Service in front of 2 echo pods', () => {
  let port: number;
  let movedPort: number;
  let pods: PodView[];

  it('shows EXTERNAL-IP 127.0.0.1 and its port in kubectl get svc, and the status ingress', async () => {
    port = await freePort();
    expect(await ok(['apply', '-f', '-'], { input: `${echoManifest({ namespace: NS, image: 'dev.local/echo', replicas: 2 })}---\n${loadBalancer('echo-lb', port, 'echo')}` })).toMatch(/deployment.apps\/echo created\nservice\/echo-lb created/);
    pods = await readyPods('echo', 2);
    await externalIp('echo-lb', '127.0.0.1', port);
    const status = JSON.parse(await ok(['get', 'svc', 'echo-lb', '-n', NS, '-o', 'jsonpath={.status.loadBalancer}'])) as unknown;
    expect(status).toEqual({ ingress: [{ ip: '127.0.0.1', ports: [{ port, protocol: 'TCP' }] }] });
    expect((await eventsOf('Service', 'echo-lb')).map((e) => `${e.type} ${e.reason}`)).toContain('Normal EnsuredLoadBalancer');
  }, 120_000);

  it('sends requests to 127.0.0.1:<port> to both pods, round robin', async () => {
    const names = pods.map((p) => p.metadata.name).sort();
    await waitFor(async () => readyEndpoints(await listSlices(cluster, NS, 'echo-lb')).length === 2, { description: '2 ready endpoints', timeoutMs: 30_000 });
    const answers: string[] = [];
    for (let i = 0; i < 6; i++) answers.push(await whoAnswers(port));
    expect([...new Set(answers)].sort()).toEqual(names);
    expect(answers[0]).not.toBe(answers[1]);
    expect(answers.slice(0, 2)).toEqual(answers.slice(2, 4));
  });

  it('resets connections once the Deployment is scaled to 0, and answers again when scaled up', async () => {
    await ok(['scale', 'deployment/echo', '--replicas=0', '-n', NS]);
    await waitFor(async () => (await listPods(cluster, NS, 'app=echo')).length === 0, { description: 'the echo pods to be gone', timeoutMs: 60_000 });
    await waitFor(async () => readyEndpoints(await listSlices(cluster, NS, 'echo-lb')).length === 0, { description: 'no ready endpoint', timeoutMs: 30_000 });
    const answers = [await whoAnswers(port), await whoAnswers(port), await whoAnswers(port)];
    for (const answer of answers) expect(answer).toMatch(/^error: 0 (socket hang up|(read|write|connect) ECONNRESET)/);
    expect(await connectResult(port)).not.toBe('ECONNREFUSED');
    await ok(['scale', 'deployment/echo', '--replicas=2', '-n', NS]);
    pods = await readyPods('echo', 2);
    await waitFor(async () => !(await whoAnswers(port)).startsWith('error'), { description: 'the load balancer to answer again', timeoutMs: 30_000 });
  }, 120_000);

  it('moves the listener when the Service port changes', async () => {
    movedPort = await freePort();
    await ok(['patch', 'svc', 'echo-lb', '-n', NS, '--type=json', '-p', JSON.stringify([{ op: 'replace', path: '/spec/ports/0/port', value: movedPort }])]);
    await externalIp('echo-lb', '127.0.0.1', movedPort);
    expect(pods.map((p) => p.metadata.name)).toContain(await whoAnswers(movedPort));
    expect(await connectResult(port)).toBe('ECONNREFUSED');
  });

  it('records SyncLoadBalancerFailed on a second LoadBalancer whose port is taken and leaves it pending', async () => {
    await ok(['apply', '-f', '-'], { input: loadBalancer('echo-lb2', movedPort, 'echo') });
    const failed = await waitFor(
      async () => (await eventsOf('Service', 'echo-lb2')).find((e) => e.reason === 'SyncLoadBalancerFailed'),
      { description: 'the SyncLoadBalancerFailed event', timeoutMs: 30_000, intervalMs: 200 },
    );
    expect(failed.type).toBe('Warning');
    expect(failed.message).toContain(`port ${movedPort}/TCP on 127.0.0.1: listen EADDRINUSE`);
    expect((await serviceColumns('echo-lb2'))['EXTERNAL-IP']).toBe('<pending>');
    const service = JSON.parse(await ok(['get', 'svc', 'echo-lb2', '-n', NS, '-o', 'json'])) as { status?: { loadBalancer?: { ingress?: unknown[] } } };
    expect(service.status?.loadBalancer?.ingress ?? []).toEqual([]);
    expect(await ok(['describe', 'svc', 'echo-lb2', '-n', NS])).toMatch(/Warning\s+SyncLoadBalancerFailed/);
  }, 60_000);

  it('closes the listener when the Service is deleted (the waiting one then gets the port)', async () => {
    await ok(['delete', 'svc', 'echo-lb', '-n', NS]);
    await externalIp('echo-lb2', '127.0.0.1', movedPort);
    expect(pods.map((p) => p.metadata.name)).toContain(await whoAnswers(movedPort));
    await ok(['delete', 'svc', 'echo-lb2', '-n', NS]);
    await waitFor(async () => (await connectResult(movedPort)) === 'ECONNREFUSED', { description: 'the port to be closed', timeoutMs: 30_000 });
  }, 90_000);
});

describe('a Deployment whose pods bind their pod IP (local.ebb.dev/port-mapping: pod-ip)', () => {
  let containerPort: number;
  let lbPort: number;

  function podIpManifest(): string {
    return `apiVersion: apps/v1
kind: Deployment
metadata: { name: echo-podip, namespace: ${NS} }
spec:
  replicas: 2
  selector: { matchLabels: { app: echo-podip } }
  template:
    metadata:
      labels: { app: echo-podip }
      annotations: { local.ebb.dev/port-mapping: pod-ip }
    spec:
      containers:
        - name: echo
          image: dev.local/echo
          ports: [{ name: http, containerPort: ${containerPort} }]
          env: [{ name: HOST, valueFrom: { fieldRef: { fieldPath: status.podIP } } }]
          readinessProbe: { httpGet: { path: /healthz, port: http }, periodSeconds: 1 }
---
${loadBalancer('echo-podip', lbPort, 'echo-podip')}`;
  }

  it('runs both replicas on the same containerPort, each on its own pod IP, Ready', async () => {
    [containerPort, lbPort] = [await freePort(), await freePort()];
    await ok(['apply', '-f', '-'], { input: podIpManifest() });
    const pods = await readyPods('echo-podip', 2);
    for (const pod of pods) {
      expect(pod.metadata.annotations?.['local.ebb.dev/ports']).toBe(JSON.stringify({ [`${containerPort}/TCP`]: containerPort }));
      const answer = await httpGet(`http://${pod.status?.podIP ?? ''}:${containerPort}/`);
      expect((JSON.parse(answer.body) as { hostname: string }).hostname).toBe(pod.metadata.name);
    }
    expect(await connectResult(containerPort)).toBe('ECONNREFUSED');
  }, 120_000);

  it('lists podIP:<containerPort> in the EndpointSlice, and the LoadBalancer reaches both', async () => {
    const pods = await readyPods('echo-podip', 2);
    const endpoints = await waitFor(
      async () => {
        const ready = readyEndpoints(await listSlices(cluster, NS, 'echo-podip'));
        return ready.length === 2 ? ready : undefined;
      },
      { description: '2 ready endpoints', timeoutMs: 30_000 },
    );
    expect(endpoints.sort()).toEqual(pods.map((p) => `${p.status?.podIP ?? ''}:${containerPort}`).sort());
    await externalIp('echo-podip', '127.0.0.1', lbPort);
    const answers = new Set<string>();
    for (let i = 0; i < 4; i++) answers.add(await whoAnswers(lbPort));
    expect([...answers].sort()).toEqual(pods.map((p) => p.metadata.name).sort());
  }, 60_000);
});
