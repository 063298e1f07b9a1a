// The contract between the kubelet and what runs a container. Two runtimes implement it: plain
// child processes (the default) and Docker containers with host networking. The kubelet decides
// everything about a container (its argv, env, mounts, ports); a runtime only starts it, writes
// its output to the log store, reports how it ended, and signals it.
import type { EffectiveSecurity } from '@ebb/workloads';

/** What a container image resolved to (see `@ebb/image-store` for local images). */
export type ResolvedImage =
  /** A `dev.local/` or `ko.local/` image from the local image store: a directory and its entrypoint. */
  | { readonly kind: 'local'; readonly ref: string; readonly dir: string; readonly entrypoint: readonly string[]; readonly cmd: readonly string[]; readonly env: Readonly<Record<string, string>>; readonly workingDir?: string }
  /** An image the Docker engine has locally. */
  | { readonly kind: 'docker'; readonly ref: string; readonly id: string }
  /** No image to run from: the container's `command` runs on the host. */
  | { readonly kind: 'host'; readonly ref: string };

/** A bind of a materialised volume into a container. */
export interface Mount {
  /** The folder (or file) in the pod's directory. */
  readonly hostPath: string;
  /** The container's `mountPath`. */
  readonly containerPath: string;
  readonly readOnly: boolean;
}

/** Everything needed to start one container once. */
export interface ContainerLaunch {
  readonly podUid: string;
  readonly podName: string;
  readonly namespace: string;
  readonly containerName: string;
  /** 0 for the first start, then the restart count. */
  readonly attempt: number;
  readonly image: ResolvedImage;
  /**
   * The argv after Kubernetes' command/args rules against the image's entrypoint/cmd. For a
   * `docker` image, `undefined` entries mean "the image's own": `command` overrides ENTRYPOINT,
   * `args` overrides CMD.
   */
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  /** The complete environment (the kubelet has resolved it; nothing is inherited but PATH handling below). */
  readonly env: Readonly<Record<string, string>>;
  /** Absolute; for the process runtime defaults to the local image's dir, else the pod's directory. */
  readonly workingDir?: string;
  readonly mounts: readonly Mount[];
  /** `resources.limits.memory` in bytes. */
  readonly memoryLimitBytes?: number;
  /**
   * The effective security context. The Docker runtime applies it (user, read-only root,
   * no-new-privileges, privileged, capabilities); the process runtime cannot: its processes run
   * as the local cluster's user and have no root filesystem of their own.
   */
  readonly security?: EffectiveSecurity;
  readonly podIP: string;
  /** The pod's directory (`<data-dir>/kubelet/pods/<uid>`). */
  readonly podDir: string;
}

/** How a container ended, as `containerStatuses[].state.terminated` reports it. */
export interface ContainerExit {
  readonly exitCode: number;
  /** Set when a signal ended it (exitCode is then 128 + the signal's number). */
  readonly signal?: string;
  readonly reason: 'Completed' | 'Error' | 'OOMKilled' | 'ContainerCannotRun';
  readonly message?: string;
  readonly startedAt: Date;
  readonly finishedAt: Date;
}

/** A started container. */
export interface RunningContainer {
  /** `process://<pid>` or `docker://<container id>` (containerStatuses[].containerID). */
  readonly id: string;
  readonly startedAt: Date;
  /** Settles once, when the container has ended (never rejects). */
  readonly exited: Promise<ContainerExit>;
  /** Sends a signal to the container (every process of it). No-op once it has ended. */
  signal(signal: 'SIGTERM' | 'SIGKILL'): void;
  /** Runs a command inside the container's context (exec probes, preStop exec): env, cwd, mounts. */
  exec(argv: readonly string[], timeoutMs: number): Promise<{ exitCode: number; output: string; timedOut: boolean }>;
}

/** A container could not be started; `reason` becomes the waiting reason. */
export class ContainerStartError extends Error {
  override readonly name = 'ContainerStartError';
  constructor(
    readonly reason: 'ErrImagePull' | 'ErrImageNeverPull' | 'CreateContainerConfigError' | 'CreateContainerError' | 'RunContainerError',
    message: string,
  ) {
    super(message);
  }
}

/** Starts containers. */
export interface ContainerRuntime {
  readonly name: 'process' | 'docker';
  /** Starts the container; its stdout/stderr go to the log store under (podUid, containerName, attempt). */
  start(launch: ContainerLaunch): Promise<RunningContainer>;
  /**
   * Ends whatever an earlier run of this local cluster (same data dir) left running, e.g. after
   * `kill -9`; returns how many containers it ended.
   */
  cleanupStale(): Promise<number>;
}

/** A resolved image and the runtime that runs it. */
export interface ImageResolution {
  readonly image: ResolvedImage;
  readonly runtime: ContainerRuntime;
}

/**
 * Chooses how a container runs: a `dev.local/`/`ko.local/` image from the local image store →
 * process runtime; an image the Docker engine has → docker runtime; no such image but a
 * `command` → process runtime on the host; else {@link ContainerStartError} (`ErrImagePull`).
 */
export interface ImageResolver {
  resolve(container: { readonly image?: string; readonly command?: readonly string[] }): Promise<ImageResolution>;
  /** Every runtime in use (for {@link ContainerRuntime.cleanupStale} at start). */
  runtimes(): readonly ContainerRuntime[];
}

/** Where a pod's files live under the data dir: `<data-dir>/kubelet/pods/<uid>` (volumes/, logs/, …). */
export function podDirectory(dataDir: string, podUid: string): string {
  return `${dataDir}/kubelet/pods/${podUid}`;
}

/** A container's log files: `<pod dir>/logs/<container>/<attempt>.log` (rotated copies `.log.1`…). */
export function containerLogFile(podDir: string, containerName: string, attempt: number): string {
  return `${podDir}/logs/${containerName}/${attempt}.log`;
}
