// A tiny deduplicating work loop for the API server's own controllers: keys are handled one at
// a time, outside the store's event delivery, and retried after a delay when asked or on error.
import type { Logger } from 'pino';

/** What a handler says about a key: done, or try again later. */
export type WorkOutcome = 'done' | 'retry';

/** Runs `handle` for each scheduled key, one at a time. */
export class WorkLoop {
  private readonly queued = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private running = false;
  private stopped = false;

  constructor(
    private readonly name: string,
    private readonly handle: (key: string) => Promise<WorkOutcome>,
    private readonly logger: Logger,
    private readonly retryMs = 250,
  ) {}

  /** Queues a key (once, however often it is scheduled before it runs). */
  schedule(key: string): void {
    if (this.stopped) return;
    this.queued.add(key);
    if (!this.running) setImmediate(() => void this.drain());
  }

  /** Whether nothing is queued or running (for tests and shutdown). */
  idle(): boolean {
    return !this.running && this.queued.size === 0;
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.queued.clear();
  }

  private later(key: string): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.schedule(key);
    }, this.retryMs);
    this.timers.add(timer);
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queued.size > 0 && !this.stopped) {
        const key = this.queued.values().next().value as string;
        this.queued.delete(key);
        const outcome = await this.handle(key).catch((error: unknown) => {
          this.logger.warn({ err: error, controller: this.name, key }, 'controller work failed; retrying');
          return 'retry' as const;
        });
        if (outcome === 'retry') this.later(key);
      }
    } finally {
      this.running = false;
    }
  }
}
