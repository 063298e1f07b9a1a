// The ingress gateway's listener: a plain node:http server beside Nest's admin server (no
// framework on the hot path, PERFORMANCE.md). Each request is routed by `routeRequest`; probes
// are answered here, unknown hosts get 404, a revision without ready endpoints 503, and the
// rest is forwarded — to a pod (round-robin) in Serve mode, to an activator (the revision named
// in Knative-Serving-Namespace/-Revision) in Proxy mode, see upstream-choice.ts — with the
// split's appendHeaders and the revision's timeouts (hosts of VirtualServices, with
// EBB_GATEWAY_ISTIO_GATEWAYS, take this same path); a proxied request that may be sent again
// goes to another activator. Upgrades (WebSockets) are piped. On shutdown it stops accepting and
// lets in-flight requests finish, bounded by EBB_DRAIN_SECONDS.
import { KnativeHeaders } from '@ebb/api';
import {
  answerText,
  DataPlaneListener,
  endpointKey,
  forward,
  forwardUpgrade,
  rawErrorResponse,
  REQUEST_TIMEOUT_BODY,
  RoundRobin,
  UpstreamPool,
  type Endpoint,
  type ForwardOptions,
  type ForwardOutcome,
  type RequestTimeouts,
  type TimeoutKind,
} from '@ebb/dataplane';
import { LOGGER } from '@ebb/observability';
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { ClusterState } from '../cluster/cluster-state.service.js';
import { GATEWAY_SETTINGS, type GatewaySettings } from './gateway-settings.js';
import { GatewayTelemetry } from './gateway-telemetry.js';
import type { PathRule, RouteSplit } from '../routing-table/routing-table.js';
import type { UpstreamChoice } from './upstream-choice.js';
import { PodQueues } from './pod-queues.js';
import { noEndpointsBody, noHostBody, noRuleBody, routeRequest, type RequestRoute } from './request-route.js';

/** How many activators one proxied request may be sent to (see GatewayServer.toActivator). */
const MAX_ACTIVATOR_TRIES = 3;
/** The balancer key of the activators (one rotation for every proxied revision). */
const ACTIVATOR_KEY = '\0activator';
const HASH_HEADER = KnativeHeaders.Hash;

/** The headers a split's requests get: its appendHeaders, and the rule's rewriteHost. */
type SplitHeaders = NonNullable<ForwardOptions['headers']>;

/** The 503 body when a revision's per-pod queue is full. */
export function queueFullBody(namespace: string, revision: string): string {
  return `gateway queue for revision "${namespace}/${revision}" is full`;
}

