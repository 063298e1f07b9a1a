// Decides what a container's image is and which runtime runs it: a `dev.local/`/`ko.local/`
// image from the local image store runs as a process; an image the local Docker engine has runs
// as a Docker container; otherwise a container with a `command` runs that command on the host
// (so plain `command:` pods work without any image); anything else cannot be pulled (there is
// no registry). Whether Docker answers is remembered for ~10 s so that a missing engine costs
// one `docker info` per period, not one per container start.
import type { ImageStore } from '@ebb/image-store';
import { isLocalImageRef } from '@ebb/image-store';
import type { DockerRuntime } from './docker-runtime.js';
import { ContainerStartError, type ContainerRuntime, type ImageResolution, type ImageResolver } from './runtime.js';

/** What the resolver needs of the docker runtime. */
export type DockerEngine = ContainerRuntime & Pick<DockerRuntime, 'available' | 'imageId'>;

/** What the resolver uses. */
export interface LocalImageResolverOptions {
  readonly images: Pick<ImageStore, 'get'>;
  readonly process: ContainerRuntime;
  readonly docker?: DockerEngine;
  /** How long an answer of `docker info` is trusted (10 s). */
  readonly availabilityTtlMs?: number;
  readonly now?: () => number;
}

/** The message of an image that is nowhere to be found. */
export function imageNotFoundMessage(ref: string, dockerAnswers: boolean): string {
  const where = dockerAnswers ? 'nor in the Docker engine' : 'and no Docker engine answers';
  return `image ${JSON.stringify(ref)} is neither a local image (dev.local/…, ko.local/…) ${where}; there is no registry to pull from: build it locally or give the container a command`;
}

/** Resolves images against the local image store and the Docker engine. */
export class LocalImageResolver implements ImageResolver {
  private availability: { checkedAt: number; answer: Promise<boolean> } | undefined;

  constructor(private readonly options: LocalImageResolverOptions) {}

  async resolve(container: { readonly image?: string; readonly command?: readonly string[] }): Promise<ImageResolution> {
    const ref = (container.image ?? '').trim();
    if (ref !== '' && isLocalImageRef(ref)) return this.local(ref);
    const docker = ref === '' ? undefined : await this.fromDocker(ref);
    if (docker !== undefined) return docker;
    if ((container.command ?? []).length > 0) return { image: { kind: 'host', ref }, runtime: this.options.process };
    if (ref === '') throw new ContainerStartError('CreateContainerError', 'no image and no command specified');
    throw new ContainerStartError('ErrImagePull', imageNotFoundMessage(ref, await this.dockerAnswers()));
  }

  runtimes(): readonly ContainerRuntime[] {
    return this.options.docker === undefined ? [this.options.process] : [this.options.process, this.options.docker];
  }

  private async local(ref: string): Promise<ImageResolution> {
    const image = await this.options.images.get(ref);
    if (image === undefined) {
      throw new ContainerStartError('ErrImagePull', `image ${JSON.stringify(ref)} not found in the local image store: add it with "ebb image add ${ref} <dir> -- <command>"`);
    }
    const { dir, entrypoint, cmd, env, workingDir } = image;
    return { image: { kind: 'local', ref: image.ref, dir, entrypoint, cmd, env, ...(workingDir === undefined ? {} : { workingDir }) }, runtime: this.options.process };
  }

  private async fromDocker(ref: string): Promise<ImageResolution | undefined> {
    const docker = this.options.docker;
    if (docker === undefined || !(await this.dockerAnswers())) return undefined;
    const id = await docker.imageId(ref);
    return id === undefined ? undefined : { image: { kind: 'docker', ref, id }, runtime: docker };
  }

  /** Whether the Docker engine answers, asked at most once per TTL. */
  private async dockerAnswers(): Promise<boolean> {
    const docker = this.options.docker;
    if (docker === undefined) return false;
    const now = (this.options.now ?? Date.now)();
    const ttl = this.options.availabilityTtlMs ?? 10_000;
    if (this.availability === undefined || now - this.availability.checkedAt >= ttl) {
      this.availability = { checkedAt: now, answer: docker.available().catch(() => false) };
    }
    return this.availability.answer;
  }
}
