// The local image store: `dev.local/…` and `ko.local/…` images recorded as a directory and its
// entrypoint in `<data-dir>/images/index.json`. `ebb image add` writes it; the local cluster's
// kubelet reads it to run such an image as a process. Writers serialise on a lock file and
// re-read the index inside it, so concurrent adds never lose an entry.
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ImageStoreError } from './errors.js';
import { readImageIndex, writeImageIndex, type LocalImage } from './index-file.js';
import { withFileLock, type LockOptions } from './lock.js';
import { IMAGE_MANIFEST, parseImageManifest, readImageManifest, type ImageSpec } from './manifest.js';
import { invalidImageRefReason, isLocalImageRef, LOCAL_REGISTRIES, normalizeImageRef } from './refs.js';

/** Seams for tests. */
export interface ImageStoreOptions {
  /** The clock for `addedAt` (default: now). */
  readonly now?: () => Date;
  readonly lock?: LockOptions;
}

/**
 * What an image runs, from the directory's manifest and what the caller gave: the caller's fields
 * win; an explicit entrypoint also drops the manifest's `cmd` (as a Docker ENTRYPOINT override
 * does) unless the caller gives a `cmd` too; env is merged.
 */
export function mergeImageSpecs(manifest: ImageSpec, explicit: ImageSpec): ImageSpec {
  const entrypoint = explicit.entrypoint ?? manifest.entrypoint;
  const cmd = explicit.cmd ?? (explicit.entrypoint === undefined ? manifest.cmd : undefined);
  const workingDir = explicit.workingDir ?? manifest.workingDir;
  return {
    ...(entrypoint === undefined ? {} : { entrypoint }),
    cmd: cmd ?? [],
    env: { ...manifest.env, ...explicit.env },
    ...(workingDir === undefined ? {} : { workingDir }),
  };
}

/** `spec` without its unset fields (the manifest checker treats every present field as given). */
function withoutUndefined(spec: ImageSpec): Record<string, unknown> {
  return Object.fromEntries(Object.entries(spec).filter(([, value]) => value !== undefined));
}

/** The normalized reference, or an error saying why `ref` cannot be added. */
function checkedLocalRef(ref: string): string {
  const invalid = invalidImageRefReason(ref);
  if (invalid !== undefined) throw new ImageStoreError(invalid);
  const normalized = normalizeImageRef(ref);
  if (!isLocalImageRef(normalized)) {
    const registries = LOCAL_REGISTRIES.map((r) => `${r}/`).join(' and ');
    throw new ImageStoreError(`'${ref}' is not a local image: only ${registries} images can be added; other images come from Docker (docker build -t ${ref} …)`);
  }
  return normalized;
}

async function checkedDirectory(dir: string): Promise<string> {
  const absolute = path.resolve(dir);
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(absolute)).isDirectory();
  } catch (error) {
    throw new ImageStoreError(`directory ${absolute} does not exist`, { cause: error });
  }
  if (!isDirectory) throw new ImageStoreError(`${absolute} is not a directory`);
  return absolute;
}

/** Where local images are recorded. Cheap to open: nothing is read or created until used. */
export class ImageStore {
  /** `<dataDir>/images/index.json`. */
  readonly indexPath: string;
  private readonly lockPath: string;

  private constructor(
    readonly dataDir: string,
    private readonly options: ImageStoreOptions,
  ) {
    this.indexPath = path.join(dataDir, 'images', 'index.json');
    this.lockPath = path.join(dataDir, 'images', 'index.lock');
  }

  /** The store of `dataDir` (`<dataDir>/images/index.json`). */
  static open(dataDir: string, options: ImageStoreOptions = {}): ImageStore {
    return new ImageStore(path.resolve(dataDir), options);
  }

  /**
   * Records (or replaces) `ref` as the directory `dir`. The entrypoint comes from `spec` or from
   * `<dir>/ebb-image.json` (see {@link mergeImageSpecs}). Throws {@link ImageStoreError} for a
   * non-local or invalid reference, a missing directory, a bad manifest or no entrypoint.
   */
  async add(ref: string, dir: string, spec: ImageSpec = {}): Promise<LocalImage> {
    const normalized = checkedLocalRef(ref);
    const absolute = await checkedDirectory(dir);
    const explicit = parseImageManifest(withoutUndefined(spec), 'the image spec');
    const manifest = (await readImageManifest(absolute)) ?? {};
    const merged = mergeImageSpecs(manifest, explicit);
    if (merged.entrypoint === undefined) {
      throw new ImageStoreError(
        `image '${normalized}' has no entrypoint: give a command after '--' (ebb image add ${ref} ${dir} -- node server.mjs) or write {"entrypoint": [...]} in ${path.join(absolute, IMAGE_MANIFEST)}`,
      );
    }
    const image: LocalImage = {
      ref: normalized,
      dir: absolute,
      entrypoint: merged.entrypoint,
      cmd: merged.cmd ?? [],
      env: merged.env ?? {},
      ...(merged.workingDir === undefined ? {} : { workingDir: path.resolve(absolute, merged.workingDir) }),
      addedAt: (this.options.now ?? (() => new Date()))().toISOString(),
    };
    await this.update((images) => [...images.filter((i) => i.ref !== normalized), image]);
    return image;
  }

  /** The image `ref` names (normalized first: `dev.local/hello` finds `dev.local/hello:latest`). */
  async get(ref: string): Promise<LocalImage | undefined> {
    const normalized = normalizeImageRef(ref);
    return (await readImageIndex(this.indexPath)).find((image) => image.ref === normalized);
  }

  /** Every image, sorted by reference. */
  async list(): Promise<LocalImage[]> {
    return (await readImageIndex(this.indexPath)).sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  }

  /** Forgets `ref` (the directory is left alone); false when there was no such image. */
  async remove(ref: string): Promise<boolean> {
    const normalized = normalizeImageRef(ref);
    let removed = false;
    await this.update((images) => {
      const kept = images.filter((image) => image.ref !== normalized);
      removed = kept.length !== images.length;
      return removed ? kept : undefined;
    });
    return removed;
  }

  /** Read-modify-write of the index under the lock; `change` returns undefined for "no change". */
  private async update(change: (images: LocalImage[]) => LocalImage[] | undefined): Promise<void> {
    await mkdir(path.dirname(this.indexPath), { recursive: true });
    await withFileLock(
      this.lockPath,
      async () => {
        const next = change(await readImageIndex(this.indexPath));
        if (next !== undefined) await writeImageIndex(this.indexPath, next);
      },
      this.options.lock,
    );
  }
}
