// Marks served Ingresses Ready once every gateway replica serves their current spec, as
// Knative's status manager does: while leading, for each Ingress not Ready for its generation,
// probe every replica — the ready `http` endpoints of the gateway Service's EndpointSlices, or
// this process' own listener when that Service has none (outside a cluster) — with
// `GET /`, `Host: <first host>`, `K-Network-Probe: probe`; when all answer 200 with the
// Ingress' hash, write the Ready status through the status subresource. Not-ready rounds are
// retried with backoff (50 ms doubling to 1 s); a change of the replica set restarts them.
import { KnativeHeaders, KnativeResources, type Ingress } from '@ebb/api';
import { endpointKey, serviceKey, type Endpoint } from '@ebb/dataplane';
import { PatchType, type LeaderGate, type ResourceClient, type ResourceType } from '@ebb/kube';
import { LOGGER } from '@ebb/observability';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { request } from 'node:http';
import type { Logger } from 'pino';
import { ClusterState } from '../cluster/cluster-state.service.js';
import { GatewayServer } from '../gateway/gateway.server.js';
import { PROBE_VALUE } from '../gateway/request-route.js';
import type { GatewayConfig } from '../networking-config.js';
import { ingressHash } from '../routing-table/ingress-hash.js';
import { servedByEbb } from '../routing-table/routing-table.js';
import { gatewayDomainInternal, makeReadyStatus, needsReadyStatus, nextProbeDelay, probeHost } from './ingress-status.js';

/** The port name of the gateway Service's replicas. */
const GATEWAY_PORT_NAME = 'http';
/** How long one probe may take. */
const PROBE_TIMEOUT_MS = 1000;

/** The Ingress kind for status writes (@ebb/api's; kept as a name for the gateway module). */
export const INGRESS_TYPE: ResourceType = KnativeResources.ingress;

/** Injection token of the {@link IngressStatusDeps}. */
export const INGRESS_STATUS_DEPS = Symbol('ebb.networking.ingress-status-deps');

/** What the status writer needs besides the cluster state and the gateway. */
export interface IngressStatusDeps {
  readonly gateway: GatewayConfig;
  /** Status is written only while this says so. */
  readonly leader: LeaderGate;
  readonly client: Pick<ResourceClient<Ingress>, 'patch'>;
}

/** One Ingress' probing, until it is Ready or cancelled. */
interface ProbeRun {
  /** `generation|hash`: a new spec starts a new run. */
  readonly signature: string;
  cancelled: boolean;
}

/** Sends one probe; true when it answered 200 with `hash`. */
function probe(target: Endpoint, host: string, hash: string): Promise<boolean> {
  return new Promise((resolve) => {
    const headers = { host, [KnativeHeaders.Probe]: PROBE_VALUE, [KnativeHeaders.Hash]: hash };
    const req = request({ host: target.address, port: target.port, path: '/', headers, agent: false, timeout: PROBE_TIMEOUT_MS }, (res) => {
      res.resume();
      resolve(res.statusCode === 200 && res.headers[KnativeHeaders.Hash.toLowerCase()] === hash);
    });
    req.on('timeout', () => req.destroy(new Error('probe timed out')));
    req.on('error', () => resolve(false));
    req.end();
  });
}


