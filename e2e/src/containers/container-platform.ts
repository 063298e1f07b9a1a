// Ebb installed as a platform engineer installs it, for the testcontainers suites: the images of
// `npm run images`, nats-server started from ebb/nats and the local cluster from
// ebb/local-cluster (testcontainers, host networking, read-only root filesystems), then
// `kubectl apply -k deploy/overlays/e2e`, whose pods the local cluster's kubelet runs as Docker
// containers of the same engine. The local cluster gets the engine's socket (and its group) and
// its data dir at the same path as on the host, because the engine resolves the paths of the
// volumes it bind-mounts on the host. stop() removes every container this started, also the
// pods' containers, and the data dir.
import { EbbContainer, stopAll } from './ebb-container.js';
import { freePort, httpGet, kubectl, kubectlOk, parsePrometheusText, waitFor, WORKSPACE_ROOT, type KubectlOptions, type KubectlResult, type PrometheusSample } from '@ebb/testing';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Wait, type StartedTestContainer } from 'testcontainers';
import { requireDockerEngine } from '../support/docker-engine.js';

const run = promisify(execFile);

/** The platform's namespace. */
export const SYSTEM_NAMESPACE = 'ebb-system';
/** The components, each a Deployment (and container) of that name in ebb-system. */
export const COMPONENTS = ['controller', 'autoscaler', 'activator', 'networking', 'webhook'] as const;
export type Component = (typeof COMPONENTS)[number];
/** Each component's admin port (/metrics), on its pod IP (deploy/base/300-deployments). */
export const ADMIN_PORTS: Readonly<Record<Component, number>> = { controller: 8081, activator: 8082, autoscaler: 8083, networking: 8084, webhook: 8085 };
/** Where deploy/overlays/e2e expects NATS and opens the gateway's LoadBalancer. */
export const NATS_PORT = 14222;
export const GATEWAY_PORT = 18080;
/** The tag the suites build and the overlay runs. */
export const TAG = 'e2e';

const DOCKER_SOCKET = '/var/run/docker.sock';
/** The images' user (tools/images). */
const NONROOT = '65532:65532';
/** The label the local cluster's Docker runtime puts on every container it creates (docker-runtime.ts). */
const INSTANCE_LABEL = 'dev.ebb.local-cluster';

/** `docker <args…>`; stdout. */
export async function docker(args: readonly string[]): Promise<string> {
  const { stdout } = await run('docker', [...args], { maxBuffer: 16 * 1024 * 1024 });
  return stdout.trim();
}

/** Builds Ebb's images (tools/images/build.mjs) with `tag`, and the echo example as ebb/echo:<tag>. */
export async function buildImages(tag: string, only?: readonly string[]): Promise<void> {
  const script = path.join(WORKSPACE_ROOT, 'tools', 'images', 'build.mjs');
  const options = { cwd: WORKSPACE_ROOT, maxBuffer: 16 * 1024 * 1024 };
  await run(process.execPath, [script, '--tag', tag, ...(only === undefined ? [] : ['--only', only.join(',')])], options);
  if (only === undefined) await run(process.execPath, [script, '--example', 'echo', '--image', `ebb/echo:${tag}`], options);
}

/** A pod as the suites look at it. */
export interface PlatformPod {
  readonly name: string;
  readonly ip: string;
  readonly uid: string;
  readonly ready: boolean;
  readonly terminating: boolean;
  readonly image: string;
  readonly containerID: string;
  readonly restartCount: number;
}

interface PodJson {
  metadata: { name: string; uid: string; deletionTimestamp?: string };
  spec: { containers: { image: string }[] };
  status: { podIP?: string; conditions?: { type: string; status: string }[]; containerStatuses?: { containerID?: string; restartCount?: number }[] };
}

