// The Route reconciler (serving `pkg/reconciler/route/route.go`, `reconcile_resources.go`):
// hosts → traffic → status url/address/traffic → the labeler (routes annotation, routing state)
// → Ingress → placeholder Services → IngressReady.
// A traffic target that does not resolve stops the reconcile before the Ingress, so the previous
// Ingress and status.traffic keep serving (API.md §6.3). With a rollout duration (the Route's
// annotation, else config-network's) a new latest revision is stepped in gradually (API.md §8,
// rollout.ts): the Ingress and status.traffic carry the split, IngressReady is Unknown
// `RolloutInProgress`, and the Route is requeued for each step.
import {
  markCertificateNotEnabled,
  markDomainConfigError,
  markIngressNotOwned,
  markIngressRolloutInProgress,
  markPlaceholderServiceNotOwned,
  markTrafficAssigned,
  markTrafficNotAssigned,
  postProcessReconcile,
  preProcessReconcile,
  propagateIngressStatus,
  routeConditionSet,
  AnnotationAliases,
  firstKey,
  isIngressReady,
  NetworkingAnnotations,
  ServingLabels,
  type Configuration,
  type Ingress,
  type Revision,
  type Route,
  type RouteStatus,
  type TrafficTarget,
} from '@ebb/api';
import { apiFailureOf, covers, isControlledBy, PatchType, semanticEqual, type KubeObjectLike, type ReconcileContext, type ReconcileResult, type Reconciler, type ResourceClient } from '@ebb/kube';
import { parseGoDuration } from '@ebb/config';
import type { V1Service } from '@kubernetes/client-node';
import type { ConfigSource, Lister, ServingConfig, Writer } from '../deps.js';
import { generationOf, nameOf, namespaceOf } from '../shared/meta.js';
import { routeHosts, RouteVisibility, urlOf, type RouteHosts } from './domains.js';
import { makeIngress } from './resources/ingress.js';
import { makePlaceholderService } from './resources/placeholder-service.js';
import { currentRollout, nextStepTime, observeReady, parseRollout, rolloutInProgress, stepRollout, withRollout, type Rollout } from './rollout.js';
import { routingMetaPatch } from './routing-meta.js';
import { DEFAULT_TARGET, resolveTraffic, type ResolvedTraffic } from './traffic.js';

/** Thrown when a child of the Route's name exists and another owner controls it. */
export class NotOwnedError extends Error {
  override readonly name = 'NotOwnedError';
  /** Knative's `route: "x" does not own <Kind>: "y"`. */
  constructor(route: string, kind: string, child: string) {
    super(`route: ${JSON.stringify(route)} does not own ${kind}: ${JSON.stringify(child)}`);
  }
}

/** A kind the reconciler both reads (informer cache) and writes. */
export interface ReadWrite<T extends KubeObjectLike> {
  readonly lister: Lister<T>;
  readonly writer: Writer<T>;
}

/** Merge-patches an object's metadata (the labeler's writes). */
export type MetadataPatcher = Pick<ResourceClient<KubeObjectLike>, 'patch'>;

/** What the Route reconciler reads and writes. */
export interface RouteReconcilerDeps {
  readonly configurations: Lister<Configuration>;
  readonly revisions: Lister<Revision>;
  /** The labeler's writes: the routes annotation (and a Revision's routing state). */
  readonly labeler: { readonly configurations: MetadataPatcher; readonly revisions: MetadataPatcher };
  readonly ingresses: ReadWrite<Ingress>;
  readonly k8sServices: ReadWrite<V1Service>;
  readonly config: Pick<ConfigSource, 'current'>;
}

/** The Route's own rollout duration (ms): `serving.knative.dev/rollout-duration` (or its alias); undefined when unset or 0. */
function rolloutDurationMs(route: Route): number | undefined {
  const found = firstKey(route.metadata?.annotations, AnnotationAliases.RolloutDuration);
  const ms = found === undefined ? undefined : parseGoDuration(found.value);
  return ms !== undefined && ms > 0 ? ms : undefined;
}

