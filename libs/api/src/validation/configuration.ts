/**
 * Configuration validation (serving `configuration_validation.go`, VALIDATION.md §4.1).
 */
import { Operation, type ValidationContext } from '../core/context.js';
import { FieldError } from '../errors/field-error.js';
import type { Configuration } from '../serving/v1/configuration.types.js';
import { validateObjectMetadata } from './metadata.js';
import { validateRevisionTemplate } from './template.js';
import { isStatusUpdate, oldObjectOf, validateCreatorAndModifier, verifyNameChange } from './update.js';

/**
 * `Configuration.Validate`, absolute paths: unless a status write, metadata (§1) and `spec.template`
 * with the Configuration as parent; on UPDATE the creator/lastModifier rules (only without
 * ownerReferences, i.e. not Service-owned) and the BYO-name rule (§4.3).
 */
export function validateConfiguration(config: Configuration, ctx: ValidationContext): FieldError {
  let errs = FieldError.empty();
  if (!isStatusUpdate(ctx)) {
    errs = errs.also(
      validateObjectMetadata(config.metadata, 'Configuration', ctx).viaField('metadata'),
      validateRevisionTemplate(config.spec?.template, config.metadata, ctx).viaField('spec', 'template'),
    );
  }
  if (ctx.operation !== Operation.Update) return errs;
  const old = oldObjectOf<Configuration>(ctx);
  if (config.metadata?.ownerReferences === undefined) {
    const input = { oldSpec: old.spec, newSpec: config.spec, oldAnnotations: old.metadata?.annotations, newAnnotations: config.metadata?.annotations };
    errs = errs.also(validateCreatorAndModifier(input).viaField('metadata', 'annotations'));
  }
  return errs.also(verifyNameChange(config.spec?.template, old.spec?.template).viaField('spec', 'template'));
}
