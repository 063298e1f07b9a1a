// A pod's volumes materialised under `<podDir>/volumes/<name>/`: ConfigMap, Secret, downwardAPI
// and projected volumes as files (rewritten atomically when their source changes), emptyDir as
// a folder, hostPath as itself, and projected service-account tokens renewed once 80 % of their
// life has passed, as the kubelet's token manager does. Processes cannot see a mountPath, so
// each mount is also announced in the env (`EBB_VOLUME_<NAME>`, `EBB_SERVICEACCOUNT_DIR`).
import { existsSync, mkdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { V1Container, V1Pod, V1ServiceAccountTokenProjection, V1Volume, V1VolumeMount } from '@kubernetes/client-node';
import { writeFileAtomically } from '@ebb/pki';
import type { EnvSources, NodeAllocatable } from '@ebb/workloads';
import type { Logger } from 'pino';
import { ContainerStartError, type Mount } from '../runtime/runtime.js';
import { errorMessage, fetchSources, type PodApi } from './api.js';
import { listFiles, pathInside, syncPayload } from './files.js';
import { DEFAULT_MODE, isApiDataVolume, tokenKey, volumeEnvName, volumeKind, volumePayload, volumeReferences } from './payload.js';

/** Where the service-account token is mounted in a Kubernetes pod. */
export const SERVICE_ACCOUNT_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The env var naming the host folder of the service-account mount. */
export const SERVICE_ACCOUNT_DIR_ENV = 'EBB_SERVICEACCOUNT_DIR';

/** `expirationSeconds` of a projected token when unset (the API's default). */
const DEFAULT_TOKEN_SECONDS = 3600;

/** Retry delay cap after a failed token renewal. */
const TOKEN_RETRY_MS = 10_000;

/** What a pod's volume set needs. */
export interface PodVolumeContext {
  readonly pod: V1Pod;
  readonly podDir: string;
  readonly api: PodApi;
  readonly logger: Logger;
  readonly clock: () => Date;
  readonly allocatable: NodeAllocatable;
}

/** A projected token source and the volume it belongs to. */
interface TokenSource {
  readonly volume: V1Volume;
  readonly projection: V1ServiceAccountTokenProjection;
}

/** When to renew a token: once 80 % of its life (issue → expiry) has passed. */
export function tokenRefreshDelayMs(issuedAt: Date, expiresAt: Date): number {
  return Math.max(0, Math.floor((expiresAt.getTime() - issuedAt.getTime()) * 0.8));
}

/** The materialised volumes of one pod. */
export class PodVolumeSet {
  #pod: V1Pod;
  readonly #written = new Map<string, ReadonlySet<string>>();
  readonly #tokens = new Map<string, string>();
  readonly #timers = new Map<string, NodeJS.Timeout>();
  #closed = false;

  constructor(private readonly context: PodVolumeContext) {
    this.#pod = context.pod;
  }

  /** Sets every volume up; throws ContainerStartError('CreateContainerConfigError') when a source is missing. */
  async prepare(): Promise<void> {
    const volumes = this.#volumes();
    // The reads, the TokenRequests and then the volumes' folders do not depend on each other.
    const tokens = Promise.all(this.#tokenSources().map((source) => this.#issueToken(source, true)));
    const [sources] = await Promise.all([fetchSources(this.context.api, this.#namespace(), volumeReferences(volumes)), tokens]);
    await Promise.all(volumes.map((volume) => this.#setUp(volume, sources)));
  }

  /** The folder (or hostPath) a volume lives in. */
  volumeDir(volume: V1Volume): string {
    if (volume.hostPath) return volume.hostPath.path;
    return join(this.context.podDir, 'volumes', volume.name);
  }

  mountsFor(container: V1Container): Mount[] {
    return this.#mounts(container).map(({ mount, volume }) => ({
      hostPath: this.#mountSource(volume, mount),
      containerPath: mount.mountPath,
      readOnly: mount.readOnly === true || isApiDataVolume(volume),
    }));
  }

  envFor(container: V1Container): Record<string, string> {
    const env: Record<string, string> = {};
    for (const { mount, volume } of this.#mounts(container)) {
      const hostPath = this.#mountSource(volume, mount);
      env[volumeEnvName(volume.name)] ??= hostPath;
      if (mount.mountPath.replace(/\/+$/, '') === SERVICE_ACCOUNT_MOUNT_PATH) env[SERVICE_ACCOUNT_DIR_ENV] = hostPath;
    }
    return env;
  }

  /** Re-reads the sources and rewrites what changed; a source that cannot be read keeps its files. */
  async refresh(pod?: V1Pod): Promise<void> {
    if (pod) this.#pod = pod;
    const volumes = this.#volumes().filter(isApiDataVolume);
    let sources: EnvSources;
    try {
      sources = await fetchSources(this.context.api, this.#namespace(), volumeReferences(volumes));
    } catch (error) {
      this.context.logger.warn({ pod: this.#podName(), err: errorMessage(error) }, 'cannot refresh volumes');
      return;
    }
    for (const volume of volumes) this.#refreshVolume(volume, sources);
  }

  close(): void {
    this.#closed = true;
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }

  async #setUp(volume: V1Volume, sources: EnvSources): Promise<void> {
    const kind = volumeKind(volume);
    if (isApiDataVolume(volume)) return this.#writeVolume(volume, sources);
    if (kind === 'hostPath' && volume.hostPath?.type !== 'DirectoryOrCreate') return;
    if (kind === 'other') this.context.logger.warn({ pod: this.#podName(), volume: volume.name }, 'volume type not supported by the local cluster: using an empty folder');
    await mkdir(this.volumeDir(volume), { recursive: true });
  }

  /** Writes an API-data volume; throws ContainerStartError when its payload cannot be built. */
  #writeVolume(volume: V1Volume, sources: EnvSources): void {
    const result = volumePayload(volume, { pod: this.#pod, sources, tokens: this.#tokens, allocatable: this.context.allocatable });
    if (!result.ok) throw new ContainerStartError('CreateContainerConfigError', result.message);
    try {
      // The first write of a volume replaces whatever an earlier run of the kubelet left in its folder.
      const previous = this.#written.get(volume.name) ?? listFiles(this.volumeDir(volume));
      const synced = syncPayload(this.volumeDir(volume), result.payload, previous);
      this.#written.set(volume.name, synced.paths);
      if (synced.changed.length > 0) this.context.logger.debug({ pod: this.#podName(), volume: volume.name, changed: synced.changed }, 'volume files written');
    } catch (error) {
      throw new ContainerStartError('CreateContainerConfigError', `volume ${volume.name}: ${errorMessage(error)}`);
    }
  }

  #refreshVolume(volume: V1Volume, sources: EnvSources): void {
    try {
      this.#writeVolume(volume, sources);
    } catch (error) {
      this.context.logger.warn({ pod: this.#podName(), volume: volume.name, err: errorMessage(error) }, 'volume not refreshed: keeping its files');
    }
  }

  /** Requests a token for `source`, keeps it, and schedules its renewal; at start a failure is a CreateContainerConfigError. */
  async #issueToken(source: TokenSource, initial: boolean): Promise<void> {
    const key = tokenKey(source.volume.name, source.projection.path);
    const now = this.context.clock();
    try {
      const issued = await this.context.api.serviceAccountToken(this.#tokenRequest(source.projection), now);
      this.#tokens.set(key, issued.token);
      if (!initial) await this.#writeToken(source, issued.token);
      this.#schedule(source, tokenRefreshDelayMs(now, issued.expiresAt));
    } catch (error) {
      if (initial) throw new ContainerStartError('CreateContainerConfigError', `cannot get a service account token for ${source.projection.path}: ${errorMessage(error)}`);
      this.context.logger.warn({ pod: this.#podName(), volume: source.volume.name, err: errorMessage(error) }, 'service account token not renewed: retrying');
      this.#schedule(source, TOKEN_RETRY_MS);
    }
  }

  #schedule(source: TokenSource, delayMs: number): void {
    if (this.#closed) return;
    const key = tokenKey(source.volume.name, source.projection.path);
    clearTimeout(this.#timers.get(key));
    const timer = setTimeout(() => void this.#issueToken(source, false), delayMs);
    timer.unref();
    this.#timers.set(key, timer);
  }

  async #writeToken(source: TokenSource, token: string): Promise<void> {
    if (this.#closed) return;
    const path = pathInside(this.volumeDir(source.volume), source.projection.path);
    await writeFileAtomically(path, token, source.volume.projected?.defaultMode ?? DEFAULT_MODE);
  }

  #tokenRequest(projection: V1ServiceAccountTokenProjection): Parameters<PodApi['serviceAccountToken']>[0] {
    return {
      namespace: this.#namespace(),
      serviceAccountName: this.#pod.spec?.serviceAccountName ?? 'default',
      audience: projection.audience,
      expirationSeconds: projection.expirationSeconds ?? DEFAULT_TOKEN_SECONDS,
      podName: this.#podName(),
      podUid: this.#pod.metadata?.uid ?? '',
    };
  }

  #tokenSources(): TokenSource[] {
    return this.#volumes().flatMap((volume) =>
      (volume.projected?.sources ?? []).flatMap((source) => (source.serviceAccountToken ? [{ volume, projection: source.serviceAccountToken }] : [])),
    );
  }

  /** The container's mounts whose volume exists. */
  #mounts(container: V1Container): { mount: V1VolumeMount; volume: V1Volume }[] {
    const volumes = new Map(this.#volumes().map((volume) => [volume.name, volume]));
    return (container.volumeMounts ?? []).flatMap((mount) => {
      const volume = volumes.get(mount.name);
      return volume ? [{ mount, volume }] : [];
    });
  }

  /** The host path a mount binds: the volume's folder, or the file/folder `subPath` names in it (created as a folder in a writable volume). */
  #mountSource(volume: V1Volume, mount: V1VolumeMount): string {
    const root = this.volumeDir(volume);
    if (!mount.subPath) return root;
    let path: string;
    try {
      path = pathInside(root, mount.subPath);
    } catch (error) {
      throw new ContainerStartError('CreateContainerConfigError', `subPath of volumeMount ${mount.name}: ${errorMessage(error)}`);
    }
    if (!isApiDataVolume(volume) && !existsSync(path)) mkdirSync(path, { recursive: true });
    return path;
  }

  #volumes(): V1Volume[] {
    return this.#pod.spec?.volumes ?? [];
  }

  #namespace(): string {
    return this.#pod.metadata?.namespace ?? 'default';
  }

  #podName(): string {
    return this.#pod.metadata?.name ?? '';
  }
}