/** What the phases after traffic resolution share. */
interface Resolved {
  readonly hosts: RouteHosts;
  readonly traffic: ResolvedTraffic;
  readonly config: ServingConfig;
}

/** The existing child with labels, annotations and spec replaced by the desired ones (server-owned fields kept). */
function withDesired<T extends KubeObjectLike & { spec?: unknown }>(existing: T, desired: T): T {
  const metadata = { ...existing.metadata, labels: desired.metadata?.labels, annotations: desired.metadata?.annotations };
  return { ...existing, metadata, spec: desired.spec };
}

/** Whether a child's labels and annotations are what we want. */
function sameMeta(existing: KubeObjectLike, desired: KubeObjectLike): boolean {
  return (
    semanticEqual(existing.metadata?.labels ?? {}, desired.metadata?.labels ?? {}) &&
    semanticEqual(existing.metadata?.annotations ?? {}, desired.metadata?.annotations ?? {})
  );
}

/** The status.traffic entries: spec order, configurationName dropped, tagged ones with their URL. */
function statusTraffic(traffic: ResolvedTraffic, hosts: RouteHosts): TrafficTarget[] {
  return traffic.flat.map((t) => {
    const tagHost = t.tag === undefined ? undefined : hosts.tags.get(t.tag)?.host;
    return {
      ...(t.tag === undefined ? {} : { tag: t.tag }),
      revisionName: t.revisionName,
      ...(t.latestRevision === undefined ? {} : { latestRevision: t.latestRevision }),
      percent: t.percent,
      ...(tagHost === undefined ? {} : { url: urlOf('http', tagHost) }),
    };
  });
}

/** Reconciles a Route: resolves its traffic and programs an Ingress and placeholder Services for it. */
export class RouteReconciler implements Reconciler<Route> {
  /** Built from the listers and writers it needs. */
  constructor(private readonly deps: RouteReconcilerDeps) {}

  /** Brings the Ingress and placeholder Services in line with `route` and records its status. */
  async reconcile(route: Route, ctx: ReconcileContext): Promise<ReconcileResult | void> {
    const generation = generationOf(route);
    const previous: RouteStatus = route.status ?? {};
    route.status = preProcessReconcile(routeConditionSet, previous, generation, ctx.now);
    try {
      return await this.phases(route, ctx);
    } finally {
      route.status = postProcessReconcile(route.status ?? {}, { previous, generation, now: ctx.now });
    }
  }

  private async phases(route: Route, ctx: ReconcileContext): Promise<ReconcileResult | void> {
    const resolved = this.resolve(route, ctx);
    if (resolved === undefined) return undefined;
    const rollout = this.rollout(route, resolved, ctx);
    const effective = rollout === undefined ? resolved : { ...resolved, traffic: withRollout(resolved.traffic, rollout) };
    this.markTraffic(route, effective, ctx);
    await this.syncRoutingMeta(route, effective.traffic, ctx);
    const ingress = await this.reconcileIngress(route, { ...effective, ...(rollout === undefined ? {} : { rollout }) }, ctx);
    await this.reconcilePlaceholders(route, { ...effective, ingress }, ctx);
    route.status = propagateIngressStatus(route.status ?? {}, ingress, ctx.now);
    if (rollout === undefined || !rolloutInProgress(rollout)) return undefined;
    // Route and Service stay Unknown until the rollout is over; the next step comes back here.
    route.status = markIngressRolloutInProgress(route.status, ctx.now);
    const next = nextStepTime(rollout);
    return next === undefined ? undefined : { requeueAfterMs: Math.max(0, next - ctx.now.getTime()) };
  }

  /**
   * The gradual rollout (rollout.ts) when the Route or config-network sets a duration: the
   * traffic now applied to the state the Ingress carries, and the steps fixed once that Ingress
   * is Ready with the first step; undefined for an instant switch.
   */
  private rollout(route: Route, resolved: Resolved, ctx: ReconcileContext): Rollout | undefined {
    const durationMs = rolloutDurationMs(route) ?? resolved.config.network.rolloutDuration;
    if (durationMs <= 0) return undefined;
    const existing = this.deps.ingresses.lister.get(nameOf(route), namespaceOf(route));
    const served = parseRollout(existing?.metadata?.annotations?.[NetworkingAnnotations.Rollout]);
    const now = ctx.now.getTime();
    const stepped = stepRollout(currentRollout(resolved.traffic), served, now);
    return existing !== undefined && isIngressReady(existing) ? observeReady(stepped, served, { now, durationMs }) : stepped;
  }

