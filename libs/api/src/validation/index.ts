/**
 * The validation entry point of the serving.knative.dev/v1 kinds (what Knative's
 * `validation.webhook.serving.knative.dev` runs): shape check, then the kind's rules.
 */
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { Operation, type ValidationContext } from '../core/context.js';
import { DiagnosticLevel, errGeneric, FieldError } from '../errors/field-error.js';
import { ConfigurationSchema, type Configuration } from '../serving/v1/configuration.types.js';
import { SERVING_V1_API_VERSION } from '../serving/v1/register.js';
import { RevisionSchema, type Revision } from '../serving/v1/revision.types.js';
import { RouteSchema, type Route } from '../serving/v1/route.types.js';
import { ServiceSchema, type Service } from '../serving/v1/service.types.js';
import { validateConfiguration } from './configuration.js';
import { validateRevision } from './revision.js';
import { validateRoute } from './route.js';
import { validateService } from './service.js';

/** How one kind is checked: its compiled schema and its rules. */
interface KindHandler {
  /** Whether the object has the kind's shape (TypeBox), with the errors when it has not. */
  readonly shape: ReturnType<typeof Compile<TSchema>>;
  /** The kind's rules, on an object of the right shape. */
  readonly rules: (object: never, ctx: ValidationContext) => FieldError;
}

/** The kinds Knative's validation webhook handles for serving.knative.dev/v1. */
const HANDLERS: Readonly<Record<string, KindHandler>> = {
  Service: { shape: Compile(ServiceSchema), rules: (o: Service, ctx) => validateService(o, ctx) },
  Configuration: { shape: Compile(ConfigurationSchema), rules: (o: Configuration, ctx) => validateConfiguration(o, ctx) },
  Revision: { shape: Compile(RevisionSchema), rules: (o: Revision, ctx) => validateRevision(o, ctx) },
  Route: { shape: Compile(RouteSchema), rules: (o: Route, ctx) => validateRoute(o, ctx) },
};

/** A JSON pointer (`/spec/traffic/0/percent`) as a Knative field path (`spec.traffic[0].percent`). */
export function pointerToPath(pointer: string): string {
  const segments = pointer
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  return segments.reduce((path, s) => (/^\d+$/.test(s) ? `${path}[${s}]` : path === '' ? s : `${path}.${s}`), '');
}

/** The object's shape errors, one per bad field: `failed to decode: <reason>: <path>`. */
function shapeErrors(handler: KindHandler, object: unknown): FieldError {
  if (handler.shape.Check(object)) return FieldError.empty();
  return [...handler.shape.Errors(object)].reduce(
    (errs, e) => errs.also(errGeneric(`failed to decode: ${e.message}`, pointerToPath(e.instancePath))),
    FieldError.empty(),
  );
}

/**
 * `value` with every `null` object member removed, recursively: Go decodes JSON null into the zero
 * value (the API server writes e.g. `creationTimestamp: null`), so null means absent here.
 */
export function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, dropNulls(v)]),
  );
}

/** Go's `schema.GroupVersionKind.String()`: `group/version, Kind=kind`. */
function gvkString(apiVersion: string, kind: string): string {
  const slash = apiVersion.lastIndexOf('/');
  const [group, version] = slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
  return `${group}/${version}, Kind=${kind}`;
}

/** The string member `key` of `object`, or '' when it is not a string. */
function stringMember(object: object, key: string): string {
  const value = (object as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : '';
}

/**
 * Validates an admitted object of serving.knative.dev/v1 (Service, Configuration, Revision, Route) as
 * Knative's validation webhook does; absolute paths, empty when valid (warnings may remain: filter by
 * level). Anything else is `unhandled kind: <group>/<version>, Kind=<kind>` (knative/pkg wording) at `apiVersion, kind`. The
 * shape is checked first (null members count as absent, as Go decodes them) with the kind's TypeBox
 * schema: where Knative would fail to decode, each bad
 * field is reported as `failed to decode: <reason>: <path>` and nothing else is checked. DELETE is
 * never denied.
 */
export function validate(object: unknown, ctx: ValidationContext): FieldError {
  if (typeof object !== 'object' || object === null || Array.isArray(object)) return errGeneric('failed to decode: expected an object', '');
  const apiVersion = stringMember(object, 'apiVersion');
  const kind = stringMember(object, 'kind');
  const handler = apiVersion === SERVING_V1_API_VERSION ? HANDLERS[kind] : undefined;
  if (handler === undefined || !Object.hasOwn(HANDLERS, kind)) return errGeneric(`unhandled kind: ${gvkString(apiVersion, kind)}`, 'apiVersion', 'kind');
  if (ctx.operation === Operation.Delete) return FieldError.empty();
  const decoded = dropNulls(object);
  const bad = shapeErrors(handler, decoded);
  return bad.isEmpty() ? handler.rules(decoded as never, ctx) : bad;
}

/**
 * The denial text of the admission response (VALIDATION.md §0.2): `validation failed: <render()>` of the
 * error-level diagnostics (warnings are returned as admission warnings, not in the denial).
 */
export function renderDenial(err: FieldError): string {
  return `validation failed: ${err.filter(DiagnosticLevel.Error).render()}`;
}

export { validateService, validateServiceSpec } from './service.js';
export { validateConfiguration } from './configuration.js';
export { validateRevision, validateRevisionSpec } from './revision.js';
export { validateRoute, validateRouteSpec } from './route.js';
export { validateRevisionTemplate } from './template.js';
export { validateTrafficList, validateTrafficTarget, ROUTE_SPEC_SCOPE, SERVICE_SPEC_SCOPE } from './traffic.js';
export type { TrafficScope } from './traffic.js';
export { shortDiff, DiffRoot, validateCreatorAndModifier, verifyNameChange, validateRevisionSpecUnchanged } from './update.js';
export type { CreatorModifierInput } from './update.js';
