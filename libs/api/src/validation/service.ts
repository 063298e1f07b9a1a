/**
 * Service validation (serving `service_validation.go`, VALIDATION.md §2): a ConfigurationSpec and a
 * RouteSpec inline, the traffic defaulting to the Service's own configuration.
 */
import { Operation, type ValidationContext } from '../core/context.js';
import type { ObjectMeta } from '../core/meta.js';
import { FieldError } from '../errors/field-error.js';
import type { Service, ServiceSpec } from '../serving/v1/service.types.js';
import { validateObjectMetadata } from './metadata.js';
import { validateRevisionTemplate } from './template.js';
import { SERVICE_SPEC_SCOPE, validateTrafficList } from './traffic.js';
import { isStatusUpdate, oldObjectOf, validateCreatorAndModifier, verifyNameChange } from './update.js';

/**
 * `ServiceSpec.Validate` within the Service whose metadata is `parent`: `template` as a revision template
 * and `traffic` as a traffic list with a default configuration name. Paths are relative to the spec
 * (`template.…`, `traffic…`); the caller adds `viaField('spec')`.
 */
export function validateServiceSpec(spec: ServiceSpec | undefined, parent: ObjectMeta | undefined, ctx: ValidationContext): FieldError {
  return validateRevisionTemplate(spec?.template, parent, ctx)
    .viaField('template')
    .also(validateTrafficList(spec?.traffic, SERVICE_SPEC_SCOPE).viaField('traffic'));
}

/**
 * `Service.Validate`, absolute paths: unless a status write, metadata (§1) and the spec; on UPDATE the
 * creator/lastModifier rules and the BYO revision name rule (§4.3).
 */
export function validateService(service: Service, ctx: ValidationContext): FieldError {
  let errs = FieldError.empty();
  if (!isStatusUpdate(ctx)) {
    errs = errs.also(
      validateObjectMetadata(service.metadata, 'Service', ctx).viaField('metadata'),
      validateServiceSpec(service.spec, service.metadata, ctx).viaField('spec'),
    );
  }
  if (ctx.operation !== Operation.Update) return errs;
  const old = oldObjectOf<Service>(ctx);
  const input = { oldSpec: old.spec, newSpec: service.spec, oldAnnotations: old.metadata?.annotations, newAnnotations: service.metadata?.annotations };
  return errs.also(
    validateCreatorAndModifier(input).viaField('metadata', 'annotations'),
    verifyNameChange(service.spec?.template, old.spec?.template).viaField('spec', 'template'),
  );
}
