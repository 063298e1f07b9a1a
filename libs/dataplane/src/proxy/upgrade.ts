// WebSocket (and any HTTP/1.1 Upgrade) pass-through: the handshake goes to the endpoint over a
// fresh TCP connection with the forwarding headers added and `Connection`/`Upgrade` kept; from
// then on bytes are piped both ways untouched until either side closes. A connection failure
// before anything came back is a 502 written on the raw client socket.
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { endpointKey, type Endpoint } from '../endpoints/endpoints.js';
import { forwardRequestHeaders, type ForwardHeaderOptions } from './forwarded-headers.js';

/** What {@link forwardUpgrade} needs besides the request and the target. */
export interface UpgradeOptions {
  /** Headers to set and a Host to rewrite to. */
  readonly headers?: Pick<ForwardHeaderOptions, 'set' | 'host'>;
  /** The scheme the client used (default http). */
  readonly proto?: 'http' | 'https';
  /** Called once when both sides are closed; `connected` says whether the upstream was reached. */
  readonly onEnd?: (connected: boolean) => void;
}

/** The HTTP/1.1 request head of a handshake. */
export function requestHead(method: string, url: string, headers: OutgoingHttpHeaders): string {
  let head = `${method} ${url} HTTP/1.1\r\n`;
  for (const name in headers) {
    const value = headers[name];
    if (Array.isArray(value)) for (const v of value) head += `${name}: ${v}\r\n`;
    else if (value !== undefined) head += `${name}: ${String(value)}\r\n`;
  }
  return `${head}\r\n`;
}

/** A complete plain-text HTTP/1.1 error response that closes the connection. */
export function rawErrorResponse(status: number, reason: string, text: string): string {
  return `HTTP/1.1 ${status} ${reason}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`;
}

/** An `upgrade` event of an http.Server: the request, the client socket and the bytes read past the head. */
export interface UpgradeRequest {
  readonly req: IncomingMessage;
  readonly socket: Duplex;
  readonly head: Buffer;
}

/** Pipes an upgraded client socket to `target` (see the file comment). */
export function forwardUpgrade({ req, socket, head }: UpgradeRequest, target: Endpoint, options: UpgradeOptions = {}): void {
  const headers = forwardRequestHeaders(req.headers, { address: req.socket.remoteAddress ?? '', proto: options.proto ?? 'http' }, { ...options.headers, keepUpgrade: true });
  const upstream: Socket = connect({ host: target.address, port: target.port });
  let connected = false;
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    upstream.destroy();
    // Before the upstream was reached the client may still be owed a 502: let it flush.
    if (connected) socket.destroy();
    else socket.end();
    options.onEnd?.(connected);
  };
  upstream.once('connect', () => {
    connected = true;
    upstream.setNoDelay(true);
    upstream.write(requestHead(req.method ?? 'GET', req.url ?? '/', headers));
    if (head.length > 0) upstream.write(head);
    socket.pipe(upstream).pipe(socket);
  });
  upstream.on('error', (error: NodeJS.ErrnoException) => {
    if (!connected && socket.writable) socket.end(rawErrorResponse(502, 'Bad Gateway', `upstream error: ${error.code ?? error.name} talking to ${endpointKey(target)}: ${error.message}`));
    end();
  });
  upstream.on('close', end);
  socket.on('error', end);
  socket.on('close', end);
}
