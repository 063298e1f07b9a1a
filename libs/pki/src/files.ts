// Certificates and secrets on disk: read when present, replaced atomically (a reader never sees
// half a file), keys readable by their owner only. The atomic write is the one every Ebb file
// that others read while it changes goes through (kubeconfig, image index, pod volumes).
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
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

/** Options of {@link writeFileAtomically}. */
export interface AtomicWriteOptions {
  /** Flush the data to disk before the rename (for files that must survive a crash whole). */
  readonly sync?: boolean;
}

/**
 * Replaces a file atomically: a uniquely named temporary file beside it (its folder created if
 * missing), given exactly `mode` (whatever the umask), then renamed over it. On failure the
 * temporary file is removed and the old file stays.
 */
export async function writeFileAtomically(file: string, content: string | Uint8Array, mode: number, options: AtomicWriteOptions = {}): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true });
  const temporary = temporaryBeside(file);
  try {
    const handle = await open(temporary, 'w', mode);
    try {
      await handle.writeFile(content);
      if (options.sync === true) await handle.sync();
    } finally {
      await handle.close();
    }
    await chmod(temporary, mode);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * {@link writeFileAtomically} without the thread pool, for small files on the local disk written
 * on a latency-sensitive path (a pod's volume files before its container starts): a handful of
 * in-place system calls instead of one event-loop round trip each. No flush to disk.
 */
export function writeFileAtomicallySync(file: string, content: string | Uint8Array, mode: number): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = temporaryBeside(file);
  try {
    const fd = openSync(temporary, 'w', mode);
    try {
      writeFileSync(fd, content);
    } finally {
      closeSync(fd);
    }
    chmodSync(temporary, mode);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** A unique temporary name in the file's folder (hidden, so globbing readers skip it). */
function temporaryBeside(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
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
