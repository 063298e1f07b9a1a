// `ebb revision describe`'s Scaling section against a real local cluster with the Knative CRDs:
// the spec plays the controllers (it writes the PodAutoscaler status and the ServerlessService)
// and runs a stand-in autoscaler pod in ebb-system, a small Node HTTP server answering
// `GET /decisions/<ns>/<rev>` on its admin port 8083, which the CLI reaches through the API
// server's pods/proxy exactly as it reaches the real autoscaler.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KnativeResources, type PodAutoscaler, type Revision, type ServerlessService } from '@ebb/api';
import { ImageStore } from '@ebb/image-store';
import { loadKubeConfig, ResourceClient } from '@ebb/kube';
import { apiRequest, kubectl, startLocalCluster, waitFor, type LocalCluster, type PodView } from '@ebb/testing';
import { run } from './program.js';

const CRDS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'deploy', 'base', 'crds');

/** The clock of the CLI runs: a minute ahead, so that decision ages are exact. */
const NOW = Date.now() + 60_000;

const DECISIONS = [
  { timestamp: NOW - 4000, desiredScale: 2, excessBurstCapacity: 10, panic: false, observedStableValue: 15, observedPanicValue: 18, readyPods: 2, reason: 'stable' },
  { timestamp: NOW - 2000, desiredScale: 5, excessBurstCapacity: -30, panic: true, observedStableValue: 20.25, observedPanicValue: 48, readyPods: 2, reason: 'panic: 2x the target', extra: 'ignored' },
];

/** The stand-in autoscaler: decisions for `default/hello-00001`, none for any other revision. */
const FAKE_AUTOSCALER = `import http from 'node:http';
const decisions = ${JSON.stringify(DECISIONS)};
http.createServer((req, res) => {
  const match = /^\\/decisions\\/([^/]+)\\/([^/]+)$/.exec(req.url ?? '');
  if (match === null) { res.writeHead(404); res.end('not found'); return; }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ namespace: match[1], revision: match[2], decisions: match[1] === 'default' && match[2] === 'hello-00001' ? decisions : [] }));
}).listen(Number(process.env.PORT));
`;

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let cluster: LocalCluster;
let work: string;

async function ebb(args: readonly string[]): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const code = await run([...args, '--kubeconfig', cluster.kubeconfigPath], { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), env: {}, cwd: work, now: () => new Date(NOW) });
  return { code, stdout, stderr };
}

async function apply(manifest: unknown): Promise<void> {
  const result = await kubectl(cluster, ['apply', '-f', '-'], { input: JSON.stringify(manifest) });
  expect(result.stderr).toBe('');
}

function revision(name: string): Revision {
  return { apiVersion: 'serving.knative.dev/v1', kind: 'Revision', metadata: { name, namespace: 'default' }, spec: { containers: [{ image: 'dev.local/hello' }] } };
}

beforeAll(async () => {
  cluster = await startLocalCluster();
  work = await mkdtemp(path.join(tmpdir(), 'ebb-cli-scaling-'));
  expect((await kubectl(cluster, ['apply', '-f', CRDS])).code).toBe(0);
  expect((await kubectl(cluster, ['wait', '--for=condition=Established', 'crd', '--all', '--timeout=30s'])).code).toBe(0);

  const image = path.join(work, 'fake-autoscaler');
  await mkdir(image);
  await writeFile(path.join(image, 'server.mjs'), FAKE_AUTOSCALER);
  await writeFile(path.join(image, 'ebb-image.json'), JSON.stringify({ entrypoint: ['node', 'server.mjs'] }));
  await ImageStore.open(cluster.dataDir).add('dev.local/fake-autoscaler', image);
  await apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ebb-system' } });
  await apply({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'autoscaler-0', namespace: 'ebb-system', labels: { 'app.kubernetes.io/name': 'autoscaler' } },
    spec: {
      terminationGracePeriodSeconds: 1,
      containers: [{ name: 'autoscaler', image: 'dev.local/fake-autoscaler', ports: [{ name: 'admin', containerPort: 8083 }], readinessProbe: { httpGet: { path: '/decisions/x/y', port: 8083 }, periodSeconds: 1 } }],
    },
  });

  await apply(revision('hello-00001'));
  await apply(revision('quiet-00001'));
  const kubeConfig = loadKubeConfig(cluster.kubeconfigPath);
  const pas = new ResourceClient<PodAutoscaler>(kubeConfig, KnativeResources.podAutoscaler);
  const created = await pas.create({ metadata: { name: 'hello-00001', namespace: 'default' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'hello-00001-deployment' }, protocolType: 'http1' } });
  await pas.updateStatus({
    ...created,
    status: {
      desiredScale: 5,
      actualScale: 2,
      conditions: [
        { type: 'Active', status: 'True', lastTransitionTime: new Date().toISOString() },
        { type: 'Ready', status: 'True', lastTransitionTime: new Date().toISOString() },
        { type: 'SKSReady', status: 'Unknown', reason: 'NotReady', lastTransitionTime: new Date().toISOString() },
      ],
    },
  });
  await new ResourceClient<ServerlessService>(kubeConfig, KnativeResources.serverlessService).create({ metadata: { name: 'hello-00001', namespace: 'default' }, spec: { mode: 'Proxy', numActivators: 2, objectRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'hello-00001-deployment' } } });

  await waitFor(
    async () => {
      const pod = (await apiRequest(cluster, { path: '/api/v1/namespaces/ebb-system/pods/autoscaler-0' })).json as PodView;
      return (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True') ? true : undefined;
    },
    { description: 'the stand-in autoscaler is ready', timeoutMs: 60_000, intervalMs: 100 },
  );
}, 120_000);

