/** Service defaults (serving `service_defaults.go`, API.md §2.2–2.4). */
import type { DefaultingContext } from '../core/context.js';
import { fillConfigurationSpec } from './configuration.js';
import { childObject, type JsonObject } from './json.js';
import { fillRouteSpec } from './route.js';
import { fillUserInfo } from './user-info.js';

/** Fills a Service in place: template defaults, traffic defaults (empty → 100% latest), then user info. */
export function fillService(service: JsonObject, ctx: DefaultingContext): void {
  const spec = childObject(service, 'spec');
  fillConfigurationSpec(spec, service['metadata'], ctx);
  fillRouteSpec(spec, { defaultConfigurationName: true });
  fillUserInfo(service, ctx);
}
