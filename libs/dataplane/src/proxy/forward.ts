// Forwards one client request to one upstream endpoint over node:http (pooled keep-alive
// sockets) or node:http2 (an h2c session), streaming bodies both ways with backpressure, and
// applies the revision's timeouts as Knative's queue-proxy does (API.md §10): at the total,
// response-start or idle deadline the client gets 504 `request timeout` while nothing was sent
// yet, else the body is cut. An upstream failure before the response is a 502 naming the
// endpoint and the error. Callbacks only on the hot path: no promise per request, no header
// object built for HTTP/1.1 (the client's raw header list is forwarded as a raw list), no Error
// made unless something failed.
import { request as http1Request, type ClientRequest, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { ClientHttp2Stream, IncomingHttpHeaders as Http2Headers, OutgoingHttpHeaders as Http2OutgoingHeaders } from 'node:http2';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { endpointKey, EndpointProtocol, type Endpoint } from '../endpoints/endpoints.js';
import { forwardRequestHeaders, forwardRequestRawHeaders, forwardResponseHeaders, type ForwardHeaderOptions } from './forwarded-headers.js';
import { DeadlineAction, deadlineAction, REQUEST_TIMEOUT_BODY, TimeoutKind, type RequestTimeouts } from './timeouts.js';
import type { UpstreamPool } from './upstream-pool.js';

/** How an exchange ended, for metrics and logs. */
export const ForwardOutcome = {
  /** The upstream's response went to the client whole. */
  completed: 'completed',
  /** A deadline passed (504, or the body was cut). */
  timedOut: 'timed-out',
  /** The upstream failed (502, or the body was cut). */
  upstreamError: 'upstream-error',
  /** The client went away first. */
  clientClosed: 'client-closed',
} as const;
/** One of {@link ForwardOutcome}. */
export type ForwardOutcome = (typeof ForwardOutcome)[keyof typeof ForwardOutcome];

/** What {@link forward} needs besides the request and the target. */
export interface ForwardOptions {
  readonly pool: UpstreamPool;
  readonly timeouts: RequestTimeouts;
  /** Headers to set and a Host to rewrite to. */
  readonly headers?: Pick<ForwardHeaderOptions, 'set' | 'host'>;
  /** The scheme the client used (default http). */
  readonly proto?: 'http' | 'https';
  /**
   * Called once when the exchange is over: the status the client got (0 when none), how it ended,
   * the deadline that passed (if one did) and the milliseconds since `forward` was called.
   */
  readonly onEnd?: (status: number, outcome: ForwardOutcome, kind: TimeoutKind | undefined, elapsedMs: number) => void;
  /**
   * Retry hook (HTTP/1.1 only), called when the request may safely be sent elsewhere: the upstream
   * connection failed before it was up, so no byte of the request reached the endpoint; or, as Go's
   * http.Transport (Knative's activator) decides, a bodiless GET, HEAD, OPTIONS or TRACE on a
   * reused keep-alive connection failed before any byte of a response came back (the endpoint
   * went away under an idle connection). Returning true means "I'll retry elsewhere": forward
   * then neither answers the client nor calls onEnd. When set, a request body is piped only once
   * the connection is up, so that a retry can still read it.
   */
  readonly onRetryable?: (error: Error) => boolean;
}

const TEXT_PLAIN = 'text/plain; charset=utf-8';

/** What a request announces about its body. */
const RequestBody = {
  /** Neither Content-Length nor Transfer-Encoding: no body. */
  none: 0,
  /** `Content-Length: 0`. */
  empty: 1,
  /** A body to stream. */
  some: 2,
} as const;
type RequestBody = (typeof RequestBody)[keyof typeof RequestBody];

/** The body a request announces in its raw headers (names compared by length first: no lower-casing of the others). */
function requestBody(raw: readonly string[]): RequestBody {
  let body: RequestBody = RequestBody.none;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length === 17 && name.toLowerCase() === 'transfer-encoding') return RequestBody.some;
    if (name.length === 14 && name.toLowerCase() === 'content-length') body = raw[i + 1] === '0' ? RequestBody.empty : RequestBody.some;
  }
  return body;
}

/** Whether a raw header list has a Content-Length. */
function hasContentLength(raw: readonly string[]): boolean {
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length === 14 && name.toLowerCase() === 'content-length') return true;
  }
  return false;
}

/** Methods whose request may be sent twice (with no body) without changing what it does. */
const REPLAYABLE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/** Methods node:http sends without a body framing header when they have none; the others get `content-length: 0`. */
const NO_FRAMING_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT']);

