// One pod on this node, from its IP to its deletion. `sync` is called (serialised per pod by the
// kubelet's work queue) whenever the pod or one of its containers changed; it brings the pod one
// step closer to what it should be: sandbox (IP, host ports, volumes), then the next container
// actions of the pure plan (container-slot.ts), then the status, written only when it changed.
// Deletion runs in the background (preStop, SIGTERM, SIGKILL after the grace period) and ends
// with the final DELETE; a pod removed from the API while running is killed at once.
import { rm } from 'node:fs/promises';
import type { V1Container, V1Pod } from '@kubernetes/client-node';
import { rfc3339Seconds } from '@ebb/apimachinery';
import { isApiStatus } from '@ebb/kube';
import { backoffEventMessage, backoffMessage, BACKOFF_INITIAL_MS, buildPodStatus, decodePodPorts, encodePodPorts, POD_PORTS_ANNOTATION, type PodPortMap, type PodStatusView } from '@ebb/workloads';
import { killSlot, recordExit, startSlot, stopProbes, type KillOptions, type RunContext } from './container-runner.js';
import { initialized, newSlot, planContainers, slotStatus, type ContainerSlot } from './container-slot.js';
import { HOST_IP, podRef, type PodWorkerDeps } from './pod-deps.js';
import type { PodVolumes } from './pod-environment.js';
import { seedSlot, timeText } from './pod-recovery.js';
import { ContainerStartError, podDirectory, type ContainerExit, type RunningContainer } from './runtime/runtime.js';

const NO_VOLUMES: PodVolumes = { mountsFor: () => [], envFor: () => ({}), refresh: () => Promise.resolve(), close: () => undefined };
const TERMINAL = new Set(['Succeeded', 'Failed']);
const SANDBOX_RETRY_MS = 5000;
const STATUS_RETRY_MS = 1000;

function slotsOf(containers: readonly V1Container[] | undefined, init: boolean, statuses: Parameters<typeof seedSlot>[1][] | undefined, now: Date): ContainerSlot[] {
  return (containers ?? []).map((spec) => {
    const slot = newSlot(spec, init);
    seedSlot(slot, statuses?.find((s) => s?.name === spec.name), now);
    return slot;
  });
}

/** The kubelet's worker for one pod. */
export class PodWorker {
  readonly uid: string;
  private pod: V1Pod;
  private readonly init: ContainerSlot[];
  private readonly app: ContainerSlot[];
  private podIP: string | undefined;
  private ports: PodPortMap = {};
  private volumes: PodVolumes | undefined;
  /** After a failed sandbox setup: not before then (updates of the pod do not hurry it). */
  private sandboxRetryAtMs = 0;
  private readonly startTime: string;
  private lastStatus: PodStatusView | undefined;
  private lastWritten: string | undefined;
  private termination: Promise<void> | undefined;
  private terminated = false;
  private stopped = false;
  /** Everything is released: the kubelet forgets this worker. */
  done = false;

  /** `claimedIP`: the pod's status.podIP, already claimed for it at start (recovery). */
  constructor(
    pod: V1Pod,
    private readonly deps: PodWorkerDeps,
    claimedIP?: string,
  ) {
    const now = deps.clock();
    this.uid = pod.metadata?.uid ?? '';
    this.pod = pod;
    this.init = slotsOf(pod.spec?.initContainers, true, pod.status?.initContainerStatuses, now);
    this.app = slotsOf(pod.spec?.containers, false, pod.status?.containerStatuses, now);
    this.podIP = claimedIP;
    this.startTime = timeText(pod.status?.startTime) ?? rfc3339Seconds(now);
  }

  private get podDir(): string {
    return podDirectory(this.deps.dataDir, this.uid);
  }

  private get slots(): ContainerSlot[] {
    return [...this.init, ...this.app];
  }

  /** Brings the pod one step closer to its desired state; `pod` undefined: it is gone from the API. */
  async sync(pod: V1Pod | undefined): Promise<void> {
    if (this.done || this.stopped) return;
    if (pod === undefined) return this.remove();
    this.pod = pod;
    if (pod.metadata?.deletionTimestamp !== undefined && pod.metadata.deletionTimestamp !== null) return this.syncDeletion();
    if (this.terminal()) return this.writeStatus();
    if (await this.ensureSandbox()) await this.runPlan();
    await this.writeStatus();
  }

