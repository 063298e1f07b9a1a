import { Injectable } from '@nestjs/common';

/** A dependency check: true while the dependency is usable (e.g. NATS connected now). */
export type ReadinessCheck = () => boolean | Promise<boolean>;

/** What `/readyz` reports. */
export interface ReadinessReport {
  readonly ready: boolean;
  readonly draining: boolean;
  readonly checks: Readonly<Record<string, boolean>>;
}

/** How long an asynchronous check may take before it counts as failed. */
const CHECK_TIMEOUT_MS = 1000;

async function runCheck(check: ReadinessCheck): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([Promise.resolve().then(check), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Readiness of this process: providers register one check per dependency; the process is
 * ready while every check passes and it is not draining for shutdown.
 */
@Injectable()
export class ReadinessService {
  private readonly checks = new Map<string, ReadinessCheck>();
  private readonly drainConditions = new Map<string, () => boolean>();
  private drainingSince: number | undefined;

  /**
   * Registers a condition that lets the drain after SIGTERM end before its period is over, once it
   * and every other registered one hold (e.g. this replica's endpoint is gone from its Service,
   * so nothing sends it new work); a name can be registered once.
   */
  registerDrainCondition(name: string, condition: () => boolean): void {
    if (this.drainConditions.has(name)) throw new Error(`drain condition "${name}" is already registered`);
    this.drainConditions.set(name, condition);
  }

  /** Whether the drain may end now: at least one condition is registered and all hold. */
  drainComplete(): boolean {
    if (this.drainConditions.size === 0) return false;
    for (const condition of this.drainConditions.values()) if (!condition()) return false;
    return true;
  }

  /** Registers a named check; a name can be registered once. */
  register(name: string, check: ReadinessCheck): void {
    if (this.checks.has(name)) throw new Error(`readiness check "${name}" is already registered`);
    this.checks.set(name, check);
  }

  /** From now on the process reports not ready, whatever its checks say. */
  startDraining(now: number): void {
    this.drainingSince ??= now;
  }

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  /** Runs every check (each bounded by a timeout) and reports. */
  async evaluate(): Promise<ReadinessReport> {
    const names = [...this.checks.keys()];
    const results = await Promise.all(names.map((name) => runCheck(this.checks.get(name) as ReadinessCheck)));
    const checks = Object.fromEntries(names.map((name, i) => [name, results[i] === true]));
    const draining = this.draining;
    return { ready: !draining && results.every(Boolean), draining, checks };
  }
}
