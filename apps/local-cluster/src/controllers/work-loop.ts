// The API server's own controllers (garbage collector, namespace and CRD controllers) say per
// key whether they are done or want another look; this adapts that to @ebb/kube's WorkQueue,
// which does the queueing (one key at a time, de-duplicated, re-run when scheduled while
// running). A retry, asked for or after an error, comes after a fixed delay.
import { WorkQueue } from '@ebb/kube';
import type { Logger } from 'pino';

/** What a handler says about a key: done, or try again later. */
export type WorkOutcome = 'done' | 'retry';

/** Runs `handle` for each scheduled key, one at a time. */
export class WorkLoop {
  private readonly queue: WorkQueue;

  constructor(
    private readonly name: string,
    private readonly handle: (key: string) => Promise<WorkOutcome>,
    private readonly logger: Logger,
    private readonly retryMs = 250,
  ) {
    this.queue = new WorkQueue((key) => this.run(key), { name, logger });
  }

  /** Queues a key (once, however often it is scheduled before it runs). */
  schedule(key: string): void {
    this.queue.add(key);
  }

  /** Whether nothing is queued or running (for tests and shutdown). */
  idle(): boolean {
    return this.queue.idle();
  }

  stop(): void {
    void this.queue.stop();
  }

  private async run(key: string): Promise<void> {
    const outcome = await this.handle(key).catch((error: unknown) => {
      this.logger.warn({ err: error, controller: this.name, key }, 'controller work failed; retrying');
      return 'retry' as const;
    });
    if (outcome === 'retry') this.queue.addAfter(key, this.retryMs);
  }
}
