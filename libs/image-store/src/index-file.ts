// The image index, `<data-dir>/images/index.json`: every local image the store knows, as one
// small JSON document. Parsing checks every entry (a hand-edited or truncated index gives a
// clear error instead of a pod that fails oddly); writing replaces the file by rename so that a
// reader (the kubelet resolving an image) never sees half of it.
import { writeFileAtomically } from '@ebb/pki';
import { readFile } from 'node:fs/promises';
import { ImageStoreError } from './errors.js';

/** An image of the local store: a directory and how to run it. */
export interface LocalImage {
  /** Normalized (`dev.local/hello:latest`). */
  readonly ref: string;
  /** Absolute. */
  readonly dir: string;
  readonly entrypoint: string[];
  readonly cmd: string[];
  readonly env: Record<string, string>;
  /** Absolute; unset means the image directory. */
  readonly workingDir?: string;
  /** RFC 3339. */
  readonly addedAt: string;
}

/** The index file's format version. */
export const INDEX_VERSION = 1;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');
const isStringMap = (value: unknown): value is Record<string, string> => isRecord(value) && Object.values(value).every((item) => typeof item === 'string');

function hasEntryShape(value: Record<string, unknown>): boolean {
  const { ref, dir, entrypoint, cmd, env, workingDir, addedAt } = value;
  const strings = [ref, dir, addedAt].every((field) => typeof field === 'string');
  return strings && isStringArray(entrypoint) && isStringArray(cmd) && isStringMap(env) && (workingDir === undefined || typeof workingDir === 'string');
}

function parseEntry(value: unknown): LocalImage | undefined {
  if (!isRecord(value) || !hasEntryShape(value)) return undefined;
  const { ref, dir, entrypoint, cmd, env, workingDir, addedAt } = value as unknown as LocalImage;
  return { ref, dir, entrypoint, cmd, env, ...(workingDir === undefined ? {} : { workingDir }), addedAt };
}

/** Reads an index document; `source` names it in errors. Throws {@link ImageStoreError}. */
export function parseImageIndex(value: unknown, source: string): LocalImage[] {
  if (!isRecord(value) || value['version'] !== INDEX_VERSION || !Array.isArray(value['images'])) {
    throw new ImageStoreError(`${source}: not an image index (want {"version": ${INDEX_VERSION}, "images": [...]}); fix or delete it`);
  }
  return value['images'].map((entry: unknown, index) => {
    const image = parseEntry(entry);
    if (image === undefined) throw new ImageStoreError(`${source}: images[${index}] is malformed; fix or delete it`);
    return image;
  });
}

/** The index document for `images`, sorted by reference, as the file holds it. */
export function formatImageIndex(images: readonly LocalImage[]): string {
  const sorted = [...images].sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  return `${JSON.stringify({ version: INDEX_VERSION, images: sorted }, null, 2)}\n`;
}

/** The images in the index file; none when it does not exist yet. */
export async function readImageIndex(file: string): Promise<LocalImage[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new ImageStoreError(`cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ImageStoreError(`${file}: not valid JSON (${(error as Error).message}); fix or delete it`, { cause: error });
  }
  return parseImageIndex(value, file);
}

/** Replaces the index file atomically, flushed to disk before the rename. */
export async function writeImageIndex(file: string, images: readonly LocalImage[]): Promise<void> {
  await writeFileAtomically(file, formatImageIndex(images), 0o644, { sync: true });
}
