/**
 * Route validation (serving `route_validation.go`, VALIDATION.md §3).
 */
import { Operation, type ValidationContext } from '../core/context.js';
import { FieldError } from '../errors/field-error.js';
import type { Route, RouteSpec } from '../serving/v1/route.types.js';
import { validateObjectMetadata } from './metadata.js';
import { ROUTE_SPEC_SCOPE, validateTrafficList } from './traffic.js';
import { isStatusUpdate, oldObjectOf, validateCreatorAndModifier } from './update.js';

/** `RouteSpec.Validate`: the traffic list of a standalone Route; paths relative to the spec (`traffic…`). */
export function validateRouteSpec(spec: RouteSpec | undefined): FieldError {
  return validateTrafficList(spec?.traffic, ROUTE_SPEC_SCOPE).viaField('traffic');
}

/**
 * `Route.Validate`, absolute paths: metadata (§1) and `spec.traffic` (skipped on a status write, as for
 * Service and Configuration, §0.2); on UPDATE the creator/lastModifier rules unless the Route has
 * ownerReferences (Service-owned). Status is not validated.
 */
export function validateRoute(route: Route, ctx: ValidationContext): FieldError {
  const errs = isStatusUpdate(ctx)
    ? FieldError.empty()
    : validateObjectMetadata(route.metadata, 'Route', ctx).viaField('metadata').also(validateRouteSpec(route.spec).viaField('spec'));
  if (ctx.operation !== Operation.Update || route.metadata?.ownerReferences !== undefined) return errs;
  const old = oldObjectOf<Route>(ctx);
  const input = { oldSpec: old.spec, newSpec: route.spec, oldAnnotations: old.metadata?.annotations, newAnnotations: route.metadata?.annotations };
  return errs.also(validateCreatorAndModifier(input).viaField('metadata', 'annotations'));
}
