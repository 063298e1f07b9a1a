import { apiRequest, ebb, exampleDir, httpGet, kubectl, kubectlOk, listSlices, processAlive, processIdOf, spawnKubectl, startLocalCluster, stopProcess, waitFor, type KubectlOptions, type LocalCluster, type PodView } from '@ebb/testing';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The kubelet with the process runtime, one behaviour at a time: a crash loop with back-off,
 * a readiness probe taking a pod out of its EndpointSlice, grace periods on delete, the pod's
 * environment and volumes (ConfigMap, Secret, downward API, the ServiceAccount token used to
 * call the API server), the memory limit, and `kubectl logs` options.
 */
const NS = 'e2e-kubelet';

let cluster: LocalCluster;
let workDir: string;

async function ok(args: readonly string[], options: KubectlOptions = {}): Promise<string> {
  return kubectlOk(cluster, args, { timeoutMs: 120_000, ...options });
}

async function pod(name: string): Promise<PodView | undefined> {
  const answer = await apiRequest(cluster, { path: `/api/v1/namespaces/${NS}/pods/${name}` });
  return answer.status === 200 ? (answer.json as PodView) : undefined;
}

async function podWhere(name: string, description: string, test: (pod: PodView) => boolean, timeoutMs = 60_000): Promise<PodView> {
  return waitFor(
    async () => {
      const found = await pod(name);
      return found !== undefined && test(found) ? found : undefined;
    },
    { description: `pod ${name}: ${description}`, timeoutMs, intervalMs: 100 },
  );
}

const running = (p: PodView): boolean => p.status?.phase === 'Running' && (p.status.containerStatuses ?? []).every((s) => s.state?.running !== undefined);

function echoPod(name: string, extra: { env?: Record<string, string>; grace?: number; probe?: string } = {}): string {
  const env = Object.entries(extra.env ?? {}).map(([k, v]) => `        - { name: ${k}, value: "${v}" }`);
  return `apiVersion: v1
kind: Pod
metadata: { name: ${name}, namespace: ${NS}, labels: { app: ${name} } }
spec:
  terminationGracePeriodSeconds: ${extra.grace ?? 30}
  containers:
    - name: echo
      image: dev.local/echo
      ports: [{ name: http, containerPort: 8080 }]
      env:
${env.length === 0 ? '        - { name: UNUSED, value: "1" }' : env.join('\n')}
${extra.probe ?? ''}`;
}

beforeAll(async () => {
  cluster = await startLocalCluster();
  workDir = await mkdtemp(path.join(tmpdir(), 'ebb-kubelet-e2e-'));
  await ebb(cluster.dataDir, ['image', 'add', 'dev.local/echo', exampleDir('echo')]);
  await ok(['create', 'namespace', NS]);
}, 60_000);

afterAll(async () => {
  await cluster?.dispose();
  if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
});

