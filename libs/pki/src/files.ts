// Certificates and secrets on disk: read when present, replaced atomically (a reader never sees
// half a file), keys readable by their owner only.
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PemPair } from './generate.js';

/** The file names of one certificate and its key in a folder. */
export interface PemFileNames {
  readonly cert: string;
  readonly key: string;
}

/** The file's text, or undefined when it does not exist. */
export async function readFileIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Replaces a file atomically: a temporary file beside it, then a rename. */
export async function writeFileAtomically(file: string, content: string, mode: number): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, content, { mode });
  await rename(temporary, file);
}

/** A certificate and its key from `dir`, or undefined when either file is missing. */
export async function readPemPair(dir: string, names: PemFileNames): Promise<PemPair | undefined> {
  const [certPem, keyPem] = await Promise.all([readFileIfPresent(path.join(dir, names.cert)), readFileIfPresent(path.join(dir, names.key))]);
  return certPem === undefined || keyPem === undefined ? undefined : { certPem, keyPem };
}

/** Writes a certificate and its key, each replaced atomically; the key is readable by the owner only. */
export async function writePemPair(dir: string, names: PemFileNames, pair: PemPair): Promise<void> {
  await writeFileAtomically(path.join(dir, names.key), pair.keyPem, 0o600);
  await writeFileAtomically(path.join(dir, names.cert), pair.certPem, 0o644);
}