/** HTTP/2 response headers as a flat raw list. */
function flattenHeaders(headers: Http2Headers): string[] {
  const raw: string[] = [];
  for (const name in headers) {
    const value = headers[name];
    if (Array.isArray(value)) for (const v of value) raw.push(name, v);
    else if (value !== undefined) raw.push(name, String(value));
  }
  return forwardResponseHeaders(raw);
}

/** The request headers of an HTTP/2 request: pseudo-headers first, no Host. */
function http2RequestHeaders(req: IncomingMessage, headers: OutgoingHttpHeaders): Http2OutgoingHeaders {
  const { host, ...rest } = headers;
  return { ':method': req.method ?? 'GET', ':path': req.url ?? '/', ':scheme': 'http', ':authority': String(host ?? ''), ...rest };
}

/** Deadline timer callbacks (module functions taking the exchange, so no closure per request). */
function onTotalDeadline(exchange: Exchange): void {
  exchange.deadline(TimeoutKind.total);
}
function onStartDeadline(exchange: Exchange): void {
  exchange.deadline(TimeoutKind.responseStart);
}
function onIdleDeadline(exchange: Exchange): void {
  exchange.deadline(TimeoutKind.idle);
}
function flushIfSilent(exchange: Exchange): void {
  exchange.flushHeadersIfSilent();
}