describe('restarts', () => {
  it('restarts a container that exits non-zero with back-off and shows CrashLoopBackOff', async () => {
    await ok(['run', 'crasher', '-n', NS, '--image=dev.local/echo', '--restart=Always', '--command', '--', 'node', '-e', "console.log('about to fail'); process.exit(3)"]);
    const looping = await podWhere('crasher', 'in CrashLoopBackOff', (p) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'CrashLoopBackOff');
    const status = looping.status?.containerStatuses?.[0];
    expect(status?.lastState?.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(status?.state?.waiting?.message).toMatch(/^back-off \d+s restarting failed container=crasher pod=crasher_e2e-kubelet\(/);
    expect(await ok(['get', 'pod', 'crasher', '-n', NS])).toMatch(/crasher\s+0\/1\s+(CrashLoopBackOff|Error)\s/);
    await podWhere('crasher', 'restarted once', (p) => (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1, 40_000);
    expect(await ok(['logs', 'crasher', '-n', NS, '--previous'])).toContain('about to fail');
    expect(await ok(['describe', 'pod', 'crasher', '-n', NS])).toContain('Back-off restarting failed container crasher in pod crasher_e2e-kubelet');
    await ok(['delete', 'pod', 'crasher', '-n', NS, '--grace-period=1']);
  }, 90_000);
});

describe('termination messages', () => {
  /** The terminated state's message (PodView does not type it). */
  interface TerminatedView {
    readonly state?: { readonly terminated?: { readonly exitCode: number; readonly message?: string } };
    readonly lastState?: { readonly terminated?: { readonly exitCode: number; readonly message?: string } };
  }
  const terminatedOf = (p: PodView): TerminatedView['state'] => {
    const status = p.status?.containerStatuses?.[0] as TerminatedView | undefined;
    return status?.state?.terminated === undefined ? undefined : status.state;
  };
  const failingPod = (name: string, policy: string): string => `apiVersion: v1
kind: Pod
metadata: { name: ${name}, namespace: ${NS} }
spec:
  restartPolicy: Never
  containers:
    - name: app
      image: dev.local/echo
      command: ["node", "-e", "console.log('starting'); console.error('bad config'); process.exit(3)"]
${policy}`;

  it('gives a container that fails the end of its log as its message with FallbackToLogsOnError, and none without', async () => {
    await ok(['apply', '-f', '-'], { input: failingPod('explains', '      terminationMessagePolicy: FallbackToLogsOnError\n') });
    await ok(['apply', '-f', '-'], { input: failingPod('silent', '') });
    const [explains, silent] = await Promise.all(
      ['explains', 'silent'].map(async (name) => terminatedOf(await podWhere(name, 'terminated', (p) => terminatedOf(p) !== undefined))),
    );
    expect(explains?.terminated?.exitCode).toBe(3);
    // stdout and stderr are separate pipes: their lines may reach the log in either order.
    expect(explains?.terminated?.message?.split('\n').sort()).toEqual(['', 'bad config', 'starting']);
    expect(silent?.terminated?.exitCode).toBe(3);
    expect(silent?.terminated).not.toHaveProperty('message');
    await ok(['delete', 'pod', 'explains', 'silent', '-n', NS, '--grace-period=1']);
  }, 90_000);
});

describe('command and args', () => {
  it('expands $(VAR) references to the container env, keeps unknown ones and $$ escapes', async () => {
    await ok(['apply', '-f', '-'], {
      input: `apiVersion: v1
kind: Pod
metadata: { name: expands, namespace: ${NS} }
spec:
  restartPolicy: Never
  containers:
    - name: app
      image: dev.local/echo
      env:
        - { name: GREETING, value: hello }
        - name: MY_NAME
          valueFrom: { fieldRef: { fieldPath: metadata.name } }
      command: ["node", "-e", "console.log(process.argv.slice(1).join(' '))"]
      args: ["$(GREETING)-$(MY_NAME)", "$(UNDEFINED)", "$$(GREETING)"]
`,
    });
    await podWhere('expands', 'Succeeded', (p) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed');
    expect((await ok(['logs', 'expands', '-n', NS])).trim()).toBe('hello-expands $(UNDEFINED) $(GREETING)');
    await ok(['delete', 'pod', 'expands', '-n', NS, '--grace-period=1']);
  }, 90_000);
});

describe('security context', () => {
  it('refuses to start a container whose runAsNonRoot meets runAsUser 0, with the kubelet reason and message', async () => {
    await ok(['apply', '-f', '-'], {
      input: `apiVersion: v1
kind: Pod
metadata: { name: rooty, namespace: ${NS} }
spec:
  securityContext: { runAsNonRoot: true }
  containers:
    - name: app
      image: dev.local/echo
      securityContext: { runAsUser: 0 }
`,
    });
    const waiting = await podWhere('rooty', 'CreateContainerConfigError', (p) => (p.status?.containerStatuses?.[0] as { state?: { waiting?: { reason?: string } } } | undefined)?.state?.waiting?.reason === 'CreateContainerConfigError');
    const state = (waiting.status?.containerStatuses?.[0] as { state?: { waiting?: { message?: string } } }).state;
    expect(state?.waiting?.message).toMatch(/^container's runAsUser breaks non-root policy \(pod: "rooty_e2e-kubelet\(.+\)", container: app\)$/);
    await ok(['delete', 'pod', 'rooty', '-n', NS, '--grace-period=0']);
  }, 90_000);
});

describe('probes', () => {
  it('takes a pod whose readiness probe fails out of the EndpointSlice, and back when it passes', async () => {
    const flag = path.join(workDir, 'not-ready');
    const probe = `      readinessProbe:\n        httpGet: { path: /ready, port: http }\n        periodSeconds: 1\n        failureThreshold: 1\n`;
    await ok(['apply', '-f', '-'], { input: echoPod('flaky', { env: { NOT_READY_FILE: flag }, probe }) });
    await ok(['expose', 'pod', 'flaky', '-n', NS, '--port=80', '--target-port=http']);
    const endpointReady = async (want: boolean): Promise<true | undefined> => {
      const endpoints = (await listSlices(cluster, NS, 'flaky')).flatMap((s) => s.endpoints ?? []);
      return endpoints.length === 1 && endpoints[0]?.conditions?.ready === want ? true : undefined;
    };
    await waitFor(() => endpointReady(true), { description: 'flaky ready in its slice', timeoutMs: 30_000 });
    const failing = Date.now();
    await writeFile(flag, '');
    await waitFor(() => endpointReady(false), { description: 'flaky not ready in its slice', timeoutMs: 10_000 });
    process.stdout.write(`readiness: out of the EndpointSlice ${Date.now() - failing} ms after the probe started failing (period 1 s)\n`);
    expect((await pod('flaky'))?.status?.containerStatuses?.[0]?.ready).toBe(false);
    await rm(flag);
    await waitFor(() => endpointReady(true), { description: 'flaky ready again', timeoutMs: 10_000 });
    await ok(['delete', 'pod', 'flaky', '-n', NS]);
    await ok(['delete', 'service', 'flaky', '-n', NS]);
  }, 90_000);
});

describe('termination', () => {
  it('kills a process that ignores SIGTERM after its grace period, and lets one that exits on SIGTERM go by itself', async () => {
    const stubbornLog = path.join(workDir, 'stubborn.log');
    const politeLog = path.join(workDir, 'polite.log');
    await ok(['apply', '-f', '-'], { input: echoPod('stubborn', { env: { IGNORE_SIGTERM: '1', SHUTDOWN_LOG: stubbornLog }, grace: 2 }) });
    await ok(['apply', '-f', '-'], { input: echoPod('polite', { env: { SHUTDOWN_LOG: politeLog }, grace: 120 }) });
    const [stubborn, polite] = await Promise.all([podWhere('stubborn', 'running', running), podWhere('polite', 'running', running)]);
    const stubbornPid = processIdOf(stubborn.status?.containerStatuses?.[0]?.containerID);
    const politePid = processIdOf(polite.status?.containerStatuses?.[0]?.containerID);
    expect(stubbornPid).toBeDefined();
    expect(politePid).toBeDefined();

    await ok(['delete', 'pod', 'stubborn', '-n', NS]);
    expect(await readFile(stubbornLog, 'utf8')).toMatch(/^SIGTERM ignored\n$/);
    expect(processAlive(stubbornPid ?? 0)).toBe(false);

    // Deleted with a 120 s grace period, polite is gone long before it because it exits itself.
    await ok(['delete', 'pod', 'polite', '-n', NS], { timeoutMs: 60_000 });
    expect(await readFile(politeLog, 'utf8')).toMatch(/^SIGTERM\nexit 0\n$/);
    expect(processAlive(politePid ?? 0)).toBe(false);
  }, 120_000);
});

describe("a pod's environment", () => {
  it('gets env from ConfigMaps, Secrets and the downward API, volumes as files, and a ServiceAccount token that works', async () => {
    const script = [
      "const fs = require('node:fs'); const https = require('node:https');",
      "const dir = process.env.EBB_SERVICEACCOUNT_DIR;",
      "console.log('env', JSON.stringify({ greeting: process.env.GREETING, password: process.env.PASSWORD, name: process.env.MY_NAME, ip: process.env.MY_IP, from: process.env.CFG_mode }));",
      "console.log('file', fs.readFileSync(process.env.EBB_VOLUME_SETTINGS + '/app.conf', 'utf8'));",
      "const req = https.request({ host: process.env.KUBERNETES_SERVICE_HOST, port: process.env.KUBERNETES_SERVICE_PORT, method: 'POST', path: '/apis/authentication.k8s.io/v1/selfsubjectreviews', ca: fs.readFileSync(dir + '/ca.crt'), headers: { authorization: 'Bearer ' + fs.readFileSync(dir + '/token', 'utf8'), 'content-type': 'application/json' } }, (res) => { let b = ''; res.on('data', (c) => (b += c)); res.on('end', () => console.log('whoami', JSON.parse(b).status.userInfo.username, fs.readFileSync(dir + '/namespace', 'utf8'))); });",
      "req.end(JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' }));",
    ].join('\n');
    await ok(['create', 'configmap', 'settings', '-n', NS, '--from-literal=greeting=hi', '--from-literal=mode=fast', '--from-literal=app.conf=port=1']);
    await ok(['create', 'secret', 'generic', 'creds', '-n', NS, '--from-literal=password=s3cret']);
    const manifest = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'envy', namespace: NS },
      spec: {
        restartPolicy: 'Never',
        volumes: [{ name: 'settings', configMap: { name: 'settings' } }],
        containers: [
          {
            name: 'app',
            image: 'dev.local/echo',
            command: ['node', '-e', script],
            envFrom: [{ prefix: 'CFG_', configMapRef: { name: 'settings' } }],
            env: [
              { name: 'GREETING', valueFrom: { configMapKeyRef: { name: 'settings', key: 'greeting' } } },
              { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } },
              { name: 'MY_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
              { name: 'MY_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
            ],
            volumeMounts: [{ name: 'settings', mountPath: '/etc/settings' }],
          },
        ],
      },
    };
    await ok(['apply', '-f', '-'], { input: JSON.stringify(manifest) });
    const done = await podWhere('envy', 'Succeeded', (p) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed');
    const logs = await ok(['logs', 'envy', '-n', NS]);
    expect(done.status?.phase).toBe('Succeeded');
    expect(logs).toContain(`env {"greeting":"hi","password":"s3cret","name":"envy","ip":"${done.status?.podIP}","from":"fast"}`);
    expect(logs).toContain('file port=1');
    expect(logs).toContain(`whoami system:serviceaccount:${NS}:default ${NS}`);
  }, 90_000);

  it('stops a container that goes over its memory limit as OOMKilled', async () => {
    const hog = "const keep = []; setInterval(() => { const b = Buffer.alloc(16 * 1024 * 1024); b.fill(1); keep.push(b); }, 20);";
    const manifest = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'hog', namespace: NS },
      spec: { restartPolicy: 'Never', containers: [{ name: 'app', image: 'dev.local/echo', command: ['node', '-e', hog], resources: { limits: { memory: '128Mi' } } }] },
    };
    await ok(['apply', '-f', '-'], { input: JSON.stringify(manifest) });
    const done = await podWhere('hog', 'Failed', (p) => p.status?.phase === 'Failed');
    expect(done.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
  }, 60_000);
});

describe('kubectl logs', () => {
  it('serves tail, timestamps and follow', async () => {
    await ok(['apply', '-f', '-'], { input: echoPod('talker') });
    const talker = await podWhere('talker', 'running', (p) => running(p) && p.metadata.annotations?.['local.ebb.dev/ports'] !== undefined);
    const port = (JSON.parse(talker.metadata.annotations?.['local.ebb.dev/ports'] ?? '{}') as Record<string, number>)['8080/TCP'];
    const base = `http://${talker.status?.podIP}:${port}`;
    await waitFor(async () => (await httpGet(`${base}/healthz`).catch(() => ({ status: 0 }))).status === 200, { description: 'talker answering' });
    const follower = spawnKubectl(cluster, ['logs', '-f', 'talker', '-n', NS]);
    let followed = '';
    follower.stdout?.on('data', (chunk: Buffer) => (followed += chunk.toString('utf8')));
    await httpGet(`${base}/first`);
    await httpGet(`${base}/second`);
    await waitFor(() => followed.includes('/second'), { description: 'the followed log to show /second' });
    await httpGet(`${base}/third`);
    await waitFor(() => followed.includes('/third'), { description: 'the followed log to show /third' });
    await stopProcess(follower);
    const tail = await ok(['logs', 'talker', '-n', NS, '--tail=1']);
    expect(tail.trim().split('\n')).toHaveLength(1);
    expect(tail).toContain('/third');
    const stamped = await ok(['logs', 'talker', '-n', NS, '--timestamps', '--tail=2']);
    for (const line of stamped.trim().split('\n')) expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z /);
    const missing = await kubectl(cluster, ['logs', 'talker', '-n', NS, '--previous']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('previous terminated container "echo" in pod "talker" not found');
    await ok(['delete', 'pod', 'talker', '-n', NS]);
    // The kubelet removes the pod's directory (logs, volumes) once the pod is gone.
    await waitFor(() => !existsSync(path.join(cluster.dataDir, 'kubelet', 'pods', talker.metadata.uid)), { description: "the pod's directory removed" });
  }, 90_000);
});
