// The autoscaler's heartbeat: calls `tick` again and again, `interval()` ms apart, reading the
// interval before each wait so a changed `tick-interval` applies from the next tick. A throwing
// tick is reported and the loop goes on; `stop()` ends it. The timer functions come in as a
// Scheduler so the loop can be driven step by step in tests.

/** The timer functions the loop uses (the global ones by default). */
export interface Scheduler {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The global timers. */
export const GLOBAL_SCHEDULER: Scheduler = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** What the loop runs. */
export interface TickLoopOptions {
  /** Ms to the next tick, read before each wait. */
  interval(): number;
  /** One tick; a throw goes to `onError`. */
  tick(): void;
  onError(error: unknown): void;
  readonly scheduler?: Scheduler;
}

/** A self-rescheduling timer. */
export class TickLoop {
  private handle: unknown;
  private running = false;
  private readonly scheduler: Scheduler;

  constructor(private readonly options: TickLoopOptions) {
    this.scheduler = options.scheduler ?? GLOBAL_SCHEDULER;
  }

  /** Starts ticking (the first tick one interval from now); a no-op while running. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule();
  }

  /** Stops ticking; no tick starts after this returns. */
  stop(): void {
    this.running = false;
    if (this.handle !== undefined) this.scheduler.clearTimeout(this.handle);
    this.handle = undefined;
  }

  private schedule(): void {
    this.handle = this.scheduler.setTimeout(() => this.fire(), this.options.interval());
  }

  private fire(): void {
    this.handle = undefined;
    if (!this.running) return;
    try {
      this.options.tick();
    } catch (error) {
      this.options.onError(error);
    }
    if (this.running) this.schedule();
  }
}
