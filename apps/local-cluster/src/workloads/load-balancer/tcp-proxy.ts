// One TCP listener of the service load balancer: each accepted connection is piped, bytes both
// ways, to one backend chosen round robin (a backend that refuses is skipped for the next one;
// when every one failed, or there is none, the client connection is reset). Half-closes pass
// through: a client that ends its side still gets the whole answer, and the other way round.
// Plain TCP, no TLS or HTTP awareness: what a layer-4 load balancer does.
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { Logger } from 'pino';
import { roundRobinOrder, type Backend } from './backends.js';

/** How long a backend may take to accept before the next one is tried. */
const DEFAULT_CONNECT_TIMEOUT_MS = 3000;

/** What a proxy listens on and where it sends connections. */
export interface TcpProxyOptions {
  readonly host: string;
  readonly port: number;
  /** The backends now (read for every connection, so endpoint changes apply to the next one). */
  readonly backends: () => readonly Backend[];
  readonly logger: Logger;
  readonly connectTimeoutMs?: number;
}

/** A listening TCP proxy. */
export class TcpProxy {
  private turn = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly options: TcpProxyOptions,
  ) {}

  /** Listens on `host:port`; rejects with the listen error (e.g. EADDRINUSE, EACCES). */
  static listen(options: TcpProxyOptions): Promise<TcpProxy> {
    const server = createServer({ allowHalfOpen: true, pauseOnConnect: true });
    const proxy = new TcpProxy(server, options);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: options.host, port: options.port, exclusive: true }, () => {
        server.off('error', reject);
        server.on('error', (error) => options.logger.warn({ err: error, host: options.host, port: options.port }, 'load balancer listener error'));
        server.on('connection', (client) => proxy.accept(client));
        resolve(proxy);
      });
    });
  }

  /** The port bound (the one asked for, unless that was 0). */
  get port(): number {
    const address = this.server.address();
    return typeof address === 'object' && address !== null ? address.port : this.options.port;
  }

  /** Stops listening and ends every open connection; resolves once the listener is closed. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  private accept(client: Socket): void {
    this.track(client);
    client.on('error', () => undefined);
    this.tryNext(client, roundRobinOrder(this.options.backends(), this.turn++));
  }

  /** Connects to the first of `order`; on failure to the next; the client is reset when none is left. */
  private tryNext(client: Socket, order: Backend[]): void {
    if (client.destroyed) return;
    const backend = order.shift();
    if (backend === undefined) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect({ host: backend.host, port: backend.port, allowHalfOpen: true });
    this.track(upstream);
    upstream.setTimeout(this.options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS, () => upstream.destroy(new Error(`connect to ${backend.host}:${backend.port} timed out`)));
    const abandon = (): void => void upstream.destroy();
    client.once('close', abandon);
    const failed = (error: Error): void => {
      client.off('close', abandon);
      this.options.logger.debug({ err: error, backend }, 'load balancer backend failed; trying the next');
      this.tryNext(client, order);
    };
    upstream.once('error', failed);
    upstream.once('connect', () => {
      upstream.off('error', failed);
      client.off('close', abandon);
      upstream.setTimeout(0);
      splice(client, upstream);
    });
  }
}

/**
 * Pipes both ways. An end (FIN) on one side ends the other's writing side once everything before
 * it is written; a reset or error on one side resets the other unless that side has already
 * sent everything (its writing side ended), which then finishes on its own.
 */
function splice(client: Socket, upstream: Socket): void {
  const fail = (other: Socket) => (): void => {
    if (!other.writableEnded && !other.destroyed) other.resetAndDestroy();
  };
  upstream.on('error', fail(client));
  client.on('error', fail(upstream));
  upstream.once('close', (hadError) => (hadError ? fail(client)() : undefined));
  client.once('close', (hadError) => (hadError ? fail(upstream)() : undefined));
  client.pipe(upstream);
  upstream.pipe(client);
}