/** The HTTP/1.1 ingress gateway. */
@Injectable()
export class GatewayServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private listener: DataPlaneListener | undefined;
  private readonly pool = new UpstreamPool();
  private readonly balancer = new RoundRobin();
  private inFlight = 0;
  private retainScheduled = false;
  /** The forwarding headers of each split of the current routing table (dropped with the table). */
  private readonly splitHeaders = new WeakMap<RouteSplit, SplitHeaders>();
  /** The same with the revision named for the activator (proxy mode). */
  private readonly proxyHeaders = new WeakMap<RouteSplit, SplitHeaders>();
  /** The `namespace/revision` key of each split, for the balancer. */
  private readonly splitKeys = new WeakMap<RouteSplit, string>();
  /** `forward`'s onEnd, made once: counts the exchange. */
  private readonly forwarded = (status: number, _outcome: ForwardOutcome, _kind: TimeoutKind | undefined, elapsedMs: number): void => this.done(status, elapsedMs);
  /** Per-pod queues of revisions with a containerConcurrency. */
  private readonly queues: PodQueues;

  constructor(
    @Inject(GATEWAY_SETTINGS) private readonly settings: GatewaySettings,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(GatewayTelemetry) private readonly telemetry: GatewayTelemetry,
    @Inject(ClusterState) private readonly cluster: ClusterState,
  ) {
    this.queues = new PodQueues(cluster);
  }

  /** The port the gateway listens on (useful when configured as 0). */
  get port(): number | undefined {
    return this.listener?.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.cluster.endpoints.onChange(() => this.scheduleRetain());
    this.telemetry.start();
    this.listener = await DataPlaneListener.open({
      host: this.settings.gateway.host,
      port: this.settings.gateway.port,
      onRequest: (req, res) => this.handle(req, res),
      onUpgrade: (req, socket, head) => this.upgrade(req, socket, head),
      onError: (error) => this.logger.error({ err: error }, 'gateway server error'),
    });
    this.logger.info({ host: this.settings.gateway.host, port: this.port }, 'gateway listening');
  }

  /** Closes, once per burst of endpoint changes, the upstream pools of endpoints no Service lists any more. */
  private scheduleRetain(): void {
    if (this.retainScheduled) return;
    this.retainScheduled = true;
    setImmediate(() => {
      this.retainScheduled = false;
      this.pool.retain(this.cluster.endpoints.allEndpointKeys());
      this.queues.endpointsChanged();
    });
  }

  /** One request: see the file comment. */
  private handle(req: IncomingMessage, res: ServerResponse): void {
    const started = performance.now();
    this.inFlight += 1;
    const decision = routeRequest(this.cluster.table, req, Math.random());
    if (decision.type !== 'split') {
      this.answerOwn(res, decision);
      this.done(res.statusCode, performance.now() - started);
      return;
    }
    const { split, rule } = decision;
    const upstream = this.cluster.upstream(split.namespace, split.revision);
    const timeouts = this.cluster.timeouts(split.namespace, split.revision);
    const headers = this.headersOf(split, rule, upstream.via);
    if (upstream.via === 'pods' && upstream.endpoints.length > 0) {
      this.serve(req, res, split, { upstream, timeouts, headers, started });
      return;
    }
    const target = this.pick(split, upstream);
    if (target === undefined) {
      answerText(res, 503, noEndpointsBody(split.namespace, split.revision));
      this.done(503, performance.now() - started);
      return;
    }
    this.toActivator(req, res, split, { target, timeouts, headers });
  }

  /**
   * Proxy mode: to an activator. A request that may be sent again (it never reached the activator,
   * or the activator dropped a replayable one unanswered: forward's onRetryable) goes to another
   * activator the gateway knows now, each tried once, at most {@link MAX_ACTIVATOR_TRIES}: an
   * activator that dies or leaves costs its clients nothing.
   */
  private toActivator(req: IncomingMessage, res: ServerResponse, split: RouteSplit, exchange: { target: Endpoint; timeouts: RequestTimeouts; headers: SplitHeaders }): void {
    const tried: Endpoint[] = [];
    const send = (target: Endpoint): void => {
      tried.push(target);
      forward(req, res, target, { pool: this.pool, timeouts: exchange.timeouts, headers: exchange.headers, onEnd: this.forwarded, onRetryable });
    };
    const onRetryable = (): boolean => {
      if (tried.length >= MAX_ACTIVATOR_TRIES) return false;
      const { via, endpoints } = this.cluster.upstream(split.namespace, split.revision);
      const next = via === 'activator' ? endpoints.find((e) => !tried.some((t) => endpointKey(t) === endpointKey(e))) : undefined;
      if (next === undefined) return false;
      send(next);
      return true;
    };
    send(exchange.target);
  }

  /**
   * Serve mode: straight to a pod, counted for the autoscaler; with a containerConcurrency the
   * request waits in the revision's per-pod queue until a pod has a free slot (503 when the queue
   * is full, 504 when the revision's timeout passes first, nothing when the client leaves).
   */
  private serve(req: IncomingMessage, res: ServerResponse, split: RouteSplit, exchange: { upstream: UpstreamChoice; timeouts: RequestTimeouts; headers: SplitHeaders; started: number }): void {
    const { namespace, revision } = split;
    this.telemetry.reporter.begin(namespace, revision, Date.now());
    const send = (pod: Endpoint, release: () => void): void => {
      const onEnd = (status: number, _outcome: ForwardOutcome, _kind: TimeoutKind | undefined, elapsedMs: number): void => {
        release();
        this.telemetry.reporter.end(namespace, revision, Date.now());
        this.done(status, elapsedMs);
      };
      forward(req, res, pod, { pool: this.pool, timeouts: exchange.timeouts, headers: exchange.headers, onEnd });
    };
    const cc = this.cluster.containerConcurrency(namespace, revision);
    if (cc === 0) {
      send(this.pick(split, exchange.upstream) as Endpoint, () => undefined);
      return;
    }
    this.queue(res, split, { cc, send, started: exchange.started, waitMs: exchange.timeouts.totalMs });
  }

  /** Waits in the revision's per-pod queue (see {@link serve}); exactly one of send and give-up happens. */
  private queue(res: ServerResponse, split: RouteSplit, wait: { cc: number; send: (pod: Endpoint, release: () => void) => void; started: number; waitMs: number }): void {
    const { namespace, revision } = split;
    let settled = false;
    let cancel: () => void = () => undefined;
    const giveUp = (status: number, body: string): void => {
      if (settled) return;
      settled = true;
      cancel();
      clearTimeout(timer);
      this.telemetry.reporter.end(namespace, revision, Date.now());
      if (status !== 0) answerText(res, status, body);
      this.done(status, performance.now() - wait.started);
    };
    const timer = setTimeout(() => giveUp(504, REQUEST_TIMEOUT_BODY), wait.waitMs);
    res.once('close', () => giveUp(0, ''));
    cancel = this.queues.throttler(namespace, revision, wait.cc).acquire(
      (pod, release) => {
        if (settled) return release();
        settled = true;
        clearTimeout(timer);
        wait.send(pod, release);
      },
      () => giveUp(503, queueFullBody(namespace, revision)),
    );
  }

  /** The forwarding headers of a split (and, through the activator, the revision's name), made once per split of the routing table. */
  private headersOf(split: RouteSplit, rule: PathRule, via: UpstreamChoice['via']): SplitHeaders {
    const cache = via === 'pods' ? this.splitHeaders : this.proxyHeaders;
    let headers = cache.get(split);
    if (headers === undefined) {
      const set = via === 'pods' ? split.appendHeaders : { ...split.appendHeaders, [KnativeHeaders.Namespace]: split.namespace, [KnativeHeaders.Revision]: split.revision };
      headers = { set, ...(rule.rewriteHost === undefined ? {} : { host: rule.rewriteHost }) };
      cache.set(split, headers);
    }
    return headers;
  }

  private answerOwn(res: ServerResponse, decision: Exclude<RequestRoute, { type: 'split' }>): void {
    if (decision.type === 'probe') {
      if (decision.hash === undefined) answerText(res, 404, noHostBody(decision.host));
      else answerText(res, 200, 'probe ok', { [HASH_HEADER]: decision.hash });
    } else if (decision.type === 'routed-probe') answerText(res, 200, 'probe ok', decision.hash === undefined ? {} : { [HASH_HEADER]: decision.hash });
    else if (decision.type === 'no-host') answerText(res, 404, noHostBody(decision.host));
    else answerText(res, 404, noRuleBody(decision.host, decision.path));
  }

  /** A pod (round-robin per revision) or an activator (round-robin over all of them). */
  private pick(split: RouteSplit, upstream: UpstreamChoice): Endpoint | undefined {
    if (upstream.via === 'activator') return this.balancer.pick(ACTIVATOR_KEY, upstream.endpoints);
    let key = this.splitKeys.get(split);
    if (key === undefined) {
      key = `${split.namespace}/${split.revision}`;
      this.splitKeys.set(split, key);
    }
    return this.balancer.pick(key, upstream.endpoints);
  }

  private done(status: number, elapsedMs: number): void {
    this.inFlight -= 1;
    this.telemetry.metrics.observe(status, elapsedMs / 1000);
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const decision = routeRequest(this.cluster.table, req, Math.random());
    if (decision.type !== 'split') {
      socket.end(rawErrorResponse(404, 'Not Found', decision.type === 'no-rule' ? noRuleBody(decision.host, decision.path) : noHostBody(decision.host)));
      return;
    }
    const { split, rule } = decision;
    const upstream = this.cluster.upstream(split.namespace, split.revision);
    const target = this.pick(split, upstream);
    if (target === undefined) {
      socket.end(rawErrorResponse(503, 'Service Unavailable', noEndpointsBody(split.namespace, split.revision)));
      return;
    }
    this.logger.debug({ target: endpointKey(target), url: req.url }, 'upgrade');
    forwardUpgrade({ req, socket, head }, target, { headers: this.headersOf(split, rule, upstream.via) });
  }

  /** Stops accepting, lets in-flight requests finish (bounded), then closes what is left. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.listener === undefined) return;
    const left = await this.listener.drain({ boundMs: this.settings.drainSeconds * 1000, inFlight: () => this.inFlight });
    if (left > 0) this.logger.warn({ inFlight: left }, 'drain bound reached: closed open requests');
    this.telemetry.stop();
    this.queues.close();
    this.pool.close();
    this.logger.info('gateway closed');
  }
}
