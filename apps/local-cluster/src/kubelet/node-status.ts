// The kubelet's Node: the `local` Node object (labels, addresses, capacity, nodeInfo, the
// Ready/pressure conditions a healthy kubelet posts), refreshed every 60 s, and its heartbeat
// Lease in kube-node-lease (40 s, renewed every 10 s) as Kubernetes' node-lease controller does.
// The object builders are pure; NodeAgent does the writes on timers.
import { readFile } from 'node:fs/promises';
import { arch, availableParallelism, release, totalmem } from 'node:os';
import type { V1Lease } from '@kubernetes/client-node';
import { rfc3339Seconds } from '@ebb/apimachinery';
import { isApiStatus } from '@ebb/kube';
import type { Logger } from 'pino';
import { type JsonBody, type KubeletClient } from './kube-client.js';
import { HOST_IP } from './pod-deps.js';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
export const LEASE_DURATION_SECONDS = 40;
export const LEASE_RENEW_MS = 10_000;
export const NODE_STATUS_MS = 60_000;
const KUBELET_VERSION = 'v1.32.0';

/** What the node reports about the machine. */
export interface NodeFacts {
  readonly name: string;
  readonly cpus: number;
  readonly memoryBytes: number;
  /** Go's GOARCH: amd64, arm64… */
  readonly architecture: string;
  readonly kernelVersion: string;
  readonly osImage: string;
  readonly machineID: string;
  readonly bootID: string;
}

const GOARCH: Readonly<Record<string, string>> = { x64: 'amd64', ia32: '386', arm: 'arm', arm64: 'arm64', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };

/** Go's GOARCH name of a Node.js `process.arch`. */
export function goArch(nodeArch: string): string {
  return GOARCH[nodeArch] ?? nodeArch;
}

async function firstLine(path: string): Promise<string> {
  return readFile(path, 'utf8').then(
    (text) => text.split('\n')[0]?.trim() ?? '',
    () => '',
  );
}

async function osImage(): Promise<string> {
  const text = await readFile('/etc/os-release', 'utf8').catch(() => '');
  const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(text)?.[1];
  return pretty ?? 'Linux';
}

/** Reads the machine's facts. */
export async function readNodeFacts(name: string): Promise<NodeFacts> {
  return {
    name,
    cpus: availableParallelism(),
    memoryBytes: totalmem(),
    architecture: goArch(arch()),
    kernelVersion: release(),
    osImage: await osImage(),
    machineID: await firstLine('/etc/machine-id'),
    bootID: await firstLine('/proc/sys/kernel/random/boot_id'),
  };
}

/** The Node's labels. */
export function nodeLabels(facts: NodeFacts): Record<string, string> {
  return {
    'kubernetes.io/hostname': facts.name,
    'kubernetes.io/os': 'linux',
    'kubernetes.io/arch': facts.architecture,
    'beta.kubernetes.io/os': 'linux',
    'beta.kubernetes.io/arch': facts.architecture,
  };
}

const CONDITIONS = [
  ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
  ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
  ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
  ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
] as const;

type PreviousConditions = readonly { readonly type?: string; readonly status?: string; readonly lastTransitionTime?: unknown }[] | undefined;

function transitionTime(previous: PreviousConditions, type: string, status: string, now: string): string {
  const old = previous?.find((c) => c.type === type && c.status === status)?.lastTransitionTime;
  if (typeof old === 'string') return old;
  return old instanceof Date ? rfc3339Seconds(old) : now;
}

