// Status verbs of the Service (serving `pkg/apis/serving/v1/service_lifecycle.go` and the traffic
// check of `pkg/reconciler/service/service.go`, API.md §6.4): the Service reconciler changes its
// status only through these. Each verb is pure: it takes the status and `now` and returns a new
// status (or the same one when nothing changed).
import { ConditionStatus, type Condition } from '../../core/condition.js';
import { getCondition, type Instant } from '../../core/condition-set.js';
import { CONDITION_READY } from '../../core/condition-set.js';
import { ServiceConditionType, ServiceMessage, ServiceReason, serviceConditionSet } from '../../core/lifecycle.js';
import { semanticEqual } from '../../core/semantic-equal.js';
import type { ConfigurationStatus } from './configuration.types.js';
import type { RouteSpec, RouteStatus, TrafficTarget } from './route.types.js';
import type { ServiceStatus } from './service.types.js';

/** `status` with the missing Ready, ConfigurationsReady and RoutesReady conditions set Unknown. */
export function initializeServiceConditions(status: ServiceStatus, now: Instant): ServiceStatus {
  return serviceConditionSet.initializeConditions(status, now);
}

/** ConfigurationsReady False `NotOwned`: a Configuration of the Service's name exists and is not controlled by it. */
export function markConfigurationNotOwned(status: ServiceStatus, name: string, now: Instant): ServiceStatus {
  return serviceConditionSet.markFalse(
    status,
    { type: ServiceConditionType.ConfigurationsReady, reason: ServiceReason.NotOwned, message: ServiceMessage.configurationNotOwned(name) },
    now,
  );
}

/** RoutesReady False `NotOwned`: a Route of the Service's name exists and is not controlled by it. */
export function markRouteNotOwned(status: ServiceStatus, name: string, now: Instant): ServiceStatus {
  return serviceConditionSet.markFalse(
    status,
    { type: ServiceConditionType.RoutesReady, reason: ServiceReason.NotOwned, message: ServiceMessage.routeNotOwned(name) },
    now,
  );
}

/** ConfigurationsReady Unknown `OutOfDate`: the Configuration has not observed its generation yet. */
export function markConfigurationNotReconciled(status: ServiceStatus, now: Instant): ServiceStatus {
  return serviceConditionSet.markUnknown(
    status,
    { type: ServiceConditionType.ConfigurationsReady, reason: ServiceReason.OutOfDate, message: ServiceMessage.configurationOutOfDate },
    now,
  );
}

/** RoutesReady Unknown `OutOfDate`: the Route has not observed its generation yet. */
export function markRouteNotReconciled(status: ServiceStatus, now: Instant): ServiceStatus {
  return serviceConditionSet.markUnknown(
    status,
    { type: ServiceConditionType.RoutesReady, reason: ServiceReason.OutOfDate, message: ServiceMessage.routeOutOfDate },
    now,
  );
}

/** RoutesReady Unknown `TrafficNotMigrated`: the Route is Ready but its traffic is not yet what its spec asks. */
export function markRouteNotYetReady(status: ServiceStatus, now: Instant): ServiceStatus {
  return serviceConditionSet.markUnknown(
    status,
    { type: ServiceConditionType.RoutesReady, reason: ServiceReason.TrafficNotMigrated, message: ServiceMessage.trafficNotMigrated },
    now,
  );
}

/** RoutesReady False `RevisionNameTaken`: the BYO revision name belongs to a conflicting Revision. */
export function markRevisionNameTaken(status: ServiceStatus, name: string, now: Instant): ServiceStatus {
  return serviceConditionSet.markFalse(
    status,
    { type: ServiceConditionType.RoutesReady, reason: ServiceReason.RevisionNameTaken, message: ServiceMessage.revisionNameTaken(name) },
    now,
  );
}

