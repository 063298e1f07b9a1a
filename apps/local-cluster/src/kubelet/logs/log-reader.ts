// The read side of the container log store, what `pods/<name>/log` serves: picks the attempt
// (the current one is the highest attempt with a log, `previous` the one before), turns the
// CRI lines back into the container's output (optionally prefixed by their timestamps), applies
// sinceSeconds/sinceTime, tailLines and limitBytes, and with `follow` keeps streaming new lines
// until the attempt has finished (its `.exited` marker, or a later attempt exists) or the
// client goes away. Rotation is followed by keeping the file descriptor open: a rotated file
// is read to its end before the new current file is opened. `readLogEnd` reads only the end
// of a finished attempt's log, for the termination message of FallbackToLogsOnError.
import { badRequest } from '@ebb/apimachinery';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { containerLogFile } from '../runtime/runtime.js';
import { parseCriLine, splitLines, timestampMs, type CriLine } from './cri-format.js';
import { exitedMarkerFile } from './log-writer.js';

/** The query of a log request. */
export interface LogReadOptions {
  readonly previous?: boolean;
  readonly tailLines?: number;
  readonly timestamps?: boolean;
  readonly sinceSeconds?: number;
  /** RFC3339. */
  readonly sinceTime?: string;
  readonly limitBytes?: number;
  readonly follow?: boolean;
  /** For error messages. */
  readonly podName?: string;
  /** How often a follower looks for new lines when no file event came (250 ms). */
  readonly pollMs?: number;
  readonly now?: () => Date;
  /** Aborted when the client has gone away: reading stops. */
  readonly signal?: AbortSignal;
}

/** The attempts of a container that have a log, ascending. */
export async function logAttempts(podDir: string, containerName: string): Promise<number[]> {
  const names = await fsp.readdir(`${podDir}/logs/${containerName}`).catch(() => [] as string[]);
  return names
    .map((name) => /^(\d+)\.log$/.exec(name)?.[1])
    .filter((digits): digits is string => digits !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

/** The attempt a request reads: undefined when the current one has no log yet; 400 when `previous` has none. */
export function chooseAttempt(attempts: readonly number[], previous: boolean, names: { container: string; pod: string }): number | undefined {
  if (!previous) return attempts.at(-1);
  const before = attempts.at(-2);
  if (before === undefined) throw badRequest(`previous terminated container ${JSON.stringify(names.container)} in pod ${JSON.stringify(names.pod)} not found`);
  return before;
}

/** Reads the attempts and chooses one (see {@link chooseAttempt}). */
export async function resolveLogAttempt(podDir: string, containerName: string, options: Pick<LogReadOptions, 'previous' | 'podName'>): Promise<number | undefined> {
  const attempts = await logAttempts(podDir, containerName);
  return chooseAttempt(attempts, options.previous === true, { container: containerName, pod: options.podName ?? '' });
}

/** The earliest line time to show (epoch ms), from sinceTime or sinceSeconds. */
export function sinceMs(options: Pick<LogReadOptions, 'sinceSeconds' | 'sinceTime'>, now: Date): number | undefined {
  if (options.sinceTime !== undefined) return timestampMs(options.sinceTime);
  if (options.sinceSeconds !== undefined) return now.getTime() - options.sinceSeconds * 1000;
  return undefined;
}

/** What a line prints: its text, a newline for a full line, its timestamp first when asked. */
export function renderLine(line: CriLine, timestamps: boolean): Buffer {
  const parts = [line.text];
  if (timestamps) parts.unshift(Buffer.from(`${line.timestamp} `));
  if (line.tag === 'F') parts.push(Buffer.from('\n'));
  return Buffer.concat(parts);
}

/** The lines of a log file's content that pass the since filter. */
export function selectLines(raw: readonly Buffer[], since: number | undefined): CriLine[] {
  const lines = raw.map(parseCriLine).filter((line): line is CriLine => line !== undefined);
  if (since === undefined) return lines;
  return lines.filter((line) => timestampMs(line.timestamp) >= since);
}

/** Writes to `out`, waiting while it is full; false once the client is gone. */
async function send(out: Writable, bytes: Buffer, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted || out.destroyed) return false;
  if (out.write(bytes)) return true;
  return new Promise((resolve) => {
    const done = (ok: boolean): void => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      signal.removeEventListener('abort', onClose);
      resolve(ok);
    };
    const onDrain = (): void => done(true);
    const onClose = (): void => done(false);
    out.on('drain', onDrain);
    out.on('close', onClose);
    signal.addEventListener('abort', onClose);
  });
}

