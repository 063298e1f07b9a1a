// The image manifest, `ebb-image.json`: what a directory needs to be run as a local image (its
// entrypoint, default arguments, environment and working directory), so that `ebb image add
// <name> <dir>` needs no command line. Parsing is pure; `readImageManifest` is the one read.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ImageStoreError } from './errors.js';

/** The manifest's file name inside an image directory. */
export const IMAGE_MANIFEST = 'ebb-image.json';

/** What a manifest (or the `ebb image add` command line) says about an image. */
export interface ImageSpec {
  /** The program and its first arguments (Docker's ENTRYPOINT; a container's `command` replaces it). */
  entrypoint?: string[];
  /** Default arguments after the entrypoint (Docker's CMD; a container's `args` replaces it). */
  cmd?: string[];
  env?: Record<string, string>;
  /** Relative to the image directory unless absolute. */
  workingDir?: string;
}

const MANIFEST_KEYS: readonly string[] = ['entrypoint', 'cmd', 'env', 'workingDir'];
/** Kubernetes' rule for environment variable names. */
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringArray(value: unknown, field: string, source: string): string[] {
  if (!Array.isArray(value) || !value.every((item): item is string => typeof item === 'string')) {
    throw new ImageStoreError(`${source}: "${field}" must be an array of strings, e.g. ["node", "server.mjs"]`);
  }
  return [...value];
}

function envMap(value: unknown, source: string): Record<string, string> {
  if (!isRecord(value)) throw new ImageStoreError(`${source}: "env" must be an object of strings, e.g. {"TARGET": "World"}`);
  const env: Record<string, string> = {};
  for (const [name, item] of Object.entries(value)) {
    if (!ENV_NAME.test(name)) throw new ImageStoreError(`${source}: "env" has an invalid variable name '${name}'`);
    if (typeof item !== 'string') throw new ImageStoreError(`${source}: "env.${name}" must be a string`);
    env[name] = item;
  }
  return env;
}

function workingDirOf(value: unknown, source: string): string {
  if (typeof value !== 'string' || value === '') throw new ImageStoreError(`${source}: "workingDir" must be a non-empty string`);
  return value;
}

/** Checks a parsed manifest; `source` names it in error messages. Throws {@link ImageStoreError}. */
export function parseImageManifest(value: unknown, source: string): ImageSpec {
  if (!isRecord(value)) throw new ImageStoreError(`${source}: must be a JSON object`);
  const unknown = Object.keys(value).filter((key) => !MANIFEST_KEYS.includes(key));
  if (unknown.length > 0) {
    throw new ImageStoreError(`${source}: unknown field(s) ${unknown.map((k) => `"${k}"`).join(', ')} (known: ${MANIFEST_KEYS.join(', ')})`);
  }
  const spec: ImageSpec = {};
  if (value['entrypoint'] !== undefined) spec.entrypoint = stringArray(value['entrypoint'], 'entrypoint', source);
  if (spec.entrypoint?.length === 0) throw new ImageStoreError(`${source}: "entrypoint" must not be empty`);
  if (value['cmd'] !== undefined) spec.cmd = stringArray(value['cmd'], 'cmd', source);
  if (value['env'] !== undefined) spec.env = envMap(value['env'], source);
  if (value['workingDir'] !== undefined) spec.workingDir = workingDirOf(value['workingDir'], source);
  return spec;
}

/** Reads `<dir>/ebb-image.json`; `undefined` when there is none. Throws {@link ImageStoreError} when it is invalid. */
export async function readImageManifest(dir: string): Promise<ImageSpec | undefined> {
  const file = path.join(dir, IMAGE_MANIFEST);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ImageStoreError(`cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ImageStoreError(`${file}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  return parseImageManifest(value, file);
}
