/**
 * A wait of a fixed length that a second signal can cut short: the drain period after SIGTERM,
 * during which the app keeps serving while `/readyz` says 503 so that load balancers stop
 * sending it new work.
 */
export class DrainTimer {
  private timer: NodeJS.Timeout | undefined;
  private release: (() => void) | undefined;

  /** Resolves after `ms`, or at once when {@link cut} is called. */
  async wait(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      this.release = resolve;
      this.timer = setTimeout(resolve, ms);
    });
    clearTimeout(this.timer);
  }

  /** Ends the wait now. */
  cut(): void {
    clearTimeout(this.timer);
    this.release?.();
  }
}

/** Runs `work`, failing with a clear error if it takes longer than `ms`. */
export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