function isReady(pod: PodJson): boolean {
  return pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

function platformPod(pod: PodJson): PlatformPod {
  const container = pod.status.containerStatuses?.[0];
  return {
    name: pod.metadata.name,
    uid: pod.metadata.uid,
    ip: pod.status.podIP ?? '',
    ready: isReady(pod),
    terminating: pod.metadata.deletionTimestamp !== undefined,
    image: pod.spec.containers[0]?.image ?? '',
    containerID: container?.containerID ?? '',
    restartCount: container?.restartCount ?? 0,
  };
}

/** The running platform (see the file comment). */
export class ContainerPlatform {
  private readonly started: StartedTestContainer[] = [];
  private nats: StartedTestContainer | undefined;

  private constructor(
    readonly dataDir: string,
    readonly apiPort: number,
  ) {}

  /** Starts NATS and the local cluster from their images (built beforehand with {@link TAG}). */
  static async start(): Promise<ContainerPlatform> {
    await requireDockerEngine();
    const platform = new ContainerPlatform(mkdtempSync(path.join(tmpdir(), 'ebb-install-e2e-')), await freePort());
    // Writable for the cluster's user whoever made it (root removes it afterwards either way).
    chmodSync(platform.dataDir, 0o777);
    try {
      await platform.startNats();
      await platform.startCluster();
    } catch (error) {
      await platform.stop();
      throw error;
    }
    return platform;
  }

  /** The kubeconfig and kubectl cache of the cluster. */
  get cluster(): { kubeconfigPath: string; cacheDir: string } {
    return { kubeconfigPath: path.join(this.dataDir, 'kubeconfig'), cacheDir: path.join(this.dataDir, 'kubectl-cache') };
  }

  /** The NATS container (chaos tests restart it). */
  get natsContainer(): StartedTestContainer {
    if (this.nats === undefined) throw new Error('NATS is not started');
    return this.nats;
  }

  /** `kubectl <args…>`, whatever its exit code. */
  kubectl(args: readonly string[], options: KubectlOptions = {}): Promise<KubectlResult> {
    return kubectl(this.cluster, args, { timeoutMs: 180_000, ...options });
  }

  /** `kubectl <args…>` that must succeed; its stdout. */
  async ok(args: readonly string[], options: KubectlOptions = {}): Promise<string> {
    return kubectlOk(this.cluster, args, { timeoutMs: 180_000, ...options });
  }

  /** The pods of a component (or of any label selector in a namespace). */
  async pods(selector: string, namespace = SYSTEM_NAMESPACE): Promise<PlatformPod[]> {
    const list = JSON.parse(await this.ok(['get', 'pods', '-n', namespace, '-l', selector, '-o', 'json'])) as { items: PodJson[] };
    return list.items.map(platformPod);
  }

  /** The pods of one component. */
  componentPods(component: Component): Promise<PlatformPod[]> {
    return this.pods(`app.kubernetes.io/name=${component}`);
  }

  /** Waits until `component` runs exactly `replicas` ready pods of `image` and nothing else (old pods gone). */
  async settled(component: Component, replicas: number, image: string, timeoutMs = 180_000): Promise<PlatformPod[]> {
    return waitFor(
      async () => {
        const pods = await this.componentPods(component);
        const done = pods.length === replicas && pods.every((pod) => pod.ready && !pod.terminating && pod.image === image);
        return done ? pods : undefined;
      },
      { description: `${component}: ${replicas} ready pod(s) of ${image} and no others`, timeoutMs, intervalMs: 250 },
    );
  }

  /** `docker kill` of a pod's (first) container: SIGKILL, no grace; the kubelet restarts it. */
  async kill(pod: PlatformPod): Promise<void> {
    const id = /^docker:\/\/([0-9a-f]{64})$/.exec(pod.containerID)?.[1];
    if (id === undefined) throw new Error(`pod ${pod.name} has no Docker container (${pod.containerID})`);
    await docker(['kill', id]);
  }

  /** Stops the local cluster, removes the pods' containers it leaves, stops NATS and removes the data dir. */
  async stop(): Promise<void> {
    await stopAll(this.started, 30);
    const leftover = await docker(['ps', '--all', '--quiet', '--filter', `label=${INSTANCE_LABEL}=${instanceId(this.dataDir)}`]).catch(() => '');
    const ids = leftover.split('\n').filter((id) => id !== '');
    if (ids.length > 0) await docker(['rm', '-f', ...ids]).catch((error: unknown) => console.error(error));
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private async startNats(): Promise<void> {
    this.nats = await new EbbContainer(`ebb/nats:${TAG}`)
      .withTmpFs({ '/data': 'uid=65532' })
      .withCommand(['--jetstream', '--store_dir', '/data', '-a', '127.0.0.1', '-p', String(NATS_PORT)])
      .withWaitStrategy(Wait.forLogMessage('Server is ready'))
      .start();
    this.started.push(this.nats);
  }

  private async startCluster(): Promise<void> {
    const container = new EbbContainer(`ebb/local-cluster:${TAG}`)
      // The image's nonroot user, or the invoking user when that is not root (so that the data
      // dir stays theirs to remove); and the socket's group, so that it may talk to the engine.
      .withUser(clusterUser())
      .withBindMounts([
        { source: this.dataDir, target: this.dataDir, mode: 'rw' },
        { source: DOCKER_SOCKET, target: DOCKER_SOCKET, mode: 'rw' },
      ])
      .withCommand(['--data-dir', this.dataDir, '--port', String(this.apiPort), '--docker', 'auto'])
      .withWaitStrategy(Wait.forLogMessage('"msg":"ready"'))
      .withGroupAdd(statSync(DOCKER_SOCKET).gid)
      .withStartupTimeout(60_000);
    this.started.unshift(await container.start());
  }
}

/** Who the local cluster's container runs as (see startCluster). */
function clusterUser(): string {
  const uid = process.getuid?.() ?? 0;
  return uid === 0 ? NONROOT : `${uid}:${process.getgid?.() ?? 0}`;
}

/** The local cluster instance id of a data dir, as its Docker runtime labels containers (a hash of the absolute path). */
function instanceId(dataDir: string): string {
  return createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16);
}

/** The samples of a pod's /metrics (its component's admin port); none when it does not answer. */
export async function podMetrics(pod: PlatformPod, component: Component): Promise<PrometheusSample[]> {
  const answer = await httpGet(`http://${pod.ip}:${ADMIN_PORTS[component]}/metrics`).catch(() => ({ status: 0, body: '' }));
  return answer.status === 200 ? parsePrometheusText(answer.body) : [];
}

/** The sum of a metric's samples. */
export function total(samples: readonly PrometheusSample[], name: string): number {
  return samples.filter((sample) => sample.name === name).reduce((sum, sample) => sum + sample.value, 0);
}

/** The version a pod reports in `ebb_build_info`, '' when none. */
export async function reportedVersion(pod: PlatformPod, component: Component): Promise<string> {
  const info = (await podMetrics(pod, component)).find((sample) => sample.name === 'ebb_build_info' && sample.labels['component'] === component);
  return info?.labels['version'] ?? '';
}
