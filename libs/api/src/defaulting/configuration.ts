/** Configuration defaults (serving `configuration_defaults.go`, API.md §2.2, §2.4). */
import type { DefaultingContext } from '../core/context.js';
import { Operation } from '../core/context.js';
import { childObject, isObject, stringOf, type JsonObject } from './json.js';
import { fillRevisionTemplate } from './revision.js';
import { fillUserInfo, isStandalone } from './user-info.js';

function templateName(spec: unknown): string {
  const template = isObject(spec) ? spec['template'] : undefined;
  const meta = isObject(template) ? template['metadata'] : undefined;
  return isObject(meta) ? stringOf(meta['name']) : '';
}

/**
 * Fills a ConfigurationSpec (or a Service spec's template) in place with the RevisionSpec defaults;
 * skipped on UPDATE when the template keeps a non-empty BYO name equal to the old one.
 */
export function fillConfigurationSpec(spec: JsonObject, parentMeta: unknown, ctx: DefaultingContext): void {
  if (ctx.operation === Operation.Update) {
    const name = templateName(spec);
    const oldSpec = isObject(ctx.oldObject) ? ctx.oldObject['spec'] : undefined;
    if (name !== '' && name === templateName(oldSpec)) return;
  }
  fillRevisionTemplate(childObject(spec, 'template'), { config: ctx, operation: ctx.operation, parentMeta });
}

/** Fills a Configuration in place: template defaults, then user info when standalone. */
export function fillConfiguration(configuration: JsonObject, ctx: DefaultingContext): void {
  fillConfigurationSpec(childObject(configuration, 'spec'), configuration['metadata'], ctx);
  if (isStandalone(configuration)) fillUserInfo(configuration, ctx);
}
