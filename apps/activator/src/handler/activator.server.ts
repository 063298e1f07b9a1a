// The activator's request listener: a plain node:http server beside Nest's admin server (no
// framework on the hot path, PERFORMANCE.md). The layers of a request, in order:
//   1. probe: `K-Network-Probe: activator` → 200 `activator`;
//   2. context: the revision from the Knative-Serving-Namespace/-Revision headers (400 when
//      missing, 404 for an unknown revision);
//   3. concurrency reporting (from arrival: buffered requests are demand), poke when a revision
//      without pods gets its first buffered request (ScaleSignals);
//   4. timeout: the revision's timeoutSeconds covers the wait too — a request still waiting at
//      its deadline gets 504 `request timeout` and leaves the queue; a client that leaves while
//      waiting leaves the queue too;
//   5. throttle: the revision's RevisionThrottler (503 when its buffer is full);
//   6. proxy: forward() to the chosen pod with the time left; a connection refused before any
//      byte reached the pod is retried on another pod (3 tries in all), else the usual 502.
// On shutdown it stops accepting and lets in-flight and waiting requests finish, bounded by
// EBB_DRAIN_SECONDS; what is still waiting then gets 503.
import { KnativeHeaders } from '@ebb/api';
import { answerText, DataPlaneListener, forward, RejectReason, REQUEST_TIMEOUT_BODY, UpstreamPool, type Endpoint, type RequestTimeouts } from '@ebb/dataplane';
import { LOGGER } from '@ebb/observability';
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import type { ActivatorListenerConfig } from '../activator-config.js';
import { RevisionBackends, type RevisionBackend } from '../revisions/revision-backends.service.js';
import { ActivatorMetrics, RejectionReason } from './activator-metrics.js';
import { bufferFullBody, isActivatorProbe, requestRevision, revisionGoneBody, SHUTTING_DOWN_BODY, unknownRevisionBody, ACTIVATOR_PROBE } from './request-revision.js';
import { ScaleSignals, type SignalBus } from './scale-signals.js';

/** Injection token of the {@link ActivatorServerDeps}. */
export const ACTIVATOR_SERVER_DEPS = Symbol('ebb.activator.server-deps');

/** The listener's settings and its way to NATS. */
export interface ActivatorServerDeps {
  readonly settings: ActivatorListenerConfig;
  /** Bound of the wait for in-flight and waiting requests at shutdown (EBB_DRAIN_SECONDS). */
  readonly drainSeconds: number;
  /** Where stats and pokes go (MessageBus fits). */
  readonly bus: SignalBus;
}

/** Tries per request when pods refuse connections (the first one included). */
const MAX_TRIES = 3;
/** The header marking requests the activator proxied, and its value. */
const PROXY_HEADERS = { set: { [KnativeHeaders.ProxyRequest]: 'activator' } } as const;

/** The timeouts left after `elapsedMs` of waiting (total and response-start count from arrival). */
function remaining(timeouts: RequestTimeouts, elapsedMs: number): RequestTimeouts {
  const left = (ms: number): number => (ms === 0 ? 0 : Math.max(1, Math.round(ms - elapsedMs)));
  return { totalMs: left(timeouts.totalMs), responseStartMs: left(timeouts.responseStartMs), idleMs: timeouts.idleMs };
}

/** What a {@link ProxiedRequest} needs of the server. */
interface RequestHost {
  readonly pool: UpstreamPool;
  readonly signals: ScaleSignals;
  readonly metrics: ActivatorMetrics;
  /** Called once per request when it is over. */
  finished(status: number): void;
}

/** One request from arrival to its end (see the file comment, layers 3–6). */
class ProxiedRequest {
  private cancelWait: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private release: (() => void) | undefined;
  private tries = 0;
  private over = false;
  private readonly arrived = performance.now();

  constructor(
    private readonly host: RequestHost,
    private readonly backend: RevisionBackend,
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
  ) {}

  start(): void {
    this.host.signals.begin(this.backend.namespace, this.backend.name);
    this.res.once('close', () => this.abandoned());
    this.timer = setTimeout(() => this.timedOut(), this.backend.timeouts.totalMs);
    this.acquire(undefined);
  }

  /** Ends a still-waiting request with `status` (shutdown). */
  refuse(status: number, body: string): void {
    if (this.over || this.release !== undefined) return;
    this.cancelWait?.();
    answerText(this.res, status, body);
    this.end(status);
  }

  private acquire(avoid: Endpoint | undefined): void {
    const { throttler } = this.backend;
    this.cancelWait = throttler.acquire(this.acquired, this.rejected, avoid);
    if (this.release === undefined && !this.over) this.host.signals.buffered(this.backend);
  }

  private readonly acquired = (pod: Endpoint, release: () => void): void => {
    this.cancelWait = undefined;
    this.release = release;
    if (this.over) {
      release();
      return;
    }
    clearTimeout(this.timer);
    this.tries += 1;
    const elapsed = performance.now() - this.arrived;
    forward(this.req, this.res, pod, {
      pool: this.host.pool,
      timeouts: remaining(this.backend.timeouts, elapsed),
      headers: PROXY_HEADERS,
      onEnd: (status) => this.forwarded(status),
      onRetryable: () => this.retry(pod),
    });
  };