/** `namespace/name` of an Ingress. */
function ingressKey(ingress: Ingress): string {
  return `${ingress.metadata?.namespace ?? ''}/${ingress.metadata?.name ?? ''}`;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Probes gateway replicas and writes Ingress Ready status. */
@Injectable()
export class IngressStatusService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly runs = new Map<string, ProbeRun>();
  private readonly config: GatewayConfig;
  private readonly leader: LeaderGate;
  private readonly domainInternal: string;
  private stopped = false;

  constructor(
    @Inject(ClusterState) private readonly cluster: ClusterState,
    @Inject(GatewayServer) private readonly gateway: GatewayServer,
    @Inject(INGRESS_STATUS_DEPS) private readonly deps: IngressStatusDeps,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.config = deps.gateway;
    this.leader = deps.leader;
    this.domainInternal = gatewayDomainInternal(this.config.service, this.config.systemNamespace);
  }

  onApplicationBootstrap(): void {
    const replicas = serviceKey(this.config.systemNamespace, this.config.service);
    this.cluster.onTableChange(() => this.reconcileAll());
    this.cluster.endpoints.onChange((key) => {
      if (key === replicas) this.restartAll();
    });
    this.leader.onChange((leading) => (leading ? this.reconcileAll() : this.cancelAll()));
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    this.cancelAll();
  }

  /** Starts probing every served Ingress that is not Ready for its generation; stops the others. */
  reconcileAll(): void {
    if (this.stopped || !this.leader.isLeader()) return;
    const wanted = new Set<string>();
    for (const ingress of this.cluster.ingresses.list().filter((i) => this.wantsProbing(i))) {
      const key = ingressKey(ingress);
      wanted.add(key);
      this.ensureRun(key, ingress);
    }
    for (const [key, run] of this.runs) {
      if (!wanted.has(key)) {
        run.cancelled = true;
        this.runs.delete(key);
      }
    }
  }

  /** Whether the gateway serves an Ingress that is not Ready for its generation (from this gateway). */
  private wantsProbing(ingress: Ingress): boolean {
    return servedByEbb(ingress) && needsReadyStatus(ingress, this.domainInternal);
  }

  private restartAll(): void {
    this.cancelAll();
    this.reconcileAll();
  }

  private cancelAll(): void {
    for (const run of this.runs.values()) run.cancelled = true;
    this.runs.clear();
  }

  private ensureRun(key: string, ingress: Ingress): void {
    const hash = ingressHash(ingress);
    const signature = `${ingress.metadata?.generation ?? 0}|${hash}`;
    const existing = this.runs.get(key);
    if (existing?.signature === signature) return;
    if (existing !== undefined) existing.cancelled = true;
    const run: ProbeRun = { signature, cancelled: false };
    this.runs.set(key, run);
    void this.probeUntilReady(key, ingress, hash, run).finally(() => {
      if (this.runs.get(key) === run) this.runs.delete(key);
    });
  }

  /** The replicas to probe: the gateway Service's ready endpoints, else this process' listener. */
  private targets(): readonly Endpoint[] {
    const replicas = this.cluster.endpoints.endpoints(this.config.systemNamespace, this.config.service, GATEWAY_PORT_NAME);
    if (replicas.length > 0) return replicas;
    const own = this.config.host === '0.0.0.0' || this.config.host === '::' ? '127.0.0.1' : this.config.host;
    return this.gateway.port === undefined ? [] : [{ address: own, port: this.gateway.port, protocol: 'http1' }];
  }

  private async probeUntilReady(key: string, ingress: Ingress, hash: string, run: ProbeRun): Promise<void> {
    const host = probeHost(ingress);
    if (host === undefined) {
      await this.writeReady(key, run);
      return;
    }
    let delay: number | undefined;
    while (!run.cancelled) {
      const targets = this.targets();
      const answers = await Promise.all(targets.map((target) => probe(target, host, hash)));
      if (run.cancelled) return;
      if (targets.length > 0 && answers.every(Boolean) && (await this.writeReady(key, run))) return;
      delay = nextProbeDelay(delay);
      this.logger.debug({ ingress: key, delayMs: delay, notReady: targets.filter((_, i) => !answers[i]).map(endpointKey) }, 'ingress not served by every replica yet');
      await sleep(delay);
    }
  }

  /** Writes the Ready status of the cached Ingress; false when the write failed (retried). */
  private async writeReady(key: string, run: ProbeRun): Promise<boolean> {
    const [namespace = '', name = ''] = key.split('/');
    const latest = this.cluster.ingresses.get(name, namespace);
    if (run.cancelled || latest === undefined || !needsReadyStatus(latest, this.domainInternal)) return true;
    try {
      await this.deps.client.patch(namespace, name, { status: makeReadyStatus(latest, this.domainInternal, new Date()) }, { type: PatchType.merge, subresource: 'status' });
      this.logger.info({ ingress: key, generation: latest.metadata?.generation }, 'ingress ready: every gateway replica serves it');
      return true;
    } catch (error) {
      this.logger.warn({ err: error, ingress: key }, 'writing ingress status failed; retrying');
      return false;
    }
  }
}
