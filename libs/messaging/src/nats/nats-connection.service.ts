import { Inject, Injectable, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { LOGGER, ReadinessService, withTimeout } from '@ebb/observability';
import { connect, type NatsConnection, type Status } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { Backoff } from './backoff.js';
import type { NatsOptions } from './nats.config.js';

/** Injection token of the {@link NatsOptions}. */
export const NATS_OPTIONS = Symbol('ebb.nats.options');
/** Name of the readiness check this provider registers. */
export const NATS_READINESS_CHECK = 'nats';
const DRAIN_TIMEOUT_MS = 5000;

/** Thrown to waiters for a connection when the app shuts down before it connected. */
export class NatsClosedError extends Error {
  override readonly name = 'NatsClosedError';
}

/**
 * The app's one NATS connection. It connects in the background from start-up (so the app is
 * alive and reports not-ready while NATS is away), retries forever with backoff — first
 * connection and every reconnection — logs each state change, reports readiness while
 * connected, and drains on shutdown.
 */
@Injectable()
export class NatsConnectionService implements OnModuleInit, BeforeApplicationShutdown {
  private nc: NatsConnection | undefined;
  private up = false;
  private closing = false;
  private readonly backoff = new Backoff();
  private readonly logger: Logger;
  private readonly waiters: { resolve: (nc: NatsConnection) => void; reject: (error: Error) => void }[] = [];
  private readonly listeners = new Set<(nc: NatsConnection) => void>();
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(NATS_OPTIONS) private readonly options: NatsOptions,
    @Inject(LOGGER) logger: Logger,
    @Inject(ReadinessService) private readonly readiness: ReadinessService,
  ) {
    this.logger = logger.child({ module: 'nats' });
  }

  onModuleInit(): void {
    this.readiness.register(NATS_READINESS_CHECK, () => this.connected);
    this.attempt();
  }

  /** True while the connection is up now. */
  get connected(): boolean {
    return this.up && this.current() !== undefined;
  }

  /** The open connection, waiting for one if there is none yet (rejects once the app stops). */
  connection(): Promise<NatsConnection> {
    const open = this.current();
    if (open) return Promise.resolve(open);
    if (this.closing) return Promise.reject(new NatsClosedError('the app is stopping'));
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** The open connection (possibly reconnecting at the moment), else undefined; never waits. */
  current(): NatsConnection | undefined {
    return this.nc && !this.nc.isClosed() ? this.nc : undefined;
  }

  /**
   * Calls `listener` with the open connection now, if there is one, and with every connection
   * that replaces it later (after a connection was closed for good and opened anew), so that
   * subscriptions can be made again. Returns a function that removes the listener.
   */
  onConnection(listener: (nc: NatsConnection) => void): () => void {
    this.listeners.add(listener);
    const open = this.current();
    if (open) this.notify(listener, open);
    return () => this.listeners.delete(listener);
  }

  private notify(listener: (nc: NatsConnection) => void, nc: NatsConnection): void {
    try {
      listener(nc);
    } catch (error) {
      this.logger.error({ err: error }, 'a NATS connection listener failed');
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    clearTimeout(this.retryTimer);
    for (const waiter of this.waiters.splice(0)) waiter.reject(new NatsClosedError('the app stopped before NATS connected'));
    const nc = this.nc;
    if (!nc || nc.isClosed()) return;
    try {
      await withTimeout(nc.drain(), DRAIN_TIMEOUT_MS, 'draining the NATS connection');
    } catch (error) {
      this.logger.warn({ err: error }, 'NATS drain failed: closing');
      await nc.close();
    }
  }

  private attempt(): void {
    if (this.closing) return;
    connect({
      servers: [...this.options.servers],
      name: this.options.name,
      maxReconnectAttempts: -1,
      reconnectDelayHandler: () => this.backoff.next(),
    }).then(
      (nc) => this.onConnected(nc),
      (error: unknown) => {
        const delay = this.backoff.next();
        this.logger.warn({ err: error, servers: this.options.servers, retryInMs: delay }, 'NATS connect failed: retrying');
        this.retryTimer = setTimeout(() => this.attempt(), delay);
      },
    );
  }

  private onConnected(nc: NatsConnection): void {
    if (this.closing) {
      void nc.close();
      return;
    }
    this.nc = nc;
    this.up = true;
    this.backoff.reset();
    this.logger.info({ server: nc.getServer() }, 'NATS connected');
    for (const waiter of this.waiters.splice(0)) waiter.resolve(nc);
    for (const listener of this.listeners) this.notify(listener, nc);
    void this.watchStatus(nc);
    void nc.closed().then((error) => this.onClosed(nc, error));
  }

  private async watchStatus(nc: NatsConnection): Promise<void> {
    for await (const status of nc.status()) this.onStatus(status);
  }

  private onStatus(status: Status): void {
    switch (status.type) {
      case 'disconnect':
      case 'staleConnection':
        this.up = false;
        this.logger.warn({ status: status.type }, 'NATS connection lost: reconnecting');
        return;
      case 'reconnect':
        this.up = true;
        this.backoff.reset();
        this.logger.info({ server: status.server }, 'NATS reconnected');
        return;
      case 'reconnecting':
      case 'ping':
        this.logger.trace({ status: status.type }, 'NATS status');
        return;
      case 'error':
        this.logger.error({ err: status.error }, 'NATS error');
        return;
      default:
        this.logger.info({ status: status.type }, 'NATS status');
    }
  }

  private onClosed(nc: NatsConnection, error: Error | void): void {
    this.up = false;
    if (this.closing) {
      this.logger.info('NATS connection closed');
      return;
    }
    // Only a fatal error (e.g. authorization) closes a connection that retries forever: start over.
    this.logger.error({ err: error }, 'NATS connection closed unexpectedly: connecting again');
    if (this.nc === nc) this.retryTimer = setTimeout(() => this.attempt(), this.backoff.next());
  }
}
