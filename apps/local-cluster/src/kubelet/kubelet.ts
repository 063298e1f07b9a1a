// The local cluster's kubelet: runs the pods bound to node `local` (spec.nodeName) through the
// container runtimes, reports their status, and keeps the Node and its Lease fresh. Pods are
// watched through the shared pod informer (field selector on spec.nodeName) and handled by one
// PodWorker each, serialised per pod uid by a work queue. On start it first ends what an
// earlier run left behind (kill -9), then re-syncs every pod of the node: containers start
// again with the same pod IP and host ports when they are still free.
import { WorkQueue, type Informer } from '@ebb/kube';
import type { V1Pod } from '@kubernetes/client-node';
import { decodePodPorts } from '@ebb/workloads';
import type { Controller, ControllerDeps } from '../workloads/controller.js';
import { COLLECTIONS } from '../workloads/informers.js';
import { HostPortAllocator, PodIpPool } from './allocators.js';
import { kubeletClient, type KubeletClient } from './kube-client.js';
import { NodeAgent, readNodeFacts, type NodeFacts } from './node-status.js';
import { defaultEnvironment, type PodEnvironmentPort, type PodWorkerDeps } from './pod-deps.js';
import { PodWorker } from './pod-worker.js';
import type { ImageResolver } from './runtime/runtime.js';

/** What the kubelet is built from. */
export type KubeletDeps = ControllerDeps & {
  readonly dataDir: string;
  /** The node's name (`local`). */
  readonly nodeName: string;
  readonly resolver: ImageResolver;
  /** Where containers reach the API server (KUBERNETES_SERVICE_HOST/PORT). */
  readonly apiServer: { readonly host: string; readonly port: number };
  /** Where a fresh node starts handing out pod IPs (after this address); default the start of the range. */
  readonly firstPodIpCursor?: string;
  /** Tests: the API writes, volumes/env/probes, and the machine's facts. */
  readonly client?: KubeletClient;
  readonly environment?: PodEnvironmentPort;
  readonly nodeFacts?: NodeFacts;
};

/** Longest grace period given to a container when the local cluster itself stops. */
const SHUTDOWN_GRACE_MS = 5000;
const VOLUME_REFRESH_MS = 60_000;

function uidOf(pod: V1Pod): string {
  return pod.metadata?.uid ?? '';
}

/** Runs the node's pods. */
export class Kubelet implements Controller {
  private readonly informer: Informer<V1Pod>;
  private readonly client: KubeletClient;
  private readonly queue: WorkQueue;
  private readonly ports = new HostPortAllocator();
  /** The node's pods by uid, as the informer shows them. */
  private readonly pods = new Map<string, V1Pod>();
  private readonly workers = new Map<string, PodWorker>();
  /** Pods whose worker has finished (deleted) while the informer still shows them. */
  private readonly finished = new Set<string>();
  private workerDeps: PodWorkerDeps | undefined;
  private node: NodeAgent | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: KubeletDeps) {
    this.client = deps.client ?? kubeletClient(deps.kubeConfig);
    this.informer = deps.informers.informer<V1Pod>(COLLECTIONS.pods, `spec.nodeName=${deps.nodeName}`);
    this.informer.on('add', (pod) => this.observe(pod));
    this.informer.on('update', (pod) => this.observe(pod));
    this.informer.on('delete', (pod) => this.forget(pod));
    this.queue = new WorkQueue((uid) => this.syncPod(uid), { name: 'kubelet', logger: deps.logger, concurrency: 16 });
  }

  /** Cleans up an earlier run, registers the Node and syncs every pod of the node. */
  async start(): Promise<void> {
    await this.cleanupStale();
    const ips = await PodIpPool.open(this.deps.dataDir, this.deps.firstPodIpCursor);
    this.workerDeps = this.podWorkerDeps(ips);
    for (const pod of this.informer.list()) this.pods.set(uidOf(pod), pod);
    for (const pod of this.pods.values()) this.recover(pod, ips);
    this.node = new NodeAgent(this.client, this.deps.nodeFacts ?? (await readNodeFacts(this.deps.nodeName)), this.deps.logger, this.deps.clock);
    await this.node.start();
    for (const uid of this.pods.keys()) this.queue.add(uid);
    this.refreshTimer = setInterval(() => this.refreshVolumes(), VOLUME_REFRESH_MS);
    this.refreshTimer.unref();
  }

  /** Ends every container (SIGTERM, SIGKILL after min(its grace, 5 s)); resolves when all have ended. Pods stay. */
  async stop(): Promise<void> {
    this.node?.stop();
    clearInterval(this.refreshTimer);
    await this.queue.stop();
    await Promise.all([...this.workers.values()].map((worker) => worker.shutdown(SHUTDOWN_GRACE_MS)));
    await this.workerDeps?.ips.flush();
  }

  idle(): boolean {
    return this.queue.idle();
  }

  private podWorkerDeps(ips: PodIpPool): PodWorkerDeps {
    const { kubeConfig, logger, clock, events, dataDir, resolver, apiServer } = this.deps;
    const environment = this.deps.environment ?? defaultEnvironment(logger);
    const requeue = (uid: string, delayMs?: number): void => (delayMs === undefined ? this.queue.add(uid) : this.queue.addAfter(uid, delayMs));
    return { kubeConfig, logger, clock, events, dataDir, resolver, apiServer, client: this.client, ips, ports: this.ports, environment, requeue };
  }

  private async cleanupStale(): Promise<void> {
    for (const runtime of this.deps.resolver.runtimes()) {
      const ended = await runtime.cleanupStale();
      if (ended > 0) this.deps.logger.info({ runtime: runtime.name, ended }, 'ended containers left by an earlier run');
    }
  }

  /** A pod of an earlier run: keep its IP and host ports for it. */
  private recover(pod: V1Pod, ips: PodIpPool): void {
    const uid = uidOf(pod);
    const ip = pod.status?.podIP;
    const claimed = ip !== undefined && ip !== '' && ips.claim(ip) ? ip : undefined;
    this.ports.hold(uid, decodePodPorts({ metadata: { annotations: pod.metadata?.annotations ?? {} } }), pod);
    if (this.workerDeps !== undefined) this.workers.set(uid, new PodWorker(pod, this.workerDeps, claimed));
  }

  private observe(pod: V1Pod): void {
    this.pods.set(uidOf(pod), pod);
    if (this.workerDeps !== undefined) this.queue.add(uidOf(pod));
  }

  private forget(pod: V1Pod): void {
    this.pods.delete(uidOf(pod));
    if (this.workerDeps !== undefined) this.queue.add(uidOf(pod));
  }

  private async syncPod(uid: string): Promise<void> {
    const pod = this.pods.get(uid);
    const worker = this.workers.get(uid) ?? this.newWorker(uid, pod);
    if (worker === undefined) {
      if (pod === undefined) this.finished.delete(uid);
      return;
    }
    await worker.sync(pod);
    if (worker.done) {
      this.workers.delete(uid);
      if (this.pods.has(uid)) this.finished.add(uid);
    }
  }

  private newWorker(uid: string, pod: V1Pod | undefined): PodWorker | undefined {
    if (pod === undefined || this.workerDeps === undefined || this.finished.has(uid)) return undefined;
    const worker = new PodWorker(pod, this.workerDeps);
    this.workers.set(uid, worker);
    return worker;
  }

  private refreshVolumes(): void {
    for (const worker of this.workers.values()) {
      worker.refreshVolumes().catch((error: unknown) => this.deps.logger.warn({ err: error, pod: worker.uid }, 'volume refresh failed'));
    }
  }
}
