// Writing a volume's files the way the kubelet's AtomicWriter promises: a reader never sees a
// half-written file. Each file is written to a temporary name in the same folder and renamed
// over the old one; unchanged files are left alone and files that left the payload are removed.
// The calls are synchronous: a volume is a few small files on the local disk, written before the
// pod's container may start, and done in place they take about a millisecond, where a thread-pool
// round trip per call (some thirty for a service-account volume) waited on a busy event loop.
import { writeFileAtomicallySync } from '@ebb/pki';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { FileProjection, Payload } from './payload.js';

/** `path` inside `dir`, or an error when it would leave it (absolute, `..`). */
export function pathInside(dir: string, path: string): string {
  const full = resolve(dir, path);
  const rel = relative(resolve(dir), full);
  if (isAbsolute(path) || rel === '' || rel === '..' || rel.startsWith(`..${sep}`)) {
    throw new Error(`invalid path ${JSON.stringify(path)}: must be relative and stay inside the volume`);
  }
  return full;
}

/** What {@link syncPayload} did. */
export interface SyncResult {
  /** Every path the folder now holds from the payload. */
  readonly paths: ReadonlySet<string>;
  /** The paths written or removed. */
  readonly changed: readonly string[];
}

/** Makes `dir` hold `payload`: writes new and changed files, removes the `previous` paths no longer in it. */
export function syncPayload(dir: string, payload: Payload, previous: ReadonlySet<string>): SyncResult {
  mkdirSync(dir, { recursive: true });
  const changed: string[] = [];
  for (const [path, file] of payload) {
    const target = pathInside(dir, path);
    if (sameFile(target, file)) continue;
    writeFileAtomicallySync(target, file.data, file.mode);
    changed.push(path);
  }
  for (const path of previous) {
    if (payload.has(path)) continue;
    rmSync(pathInside(dir, path), { force: true });
    changed.push(path);
  }
  return { paths: new Set(payload.keys()), changed };
}

function sameFile(path: string, file: FileProjection): boolean {
  try {
    return (statSync(path).mode & 0o777) === file.mode && Buffer.compare(readFileSync(path), file.data) === 0;
  } catch {
    return false;
  }
}

/** The files under `dir` as relative paths (none when it does not exist): what an earlier run left in a volume. */
export function listFiles(dir: string): Set<string> {
  try {
    const entries = readdirSync(dir, { recursive: true, withFileTypes: true });
    return new Set(entries.filter((entry) => entry.isFile()).map((entry) => relative(dir, join(entry.parentPath, entry.name))));
  } catch {
    return new Set();
  }
}
