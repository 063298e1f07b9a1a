// A pod's volumes materialised as files in its directory, and a container's environment resolved
// as the kubelet does (envFrom, env with `$(VAR)` expansion, downward API, ConfigMap/Secret keys).
// The decisions are pure (@ebb/workloads `resolveEnv`, volumes/payload.ts); this file fetches what
// they need through the API and hands the kubelet the result.
import { availableParallelism, totalmem } from 'node:os';
import type { KubeConfig, V1Container, V1Pod } from '@kubernetes/client-node';
import { envReferences, resolveEnv, type NodeAllocatable } from '@ebb/workloads';
import type { Logger } from 'pino';
import { ContainerStartError, type Mount } from './runtime/runtime.js';
import { fetchSources, podApi } from './volumes/api.js';
import { PodVolumeSet } from './volumes/pod-volumes.js';

/** What volume and env resolution need. */
export interface PodEnvironmentDeps {
  readonly kubeConfig: KubeConfig;
  readonly logger: Logger;
  readonly clock: () => Date;
}

/** A pod's materialised volumes. */
export interface PodVolumes {
  /** The container's mounts, from its volumeMounts. */
  mountsFor(container: V1Container): Mount[];
  /** `EBB_VOLUME_<NAME>=<host path>` for each of the container's mounts, and `EBB_SERVICEACCOUNT_DIR` when the token is mounted. */
  envFor(container: V1Container): Record<string, string>;
  /** Rewrites files whose ConfigMap/Secret changed (called periodically by the kubelet); with `pod`, downward-API files follow its labels/annotations too. */
  refresh(pod?: V1Pod): Promise<void>;
  /** Stops token refresh. */
  close(): void;
}

/** Materialises the pod's volumes under `<podDir>/volumes`. Throws ContainerStartError('CreateContainerConfigError') for a missing non-optional source. */
export async function preparePodVolumes(pod: V1Pod, podDir: string, deps: PodEnvironmentDeps): Promise<PodVolumes> {
  const volumes = new PodVolumeSet({ pod, podDir, api: podApi(deps.kubeConfig), logger: deps.logger, clock: deps.clock, allocatable: nodeAllocatable() });
  try {
    await volumes.prepare();
  } catch (error) {
    volumes.close();
    throw error;
  }
  return volumes;
}

/** The container's environment as the kubelet builds it (envFrom, env with `$(VAR)` expansion, downward API, ConfigMap/Secret keys). Throws ContainerStartError('CreateContainerConfigError'). */
export async function resolveContainerEnv(pod: V1Pod, container: V1Container, deps: PodEnvironmentDeps): Promise<Record<string, string>> {
  const sources = await fetchSources(podApi(deps.kubeConfig), pod.metadata?.namespace ?? 'default', envReferences(container));
  const result = resolveEnv({ pod, container, sources, allocatable: nodeAllocatable() });
  if (!result.ok) throw new ContainerStartError('CreateContainerConfigError', result.message);
  for (const warning of result.warnings) deps.logger.warn({ pod: pod.metadata?.name, container: container.name, reason: 'InvalidEnvironmentVariableNames' }, warning);
  return result.env;
}

/** This machine as the node: what `limits.cpu`/`limits.memory` read when a container sets no limit. */
export function nodeAllocatable(): NodeAllocatable {
  return { cpu: String(availableParallelism()), memory: String(totalmem()) };
}
