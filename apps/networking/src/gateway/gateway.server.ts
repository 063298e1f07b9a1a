// The ingress gateway's listener: a plain node:http server beside Nest's admin server (no
// framework on the hot path, PERFORMANCE.md). Each request is routed by `routeRequest`; probes
// are answered here, unknown hosts get 404, a revision without ready endpoints 503, and the
// rest is forwarded to a pod endpoint (round-robin) with the split's appendHeaders and the
// revision's timeouts. Upgrades (WebSockets) are piped. On shutdown it stops accepting and lets
// in-flight requests finish, bounded by EBB_DRAIN_SECONDS.
import { KnativeHeaders } from '@ebb/api';
import { endpointKey, forward, forwardUpgrade, rawErrorResponse, RoundRobin, UpstreamPool, type Endpoint, type ForwardOptions, type ForwardOutcome, type TimeoutKind } from '@ebb/dataplane';
import { LOGGER } from '@ebb/observability';
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { ClusterState } from '../cluster/cluster-state.service.js';
import type { GatewayConfig } from '../networking-config.js';
import { GatewayMetrics } from './gateway-metrics.js';
import type { PathRule, RouteSplit } from '../routing-table/routing-table.js';
import { noEndpointsBody, noHostBody, noRuleBody, routeRequest, type RequestRoute } from './request-route.js';

/** Injection token of the {@link GatewaySettings}. */
export const GATEWAY_SETTINGS = Symbol('ebb.networking.gateway-settings');

/** The gateway listener's settings. */
export interface GatewaySettings {
  readonly gateway: GatewayConfig;
  /** Bound of the wait for in-flight requests at shutdown (EBB_DRAIN_SECONDS). */
  readonly drainSeconds: number;
}

/** Longest wait for in-flight requests at shutdown, below the app's 10 s close timeout. */
const MAX_DRAIN_MS = 8000;
const TEXT_PLAIN = 'text/plain; charset=utf-8';
const HASH_HEADER = KnativeHeaders.Hash;

/** The headers a split's requests get: its appendHeaders, and the rule's rewriteHost. */
type SplitHeaders = NonNullable<ForwardOptions['headers']>;

/** Writes a short plain-text answer of the gateway's own. */
function answer(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  const body = Buffer.from(text, 'utf8');
  res.writeHead(status, { 'content-type': TEXT_PLAIN, 'content-length': body.length, ...headers });
  res.end(body);
}