/** Prints lines up to limitBytes; false once nothing more may be printed. */
class Printer {
  private remaining: number;

  constructor(
    private readonly out: Writable,
    private readonly signal: AbortSignal,
    private readonly options: { timestamps: boolean; limitBytes?: number },
  ) {
    this.remaining = options.limitBytes ?? Number.POSITIVE_INFINITY;
  }

  async print(lines: readonly CriLine[]): Promise<boolean> {
    if (lines.length === 0) return this.remaining > 0 && !this.signal.aborted;
    let bytes = Buffer.concat(lines.map((line) => renderLine(line, this.options.timestamps)));
    if (bytes.length > this.remaining) bytes = bytes.subarray(0, this.remaining);
    this.remaining -= bytes.length;
    const sent = await send(this.out, bytes, this.signal);
    return sent && this.remaining > 0;
  }
}

/** Reads from an open file descriptor from `position` to its current end. */
async function readToEnd(handle: fsp.FileHandle, position: number): Promise<Buffer> {
  const size = (await handle.stat()).size;
  if (size <= position) return Buffer.alloc(0);
  const buffer = Buffer.alloc(size - position);
  const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
  return buffer.subarray(0, bytesRead);
}

/** The rotated files of an attempt's log that exist, oldest first. */
async function rotatedFiles(file: string): Promise<string[]> {
  const found: string[] = [];
  for (let index = 1; index < 100; index += 1) {
    const exists = await fsp.access(`${file}.${index}`).then(() => true, () => false);
    if (!exists) break;
    found.unshift(`${file}.${index}`);
  }
  return found;
}

/** Follows one attempt's current log file across rotations. */
class LogCursor {
  private handle: fsp.FileHandle | undefined;
  private position = 0;
  private pending: Buffer = Buffer.alloc(0);

  constructor(readonly file: string) {}

  /** Complete lines written since the last call (undefined handle → opens the file when it exists). */
  async next(): Promise<Buffer[]> {
    if (this.handle === undefined) await this.open();
    if (this.handle === undefined) return [];
    let chunk = await readToEnd(this.handle, this.position);
    this.position += chunk.length;
    if (chunk.length === 0 && (await this.rotated())) {
      await this.reopen();
      chunk = this.handle === undefined ? chunk : await readToEnd(this.handle, 0);
      this.position = chunk.length;
    }
    const { lines, rest } = splitLines(Buffer.concat([this.pending, chunk]));
    this.pending = Buffer.from(rest);
    return lines;
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
  }

  private async open(): Promise<void> {
    this.handle = await fsp.open(this.file, 'r').catch(() => undefined);
    this.position = 0;
  }

  private async reopen(): Promise<void> {
    await this.close();
    await this.open();
  }

  /** True when the path now names another file than the open one. */
  private async rotated(): Promise<boolean> {
    if (this.handle === undefined) return false;
    const [open, current] = await Promise.all([this.handle.stat(), fsp.stat(this.file).catch(() => undefined)]);
    return current !== undefined && current.ino !== open.ino;
  }
}

/** True once the attempt will write no more: its marker exists or a later attempt has a log. */
async function attemptFinished(podDir: string, containerName: string, attempt: number): Promise<boolean> {
  if (fs.existsSync(exitedMarkerFile(podDir, containerName, attempt))) return true;
  if (!fs.existsSync(`${podDir}/logs/${containerName}`)) return true;
  return (await logAttempts(podDir, containerName)).some((other) => other > attempt);
}