  /** Hosts, url and traffic; undefined (with AllTrafficAssigned marked) when either does not resolve. */
  private resolve(route: Route, ctx: ReconcileContext): Resolved | undefined {
    const config = this.deps.config.current();
    const hosts = routeHosts(route, config);
    if (!hosts.ok) {
      route.status = markDomainConfigError(route.status ?? {}, hosts.message, ctx.now);
      return undefined;
    }
    const clusterLocal = hosts.hosts.visibility === RouteVisibility.ClusterLocal;
    route.status = { ...route.status, url: urlOf(clusterLocal ? 'http' : config.network.defaultExternalScheme, hosts.hosts.host) };
    const traffic = resolveTraffic(route, this.deps);
    if (!traffic.ok) {
      ctx.logger.info({ reason: traffic.reason }, `traffic not assigned: ${traffic.message}`);
      route.status = markTrafficNotAssigned(route.status, traffic, ctx.now);
      return undefined;
    }
    return { hosts: hosts.hosts, traffic, config };
  }

  /** Address, traffic, AllTrafficAssigned and (no TLS yet) CertificateProvisioned. */
  private markTraffic(route: Route, resolved: Resolved, ctx: ReconcileContext): void {
    const name = nameOf(route);
    const namespace = namespaceOf(route);
    let status: RouteStatus = {
      ...route.status,
      address: { url: urlOf('http', `${name}.${namespace}.svc.cluster.local`) },
      traffic: statusTraffic(resolved.traffic, resolved.hosts),
    };
    status = markTrafficAssigned(status, ctx.now);
    route.status = markCertificateNotEnabled(status, resolved.hosts.visibility === RouteVisibility.ClusterLocal, ctx.now);
  }

  /**
   * The labeler (routing-meta.ts): the Revisions and Configurations this Route's traffic
   * references (tagged 0 % targets too) list it in their routes annotation and those it let go
   * no longer do; a Revision's routingState follows.
   */
  private async syncRoutingMeta(route: Route, traffic: ResolvedTraffic, ctx: ReconcileContext): Promise<void> {
    const namespace = namespaceOf(route);
    const change = { route: nameOf(route), now: ctx.now };
    const revisions = new Set(traffic.flat.map((target) => target.revisionName));
    const configurations = new Set(traffic.flat.flatMap((target) => (target.configurationName === undefined ? [] : [target.configurationName])));
    for (const revision of this.deps.revisions.list(namespace)) {
      const patch = routingMetaPatch(revision.metadata ?? {}, { ...change, referenced: revisions.has(nameOf(revision)), revision: true });
      if (patch !== undefined) await this.deps.labeler.revisions.patch(namespace, nameOf(revision), patch, { type: PatchType.merge });
    }
    for (const configuration of this.deps.configurations.list(namespace)) {
      const patch = routingMetaPatch(configuration.metadata ?? {}, { ...change, referenced: configurations.has(nameOf(configuration)), revision: false });
      if (patch !== undefined) await this.deps.labeler.configurations.patch(namespace, nameOf(configuration), patch, { type: PatchType.merge });
    }
  }

