// The Service reconciler (serving `pkg/reconciler/service/service.go`, API.md §4.3/§5/§6.4): keeps
// the Service's Configuration and Route (same name, controlled by it) equal to what the Service
// asks — drift in their spec, labels or annotations is overwritten — and rolls their statuses up
// into the Service's, only from a child that observed its generation. With a BYO revision name,
// the Route is not reprogrammed until the Configuration made that Revision, and not at all when the
// name belongs to a conflicting Revision.
import {
  markConfigurationNotOwned,
  markConfigurationNotReconciled,
  markRevisionNameTaken,
  markRouteNotOwned,
  markRouteNotReconciled,
  postProcessReconcile,
  preProcessReconcile,
  propagateConfigurationStatus,
  propagateRouteStatus,
  semanticEqual,
  serviceConditionSet,
  type Configuration,
  type Revision,
  type Route,
  type Service,
  type ServiceStatus,
} from '@ebb/api';
import { isControlledBy, isKubeApiError, type KubeObjectLike, type ReconcileContext, type Reconciler } from '@ebb/kube';
import { checkNameAvailability, NameAvailability, templateNameOf } from '../configuration/byo-name.js';
import type { Lister, Writer } from '../deps.js';
import { generationOf, isBeingDeleted, nameOf, namespaceOf } from '../shared/meta.js';
import { makeConfiguration } from './resources/configuration.js';
import { makeRoute } from './resources/route.js';

/** Thrown when a child of the Service's name exists and is not controlled by it (the status says NotOwned). */
export class ChildNotOwnedError extends Error {
  override readonly name = 'ChildNotOwnedError';
  /** Made for the child's kind and name. */
  constructor(
    readonly kind: 'Configuration' | 'Route',
    readonly child: string,
    readonly service: string,
  ) {
    super(`service: "${service}" does not own ${kind.toLowerCase()}: "${child}"`);
  }
}

/** Thrown when creating a child failed. */
export class ChildCreationError extends Error {
  override readonly name = 'ChildCreationError';
  /** Made for the child's kind and the error of the create call. */
  constructor(
    readonly kind: 'Configuration' | 'Route',
    options: { cause: unknown },
  ) {
    super(`failed to create ${kind}: ${options.cause instanceof Error ? options.cause.message : String(options.cause)}`, options);
  }
}

/** What the Service reconciler reads and writes. */
export interface ServiceReconcilerDeps {
  /** The Configurations informer cache. */
  readonly configurations: Lister<Configuration>;
  /** Creates and updates the Service's Configuration. */
  readonly configurationWriter: Pick<Writer<Configuration>, 'create' | 'update'>;
  /** The Routes informer cache. */
  readonly routes: Lister<Route>;
  /** Creates and updates the Service's Route. */
  readonly routeWriter: Pick<Writer<Route>, 'create' | 'update'>;
  /** Read to check that a BYO revision name is not taken by a conflicting Revision. */
  readonly revisions: Lister<Revision>;
}

/** The child kinds the Service manages, with their writers and the NotOwned verbs. */
interface ChildKind<T extends KubeObjectLike> {
  readonly kind: 'Configuration' | 'Route';
  readonly lister: Lister<T>;
  readonly writer: Pick<Writer<T>, 'create' | 'update'>;
  readonly desired: (service: Service, existing: T | undefined) => T;
  readonly markNotOwned: (status: ServiceStatus, name: string, now: Date) => ServiceStatus;
}

/** Whether a child (`spec`, labels, annotations) already is what we want. */
function semanticallyEqual(desired: Configuration | Route, existing: Configuration | Route): boolean {
  return (
    semanticEqual(desired.spec, existing.spec) &&
    semanticEqual(desired.metadata?.labels, existing.metadata?.labels) &&
    semanticEqual(desired.metadata?.annotations, existing.metadata?.annotations)
  );
}

/** Whether a child has observed its current generation. */
function observed(child: Configuration | Route): boolean {
  return child.status?.observedGeneration === generationOf(child);
}

/** Reconciles one Service: its Configuration, then its Route, then the roll-up of their statuses. */
export class ServiceReconciler implements Reconciler<Service> {
  private readonly configurationKind: ChildKind<Configuration>;
  private readonly routeKind: ChildKind<Route>;

  constructor(private readonly deps: ServiceReconcilerDeps) {
    this.configurationKind = {
      kind: 'Configuration',
      lister: deps.configurations,
      writer: deps.configurationWriter,
      desired: makeConfiguration,
      markNotOwned: markConfigurationNotOwned,
    };
    this.routeKind = { kind: 'Route', lister: deps.routes, writer: deps.routeWriter, desired: (s) => makeRoute(s), markNotOwned: markRouteNotOwned };
  }