/** One client request and its upstream counterpart. */
class Exchange {
  private upstream: ClientRequest | ClientHttp2Stream | undefined;
  private body: Readable | undefined;
  private total: NodeJS.Timeout | undefined;
  private start: NodeJS.Timeout | undefined;
  private idle: NodeJS.Timeout | undefined;
  private wroteBody = false;
  private chunked = true;
  private over = false;
  /** Whether the upstream connection was up (only tracked with an onRetryable hook). */
  private reached = false;
  /** Whether a failure before the response may be replayed (a bodiless idempotent request on a reused connection). */
  private replayable = false;
  private readonly started = performance.now();

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    private readonly target: Endpoint,
    private readonly options: ForwardOptions,
  ) {}

  /** Starts the timers and sends the request upstream. */
  run(): void {
    const { timeouts } = this.options;
    this.total = setTimeout(onTotalDeadline, timeouts.totalMs, this);
    if (timeouts.responseStartMs > 0) this.start = setTimeout(onStartDeadline, timeouts.responseStartMs, this);
    if (timeouts.idleMs > 0) this.idle = setTimeout(onIdleDeadline, timeouts.idleMs, this);
    this.res.on('close', () => this.end(ForwardOutcome.clientClosed));
    if (this.target.protocol === EndpointProtocol.h2c) this.sendHttp2();
    else this.sendHttp1();
  }

  private client(): { address: string; proto: 'http' | 'https' } {
    return { address: this.req.socket.remoteAddress ?? '', proto: this.options.proto ?? 'http' };
  }

  private sendHttp1(): void {
    const { req, target } = this;
    const body = requestBody(req.rawHeaders);
    const headers = forwardRequestRawHeaders(req.rawHeaders, this.client(), this.options.headers);
    const method = req.method ?? 'GET';
    if (body === RequestBody.none && !NO_FRAMING_METHODS.has(method)) headers.push('content-length', '0');
    const upstream = http1Request({ host: target.address, port: target.port, method, path: req.url, headers, agent: this.options.pool.agent(target), setHost: false });
    this.upstream = upstream;
    upstream.on('response', (response: IncomingMessage) => this.upstreamResponse(response));
    upstream.on('error', (error) => this.failed(error));
    if (this.options.onRetryable !== undefined) this.sendOnceConnected(upstream, body);
    else if (body === RequestBody.some) req.pipe(upstream);
    else upstream.end();
  }

  /** With a retry hook: sends the body only once the connection is up, and notes when it is. */
  private sendOnceConnected(upstream: ClientRequest, body: RequestBody): void {
    if (body !== RequestBody.some) upstream.end();
    upstream.once('socket', (socket: Socket) => {
      if (socket.connecting) socket.once('connect', () => this.connected(upstream, body));
      else this.connected(upstream, body);
    });
  }

  private connected(upstream: ClientRequest, body: RequestBody): void {
    this.reached = true;
    this.replayable = upstream.reusedSocket && body !== RequestBody.some && REPLAYABLE_METHODS.has(upstream.method);
    if (body === RequestBody.some && !this.over) this.req.pipe(upstream);
  }

  private upstreamResponse(response: IncomingMessage): void {
    this.chunked = !hasContentLength(response.rawHeaders);
    this.respond(response.statusCode ?? 502, forwardResponseHeaders(response.rawHeaders), response);
  }

  private sendHttp2(): void {
    const headers = forwardRequestHeaders(this.req.headers, this.client(), this.options.headers);
    const hasBody = requestBody(this.req.rawHeaders) === RequestBody.some;
    let stream: ClientHttp2Stream;
    try {
      stream = this.options.pool.session(this.target).request(http2RequestHeaders(this.req, headers), { endStream: !hasBody });
    } catch (error: unknown) {
      this.failed(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    this.upstream = stream;
    stream.on('response', (h: Http2Headers) => {
      this.chunked = h['content-length'] === undefined;
      this.respond(Number(h[':status'] ?? 502), flattenHeaders(h), stream);
    });
    stream.on('error', (error: Error) => this.failed(error));
    if (hasBody) this.req.pipe(stream);
  }

  /** The upstream answered: send its status and headers on, then stream its body. */
  private respond(status: number, headers: string[], body: Readable): void {
    if (this.over) {
      body.resume();
      return;
    }
    clearTimeout(this.start);
    this.body = body;
    this.res.writeHead(status, headers);
    body.on('data', (chunk: Buffer) => this.write(chunk));
    body.on('end', () => this.finish());
    body.on('error', (error: Error) => this.failed(error));
    body.on('close', () => this.bodyClosed());
    this.res.on('drain', () => body.resume());
    // After the bytes read with the head were parsed and flowed (the 'data' listener's resume runs
    // first): a response still silent then is a streaming one, whose client should see the head now.
    process.nextTick(flushIfSilent, this);
  }

  /** The upstream response closed: a failure unless it ended first (checked before making an Error). */
  private bodyClosed(): void {
    if (!this.over) this.failed(new Error('the upstream closed the response before its end'));
  }

  private write(chunk: Buffer): void {
    this.wroteBody = true;
    this.idle?.refresh();
    if (!this.res.write(chunk)) this.body?.pause();
  }

  /** Sends the headers of a response whose body has not started yet (a streaming upstream). */
  flushHeadersIfSilent(): void {
    if (this.over || this.wroteBody || this.res.writableEnded || (this.body as IncomingMessage | undefined)?.complete === true) return;
    this.res.flushHeaders();
  }

  private finish(): void {
    if (this.over) return;
    this.res.end();
    this.end(ForwardOutcome.completed);
  }

  /** A deadline passed: 504 `request timeout` when nothing went to the client yet, else cut the body. */
  deadline(kind: TimeoutKind): void {
    if (this.over) return;
    if (deadlineAction(this.res.headersSent) === DeadlineAction.respond504) this.reply(504, REQUEST_TIMEOUT_BODY);
    else this.cut();
    this.end(ForwardOutcome.timedOut, kind);
  }

  private failed(error: Error): void {
    if (this.over) return;
    if (this.retried(error)) return;
    if (this.res.headersSent) this.cut();
    else this.reply(502, `upstream error: ${(error as NodeJS.ErrnoException).code ?? error.name} talking to ${endpointKey(this.target)}: ${error.message}`);
    this.end(ForwardOutcome.upstreamError);
  }

  /** Whether the retry hook took over a request that may be sent elsewhere (then this exchange is over, silently). */
  private retried(error: Error): boolean {
    const hook = this.options.onRetryable;
    if (hook === undefined || this.res.headersSent || (this.reached && !this.replayable) || !hook(error)) return false;
    this.over = true;
    clearTimeout(this.total);
    clearTimeout(this.start);
    clearTimeout(this.idle);
    return true;
  }

  /** Ends a started response early: a chunked body ends where it is, a sized one loses its connection. */
  private cut(): void {
    if (this.chunked) this.res.end();
    else this.res.destroy();
  }

  private reply(status: number, text: string): void {
    const body = Buffer.from(text, 'utf8');
    this.res.writeHead(status, { 'content-type': TEXT_PLAIN, 'content-length': body.length });
    this.res.end(body);
  }

  /** Once: stops the timers, drops the upstream request unless it completed, reports. */
  private end(outcome: ForwardOutcome, kind?: TimeoutKind): void {
    if (this.over) return;
    this.over = true;
    clearTimeout(this.total);
    clearTimeout(this.start);
    clearTimeout(this.idle);
    if (outcome !== ForwardOutcome.completed) this.upstream?.destroy();
    const status = this.res.headersSent ? this.res.statusCode : 0;
    this.options.onEnd?.(status, outcome, kind, performance.now() - this.started);
  }
}

/**
 * Forwards `req` to `target` and streams the answer into `res` (see the file comment for
 * headers, timeouts and errors). Returns at once; `options.onEnd` reports the end.
 */
export function forward(req: IncomingMessage, res: ServerResponse, target: Endpoint, options: ForwardOptions): void {
  new Exchange(req, res, target, options).run();
}