  /** The Ingress: created when missing, refused when someone else's, updated when it drifted. */
  private async reconcileIngress(route: Route, resolved: Resolved & { readonly rollout?: Rollout }, ctx: ReconcileContext): Promise<Ingress> {
    const desired = makeIngress(route, resolved.traffic.targets, resolved.hosts, { networkConfig: resolved.config.network });
    // The rollout's state rides on the Ingress, as Knative keeps it.
    if (resolved.rollout !== undefined) desired.metadata = { ...desired.metadata, annotations: { ...desired.metadata?.annotations, [NetworkingAnnotations.Rollout]: JSON.stringify(resolved.rollout) } };
    const name = nameOf(desired);
    const namespace = namespaceOf(desired);
    const existing = this.deps.ingresses.lister.get(name, namespace);
    if (existing === undefined) return this.create(route, { kind: 'Ingress', desired, writer: this.deps.ingresses.writer }, ctx);
    if (!isControlledBy(existing, route)) {
      route.status = markIngressNotOwned(route.status ?? {}, name, ctx.now);
      throw new NotOwnedError(nameOf(route), 'Ingress', name);
    }
    if (semanticEqual(existing.spec, desired.spec) && sameMeta(existing, desired)) return existing;
    const updated = await this.deps.ingresses.writer.update(withDesired(existing, desired));
    ctx.events.record(route, 'Normal', 'Updated', `Updated Ingress ${JSON.stringify(name)}`);
    return updated;
  }

  /** Creates a child, with Knative's Created / CreationFailed events on the Route. */
  private async create<T extends KubeObjectLike>(route: Route, child: { kind: string; desired: T; writer: Writer<T> }, ctx: ReconcileContext): Promise<T> {
    const name = nameOf(child.desired);
    const what = child.kind === 'Ingress' ? 'Ingress' : 'placeholder service';
    try {
      const created = await child.writer.create(child.desired);
      ctx.events.record(route, 'Normal', 'Created', `Created ${what} ${JSON.stringify(name)}`);
      return created;
    } catch (error) {
      const subject = child.kind === 'Ingress' ? 'Ingress' : `${what} ${JSON.stringify(name)}`;
      ctx.events.record(route, 'Warning', 'CreationFailed', `Failed to create ${subject}: ${apiFailureOf(error).message}`);
      throw error;
    }
  }

  /** One placeholder Service per traffic name; those of dropped tags deleted. */
  private async reconcilePlaceholders(route: Route, input: Resolved & { readonly ingress: Ingress }, ctx: ReconcileContext): Promise<void> {
    const wanted = new Set<string>();
    for (const name of [...input.traffic.targets.keys()].sort()) {
      const hosts = name === DEFAULT_TARGET ? input.hosts : input.hosts.tags.get(name);
      if (hosts === undefined) continue;
      const desired = makePlaceholderService(route, hosts, input.ingress);
      wanted.add(hosts.serviceName);
      await this.reconcilePlaceholder(route, desired, ctx);
    }
    await this.deleteStalePlaceholders(route, wanted);
  }

  private async reconcilePlaceholder(route: Route, desired: V1Service, ctx: ReconcileContext): Promise<void> {
    const name = nameOf(desired);
    const namespace = namespaceOf(desired);
    const existing = this.deps.k8sServices.lister.get(name, namespace);
    if (existing === undefined) {
      await this.create(route, { kind: 'Service', desired, writer: this.deps.k8sServices.writer }, ctx);
      return;
    }
    if (!isControlledBy(existing, route)) {
      route.status = markPlaceholderServiceNotOwned(route.status ?? {}, name, ctx.now);
      throw new NotOwnedError(nameOf(route), 'Service', name);
    }
    if (covers(existing.spec, desired.spec) && sameMeta(existing, desired)) return;
    await this.deps.k8sServices.writer.update(withDesired(existing, desired));
    ctx.events.record(route, 'Normal', 'Updated', `Updated placeholder service ${JSON.stringify(name)}`);
  }

  /** Deletes the Route's placeholder Services no traffic name wants any more (e.g. a removed tag). */
  private async deleteStalePlaceholders(route: Route, wanted: ReadonlySet<string>): Promise<void> {
    const namespace = namespaceOf(route);
    const selector = { matchLabels: { [ServingLabels.Route]: nameOf(route) } };
    for (const service of this.deps.k8sServices.lister.listBySelector(namespace, selector)) {
      const name = nameOf(service);
      if (wanted.has(name) || !isControlledBy(service, route)) continue;
      await this.deps.k8sServices.writer.delete(namespace, name);
    }
  }
}
