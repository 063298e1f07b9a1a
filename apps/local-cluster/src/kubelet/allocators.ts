// The kubelet's two node-wide allocations: pod IPs (the pure sequential allocator of
// @ebb/workloads, its cursor persisted in `<data-dir>/kubelet/state.json` so a restarted local
// cluster does not hand out a just-released address again) and host ports (processes share
// the host's ports, so each declared containerPort gets a free host port; the OS picks one by a
// bind to port 0, and a port recorded on a pod is kept while it is still free). A pod annotated
// `local.ebb.dev/port-mapping: pod-ip` binds its own pod IP, so its ports are its containerPorts,
// neither probed nor reserved: another pod's address cannot clash with them.
import { createSocket } from 'node:dgram';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { writeFileAtomically } from '@ebb/pki';
import type { V1Pod } from '@kubernetes/client-node';
import { bindsPodIP, identityPortMap, PodIpAllocator, portKey, type PodPortMap } from '@ebb/workloads';

/** `<data-dir>/kubelet/state.json`. */
export function kubeletStateFile(dataDir: string): string {
  return join(dataDir, 'kubelet', 'state.json');
}

/** Pod IPs, with the allocation cursor persisted. */
export class PodIpPool {
  private saving: Promise<void> = Promise.resolve();

  private constructor(
    private readonly allocator: PodIpAllocator,
    private readonly file: string,
  ) {}

  /** Reads the cursor of an earlier run; a fresh node (no file, or unreadable) starts after `firstCursor` (default: at the start of the range). */
  static async open(dataDir: string, firstCursor?: string): Promise<PodIpPool> {
    const file = kubeletStateFile(dataDir);
    const cursor = await readFile(file, 'utf8').then(
      (text) => (JSON.parse(text) as { ipCursor?: unknown }).ipCursor,
      () => undefined,
    );
    return new PodIpPool(new PodIpAllocator(typeof cursor === 'string' ? cursor : firstCursor), file);
  }

  /** Takes `ip` for a pod that already has it; false when it is taken or not a pod IP. */
  claim(ip: string): boolean {
    return this.allocator.claim(ip);
  }

  /**
   * A fresh address. The cursor is saved in the background (in order): it only decides which
   * free address comes next after a restart (the addresses in use come from the pods then), so
   * a pod does not wait for the file.
   */
  allocate(): Promise<string> {
    const ip = this.allocator.allocate();
    void this.save().catch(() => undefined);
    return Promise.resolve(ip);
  }

  release(ip: string): void {
    this.allocator.release(ip);
  }

  /** Resolves when every cursor write started so far is on disk (shutdown, tests). */
  flush(): Promise<void> {
    return this.saving.catch(() => undefined);
  }

  private save(): Promise<void> {
    const state = JSON.stringify({ ipCursor: this.allocator.cursor });
    this.saving = this.saving.catch(() => undefined).then(() => writeFileAtomically(this.file, state, 0o644));
    return this.saving;
  }
}

type Protocol = 'TCP' | 'UDP' | 'SCTP';

/** Binds `port` (0: any) on the wildcard address and returns the port bound, or undefined when it is taken. */
export function probeHostPort(port: number, protocol: Protocol): Promise<number | undefined> {
  return protocol === 'UDP' ? probeUdp(port) : probeTcp(port);
}

function probeTcp(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen({ host: '0.0.0.0', port, exclusive: true }, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : undefined));
    });
  });
}

function probeUdp(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => resolve(undefined));
    socket.bind({ address: '0.0.0.0', port, exclusive: true }, () => {
      const bound = socket.address().port;
      socket.close(() => resolve(bound));
    });
  });
}

function protocolOf(value: string | undefined): Protocol {
  return value === 'UDP' || value === 'SCTP' ? value : 'TCP';
}

/** Every declared port of the pod's containers (init containers included): `portKey` → protocol. */
export function declaredPorts(pod: V1Pod): Map<string, Protocol> {
  const ports = new Map<string, Protocol>();
  for (const container of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    for (const port of container.ports ?? []) ports.set(portKey(port.containerPort, protocolOf(port.protocol)), protocolOf(port.protocol));
  }
  return ports;
}

/** Host ports handed to pods (so that two pods never get the same one, even before they listen). */
export class HostPortAllocator {
  /** `<port>/<protocol>` → the uid of the pod holding it. */
  private readonly reserved = new Map<string, string>();

  constructor(private readonly probe: (port: number, protocol: Protocol) => Promise<number | undefined> = probeHostPort) {}

  /** Reserves ports recorded on a pod before it is synced (at start, so new pods do not take them); not those of a pod that binds its pod IP. */
  hold(uid: string, ports: PodPortMap, pod?: V1Pod): void {
    if (pod !== undefined && bindsPodIP({ metadata: { annotations: pod.metadata?.annotations ?? {} } })) return;
    for (const [key, port] of Object.entries(ports)) {
      const slot = `${port}/${protocolOf(key.split('/')[1])}`;
      if (!this.reserved.has(slot)) this.reserved.set(slot, uid);
    }
  }

  /**
   * A host port for each declared port of `pod`, keeping those of `previous` that are still free;
   * for a pod that binds its pod IP, each containerPort itself.
   */
  async allocatePod(uid: string, pod: V1Pod, previous: PodPortMap): Promise<Record<string, number>> {
    if (bindsPodIP({ metadata: { annotations: pod.metadata?.annotations ?? {} } })) return { ...identityPortMap(declaredPorts(pod).keys()) };
    const result: Record<string, number> = {};
    for (const [key, protocol] of declaredPorts(pod)) result[key] = await this.allocate(uid, protocol, previous[key]);
    return result;
  }

  /** Gives back every port the pod holds. */
  releasePod(uid: string): void {
    for (const [slot, owner] of this.reserved) if (owner === uid) this.reserved.delete(slot);
  }

  private async keep(uid: string, protocol: Protocol, wanted: number): Promise<boolean> {
    const owner = this.reserved.get(`${wanted}/${protocol}`);
    if (owner !== undefined && owner !== uid) return false;
    return (await this.probe(wanted, protocol)) === wanted;
  }

  private async allocate(uid: string, protocol: Protocol, wanted: number | undefined): Promise<number> {
    if (wanted !== undefined && (await this.keep(uid, protocol, wanted))) return this.reserve(uid, wanted, protocol);
    for (let tries = 0; tries < 100; tries++) {
      const port = await this.probe(0, protocol);
      if (port !== undefined && !this.reserved.has(`${port}/${protocol}`)) return this.reserve(uid, port, protocol);
    }
    throw new Error(`no free host ${protocol} port`);
  }

  private reserve(uid: string, port: number, protocol: Protocol): number {
    this.reserved.set(`${port}/${protocol}`, uid);
    return port;
  }
}
