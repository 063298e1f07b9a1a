// The HTTP/1.1 listener the data-plane apps (networking gateway, activator) serve on, and its
// graceful end. Keep-alive connections stay open 65 s (longer than the usual 60 s idle timeout
// of load balancers in front, so the client side closes first), no whole-request timeout (the
// revision's timeouts apply instead), a malformed request drops its connection. Every
// connection is tracked so the end can also close upgraded ones, which closeAllConnections
// leaves alone. The app counts its own requests in flight (a per-request close listener would
// cost the hot path); drain() waits on that count.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/** Longest wait for in-flight requests at shutdown, below the apps' 10 s close timeout. */
export const MAX_DRAIN_MS = 8000;
/** How often idle keep-alive connections are closed while a drain waits. */
const DRAIN_POLL_MS = 50;

/** What {@link DataPlaneListener.open} needs. */
export interface ListenerOptions {
  readonly host: string;
  /** 0: any free port (read it back from {@link DataPlaneListener.port}). */
  readonly port: number;
  readonly onRequest: (req: IncomingMessage, res: ServerResponse) => void;
  /** Upgrade requests (WebSocket); without it Node answers them as plain requests are not. */
  readonly onUpgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  /** A server error after it started listening. */
  readonly onError: (error: Error) => void;
}

/** How a drain ends. */
export interface DrainOptions {
  /** The wait for in-flight requests: min(this, {@link MAX_DRAIN_MS}). */
  readonly boundMs: number;
  /** Requests the app still serves. */
  readonly inFlight: () => number;
  /** Called once the wait is over, before connections close: end what still waits (e.g. with a 503). */
  readonly atBound?: () => void;
}

/** A listening data-plane server. */
export class DataPlaneListener {
  private readonly connections = new Set<Socket>();

  private constructor(private readonly server: Server) {
    server.on('connection', (socket: Socket) => {
      this.connections.add(socket);
      socket.once('close', () => this.connections.delete(socket));
    });
  }

  /** Listens on host:port; rejects when the port cannot be had. */
  static async open(options: ListenerOptions): Promise<DataPlaneListener> {
    const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 0 }, options.onRequest);
    if (options.onUpgrade !== undefined) server.on('upgrade', options.onUpgrade);
    server.on('clientError', (_error, socket) => socket.destroy());
    const listener = new DataPlaneListener(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', options.onError);
    return listener;
  }

  /** The port it listens on. */
  get port(): number | undefined {
    return (this.server.address() as AddressInfo | null)?.port;
  }

  /**
   * Stops accepting, lets in-flight requests finish while closing idle keep-alive connections (at
   * most the bound), calls `atBound`, then closes every connection. Resolves, once the server has
   * closed, with the requests still in flight when the wait ended.
   */
  async drain(options: DrainOptions): Promise<number> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    const deadline = Date.now() + Math.min(options.boundMs, MAX_DRAIN_MS);
    while (options.inFlight() > 0 && Date.now() < deadline) {
      this.server.closeIdleConnections();
      await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
    }
    options.atBound?.();
    const left = options.inFlight();
    this.server.closeAllConnections();
    for (const socket of this.connections) socket.destroy();
    await closed;
    return left;
  }
}

const TEXT_PLAIN = 'text/plain; charset=utf-8';

/** A data-plane app's own answer (an error, a probe): plain text with its length; nothing when the response has begun or the client is gone. */
export function answerText(res: ServerResponse, status: number, text: string, headers: Readonly<Record<string, string>> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const body = Buffer.from(text, 'utf8');
  res.writeHead(status, { 'content-type': TEXT_PLAIN, 'content-length': body.length, ...headers });
  res.end(body);
}
