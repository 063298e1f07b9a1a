// The write side of the container log store: a runtime hands each chunk of a container's
// stdout/stderr to a ContainerLogWriter, which stores it as CRI log lines in
// `<pod dir>/logs/<container>/<attempt>.log`, rotating at 10 MiB and keeping 5 files (the
// current one and `.log.1`…`.log.4`, newest first), as the kubelet's containerLogMaxSize/
// containerLogMaxFiles do. When the container has ended, `close()` leaves a marker
// (`<attempt>.exited`) so that readers following the log know no more lines will come.
// Writes are synchronous: lines keep their order and a crash loses nothing already handed over.
import fs from 'node:fs';
import path from 'node:path';
import { containerLogFile } from '../runtime/runtime.js';
import { formatCriLine, LineSplitter, rfc3339Nano, type LogStream } from './cri-format.js';

/** Tuning of the log store (defaults as the kubelet's). */
export interface LogStoreOptions {
  /** Rotate once the current file would exceed this size (10 MiB). */
  readonly maxFileBytes?: number;
  /** Files kept per container attempt, the current one included (5). */
  readonly maxFiles?: number;
  /** The time of a line, epoch milliseconds with a fraction (tests pin it). */
  readonly now?: () => number;
}

const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;
const DEFAULT_MAX_FILES = 5;

/** The marker a finished attempt leaves beside its log. */
export function exitedMarkerFile(podDir: string, containerName: string, attempt: number): string {
  return `${podDir}/logs/${containerName}/${attempt}.exited`;
}

function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

/** Opens log writers for container attempts. */
export class LogStore {
  private readonly maxFileBytes: number;
  private readonly maxFiles: number;
  private readonly now: () => number;

  constructor(options: LogStoreOptions = {}) {
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    this.maxFiles = Math.max(1, options.maxFiles ?? DEFAULT_MAX_FILES);
    this.now = options.now ?? preciseNow;
  }

  /** A writer for one attempt of one container (appends when the attempt's log already exists). */
  open(podDir: string, containerName: string, attempt: number): ContainerLogWriter {
    return new ContainerLogWriter({
      file: containerLogFile(podDir, containerName, attempt),
      marker: exitedMarkerFile(podDir, containerName, attempt),
      maxFileBytes: this.maxFileBytes,
      maxFiles: this.maxFiles,
      now: this.now,
    });
  }
}

interface WriterConfig {
  readonly file: string;
  readonly marker: string;
  readonly maxFileBytes: number;
  readonly maxFiles: number;
  readonly now: () => number;
}

/** Stores one container attempt's output. Never throws: a log that cannot be written is dropped. */
export class ContainerLogWriter {
  private readonly splitters: Record<LogStream, LineSplitter> = { stdout: new LineSplitter(), stderr: new LineSplitter() };
  private fd: number | undefined;
  private size = 0;
  private closed = false;

  constructor(private readonly config: WriterConfig) {
    try {
      fs.mkdirSync(path.dirname(config.file), { recursive: true });
      fs.rmSync(config.marker, { force: true });
      this.openCurrent();
    } catch {
      this.fd = undefined;
    }
  }

  /** The log file of the attempt. */
  get file(): string {
    return this.config.file;
  }

  /** Stores what the container wrote to `stream`. */
  write(stream: LogStream, chunk: Buffer | string): void {
    if (this.closed) return;
    const pieces = this.splitters[stream].push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    this.store(stream, pieces);
  }

  /** Flushes unfinished lines (as `P` lines), closes the file and marks the attempt finished. */
  close(): void {
    if (this.closed) return;
    this.store('stdout', this.splitters.stdout.end());
    this.store('stderr', this.splitters.stderr.end());
    this.closed = true;
    try {
      if (this.fd !== undefined) fs.closeSync(this.fd);
      fs.writeFileSync(this.config.marker, '');
    } catch {
      // The pod's directory is gone: nothing to mark.
    }
    this.fd = undefined;
  }

  private store(stream: LogStream, pieces: readonly { tag: 'F' | 'P'; text: Buffer }[]): void {
    if (pieces.length === 0 || this.fd === undefined) return;
    const timestamp = rfc3339Nano(this.config.now());
    const bytes = Buffer.concat(pieces.map((piece) => formatCriLine({ timestamp, stream, tag: piece.tag, text: piece.text })));
    try {
      if (this.size > 0 && this.size + bytes.length > this.config.maxFileBytes) this.rotate();
      fs.writeSync(this.fd, bytes);
      this.size += bytes.length;
    } catch {
      // Disk full or the pod's directory removed: the output is dropped, as a full disk drops it.
    }
  }

  private openCurrent(): void {
    this.fd = fs.openSync(this.config.file, 'a');
    this.size = fs.fstatSync(this.fd).size;
  }

  /** `.log` → `.log.1` → … → `.log.<maxFiles-1>`; the oldest beyond that is removed. */
  private rotate(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
    const { file, maxFiles } = this.config;
    fs.rmSync(`${file}.${maxFiles - 1}`, { force: true });
    for (let index = maxFiles - 2; index >= 1; index -= 1) {
      if (fs.existsSync(`${file}.${index}`)) fs.renameSync(`${file}.${index}`, `${file}.${index + 1}`);
    }
    if (maxFiles > 1) fs.renameSync(file, `${file}.1`);
    else fs.rmSync(file, { force: true });
    this.openCurrent();
  }
}