  private readonly rejected = (reason: RejectReason): void => {
    this.cancelWait = undefined;
    const { namespace, name, throttler } = this.backend;
    if (reason === RejectReason.queueFull) {
      this.host.metrics.refused(RejectionReason.bufferFull);
      answerText(this.res, 503, bufferFullBody(namespace, name, throttler.waiting));
    } else {
      this.host.metrics.refused(RejectionReason.revisionGone);
      answerText(this.res, 503, revisionGoneBody(namespace, name));
    }
    this.end(503);
  };

  /** A pod refused the connection (or dropped a replayable request unanswered): try another one while tries are left. */
  private retry(pod: Endpoint): boolean {
    if (this.tries >= MAX_TRIES || this.over) return false;
    this.release?.();
    this.release = undefined;
    this.timer = setTimeout(() => this.timedOut(), Math.max(1, this.backend.timeouts.totalMs - (performance.now() - this.arrived)));
    this.acquire(pod);
    return true;
  }

  private forwarded(status: number): void {
    this.release?.();
    this.end(status);
  }

  private timedOut(): void {
    if (this.over || this.release !== undefined) return;
    this.cancelWait?.();
    answerText(this.res, 504, REQUEST_TIMEOUT_BODY);
    this.end(504);
  }

  /** The client went away: a waiting request leaves the queue (a forwarded one is ended by forward). */
  private abandoned(): void {
    if (this.over || this.release !== undefined) return;
    this.cancelWait?.();
    this.end(0);
  }

  private end(status: number): void {
    if (this.over) return;
    this.over = true;
    clearTimeout(this.timer);
    this.host.signals.end(this.backend.namespace, this.backend.name);
    this.host.finished(status);
  }
}

/** The activator's HTTP/1.1 listener. */
@Injectable()
export class ActivatorServer implements OnApplicationBootstrap, BeforeApplicationShutdown, RequestHost {
  readonly pool = new UpstreamPool();
  readonly signals: ScaleSignals;
  readonly metrics: ActivatorMetrics;
  private listener: DataPlaneListener | undefined;
  private inFlight = 0;
  private retainScheduled = false;
  private readonly open = new Set<ProxiedRequest>();

  private readonly settings: ActivatorListenerConfig;
  private readonly drainSeconds: number;

  constructor(
    @Inject(ACTIVATOR_SERVER_DEPS) deps: ActivatorServerDeps,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(Registry) registry: Registry,
    @Inject(RevisionBackends) private readonly backends: RevisionBackends,
  ) {
    this.settings = deps.settings;
    this.drainSeconds = deps.drainSeconds;
    this.signals = new ScaleSignals(deps.bus, deps.settings.instance, () => backends.all());
    this.metrics = new ActivatorMetrics(registry, { buffered: () => this.buffered() });
  }

  /** The port the activator listens on (useful when configured as 0). */
  get port(): number | undefined {
    return this.listener?.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.backends.endpoints.onChange(() => this.scheduleRetain());
    this.listener = await DataPlaneListener.open({
      host: this.settings.host,
      port: this.settings.port,
      onRequest: (req, res) => this.handle(req, res),
      onError: (error) => this.logger.error({ err: error }, 'activator server error'),
    });
    this.signals.start();
    this.logger.info({ host: this.settings.host, port: this.port, queueDepth: this.settings.queueDepth }, 'activator listening');
  }

  finished(status: number): void {
    this.inFlight -= 1;
    this.metrics.answered(status);
  }

  /** One request: see the file comment. */
  private handle(req: IncomingMessage, res: ServerResponse): void {
    this.inFlight += 1;
    if (isActivatorProbe(req.headers)) return this.own(res, 200, ACTIVATOR_PROBE);
    const named = requestRevision(req.headers);
    if (!named.ok) return this.own(res, 400, named.body);
    const backend = this.backends.get(named.namespace, named.revision);
    if (backend === undefined) return this.own(res, 404, unknownRevisionBody(named.namespace, named.revision));
    const request = new ProxiedRequest(this, backend, req, res);
    this.open.add(request);
    res.once('close', () => this.open.delete(request));
    request.start();
  }

  private own(res: ServerResponse, status: number, text: string): void {
    answerText(res, status, text);
    this.finished(status);
  }

  private *buffered(): Iterable<{ namespace: string; revision: string; waiting: number }> {
    for (const backend of this.backends.all()) yield { namespace: backend.namespace, revision: backend.name, waiting: backend.throttler.waiting };
  }

  /** Closes, once per burst of endpoint changes, the upstream pools of endpoints no Service lists any more. */
  private scheduleRetain(): void {
    if (this.retainScheduled) return;
    this.retainScheduled = true;
    setImmediate(() => {
      this.retainScheduled = false;
      this.pool.retain(this.backends.allEndpointKeys());
    });
  }

  /** Stops accepting, lets in-flight and waiting requests finish (bounded), then closes what is left. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.listener === undefined) return;
    const left = await this.listener.drain({
      boundMs: this.drainSeconds * 1000,
      inFlight: () => this.inFlight,
      atBound: () => {
        for (const request of this.open) request.refuse(503, SHUTTING_DOWN_BODY);
      },
    });
    if (left > 0) this.logger.warn({ inFlight: left }, 'drain bound reached: closed open requests');
    this.signals.stop();
    this.pool.close();
    this.logger.info('activator closed');
  }
}