  /** Local cluster shutdown: ends every container (SIGTERM, SIGKILL after min(grace, maxGraceMs)); the pod stays. */
  async shutdown(maxGraceMs: number): Promise<void> {
    this.stopped = true;
    await this.killAll({ graceMs: Math.min(this.graceMs(), maxGraceMs), preStop: false }, false);
    this.volumes?.close();
  }

  /** Rewrites volume files whose ConfigMap or Secret changed. */
  async refreshVolumes(): Promise<void> {
    await this.volumes?.refresh();
  }

  private terminal(): boolean {
    return TERMINAL.has(this.lastStatus?.phase ?? this.pod.status?.phase ?? '');
  }

  private graceMs(): number {
    const seconds = this.pod.metadata?.deletionGracePeriodSeconds ?? this.pod.spec?.terminationGracePeriodSeconds ?? 30;
    return Math.max(0, seconds) * 1000;
  }

  /** The pod as its containers see it: with its IP in status and its port annotation. */
  private runPod(): V1Pod {
    const annotations = { ...this.pod.metadata?.annotations, ...(Object.keys(this.ports).length === 0 ? {} : { [POD_PORTS_ANNOTATION]: encodePodPorts(this.ports) }) };
    const ip = this.podIP ?? '';
    const status = { ...this.pod.status, hostIP: HOST_IP, hostIPs: [{ ip: HOST_IP }], podIP: ip, podIPs: [{ ip }] };
    return { ...this.pod, metadata: { ...this.pod.metadata, annotations }, status };
  }

  private context(): RunContext {
    return {
      deps: this.deps,
      pod: this.runPod(),
      podIP: this.podIP ?? '',
      podDir: this.podDir,
      volumes: this.volumes ?? NO_VOLUMES,
      ports: this.ports,
      changed: () => this.deps.requeue(this.uid),
      restart: (slot, message) => void killSlot(this.context(), slot, { graceMs: this.graceMs(), message, preStop: true }),
    };
  }

  private async allocateIP(): Promise<string> {
    const recorded = this.pod.status?.podIP;
    if (recorded !== undefined && recorded !== '' && this.deps.ips.claim(recorded)) return recorded;
    return this.deps.ips.allocate();
  }

  private async allocatePorts(): Promise<void> {
    this.ports = await this.deps.ports.allocatePod(this.uid, this.pod, decodePodPorts({ metadata: { annotations: this.pod.metadata?.annotations ?? {} } }));
  }

  /** Records the host ports on the pod (EndpointSlices and probes read them there). */
  private async recordPorts(): Promise<void> {
    const text = encodePodPorts(this.ports);
    if (Object.keys(this.ports).length === 0 || this.pod.metadata?.annotations?.[POD_PORTS_ANNOTATION] === text) return;
    const { namespace, name } = podRef(this.pod);
    await this.deps.client.patchPodAnnotations(namespace, name, { [POD_PORTS_ANNOTATION]: text });
  }

  /** IP, host ports and volumes; false (and a retry scheduled) when they could not be set up. */
  private async ensureSandbox(): Promise<boolean> {
    if (this.volumes !== undefined) return true;
    if (this.deps.clock().getTime() < this.sandboxRetryAtMs) return false;
    try {
      this.podIP ??= await this.allocateIP();
      await this.allocatePorts();
      const { kubeConfig, logger, clock } = this.deps;
      // The annotation write and the volumes (a TokenRequest, ConfigMap reads) do not wait on each other.
      const [, volumes] = await Promise.all([this.recordPorts(), this.deps.environment.preparePodVolumes(this.runPod(), this.podDir, { kubeConfig, logger, clock })]);
      this.volumes = volumes;
      this.clearSandboxErrors();
      return true;
    } catch (error) {
      this.sandboxFailed(error);
      return false;
    }
  }

  /** The waiting reasons a failed setup gave to containers that have not run yet. */
  private clearSandboxErrors(): void {
    for (const slot of this.slots) if (slot.running === undefined && slot.exit === undefined && slot.retryAtMs === undefined) slot.waiting = undefined;
  }

  private sandboxFailed(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.deps.logger.warn({ pod: this.pod.metadata?.name, namespace: this.pod.metadata?.namespace, err: error }, 'pod sandbox setup failed; retrying');
    if (error instanceof ContainerStartError) {
      for (const slot of this.slots) slot.waiting = { reason: error.reason, message };
      this.deps.events.record(this.pod, 'Warning', 'Failed', `Error: ${message}`);
    }
    this.sandboxRetryAtMs = this.deps.clock().getTime() + SANDBOX_RETRY_MS;
    this.deps.requeue(this.uid, SANDBOX_RETRY_MS);
  }

