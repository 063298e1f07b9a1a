// Lease-based leader election with client-go's leaderelection semantics (SEMANTICS.md §8): every
// retry period a candidate reads the coordination.k8s.io/v1 Lease and takes it when it is
// missing (create), released (no holder), held by itself (renew), or expired — no change seen
// for leaseDurationSeconds by the candidate's own clock (client-go's observedTime, which is
// immune to clock skew between replicas). Writes are PUTs carrying the read resourceVersion,
// so a 409 means another candidate won the race. A leader that cannot renew within the renew
// deadline steps down; stop() releases the lease (holder '' and a 1 s duration, client-go's
// ReleaseOnCancel) so a standby takes over at once.
import type { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { ObjectMetaLike } from './object.js';
import type { LeaderGate } from './reconciler.js';
import { isKubeApiError, kubeRequest } from './client.js';
import { isApiStatus } from './failures.js';
import { InterruptibleSleep } from './interruptible-sleep.js';
import { collectionPath, objectPath } from './resource-client.js';
import { KubeResources } from './resources.js';

/** The spec of a coordination.k8s.io/v1 Lease, as leader election reads and writes it. */
export interface LeaseSpec {
  readonly holderIdentity?: string;
  readonly leaseDurationSeconds?: number;
  /** MicroTime: RFC 3339 with 6 fractional digits. */
  readonly acquireTime?: string;
  readonly renewTime?: string;
  readonly leaseTransitions?: number;
}

/** A coordination.k8s.io/v1 Lease. */
export interface Lease {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMetaLike;
  spec?: LeaseSpec;
}

/** What a candidate brings to a claim. */
export interface LeaseClaimInput {
  readonly identity: string;
  readonly leaseDurationSeconds: number;
  readonly now: Date;
  /** When this candidate (by its own clock) first saw the current spec; undefined when never. */
  readonly observedAt: Date | undefined;
}

/** How leader election is configured. */
export interface LeaderElectorOptions {
  readonly kubeConfig: KubeConfig;
  /** The Lease's namespace and name. */
  readonly namespace: string;
  readonly name: string;
  /** This replica's identity, unique among candidates (client-go: `<hostname>_<uuid>`). */
  readonly identity: string;
  /** How long a lease is valid without renewal (default 8; a whole number of seconds). See {@link LEASE_DEFAULTS}. */
  readonly leaseDurationSeconds?: number;
  /** How long a leader keeps trying to renew before it steps down (default 5). */
  readonly renewDeadlineSeconds?: number;
  /** How often candidates and the leader try (default 1; fractions allowed). */
  readonly retryPeriodSeconds?: number;
  readonly logger: Logger;
  /** The clock of lease times and expiry (default the wall clock). */
  readonly clock?: () => Date;
}

/** Leader election options that cannot work (client-go's NewLeaderElector checks). */
export class LeaderElectionConfigError extends Error {
  override readonly name = 'LeaderElectionConfigError';
}

/** client-go's JitterFactor for candidates' retries. */
const JITTER_FACTOR = 1.2;

/**
 * The timings every Ebb component uses, shorter than Knative's config-leader-election (60/40/10 s)
 * so that a standby takes over within 15 s of a leader's death: it sees the last renewal at most
 * one jittered retry (2.2 s) late, waits the lease out (8 s) and notices at its next try (2.2 s),
 * 12.4 s at worst. A leader that stops releases the lease, and a standby takes it at its next try.
 */
export const LEASE_DEFAULTS = { leaseDurationSeconds: 8, renewDeadlineSeconds: 5, retryPeriodSeconds: 1 } as const;

/** A MicroTime: RFC 3339 in UTC with 6 fractional digits, e.g. `2024-05-01T10:00:00.123000Z`. */
export function microTime(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/**
 * The spec to write to acquire or renew a lease, or undefined when another holder's lease is
 * still valid. `current` undefined means there is no Lease (create one). Renewing keeps the
 * acquireTime and transitions; taking over counts a transition and starts a new acquireTime.
 */
export function leaseClaim(current: LeaseSpec | undefined, input: LeaseClaimInput): LeaseSpec | undefined {
  const now = microTime(input.now);
  const fresh = { holderIdentity: input.identity, leaseDurationSeconds: input.leaseDurationSeconds, acquireTime: now, renewTime: now };
  if (current === undefined) return { ...fresh, leaseTransitions: 0 };
  const holder = current.holderIdentity ?? '';
  if (holder === input.identity) return { ...fresh, acquireTime: current.acquireTime ?? now, leaseTransitions: current.leaseTransitions ?? 0 };
  if (holder !== '' && leaseValid(current, input)) return undefined;
  return { ...fresh, leaseTransitions: (current.leaseTransitions ?? 0) + 1 };
}

/** Whether a lease has been seen unchanged for less than its duration. */
function leaseValid(current: LeaseSpec, input: LeaseClaimInput): boolean {
  if (input.observedAt === undefined) return true;
  return input.observedAt.getTime() + (current.leaseDurationSeconds ?? 0) * 1000 > input.now.getTime();
}

/** Checks durations as client-go does: lease > renew deadline > jitter × retry period. */
function checkTimings(leaseSeconds: number, renewSeconds: number, retrySeconds: number): void {
  if (!Number.isInteger(leaseSeconds) || leaseSeconds < 1) throw new LeaderElectionConfigError(`leaseDurationSeconds must be a whole number ≥ 1, not ${leaseSeconds}`);
  if (leaseSeconds <= renewSeconds) throw new LeaderElectionConfigError('leaseDurationSeconds must be greater than renewDeadlineSeconds');
  if (renewSeconds <= JITTER_FACTOR * retrySeconds) throw new LeaderElectionConfigError(`renewDeadlineSeconds must be greater than ${JITTER_FACTOR} × retryPeriodSeconds`);
}

/** Leader election over one Lease; a {@link LeaderGate} for controllers. */
export class LeaderElector implements LeaderGate {
  private readonly log: Logger;
  private readonly clock: () => Date;
  private readonly leaseSeconds: number;
  private readonly renewDeadlineMs: number;
  private readonly retryMs: number;
  private readonly listeners = new Set<(leading: boolean) => void>();
  private readonly stopping = new AbortController();
  private leading = false;
  private lastRenewMs = 0;
  private observed: { readonly raw: string; readonly holder: string; readonly at: Date } | undefined;
  private loop: Promise<void> | undefined;
  /** Waits between attempts; stop() cuts it short. */
  private readonly sleeper = new InterruptibleSleep();

  constructor(private readonly options: LeaderElectorOptions) {
    this.leaseSeconds = options.leaseDurationSeconds ?? LEASE_DEFAULTS.leaseDurationSeconds;
    const renewSeconds = options.renewDeadlineSeconds ?? LEASE_DEFAULTS.renewDeadlineSeconds;
    const retrySeconds = options.retryPeriodSeconds ?? LEASE_DEFAULTS.retryPeriodSeconds;
    checkTimings(this.leaseSeconds, renewSeconds, retrySeconds);
    if (options.identity === '') throw new LeaderElectionConfigError('identity must not be empty');
    this.renewDeadlineMs = renewSeconds * 1000;
    this.retryMs = retrySeconds * 1000;
    this.clock = options.clock ?? ((): Date => new Date());
    this.log = options.logger.child({ lease: `${options.namespace}/${options.name}`, identity: options.identity });
  }

  /** Whether this replica leads now (false as soon as the renew deadline has passed without a renewal). */
  isLeader(): boolean {
    return this.leading && this.clock().getTime() - this.lastRenewMs < this.renewDeadlineMs;
  }

  /** Hears `true` on gaining and `false` on losing leadership; returns an unsubscribe. */
  onChange(listener: (leading: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Starts trying to acquire, then renew, every retry period until stop(). */
  start(): void {
    if (this.loop !== undefined || this.stopping.signal.aborted) return;
    this.loop = this.run();
  }

  /** Stops trying; a leader steps down (listeners hear false) and releases the lease. */
  async stop(): Promise<void> {
    this.stopping.abort();
    this.sleeper.interrupt();
    await this.loop;
    if (!this.leading) return;
    this.setLeading(false);
    await this.release();
  }

  private async run(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      const renewed = await this.attempt();
      if (this.stopping.signal.aborted) return;
      this.afterAttempt(renewed);
      const jitter = this.leading ? 0 : Math.random() * JITTER_FACTOR * this.retryMs;
      await this.sleeper.sleep(this.retryMs + jitter);
    }
  }

  /** Gains leadership on success; loses it when another holds the lease or the renew deadline passed. */
  private afterAttempt(renewed: boolean): void {
    if (renewed) {
      this.lastRenewMs = this.clock().getTime();
      if (!this.leading) this.setLeading(true);
      return;
    }
    if (!this.leading) return;
    const heldByOther = this.observed !== undefined && this.observed.holder !== this.options.identity;
    if (heldByOther || !this.isLeader()) {
      this.log.warn({ holder: this.observed?.holder }, heldByOther ? 'lease taken by another holder; stepping down' : 'failed to renew the lease within the renew deadline; stepping down');
      this.setLeading(false);
    }
  }

  /** One try to acquire or renew; true when this replica holds the lease now. Never throws. */
  private async attempt(): Promise<boolean> {
    const budgetMs = this.leading ? this.lastRenewMs + this.renewDeadlineMs - this.clock().getTime() : this.renewDeadlineMs;
    if (budgetMs <= 0) return false;
    const signal = AbortSignal.any([this.stopping.signal, AbortSignal.timeout(budgetMs)]);
    try {
      const current = await this.read(signal);
      const now = this.clock();
      if (current !== undefined) this.observe(current, now);
      const spec = leaseClaim(current?.spec, { identity: this.options.identity, leaseDurationSeconds: this.leaseSeconds, now, observedAt: this.observed?.at });
      if (spec === undefined) return false;
      this.observe(await this.write(current, spec, signal), this.clock());
      return true;
    } catch (error) {
      if (this.stopping.signal.aborted) return false;
      if (isApiStatus(error, 409)) this.log.debug({ err: error }, 'lost the race for the lease');
      else this.log.warn({ err: error }, 'could not acquire or renew the lease');
      return false;
    }
  }

  /** Remembers a lease's spec and, when it changed, when this replica first saw it. */
  private observe(lease: Lease, now: Date): void {
    const raw = JSON.stringify(lease.spec ?? {});
    if (this.observed?.raw === raw) return;
    this.observed = { raw, holder: lease.spec?.holderIdentity ?? '', at: now };
  }

  private path(withName: boolean): string {
    const { namespace, name } = this.options;
    return withName ? objectPath(KubeResources.lease, namespace, name) : collectionPath(KubeResources.lease, namespace);
  }

  /** The Lease, or undefined when there is none. */
  private async read(signal: AbortSignal): Promise<Lease | undefined> {
    try {
      return (await kubeRequest(this.options.kubeConfig, { method: 'GET', path: this.path(true), signal })) as Lease;
    } catch (error) {
      if (isKubeApiError(error, 404)) return undefined;
      throw error;
    }
  }

  /** Creates the Lease, or replaces it (PUT with the read resourceVersion: 409 when someone wrote first). */
  private async write(current: Lease | undefined, spec: LeaseSpec, signal: AbortSignal): Promise<Lease> {
    const { kubeConfig, namespace, name } = this.options;
    if (current === undefined) {
      const body = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace }, spec };
      return (await kubeRequest(kubeConfig, { method: 'POST', path: this.path(false), body, signal })) as Lease;
    }
    const body = { ...current, apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', spec };
    return (await kubeRequest(kubeConfig, { method: 'PUT', path: this.path(true), body, signal })) as Lease;
  }

  /** Gives the lease up if this replica still holds it: no holder, a 1 s duration. */
  private async release(): Promise<void> {
    const signal = AbortSignal.timeout(this.renewDeadlineMs);
    try {
      const current = await this.read(signal);
      if (current?.spec?.holderIdentity !== this.options.identity) return;
      const now = microTime(this.clock());
      const spec: LeaseSpec = { holderIdentity: '', leaseDurationSeconds: 1, acquireTime: now, renewTime: now, leaseTransitions: current.spec.leaseTransitions ?? 0 };
      await this.write(current, spec, signal);
      this.log.info('released the lease');
    } catch (error) {
      this.log.warn({ err: error }, 'could not release the lease');
    }
  }

  private setLeading(leading: boolean): void {
    this.leading = leading;
    this.log.info({ leading }, leading ? 'became leader' : 'stopped leading');
    for (const listener of [...this.listeners]) {
      try {
        listener(leading);
      } catch (error) {
        this.log.error({ err: error }, 'leadership listener failed');
      }
    }
  }
}
