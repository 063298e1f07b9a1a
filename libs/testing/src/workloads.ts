// Harness pieces for the local cluster's workloads: the `ebb` CLI bundle (to register local
// images), the example folders, reading pods and EndpointSlices over the API, and a load
// generator that follows EndpointSlices the way a real load balancer would.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { get, type IncomingMessage } from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { apiRequest, type LocalCluster } from './local-cluster.js';
import { WORKSPACE_ROOT } from './workspace.js';


/** Where `tools/build/build.mjs apps/cli` writes the `ebb` CLI. */
export const EBB_CLI_BUNDLE = path.join(WORKSPACE_ROOT, 'dist', 'apps', 'cli', 'main.js');

/** The example workloads (`examples/<name>`). */
export function exampleDir(name: 'hello' | 'echo'): string {
  return path.join(WORKSPACE_ROOT, 'examples', name);
}

/** Runs the built `ebb` CLI with `--data-dir`; rejects with its stderr when it fails. */
export async function ebb(dataDir: string, args: readonly string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [EBB_CLI_BUNDLE, ...args, '--data-dir', dataDir], { encoding: 'utf8' });
  return stdout;
}

/** A pod as the tests read it. */
export interface PodView {
  readonly metadata: { name: string; uid: string; labels?: Record<string, string>; annotations?: Record<string, string>; deletionTimestamp?: string };
  readonly spec: { containers: { name: string; image: string }[]; nodeName?: string };
  readonly status?: {
    phase?: string;
    podIP?: string;
    conditions?: { type: string; status: string }[];
    containerStatuses?: {
      name: string;
      ready: boolean;
      restartCount: number;
      containerID?: string;
      state?: { running?: object; waiting?: { reason?: string; message?: string }; terminated?: { exitCode: number; reason?: string } };
      lastState?: { terminated?: { exitCode: number; reason?: string } };
    }[];
  };
}

/** An EndpointSlice as the tests read it. */
export interface SliceView {
  readonly metadata: { name: string; labels?: Record<string, string> };
  readonly ports?: { name?: string; port?: number; protocol?: string }[];
  readonly endpoints?: { addresses: string[]; conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean }; targetRef?: { name?: string } }[];
}

async function listOf<T>(cluster: LocalCluster, pathName: string): Promise<T[]> {
  const answer = await apiRequest(cluster, { path: pathName });
  if (answer.status !== 200) throw new Error(`GET ${pathName}: ${answer.status} ${answer.body}`);
  return (answer.json as { items: T[] }).items;
}

/** The pods of a namespace matching a label selector (e.g. `app=echo`). */
export function listPods(cluster: LocalCluster, namespace: string, labelSelector: string): Promise<PodView[]> {
  return listOf<PodView>(cluster, `/api/v1/namespaces/${namespace}/pods?labelSelector=${encodeURIComponent(labelSelector)}`);
}

/** The EndpointSlices of a Service. */
export function listSlices(cluster: LocalCluster, namespace: string, service: string): Promise<SliceView[]> {
  return listOf<SliceView>(cluster, `/apis/discovery.k8s.io/v1/namespaces/${namespace}/endpointslices?labelSelector=${encodeURIComponent(`kubernetes.io/service-name=${service}`)}`);
}

