/** Route and traffic defaults (serving `route_defaults.go`, `service_defaults.go`; API.md §2.3). */
import type { DefaultingContext } from '../core/context.js';
import { isNil } from '../core/semantic-equal.js';
import { childObject, objectsOf, stringOf, type JsonObject } from './json.js';
import { fillUserInfo, isStandalone } from './user-info.js';

/** What route-spec defaulting needs. */
export interface RouteSpecDefaulting {
  /** True for a Service's spec: empty traffic becomes `[{percent: 100, latestRevision: true}]`. */
  readonly defaultConfigurationName: boolean;
}

/** One traffic target: `latestRevision` nil → whether revisionName is empty; `percent` nil → 0. */
function fillTrafficTarget(target: JsonObject): void {
  if (isNil(target['latestRevision'])) target['latestRevision'] = stringOf(target['revisionName']) === '';
  if (isNil(target['percent'])) target['percent'] = 0;
}

/** Fills a RouteSpec (or a Service spec's traffic) in place. */
export function fillRouteSpec(spec: JsonObject, opts: RouteSpecDefaulting): void {
  const traffic = spec['traffic'];
  const empty = !Array.isArray(traffic) || traffic.length === 0;
  if (empty && opts.defaultConfigurationName) spec['traffic'] = [{ percent: 100, latestRevision: true }];
  for (const target of objectsOf(spec['traffic'])) fillTrafficTarget(target);
}

/** Fills a Route in place: traffic targets (empty traffic stays empty), then user info when standalone. */
export function fillRoute(route: JsonObject, ctx: DefaultingContext): void {
  fillRouteSpec(childObject(route, 'spec'), { defaultConfigurationName: false });
  if (isStandalone(route)) fillUserInfo(route, ctx);
}
