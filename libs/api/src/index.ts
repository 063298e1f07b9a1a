/**
 * @ebb/api — Knative's Serving API as code: the schemas and TS types of every kind, defaulting,
 * validation with Knative's field errors, condition sets, labels and names. Pure: no I/O.
 */
export { ConditionSchema, ConditionSeverity, ConditionStatus, StatusSchema } from './core/condition.js';
export type { Condition, Status } from './core/condition.js';
export { Operation } from './core/context.js';
export { isJsonObject } from './core/json.js';
export { isAbsentMember, semanticEqual } from './core/semantic-equal.js';
export type { JsonObject } from './core/json.js';
export type { ApiConfig, DefaultingContext, ValidationContext } from './core/context.js';
export * from './errors/index.js';
export * from './core/names.js';
export * from './core/labels.js';
export * from './core/condition-set.js';
export * from './core/lifecycle.js';
export { KnativeResources } from './core/resources.js';
export type { KnativeResourceType } from './core/resources.js';
export * from './serving/v1/index.js';
export * from './serving/v1beta1/index.js';
export * from './autoscaling/v1alpha1/index.js';
export * from './networking/v1alpha1/index.js';
export * from './istio/v1beta1/index.js';
export * from './crd/index.js';
export {
  INT_OR_STRING,
  IntOrStringSchema,
  ObjectMetaSchema,
  OwnerReferenceSchema,
  PRESERVE_UNKNOWN_FIELDS,
  QuantitySchema,
  StringMapSchema,
  TemplateMetaSchema,
} from './core/meta.js';
export type { ObjectMeta, OwnerReference, Quantity, TemplateMeta } from './core/meta.js';
export {
  ContainerPortSchema,
  ContainerSchema,
  ContainerSecurityContextSchema,
  EnvFromSourceSchema,
  EnvVarSchema,
  LocalObjectReferenceSchema,
  PodSpecSchema,
  ProbeSchema,
  ResourceRequirementsSchema,
  VolumeMountSchema,
  VolumeSchema,
  podSpecProperties,
} from './core/podspec.js';
export type { Container, ContainerPort, EnvVar, LocalObjectReference, PodSpec, Probe, Volume } from './core/podspec.js';
export { validateObjectMetadata } from './validation/metadata.js';
export type { ServingKind } from './validation/metadata.js';
export { validateAutoscalingAnnotations } from './validation/autoscaling-annotations.js';
export { validatePodSpec } from './validation/podspec.js';
export {
  renderDenial,
  validate,
  validateConfiguration,
  validateRevision,
  validateRevisionSpec,
  validateRevisionTemplate,
  validateRoute,
  validateRouteSpec,
  validateService,
  validateServiceSpec,
  validateTrafficList,
  validateTrafficTarget,
} from './validation/index.js';
export type { TrafficScope } from './validation/index.js';
export { defaultRevisionSpec, setDefaults } from './defaulting/index.js';
export type { RevisionSpecDefaulting } from './defaulting/index.js';
