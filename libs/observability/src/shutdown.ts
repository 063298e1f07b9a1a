/** How often a drain's early-end condition is looked at. */
const DRAIN_POLL_MS = 100;
/** How long the condition must hold before the drain ends (watch events reach other replicas too). */
export const DRAIN_SETTLE_MS = 1000;

/** Why a drain ended. */
export type DrainEnd = 'period' | 'condition' | 'cut';

/**
 * A wait of a fixed length that a second signal can cut short: the drain period after SIGTERM,
 * during which the app keeps serving while `/readyz` says 503 so that load balancers stop
 * sending it new work. It may also end once a condition has held for {@link DRAIN_SETTLE_MS}
 * (the app's endpoints are gone: no new work can reach it).
 */
export class DrainTimer {
  private timer: NodeJS.Timeout | undefined;
  private poller: NodeJS.Timeout | undefined;
  private release: ((end: DrainEnd) => void) | undefined;

  /** Resolves after `ms`, when `until` has held for the settle time, or at once when {@link cut} is called. */
  async wait(ms: number, until?: () => boolean): Promise<DrainEnd> {
    const end = await new Promise<DrainEnd>((resolve) => {
      this.release = resolve;
      this.timer = setTimeout(() => resolve('period'), ms);
      if (until !== undefined) this.watch(until, resolve);
    });
    clearTimeout(this.timer);
    clearInterval(this.poller);
    return end;
  }

  /** Ends the wait now. */
  cut(): void {
    clearTimeout(this.timer);
    clearInterval(this.poller);
    this.release?.('cut');
  }

  private watch(until: () => boolean, resolve: (end: DrainEnd) => void): void {
    let holdingSince: number | undefined;
    this.poller = setInterval(() => {
      if (!until()) {
        holdingSince = undefined;
        return;
      }
      holdingSince ??= Date.now();
      if (Date.now() - holdingSince >= DRAIN_SETTLE_MS) resolve('condition');
    }, DRAIN_POLL_MS);
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