afterAll(async () => {
  await cluster?.dispose();
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

/** The output from the Scaling section on. */
function scalingPart(stdout: string): string {
  return stdout.slice(stdout.indexOf('\nScaling:\n'));
}

describe('ebb revision describe: scaling', () => {
  it('shows scale, mode, conditions and the decisions read through pods/proxy, newest first', async () => {
    const outcome = await ebb(['revision', 'describe', 'hello-00001']);
    expect({ code: outcome.code, stderr: outcome.stderr }).toEqual({ code: 0, stderr: '' });
    expect(outcome.stdout).toMatch(/^Name:\s+hello-00001\n/);
    expect(scalingPart(outcome.stdout)).toBe(
      [
        '',
        'Scaling:',
        '  Desired:   5',
        '  Actual:    2',
        '  Mode:      Proxy (activators: 2)',
        '  Panic:     yes',
        '  Active:    True',
        '  Ready:     True',
        '  SKSReady:  Unknown (NotReady)',
        '',
        'Decisions (newest first):',
        '  AGE   DESIRED   READY   STABLE   PANIC-VALUE   PANIC   REASON',
        '  2s    5         2       20.25    48            yes     panic: 2x the target',
        '  4s    2         2       15       18            no      stable',
        '',
      ].join('\n'),
    );
  });

  it('limits the decisions with --decisions', async () => {
    const outcome = await ebb(['revision', 'describe', 'hello-00001', '--decisions', '1']);
    expect(scalingPart(outcome.stdout)).toContain('Decisions (newest first):\n  AGE   DESIRED   READY   STABLE   PANIC-VALUE   PANIC   REASON\n  2s    5         2       20.25    48            yes     panic: 2x the target\n');
    expect(outcome.stdout).not.toContain('stable\n');
  });

  it('adds the scaling as data to -o json', async () => {
    const outcome = await ebb(['revision', 'describe', 'hello-00001', '-o', 'json', '--decisions', '1']);
    const printed = JSON.parse(outcome.stdout) as Revision & { scaling: unknown };
    expect(printed.metadata?.name).toBe('hello-00001');
    expect(printed.scaling).toEqual({
      desiredScale: 5,
      actualScale: 2,
      mode: 'Proxy',
      numActivators: 2,
      panic: true,
      conditions: [
        { type: 'Active', status: 'True' },
        { type: 'Ready', status: 'True' },
        { type: 'SKSReady', status: 'Unknown', reason: 'NotReady' },
      ],
      decisions: [{ timestamp: NOW - 2000, desiredScale: 5, excessBurstCapacity: -30, panic: true, observedStableValue: 20.25, observedPanicValue: 48, readyPods: 2, reason: 'panic: 2x the target' }],
    });
  });

  it('shows dashes for a revision without PodAutoscaler and ServerlessService', async () => {
    const outcome = await ebb(['revision', 'describe', 'quiet-00001']);
    expect(outcome.code).toBe(0);
    expect(scalingPart(outcome.stdout)).toBe(['', 'Scaling:', '  Desired:   -', '  Actual:    -', '  Mode:      -', '  Panic:     -', '  Active:    -', '  Ready:     -', '  SKSReady:  -', '', 'Decisions: none yet', ''].join('\n'));
  });

  it('says why the decisions are unavailable and still succeeds', async () => {
    const outcome = await ebb(['revision', 'describe', 'hello-00001', '--system-namespace', 'elsewhere']);
    expect({ code: outcome.code, stderr: outcome.stderr }).toEqual({ code: 0, stderr: '' });
    expect(scalingPart(outcome.stdout)).toContain('  Panic:     -\n');
    expect(scalingPart(outcome.stdout)).toMatch(/\nDecisions: unavailable \(no ready autoscaler pod \(app\.kubernetes\.io\/name=autoscaler\) in namespace elsewhere\)\n$/);
  });

  it('refuses a bad --decisions before reading anything', async () => {
    expect(await ebb(['revision', 'describe', 'hello-00001', '--decisions', 'many'])).toEqual({ code: 1, stdout: '', stderr: "Error: invalid --decisions 'many': want a number of decisions (0 or more)\n" });
  });
});
