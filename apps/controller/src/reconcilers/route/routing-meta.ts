// The labeler (serving `pkg/reconciler/labeler`, API.md §4.1): a Route marks the Configurations
// and Revisions its traffic references. Each carries the sorted names of the Routes referencing
// it in the annotation `serving.knative.dev/routes`; a Revision also carries its routing state,
// `active` while some Route references it and `reserve` once none does, with the time of the
// last change in `serving.knative.dev/routingStateModified` (what garbage collection and the
// PodAutoscaler's reachability read). Pure: the merge patch of one object's metadata, or
// undefined when it is already right.
import { RoutingState, ServingAnnotations, ServingLabels, type StringMap } from '@ebb/api';
import { rfc3339Seconds } from '@ebb/apimachinery';

/** The metadata the labeler reads of an object. */
export interface RoutingMetaInput {
  readonly labels?: StringMap;
  readonly annotations?: StringMap;
}

/** A JSON merge patch of `metadata` (null removes a key). */
export interface MetadataPatch {
  readonly metadata: {
    readonly labels?: Record<string, string>;
    readonly annotations: Record<string, string | null>;
  };
}

/** The Route names in a `serving.knative.dev/routes` annotation. */
export function routesOf(annotations: StringMap | undefined): string[] {
  const value = annotations?.[ServingAnnotations.Routes] ?? '';
  return value === '' ? [] : value.split(',').filter((name) => name !== '');
}

/**
 * The patch that makes `route` one of the object's routes (`referenced`) or not, and, for a
 * Revision (`revision`), its routing state follow; undefined when nothing changes (also for an
 * object that is not referenced and does not list `route`: a `pending` Revision stays pending).
 */
export function routingMetaPatch(object: RoutingMetaInput, change: { route: string; referenced: boolean; revision: boolean; now: Date }): MetadataPatch | undefined {
  const before = routesOf(object.annotations);
  // An object this Route neither references nor lists is not this Route's business.
  if (!change.referenced && !before.includes(change.route)) return undefined;
  const routes = nextRoutes(before, change.route, change.referenced);
  const annotations: Record<string, string | null> = routes.join(',') === before.join(',') ? {} : { [ServingAnnotations.Routes]: routesValue(routes) };
  const state = routes.length === 0 ? RoutingState.Reserve : RoutingState.Active;
  const stateChanges = change.revision && object.labels?.[ServingLabels.RoutingState] !== state;
  if (stateChanges) annotations[ServingAnnotations.RoutingStateModified] = rfc3339Seconds(change.now);
  if (Object.keys(annotations).length === 0) return undefined;
  return { metadata: { ...(stateChanges ? { labels: { [ServingLabels.RoutingState]: state } } : {}), annotations } };
}

/** The routes annotation's value; null (removed) when there is none. */
function routesValue(routes: readonly string[]): string | null {
  return routes.length === 0 ? null : routes.join(',');
}

/** The sorted Route names once `route` is added (referenced) or removed. */
function nextRoutes(before: readonly string[], route: string, referenced: boolean): string[] {
  const after = new Set(before);
  if (referenced) after.add(route);
  else after.delete(route);
  return [...after].sort();
}