/** The HTTP/1.1 ingress gateway. */
@Injectable()
export class GatewayServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private server: Server | undefined;
  private readonly pool = new UpstreamPool();
  private readonly balancer = new RoundRobin();
  private readonly metrics: GatewayMetrics;
  private inFlight = 0;
  private retainScheduled = false;
  /** The forwarding headers of each split of the current routing table (dropped with the table). */
  private readonly splitHeaders = new WeakMap<RouteSplit, SplitHeaders>();
  /** The `namespace/revision` key of each split, for the balancer. */
  private readonly splitKeys = new WeakMap<RouteSplit, string>();
  /** `forward`'s onEnd, made once: counts the exchange. */
  private readonly forwarded = (status: number, _outcome: ForwardOutcome, _kind: TimeoutKind | undefined, elapsedMs: number): void => this.done(status, elapsedMs);
  /** Every open client connection, upgraded ones included (closeAllConnections skips those). */
  private readonly connections = new Set<Socket>();

  constructor(
    @Inject(GATEWAY_SETTINGS) private readonly settings: GatewaySettings,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(Registry) registry: Registry,
    @Inject(ClusterState) private readonly cluster: ClusterState,
  ) {
    this.metrics = new GatewayMetrics(registry);
  }

  /** The port the gateway listens on (useful when configured as 0). */
  get port(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.cluster.endpoints.onChange(() => this.scheduleRetain());
    const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 0 }, (req, res) => this.handle(req, res));
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
    server.on('clientError', (_error, socket) => socket.destroy());
    server.on('connection', (socket: Socket) => {
      this.connections.add(socket);
      socket.once('close', () => this.connections.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.settings.gateway.port, this.settings.gateway.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (error) => this.logger.error({ err: error }, 'gateway server error'));
    this.server = server;
    this.logger.info({ host: this.settings.gateway.host, port: this.port }, 'gateway listening');
  }

  /** Closes, once per burst of endpoint changes, the upstream pools of endpoints no Service lists any more. */
  private scheduleRetain(): void {
    if (this.retainScheduled) return;
    this.retainScheduled = true;
    setImmediate(() => {
      this.retainScheduled = false;
      this.pool.retain(this.cluster.endpoints.allEndpointKeys());
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
    const target = this.pick(split);
    if (target === undefined) {
      answer(res, 503, noEndpointsBody(split.namespace, split.revision));
      this.done(503, performance.now() - started);
      return;
    }
    const timeouts = this.cluster.timeouts(split.namespace, split.revision);
    forward(req, res, target, { pool: this.pool, timeouts, headers: this.headersOf(split, rule), onEnd: this.forwarded });
  }

  /** The forwarding headers of a split, made once per split of the routing table. */
  private headersOf(split: RouteSplit, rule: PathRule): SplitHeaders {
    let headers = this.splitHeaders.get(split);
    if (headers === undefined) {
      headers = { set: split.appendHeaders, ...(rule.rewriteHost === undefined ? {} : { host: rule.rewriteHost }) };
      this.splitHeaders.set(split, headers);
    }
    return headers;
  }

  private answerOwn(res: ServerResponse, decision: Exclude<RequestRoute, { type: 'split' }>): void {
    if (decision.type === 'probe') {
      if (decision.hash === undefined) answer(res, 404, noHostBody(decision.host));
      else answer(res, 200, 'probe ok', { [HASH_HEADER]: decision.hash });
    } else if (decision.type === 'no-host') answer(res, 404, noHostBody(decision.host));
    else answer(res, 404, noRuleBody(decision.host, decision.path));
  }

  private pick(split: RouteSplit): Endpoint | undefined {
    let key = this.splitKeys.get(split);
    if (key === undefined) {
      key = `${split.namespace}/${split.revision}`;
      this.splitKeys.set(split, key);
    }
    return this.balancer.pick(key, this.cluster.revisionEndpoints(split.namespace, split.revision));
  }

  private done(status: number, elapsedMs: number): void {
    this.inFlight -= 1;
    this.metrics.observe(status, elapsedMs / 1000);
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const decision = routeRequest(this.cluster.table, req, Math.random());
    if (decision.type !== 'split') {
      socket.end(rawErrorResponse(404, 'Not Found', decision.type === 'no-rule' ? noRuleBody(decision.host, decision.path) : noHostBody(decision.host)));
      return;
    }
    const { split, rule } = decision;
    const target = this.pick(split);
    if (target === undefined) {
      socket.end(rawErrorResponse(503, 'Service Unavailable', noEndpointsBody(split.namespace, split.revision)));
      return;
    }
    this.logger.debug({ target: endpointKey(target), url: req.url }, 'upgrade');
    forwardUpgrade({ req, socket, head }, target, { headers: { set: split.appendHeaders, ...(rule.rewriteHost === undefined ? {} : { host: rule.rewriteHost }) } });
  }

  /** Stops accepting, lets in-flight requests finish (bounded), then closes what is left. */
  async beforeApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    const boundMs = Math.min(this.settings.drainSeconds * 1000, MAX_DRAIN_MS);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    const deadline = Date.now() + boundMs;
    while (this.inFlight > 0 && Date.now() < deadline) {
      server.closeIdleConnections();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (this.inFlight > 0) this.logger.warn({ inFlight: this.inFlight }, 'drain bound reached: closing open requests');
    server.closeAllConnections();
    for (const socket of this.connections) socket.destroy();
    await closed;
    this.pool.close();
    this.logger.info('gateway closed');
  }
}
