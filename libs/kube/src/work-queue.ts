// A rate-limited work queue of keys with client-go's workqueue semantics: a key queued twice
// is queued once; a key being handled when it is added again is handled again afterwards (never
// by two workers at once); a failing key is retried with per-key exponential backoff
// (base·2^failures, capped) and a success forgets its failures. Level-triggered controllers
// queue `namespace/name` keys and read the latest state from informer caches.
import type { Logger } from 'pino';

export interface WorkQueueOptions {
  readonly name: string;
  readonly logger: Logger;
  /** Parallel workers (default 1); one key is never handled by two workers at once. */
  readonly concurrency?: number;
  /** Retry delay after a failure: base·2^failures, capped (defaults 5 ms and 30 s). */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Failures retried without a warning (logged at debug), e.g. 409 Conflicts. */
  readonly quietError?: (error: unknown) => boolean;
}

/** The retry delay after `failures` earlier failures of a key: base·2^failures, capped. */
export function backoffDelay(failures: number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.min(baseDelayMs * 2 ** Math.min(failures, 62), maxDelayMs);
}

/** A key waiting for its delay. */
interface Delayed {
  readonly timer: NodeJS.Timeout;
  readonly readyAt: number;
}

/** De-duplicating work queue (client-go's workqueue semantics). */
export class WorkQueue {
  /** Keys waiting for a worker, in order. */
  private readonly queue: string[] = [];
  /** Keys that need handling (queued, or re-added while being handled). */
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly delayed = new Map<string, Delayed>();
  private readonly failures = new Map<string, number>();
  private readonly running = new Set<Promise<void>>();
  private readonly concurrency: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private stopped = false;
  private pumpScheduled = false;

  constructor(
    private readonly handler: (key: string) => Promise<void>,
    private readonly options: WorkQueueOptions,
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    this.baseDelayMs = options.baseDelayMs ?? 5;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
  }

  /** Queues a key; a key already queued is not queued twice; a key being handled is handled again after. */
  add(key: string): void {
    if (this.stopped || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    this.queue.push(key);
    this.schedulePump();
  }

  /** Queues a key after a delay (the earliest of several pending delays wins). */
  addAfter(key: string, delayMs: number): void {
    if (this.stopped) return;
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    const readyAt = Date.now() + delayMs;
    const pending = this.delayed.get(key);
    if (pending !== undefined) {
      if (pending.readyAt <= readyAt) return;
      clearTimeout(pending.timer);
    }
    const timer = setTimeout(() => {
      this.delayed.delete(key);
      this.add(key);
    }, delayMs);
    this.delayed.set(key, { timer, readyAt });
  }

  /** Whether nothing is queued or running (keys waiting for a delay are ignored). */
  idle(): boolean {
    return this.queue.length === 0 && this.processing.size === 0;
  }

  /** Stops: pending timers cleared, no new work; resolves when running handlers have finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const { timer } of this.delayed.values()) clearTimeout(timer);
    this.delayed.clear();
    this.queue.length = 0;
    this.dirty.clear();
    await Promise.all([...this.running]);
  }

  /** Hands queued keys to workers on the next turn of the event loop, so adds in one turn are de-duplicated. */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  /** Starts workers while there are free ones and queued keys. */
  private pump(): void {
    while (!this.stopped && this.running.size < this.concurrency && this.queue.length > 0) {
      const key = this.queue.shift() as string;
      this.dirty.delete(key);
      this.processing.add(key);
      const work = this.process(key);
      this.running.add(work);
      void work.finally(() => {
        this.running.delete(work);
        this.pump();
      });
    }
  }

  /** Handles one key, then re-queues it if it was added meanwhile. */
  private async process(key: string): Promise<void> {
    try {
      await this.handler(key);
      this.failures.delete(key);
    } catch (error) {
      this.retry(key, error);
    } finally {
      this.processing.delete(key);
      if (this.dirty.has(key) && !this.stopped) this.queue.push(key);
    }
  }

  /** Logs a failure and re-queues the key after its backoff. */
  private retry(key: string, error: unknown): void {
    const failures = this.failures.get(key) ?? 0;
    this.failures.set(key, failures + 1);
    const delayMs = backoffDelay(failures, this.baseDelayMs, this.maxDelayMs);
    const level = this.options.quietError?.(error) === true ? 'debug' : 'warn';
    this.options.logger[level]({ err: error, queue: this.options.name, key, failures: failures + 1, delayMs }, 'work failed; retrying');
    this.addAfter(key, delayMs);
  }
}
