// What a pod worker is built from: the kubelet's shared services (API client, allocators, image
// resolver, event recorder) and the pod-environment and probe functions, injectable so the
// worker's logic is tested with fakes.
import type { KubeConfig, V1Pod, V1Probe } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { HostPortAllocator, PodIpPool } from './allocators.js';
import type { Stoppable } from './container-slot.js';
import type { KubeletClient } from './kube-client.js';
import { preparePodVolumes, resolveContainerEnv } from './pod-environment.js';
import { ProbeWorker, runLifecycleHandler, type ProbeKind, type ProbeResult, type ProbeTarget } from './probes.js';
import type { EventSink } from '../workloads/controller.js';
import type { ImageResolver } from './runtime/runtime.js';

/** A running probe. */
export interface ProbeHandle extends Stoppable {
  start(): void;
}

/** Volumes, env, hooks and probes (pod-environment.ts and probes.ts by default). */
export interface PodEnvironmentPort {
  readonly preparePodVolumes: typeof preparePodVolumes;
  readonly resolveContainerEnv: typeof resolveContainerEnv;
  readonly runLifecycleHandler: typeof runLifecycleHandler;
  probe(kind: ProbeKind, probe: V1Probe, target: ProbeTarget, onChange: (result: ProbeResult, message: string) => void): ProbeHandle;
}

/** The real implementations. */
export function defaultEnvironment(logger: Logger): PodEnvironmentPort {
  return {
    preparePodVolumes,
    resolveContainerEnv,
    runLifecycleHandler,
    probe: (kind, probe, target, onChange) => new ProbeWorker({ kind, probe, target, onChange, logger }),
  };
}

export interface PodWorkerDeps {
  readonly kubeConfig: KubeConfig;
  readonly logger: Logger;
  readonly clock: () => Date;
  readonly events: EventSink;
  readonly dataDir: string;
  readonly resolver: ImageResolver;
  readonly apiServer: { readonly host: string; readonly port: number };
  readonly client: KubeletClient;
  readonly ips: PodIpPool;
  readonly ports: HostPortAllocator;
  readonly environment: PodEnvironmentPort;
  /** Syncs the pod again, after `delayMs` when given. */
  readonly requeue: (uid: string, delayMs?: number) => void;
}

/** The node's address: every pod's hostIP. */
export const HOST_IP = '127.0.0.1';

/** A pod's name, namespace and uid (empty strings and `default` when missing). */
export function podRef(pod: V1Pod): { name: string; namespace: string; uid: string } {
  return { name: pod.metadata?.name ?? '', namespace: pod.metadata?.namespace ?? 'default', uid: pod.metadata?.uid ?? '' };
}