  private async runPlan(): Promise<void> {
    const nowMs = this.deps.clock().getTime();
    const ctx = this.context();
    for (const action of planContainers(this.init, this.app, this.pod.spec?.restartPolicy, nowMs)) {
      if (action.kind === 'wait') this.backOff(action.slot, action.delayMs);
      else await this.start(ctx, action.slot);
    }
  }

  private async start(ctx: RunContext, slot: ContainerSlot): Promise<void> {
    await startSlot(ctx, slot, (running, exit) => this.onExit(slot, running, exit));
    if (slot.retryAtMs !== undefined) this.deps.requeue(this.uid, Math.max(0, slot.retryAtMs - this.deps.clock().getTime()));
  }

  private backOff(slot: ContainerSlot, delayMs: number): void {
    if (slot.exit !== undefined && slot.waiting?.reason !== 'CrashLoopBackOff') {
      const ref = podRef(this.pod);
      slot.waiting = { reason: 'CrashLoopBackOff', message: backoffMessage(slot.backoff?.delayMs ?? BACKOFF_INITIAL_MS, slot.name, ref) };
      this.deps.events.record(this.pod, 'Warning', 'BackOff', backoffEventMessage(slot.name, ref));
    }
    this.deps.requeue(this.uid, delayMs);
  }

  private onExit(slot: ContainerSlot, running: RunningContainer, exit: ContainerExit): void {
    if (recordExit(slot, running, exit) && !this.stopped) this.deps.requeue(this.uid);
  }

  /** Kills every running container; `announce`: with a Killing event each. */
  private async killAll(options: Omit<KillOptions, 'message'>, announce = true): Promise<void> {
    const ctx = this.context();
    const running = this.slots.filter((slot) => slot.running !== undefined);
    await Promise.all(running.map((slot) => killSlot(ctx, slot, { ...options, ...(announce ? { message: `Stopping container ${slot.name}` } : {}) })));
  }

  private async syncDeletion(): Promise<void> {
    this.termination ??= this.killAll({ graceMs: this.graceMs(), preStop: true }).then(() => {
      this.terminated = true;
      this.deps.requeue(this.uid);
    });
    if (!this.terminated) return this.writeStatus();
    const { namespace, name } = podRef(this.pod);
    await this.deps.client.deletePod(namespace, name, this.uid);
    await this.cleanup();
  }

  /** The pod is gone from the API: kill what runs now and release everything. */
  private async remove(): Promise<void> {
    await this.killAll({ graceMs: 0, preStop: false });
    await this.cleanup();
  }

  private async cleanup(): Promise<void> {
    this.done = true;
    for (const slot of this.slots) stopProbes(slot);
    this.volumes?.close();
    if (this.podIP !== undefined) this.deps.ips.release(this.podIP);
    this.deps.ports.releasePod(this.uid);
    await rm(this.podDir, { recursive: true, force: true });
  }

  private buildStatus(): PodStatusView {
    const initDone = initialized(this.init);
    return buildPodStatus({
      restartPolicy: this.pod.spec?.restartPolicy,
      initContainers: this.init.map((slot) => slotStatus(slot, 'PodInitializing')),
      containers: this.app.map((slot) => slotStatus(slot, initDone ? 'ContainerCreating' : 'PodInitializing')),
      sandboxReady: this.volumes !== undefined,
      hostIP: HOST_IP,
      ...(this.podIP === undefined ? {} : { podIP: this.podIP }),
      startTime: this.startTime,
      previous: this.lastStatus ?? this.pod.status,
      now: this.deps.clock(),
    });
  }

  /** Writes the status when it changed since the last write. */
  private async writeStatus(): Promise<void> {
    const status = this.buildStatus();
    const text = JSON.stringify(status);
    if (text === this.lastWritten) return;
    try {
      const { namespace, name } = podRef(this.pod);
      await this.deps.client.patchPodStatus(namespace, name, { ...status });
      this.lastWritten = text;
      this.lastStatus = status;
    } catch (error) {
      if (isApiStatus(error, 404)) return;
      this.deps.logger.warn({ pod: this.pod.metadata?.name, err: error }, 'pod status write failed; retrying');
      this.deps.requeue(this.uid, STATUS_RETRY_MS);
    }
  }
}
