// A sleep that a stop() can cut short: the informer's relist backoff and the leader elector's
// retry period both wait on one, so stopping never waits out a delay.

/** Sleeps that {@link InterruptibleSleep.interrupt} ends early. */
export class InterruptibleSleep {
  private wake: (() => void) | undefined;

  /** Waits `ms`, or less when interrupted meanwhile. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = (): void => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Ends the current sleep now (no-op when none). */
  interrupt(): void {
    this.wake?.();
  }
}
