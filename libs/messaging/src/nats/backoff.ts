/** Exponential backoff with jitter for reconnect attempts: 100 ms doubling up to 2 s. */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly baseMs = 100,
    private readonly maxMs = 2000,
    private readonly random: () => number = Math.random,
  ) {}

  /** The delay before the next attempt: between half and all of the current step. */
  next(): number {
    const step = Math.min(this.maxMs, this.baseMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 30);
    return Math.round(step / 2 + (this.random() * step) / 2);
  }

  /** Starts again from the base delay (after a successful connection). */
  reset(): void {
    this.attempt = 0;
  }
}
