/**
 * creator / lastModifier annotations (serving `pkg/apis/serving/metadata_validation.go` SetUserInfo,
 * API.md §2.4).
 */
import type { DefaultingContext } from '../core/context.js';
import { Operation } from '../core/context.js';
import { ServingAnnotations } from '../core/labels.js';
import { semanticEqual } from '../core/semantic-equal.js';
import { childObject, isObject, type JsonObject } from './json.js';

/**
 * Sets the annotations from `ctx.user` in place: on CREATE both `serving.knative.dev/creator` and
 * `serving.knative.dev/lastModifier` (overriding user values); on UPDATE `lastModifier` only when the
 * (defaulted) spec differs from `ctx.oldObject`'s. Nothing without a user.
 */
export function fillUserInfo(object: JsonObject, ctx: DefaultingContext): void {
  const user = ctx.user;
  if (user === undefined || user === '') return;
  if (ctx.operation === Operation.Update) {
    const oldSpec = isObject(ctx.oldObject) ? ctx.oldObject['spec'] : undefined;
    if (semanticEqual(oldSpec, object['spec'])) return;
    childObject(childObject(object, 'metadata'), 'annotations')[ServingAnnotations.LastModifier] = user;
    return;
  }
  if (ctx.operation !== Operation.Create) return;
  const annotations = childObject(childObject(object, 'metadata'), 'annotations');
  annotations[ServingAnnotations.Creator] = user;
  annotations[ServingAnnotations.LastModifier] = user;
}

/** Whether the object has no ownerReferences (a standalone Configuration/Route, not Service-owned). */
export function isStandalone(object: JsonObject): boolean {
  const meta = object['metadata'];
  const owners = isObject(meta) ? meta['ownerReferences'] : undefined;
  return !Array.isArray(owners) || owners.length === 0;
}
