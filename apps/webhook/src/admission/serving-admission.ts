import { Operation, renderDenial, SERVING_GROUP, SERVING_V1_VERSION, setDefaults, validate, type ApiConfig, type FieldError } from '@ebb/api';
import { defaultAutoscalerConfig, defaultDefaultsConfig, defaultFeaturesConfig } from '@ebb/config';
import jsonPatch from 'fast-json-patch';
import type { AdmissionRequest, AdmissionVerdict, PatchOperation } from './review.js';

/**
 * Knative's two resource webhooks for serving.knative.dev/v1 objects: `/defaulting`
 * (`webhook.serving.knative.dev`, mutating) and `/resource-validation`
 * (`validation.webhook.serving.knative.dev`). The rules are `@ebb/api`'s; this file only maps
 * AdmissionRequests onto them and their results back onto verdicts.
 */

const SERVING_KINDS: ReadonlySet<string> = new Set(['Service', 'Configuration', 'Revision', 'Route']);

/** The ConfigMaps that drive the rules; the stock defaults until the cluster supplies them. */
export function stockApiConfig(): ApiConfig {
  return { defaults: defaultDefaultsConfig(), features: defaultFeaturesConfig(), autoscaler: defaultAutoscalerConfig() };
}

function handled(request: AdmissionRequest): boolean {
  const { group, version, kind } = request.kind;
  const writes = request.operation === Operation.Create || request.operation === Operation.Update;
  return writes && group === SERVING_GROUP && version === SERVING_V1_VERSION && SERVING_KINDS.has(kind) && request.object !== undefined;
}

/** The operation in @ebb/api's terms (only CREATE and UPDATE reach the rules). */
function operationOf(request: AdmissionRequest): Operation {
  return request.operation === Operation.Update ? Operation.Update : Operation.Create;
}

/** Defaults the object and answers with the JSON Patch from the object as sent to the defaulted one. */
export function admitDefaulting(request: AdmissionRequest, config: ApiConfig = stockApiConfig()): AdmissionVerdict {
  if (!handled(request)) return { allowed: true };
  const defaulted = setDefaults(request.object, { ...config, operation: operationOf(request), oldObject: request.oldObject, user: request.username });
  const patch = jsonPatch.compare(request.object as object, defaulted as object) as PatchOperation[];
  return { allowed: true, patch };
}

function warningsOf(errors: FieldError): string[] {
  return errors.filter('Warning').merged().map((warning) => warning.render());
}

/** Validates the object (with the old one on UPDATE); denies with Knative's rendered message, passes warnings on. */
export function admitValidation(request: AdmissionRequest, config: ApiConfig = stockApiConfig()): AdmissionVerdict {
  if (!handled(request)) return { allowed: true };
  const context = { ...config, operation: operationOf(request), oldObject: request.oldObject, subresource: request.subResource };
  const errors = validate(request.object, context);
  const warnings = warningsOf(errors);
  const failures = errors.filter('Error');
  if (failures.isEmpty()) return { allowed: true, warnings };
  return { allowed: false, message: renderDenial(failures), warnings };
}