/** The Node status a healthy kubelet posts (lastTransitionTime kept from `previous` while a condition holds). */
export function nodeStatus(facts: NodeFacts, now: Date, previous?: PreviousConditions): JsonBody {
  const at = rfc3339Seconds(now);
  const resources = { cpu: String(facts.cpus), memory: `${Math.floor(facts.memoryBytes / 1024)}Ki`, pods: '110', 'ephemeral-storage': '0' };
  return {
    conditions: CONDITIONS.map(([type, status, reason, message]) => ({ type, status, reason, message, lastHeartbeatTime: at, lastTransitionTime: transitionTime(previous, type, status, at) })),
    addresses: [
      { type: 'InternalIP', address: HOST_IP },
      { type: 'Hostname', address: facts.name },
    ],
    capacity: resources,
    allocatable: resources,
    daemonEndpoints: { kubeletEndpoint: { Port: 0 } },
    nodeInfo: {
      machineID: facts.machineID,
      systemUUID: facts.machineID,
      bootID: facts.bootID,
      kernelVersion: facts.kernelVersion,
      osImage: facts.osImage,
      containerRuntimeVersion: 'ebb-local://1',
      kubeletVersion: KUBELET_VERSION,
      kubeProxyVersion: '',
      operatingSystem: 'linux',
      architecture: facts.architecture,
    },
  };
}

/** A MicroTime (RFC 3339 with 6 fractional digits). */
export function microTime(date: Date): string {
  return `${date.toISOString().slice(0, 23)}000Z`;
}

/** The node's Lease. */
export function nodeLease(nodeName: string, now: Date, nodeUid?: string): V1Lease {
  const owner = nodeUid === undefined ? {} : { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: nodeUid }] };
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: nodeName, namespace: NODE_LEASE_NAMESPACE, ...owner },
    spec: { holderIdentity: nodeName, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: microTime(now) as unknown as Date },
  };
}

/** Registers the Node, keeps its status fresh and renews its Lease. */
export class NodeAgent {
  private readonly timers: NodeJS.Timeout[] = [];
  private nodeUid: string | undefined;
  private previousConditions: PreviousConditions;

  constructor(
    private readonly client: KubeletClient,
    private readonly facts: NodeFacts,
    private readonly logger: Logger,
    private readonly clock: () => Date,
  ) {}

  /** Registers the Node and the Lease, then keeps them up to date until {@link stop}. */
  async start(): Promise<void> {
    this.every(NODE_STATUS_MS, () => this.postStatus());
    this.every(LEASE_RENEW_MS, () => this.renewLease());
    await this.attempt(() => this.postStatus());
    await this.attempt(() => this.renewLease());
  }

  stop(): void {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
  }

  /** Runs `work`; a failure is logged (the timers try again). */
  private async attempt(work: () => Promise<void>): Promise<void> {
    await work().catch((error: unknown) => this.logger.warn({ err: error, node: this.facts.name }, 'node heartbeat failed'));
  }

  private every(ms: number, work: () => Promise<void>): void {
    const timer = setInterval(() => void this.attempt(work), ms);
    timer.unref();
    this.timers.push(timer);
  }

  private async register(): Promise<void> {
    const { name } = this.facts;
    const existing = await this.client.readNode(name);
    const node = existing ?? (await this.client.createNode({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: nodeLabels(this.facts) } }));
    if (existing !== undefined) await this.client.patchNode(name, { metadata: { labels: nodeLabels(this.facts) } });
    this.nodeUid = node.metadata?.uid;
    this.previousConditions = existing?.status?.conditions;
  }

  private async postStatus(): Promise<void> {
    if (this.nodeUid === undefined) await this.register();
    const status = nodeStatus(this.facts, this.clock(), this.previousConditions);
    await this.client.patchNodeStatus(this.facts.name, status);
    this.previousConditions = status.conditions as PreviousConditions;
  }

  private async renewLease(): Promise<void> {
    const { name } = this.facts;
    const now = this.clock();
    const existing = await this.client.readLease(NODE_LEASE_NAMESPACE, name);
    if (existing !== undefined) return this.client.patchLease(NODE_LEASE_NAMESPACE, name, { spec: { holderIdentity: name, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: microTime(now) } });
    try {
      await this.client.createLease(NODE_LEASE_NAMESPACE, nodeLease(name, now, this.nodeUid));
    } catch (error) {
      if (!isApiStatus(error, 404)) throw error;
      await this.client.ensureNamespace(NODE_LEASE_NAMESPACE);
      await this.client.createLease(NODE_LEASE_NAMESPACE, nodeLease(name, now, this.nodeUid));
    }
  }
}
