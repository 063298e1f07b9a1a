/**
 * Defaulting of the serving.knative.dev/v1 kinds (the mutating webhook, API.md §2): `setDefaults`
 * returns a defaulted copy; the input is never changed.
 */
import { Operation, type DefaultingContext } from '../core/context.js';
import { CONFIGURATION_KIND } from '../serving/v1/configuration.types.js';
import { SERVING_V1_API_VERSION } from '../serving/v1/register.js';
import { REVISION_KIND } from '../serving/v1/revision.types.js';
import { ROUTE_KIND } from '../serving/v1/route.types.js';
import { SERVICE_KIND } from '../serving/v1/service.types.js';
import { fillConfiguration } from './configuration.js';
import { isObject, type JsonObject } from './json.js';
import { fillRevision } from './revision.js';
import { fillRoute } from './route.js';
import { fillService } from './service.js';

type Filler = (object: JsonObject, ctx: DefaultingContext) => void;

const FILLERS: Readonly<Record<string, Filler>> = {
  [SERVICE_KIND]: fillService,
  [CONFIGURATION_KIND]: fillConfiguration,
  [REVISION_KIND]: fillRevision,
  [ROUTE_KIND]: fillRoute,
};

/**
 * Knative's defaults for a Service, Configuration, Revision or Route of `serving.knative.dev/v1`, driven
 * by `ctx.defaults`/`ctx.features`, plus creator/lastModifier from `ctx.user`. Returns a NEW object;
 * any other object, and any object on DELETE (the webhook only defaults CREATE/UPDATE), is returned
 * unchanged. Idempotent: defaulting the result again changes nothing.
 */
export function setDefaults(object: unknown, ctx: DefaultingContext): unknown {
  if (!isObject(object) || object['apiVersion'] !== SERVING_V1_API_VERSION || ctx.operation === Operation.Delete) return object;
  const kind = object['kind'];
  const fill = typeof kind === 'string' && Object.hasOwn(FILLERS, kind) ? FILLERS[kind] : undefined;
  if (fill === undefined) return object;
  const copy = structuredClone(object);
  fill(copy, ctx);
  return copy;
}

export { defaultRevisionSpec } from './revision.js';
export type { RevisionSpecDefaulting } from './revision.js';