/** `status` with dependent `type` mirroring `child` (status, reason, message); unchanged when the child has no Ready condition. */
function mirror(status: ServiceStatus, type: string, child: Condition | undefined, now: Instant): ServiceStatus {
  if (child === undefined) return status;
  const mark = { type, reason: child.reason, message: child.message };
  if (child.status === ConditionStatus.True) return serviceConditionSet.markTrue(status, { type }, now);
  if (child.status === ConditionStatus.False) return serviceConditionSet.markFalse(status, mark, now);
  return serviceConditionSet.markUnknown(status, mark, now);
}

/** `status` with `fields` copied verbatim: a field the source lacks is removed. */
function copyFields<S extends object>(status: S, keys: readonly string[], source: Readonly<Record<string, unknown>>): S {
  const next = { ...status } as Record<string, unknown>;
  for (const key of keys) {
    if (source[key] === undefined) delete next[key];
    else next[key] = source[key];
  }
  return next as S;
}

/**
 * Copies the Configuration's latestCreated/latestReadyRevisionName and mirrors its Ready condition onto
 * ConfigurationsReady (Knative `PropagateConfigurationStatus`). Call it only for a Configuration that observed
 * its generation; otherwise {@link markConfigurationNotReconciled}.
 */
export function propagateConfigurationStatus(status: ServiceStatus, configuration: ConfigurationStatus | undefined, now: Instant): ServiceStatus {
  const source = configuration ?? {};
  const copied = copyFields(status, ['latestCreatedRevisionName', 'latestReadyRevisionName'], source);
  return mirror(copied, ServiceConditionType.ConfigurationsReady, getCondition(source, CONDITION_READY), now);
}

/** What {@link propagateRouteStatus} reads. */
export interface RoutePropagation {
  /** The Service's Route (its spec and status). */
  readonly route: { readonly spec?: RouteSpec | undefined; readonly status?: RouteStatus | undefined };
  /** The Service's Configuration: its name and latestReadyRevisionName stand for the targets naming it. */
  readonly configuration?: { readonly name: string; readonly latestReadyRevisionName?: string | undefined } | undefined;
}

/** A traffic target as the migration check compares it: url and latestRevision dropped, '' treated as absent. */
function comparable(target: TrafficTarget): Record<string, unknown> {
  const { url: _url, latestRevision: _latest, ...rest } = target;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined && v !== ''));
}

/**
 * Whether the Route's status.traffic is what its spec asks, the targets naming `configuration` replaced by
 * its latestReadyRevisionName (url and latestRevision ignored): the check behind `TrafficNotMigrated`.
 */
export function isTrafficMigrated(input: RoutePropagation): boolean {
  const want = input.route.spec?.traffic ?? [];
  const got = input.route.status?.traffic ?? [];
  if (want.length !== got.length) return false;
  const config = input.configuration;
  const resolved = want.map((t) => {
    if (config === undefined || t.configurationName !== config.name) return t;
    return { ...t, configurationName: undefined, revisionName: config.latestReadyRevisionName };
  });
  return semanticEqual(resolved.map(comparable), got.map(comparable));
}

/**
 * Copies the Route's url, address and traffic and mirrors its Ready condition onto RoutesReady (Knative
 * `PropagateRouteStatus`); when that makes RoutesReady True but the traffic is not migrated yet
 * ({@link isTrafficMigrated}), RoutesReady is Unknown `TrafficNotMigrated` instead. Call it only for a Route
 * that observed its generation; otherwise {@link markRouteNotReconciled}.
 */
export function propagateRouteStatus(status: ServiceStatus, input: RoutePropagation, now: Instant): ServiceStatus {
  const source = input.route.status ?? {};
  const copied = copyFields(status, ['url', 'address', 'traffic'], source);
  const next = mirror(copied, ServiceConditionType.RoutesReady, getCondition(source, CONDITION_READY), now);
  if (getCondition(next, ServiceConditionType.RoutesReady)?.status !== ConditionStatus.True) return next;
  return isTrafficMigrated(input) ? next : markRouteNotYetReady(next, now);
}
