// A lock file that serialises writers of the image index across processes (two `ebb image add`
// at once, or `ebb` and the local cluster). The file is created with O_EXCL and holds the
// holder's pid; a lock whose holder is gone (or that is older than any write could take) is
// stale and is broken, so a crashed `ebb` never wedges the store. Readers take no lock: the
// index is replaced by rename, so a reader sees the old or the new index, never half of one.
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { ImageStoreError } from './errors.js';

/** Tuning, for tests. */
export interface LockOptions {
  /** Give up after this long (default 10 s). */
  readonly timeoutMs?: number;
  /** A lock older than this is stale whoever holds it (default 30 s; a write takes milliseconds). */
  readonly staleMs?: number;
  /** Whether a pid is a running process (default: signal 0). */
  readonly isAlive?: (pid: number) => boolean;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_STALE_MS = 30_000;
const RETRY_MS = 5;

/** Whether `pid` names a running process (EPERM: it runs, as another user). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Who holds a lock: its pid (unset while the holder is still writing it) and the lock's age. */
interface LockHolder {
  readonly pid?: number;
  readonly ageMs: number;
}

/** Who holds the lock; undefined when it has just been released. */
async function lockHolder(lockPath: string): Promise<LockHolder | undefined> {
  try {
    const [text, info] = await Promise.all([readFile(lockPath, 'utf8'), stat(lockPath)]);
    const pid = Number.parseInt(text, 10);
    return { ageMs: Date.now() - info.mtimeMs, ...(Number.isInteger(pid) && pid > 0 ? { pid } : {}) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Moves a stale lock aside (rename is atomic: of two breakers only one wins) and deletes it. */
async function breakLock(lockPath: string): Promise<void> {
  const aside = `${lockPath}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  await rm(aside, { force: true });
}

/** Tries once; true when this call now holds the lock. */
async function tryAcquire(lockPath: string): Promise<boolean> {
  try {
    await writeFile(lockPath, `${process.pid}\n`, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new ImageStoreError(`cannot create the lock file ${lockPath}: ${(error as Error).message}`, { cause: error });
  }
}

/** Whether the lock's holder is gone, or the lock is older than any write could take. */
function isStale(holder: LockHolder | undefined, options: LockOptions): boolean {
  if (holder === undefined) return false;
  if (holder.ageMs > (options.staleMs ?? DEFAULT_STALE_MS)) return true;
  return holder.pid !== undefined && !(options.isAlive ?? processIsAlive)(holder.pid);
}

function lockedError(lockPath: string, holder: LockHolder | undefined): ImageStoreError {
  const who = holder?.pid === undefined ? 'another process' : `process ${holder.pid}`;
  return new ImageStoreError(`the image index is locked by ${who} (${lockPath}); if no ebb command is running, delete that file`);
}

async function acquire(lockPath: string, options: LockOptions): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  for (;;) {
    if (await tryAcquire(lockPath)) return;
    const holder = await lockHolder(lockPath);
    if (isStale(holder, options)) {
      await breakLock(lockPath);
      continue;
    }
    if (Date.now() > deadline) throw lockedError(lockPath, holder);
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS + Math.random() * RETRY_MS));
  }
}

/** Runs `fn` while holding the lock file `lockPath` (its folder must exist). */
export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  await acquire(lockPath, options);
  try {
    return await fn();
  } finally {
    await rm(lockPath, { force: true });
  }
}