/** Whether a pod is Ready and its containers run. */
export function isReady(pod: PodView): boolean {
  return pod.metadata.deletionTimestamp === undefined && pod.status?.phase === 'Running' && (pod.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** `<ip>:<port>` of every ready endpoint of the slices (each slice's first port). */
export function readyEndpoints(slices: readonly SliceView[]): string[] {
  return slices.flatMap((slice) => {
    const port = slice.ports?.[0]?.port;
    if (port === undefined) return [];
    return (slice.endpoints ?? []).filter((e) => e.conditions?.ready === true).flatMap((e) => e.addresses.map((a) => `${a}:${port}`));
  });
}

/** The process id in a `process://<pid>` container ID. */
export function processIdOf(containerID: string | undefined): number | undefined {
  const match = /^process:\/\/(\d+)$/.exec(containerID ?? '');
  return match === null ? undefined : Number(match[1]);
}

/**
 * Whether a process with this id is alive: it exists and is not a zombie (an exited process its
 * new parent, init, has not reaped yet; `ps` shows it as <defunct>).
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** One plain HTTP GET to 127.x.y.z (no keep-alive); resolves with status and body. */
export function httpGet(url: string, timeoutMs = 5000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = get(url, { agent: false, timeout: timeoutMs }, (res: IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

/** What a {@link startLoad} run saw. */
export interface LoadReport {
  readonly sent: number;
  readonly ok: number;
  readonly failures: readonly string[];
  /** Distinct endpoints that answered. */
  readonly endpoints: ReadonlySet<string>;
}

/**
 * Sends `ratePerSecond` GETs to the ready endpoints of a Service's EndpointSlices (round robin),
 * re-reading the slices before every request as a watching load balancer would know them; stop()
 * ends it and reports every failure. Only 127.0.0.0/8 targets.
 */
export function startLoad(cluster: LocalCluster, namespace: string, service: string, ratePerSecond: number): { stop: () => Promise<LoadReport> } {
  let sent = 0;
  let ok = 0;
  let turn = 0;
  const failures: string[] = [];
  const endpoints = new Set<string>();
  const shoot = async (): Promise<void> => {
    const targets = readyEndpoints(await listSlices(cluster, namespace, service)).sort();
    const target = targets[turn++ % Math.max(targets.length, 1)];
    sent += 1;
    if (target === undefined || !target.startsWith('127.')) {
      failures.push(`no ready loopback endpoint (${targets.join(', ')})`);
      return;
    }
    const answer = await httpGet(`http://${target}/`).catch((error: Error) => ({ status: 0, body: error.message }));
    if (answer.status === 200) {
      ok += 1;
      endpoints.add(target);
    } else failures.push(`${new Date().toISOString()} ${target}: ${answer.status} ${answer.body.slice(0, 200)}`);
  };
  const shots = atRate(ratePerSecond, () => shoot().catch((error: Error) => void failures.push(error.message)));
  return {
    stop: async () => {
      await shots.stop();
      return { sent, ok, failures, endpoints };
    },
  };
}

/**
 * Calls `shoot` `ratePerSecond` times a second, whether or not earlier calls have settled (an
 * open loop, as users send requests); stop() stops calling and waits for the calls in flight.
 * `shoot` must not reject.
 */
export function atRate(ratePerSecond: number, shoot: () => Promise<void>): { stop: () => Promise<void> } {
  const inFlight = new Set<Promise<void>>();
  const timer = setInterval(() => {
    const shot = shoot();
    inFlight.add(shot);
    void shot.finally(() => inFlight.delete(shot));
  }, 1000 / ratePerSecond);
  return {
    stop: async () => {
      clearInterval(timer);
      await Promise.all(inFlight);
    },
  };
}

/**
 * Waits for what the local cluster's controllers put into every new namespace, as on
 * Kubernetes: the `default` ServiceAccount (pods need it) and the `kube-root-ca.crt` ConfigMap.
 * Suites that list everything in a namespace wait for these first, so they list them every time.
 */
export async function namespaceReady(cluster: LocalCluster, namespace: string): Promise<void> {
  const paths = [`/api/v1/namespaces/${namespace}/serviceaccounts/default`, `/api/v1/namespaces/${namespace}/configmaps/kube-root-ca.crt`];
  const deadline = Date.now() + 10_000;
  for (const pathName of paths) {
    while ((await apiRequest(cluster, { path: pathName })).status !== 200) {
      if (Date.now() > deadline) throw new Error(`namespace ${namespace}: ${pathName} did not appear within 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** Options of {@link echoManifest}. */
export interface EchoManifestOptions {
  readonly namespace: string;
  /** `dev.local/echo` (a local image) or a Docker image of examples/echo. */
  readonly image: string;
  readonly replicas: number;
  /** Also a Service `echo` selecting the pods (port 80 → the container's port `http`). */
  readonly service?: boolean;
  /** Listen on the pod IP (env HOST from the downward API's status.podIP) instead of every address. */
  readonly bindPodIP?: boolean;
}

/**
 * A Deployment `echo` of the echo example, as a user would write it for any cluster: port
 * `http` 8080, a readiness probe on `/healthz`, rolling updates that keep every replica up
 * (maxSurge 1, maxUnavailable 0); with `service`, a Service in front.
 */
export function echoManifest(options: EchoManifestOptions): string {
  const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: { name: echo, namespace: ${options.namespace} }
spec:
  replicas: ${options.replicas}
  selector: { matchLabels: { app: echo } }
  strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }
  template:
    metadata: { labels: { app: echo } }
    spec:
      containers:
        - name: echo
          image: ${options.image}
          ports: [{ name: http, containerPort: 8080 }]
          readinessProbe: { httpGet: { path: /healthz, port: http }, periodSeconds: 1 }
${options.bindPodIP === true ? '          env: [{ name: HOST, valueFrom: { fieldRef: { fieldPath: status.podIP } } }]\n' : ''}`;
  const service = `---
apiVersion: v1
kind: Service
metadata: { name: echo, namespace: ${options.namespace} }
spec:
  selector: { app: echo }
  ports: [{ name: http, port: 80, targetPort: http }]
`;
  return options.service === true ? deployment + service : deployment;
}