  /** Brings the Service's children and status in line with its spec (mutates `service.status`). */
  async reconcile(service: Service, ctx: ReconcileContext): Promise<void> {
    // Being deleted: recreating children now would keep a foreground deletion from finishing (Knative skips too).
    if (isBeingDeleted(service)) return;
    const generation = generationOf(service);
    const previous = service.status ?? {};
    service.status = preProcessReconcile(serviceConditionSet, previous, generation, ctx.now);
    try {
      const configuration = await this.reconcileChild(service, this.configurationKind, ctx);
      if (!this.rollUpConfiguration(service, configuration, ctx)) return;
      const route = await this.reconcileChild(service, this.routeKind, ctx);
      this.rollUpRoute(service, route, configuration, ctx);
    } finally {
      service.status = postProcessReconcile(service.status, { previous, generation, now: ctx.now });
    }
  }

  /** Get-or-create, NotOwned, or update-on-drift of one child; returns the child as the API server has it. */
  private async reconcileChild<T extends Configuration | Route>(service: Service, child: ChildKind<T>, ctx: ReconcileContext): Promise<T> {
    const name = nameOf(service);
    const existing = child.lister.get(name, namespaceOf(service));
    if (existing === undefined) return this.createChild(service, child, ctx);
    if (!isControlledBy(existing, service)) {
      service.status = child.markNotOwned(this.status(service), name, ctx.now);
      throw new ChildNotOwnedError(child.kind, name, name);
    }
    const desired = child.desired(service, existing);
    if (semanticallyEqual(desired, existing)) return existing;
    const updated = structuredClone(existing);
    updated.spec = desired.spec;
    updated.metadata = { ...updated.metadata, labels: desired.metadata?.labels, annotations: desired.metadata?.annotations };
    const written = await child.writer.update(updated);
    ctx.events.record(service, 'Normal', 'Updated', `Updated ${child.kind} "${name}"`);
    return written;
  }

  /** Creates a missing child (Normal `Created`); a 409 is rethrown as is, other failures after a Warning `CreationFailed`. */
  private async createChild<T extends Configuration | Route>(service: Service, child: ChildKind<T>, ctx: ReconcileContext): Promise<T> {
    const name = nameOf(service);
    try {
      const created = await child.writer.create(child.desired(service, undefined));
      ctx.events.record(service, 'Normal', 'Created', `Created ${child.kind} "${name}"`);
      return created;
    } catch (error) {
      // AlreadyExists: the cache has not seen it yet; the 409 requeues quietly and the next pass decides (ours or NotOwned).
      if (isKubeApiError(error, 409)) throw error;
      const message = error instanceof Error ? error.message : String(error);
      ctx.events.record(service, 'Warning', 'CreationFailed', `Failed to create ${child.kind} "${name}": ${message}`);
      throw new ChildCreationError(child.kind, { cause: error });
    }
  }

  /**
   * ConfigurationsReady from the Configuration (or OutOfDate); false when the Route must not be reprogrammed
   * yet: a BYO-named template the Configuration has not reconciled (or made the Revision of) yet, or a name
   * taken by a conflicting Revision (RoutesReady False RevisionNameTaken).
   */
  private rollUpConfiguration(service: Service, configuration: Configuration, ctx: ReconcileContext): boolean {
    const byo = templateNameOf(configuration);
    if (!observed(configuration)) {
      service.status = markConfigurationNotReconciled(this.status(service), ctx.now);
      if (byo !== '') return false;
    } else {
      service.status = propagateConfigurationStatus(this.status(service), configuration.status, ctx.now);
    }
    if (byo === '') return true;
    const availability = checkNameAvailability(configuration, this.deps.revisions.get(byo, namespaceOf(configuration)));
    if (availability === NameAvailability.Taken) service.status = markRevisionNameTaken(this.status(service), byo, ctx.now);
    // Not in the cache yet: go ahead once the Configuration says it made it.
    if (availability === NameAvailability.Free) return configuration.status?.latestCreatedRevisionName === byo;
    return availability === NameAvailability.Ours;
  }

  /** RoutesReady from the Route (or OutOfDate), with the traffic-migration check against the Configuration. */
  private rollUpRoute(service: Service, route: Route, configuration: Configuration, ctx: ReconcileContext): void {
    if (!observed(route)) {
      service.status = markRouteNotReconciled(this.status(service), ctx.now);
      return;
    }
    const config = { name: nameOf(configuration), latestReadyRevisionName: configuration.status?.latestReadyRevisionName };
    service.status = propagateRouteStatus(this.status(service), { route, configuration: config }, ctx.now);
  }

  private status(service: Service): ServiceStatus {
    return service.status ?? {};
  }
}