/** Resolves on a change in `dir`, after `ms`, or on abort. */
async function changeOrTimeout(dir: string, ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return;
  await new Promise<void>((resolve) => {
    let watcher: fs.FSWatcher | undefined;
    const done = (): void => {
      clearTimeout(timer);
      watcher?.close();
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
    try {
      watcher = fs.watch(dir, done);
      watcher.on('error', done);
    } catch {
      // No watch possible (directory gone): the timeout polls.
    }
  });
}

/** The first attempt to have a log, waiting for it when following. */
async function awaitAttempt(podDir: string, containerName: string, options: LogReadOptions, signal: AbortSignal): Promise<number | undefined> {
  let attempt = await resolveLogAttempt(podDir, containerName, options);
  while (attempt === undefined && options.follow === true && !signal.aborted) {
    await changeOrTimeout(podDir, options.pollMs ?? 250, signal);
    attempt = await resolveLogAttempt(podDir, containerName, options);
  }
  return attempt;
}

/** The lines already stored for an attempt (rotated files, then the cursor's first read). */
async function history(file: string, cursor: LogCursor): Promise<Buffer[]> {
  const older: Buffer[] = [];
  for (const rotated of await rotatedFiles(file)) {
    older.push(...splitLines(await fsp.readFile(rotated).catch(() => Buffer.alloc(0))).lines);
  }
  return [...older, ...(await cursor.next())];
}

/** Streams new lines of the attempt until it finished (and its last lines are out) or printing stops. */
async function follow(target: { podDir: string; containerName: string; attempt: number }, cursor: LogCursor, io: { printer: Printer; since: number | undefined; pollMs: number; signal: AbortSignal }): Promise<void> {
  const dir = `${target.podDir}/logs/${target.containerName}`;
  for (;;) {
    const finished = await attemptFinished(target.podDir, target.containerName, target.attempt);
    const lines = await cursor.next();
    if (!(await io.printer.print(selectLines(lines, io.since)))) return;
    if (finished && lines.length === 0) return;
    if (lines.length === 0) await changeOrTimeout(dir, io.pollMs, io.signal);
  }
}

/** The last `count` lines (all when undefined). */
export function tail<T>(lines: readonly T[], count: number | undefined): T[] {
  if (count === undefined) return [...lines];
  return count <= 0 ? [] : lines.slice(-count);
}

/** How much of a log's end a reader wants: at least `lines` lines, or lines printing at least `bytes` bytes. */
export interface LogEndWanted {
  readonly lines: number;
  readonly bytes: number;
}

/** The first look at a log's end: enough for 80 lines of usual length. */
const LOG_END_FIRST_WINDOW = 16 * 1024;

/** The complete lines in the last `window` bytes of a file of `size` bytes (the first one dropped: it may be cut). */
async function windowLines(handle: fsp.FileHandle, size: number, window: number): Promise<CriLine[]> {
  const start = Math.max(0, size - window);
  const buffer = Buffer.alloc(size - start);
  const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
  const { lines } = splitLines(buffer.subarray(0, bytesRead));
  return selectLines(start === 0 ? lines : lines.slice(1), undefined);
}

/** Whether these last lines of a log hold what is wanted of its end. */
function holdsEnd(lines: readonly CriLine[], want: LogEndWanted): boolean {
  if (lines.length >= want.lines) return true;
  return lines.reduce((bytes, line) => bytes + line.text.length + (line.tag === 'F' ? 1 : 0), 0) >= want.bytes;
}

/**
 * The last lines of a finished attempt's log file, at most `want.lines` of them and enough to
 * print `want.bytes` when the log has that much; reads from the end (doubling the window while
 * it holds too little), not the whole file. Rotated files are not read, as the kubelet reads
 * only the current one. Empty when the file is missing or unreadable; never throws.
 */
export async function readLogEnd(file: string, want: LogEndWanted): Promise<CriLine[]> {
  const handle = await fsp.open(file, 'r').catch(() => undefined);
  if (handle === undefined) return [];
  try {
    const size = (await handle.stat()).size;
    for (let window = LOG_END_FIRST_WINDOW; ; window *= 2) {
      const lines = await windowLines(handle, size, window);
      if (window >= size || holdsEnd(lines, want)) return tail(lines, want.lines);
    }
  } catch {
    return [];
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * Writes a container's log to `out` as `pods/log` answers it, until done or `options.signal`
 * aborts. Throws a 400 StatusError (before writing anything) when `previous` is asked and there
 * is no previous attempt.
 */
export async function readLogs(podDir: string, containerName: string, options: LogReadOptions, out: Writable): Promise<void> {
  const signal = options.signal ?? new AbortController().signal;
  const attempt = await awaitAttempt(podDir, containerName, options, signal);
  if (attempt === undefined) return;
  const file = containerLogFile(podDir, containerName, attempt);
  const cursor = new LogCursor(file);
  const printer = new Printer(out, signal, { timestamps: options.timestamps === true, limitBytes: options.limitBytes });
  const since = sinceMs(options, options.now?.() ?? new Date());
  try {
    const more = await printer.print(tail(selectLines(await history(file, cursor), since), options.tailLines));
    if (!more || options.follow !== true || options.previous === true) return;
    await follow({ podDir, containerName, attempt }, cursor, { printer, since, pollMs: options.pollMs ?? 250, signal });
  } finally {
    await cursor.close();
  }
}
