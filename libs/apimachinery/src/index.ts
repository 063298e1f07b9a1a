/**
 * @ebb/apimachinery — the generic Kubernetes API machinery as pure functions: object shapes,
 * Status errors, names, selectors, patches, server-side apply, structural schemas, the
 * resource registry, discovery and OpenAPI documents, and Table conversion. No I/O: the local
 * cluster's API server (apps/local-cluster) and, later, @ebb/kube use it.
 */
export { buildAdmissionReview, failedCallingWebhook, interpretAdmissionResponse, isExemptAdmissionConfiguration, matchingWebhooks, orderedWebhooks, requestNamespace, ruleMatches, webhookDenial, webhookMatches, WebhookResponseError } from './admission/match.js';
export type { AdmissionAttributes, AdmissionOperation, AdmissionUserInfo, AdmissionVerdict, InterpretOptions, JsonPatchOps, MatchedWebhook, SelectorLabels, WebhookClientConfig, WebhookDenialStatus, WebhookService } from './admission/match.js';
export { formatPath, fromFieldsV1, toFieldsV1 } from './apply/field-set.js';
export { managerFromUserAgent, recordUpdate } from './apply/managed-fields.js';
export type { RecordUpdateOptions } from './apply/managed-fields.js';
export { conflictCauses, formatConflictMessage, serverSideApply } from './apply/server-side-apply.js';
export type { ApplyConflict } from './apply/server-side-apply.js';
export { fieldDuplicate, fieldForbidden, fieldInvalid, fieldNotSupported, fieldRequired, fieldTooLong, fieldTooMany, fieldTypeInvalid, formatBadValue, formatCause } from './field-cause.js';
export type { CauseReason, FieldCause } from './field-cause.js';
export { fieldsOf, selectableFields } from './field-labels.js';
export { isNoOpUpdate, markDeleting, prepareForCreate, prepareForUpdate, rfc3339Seconds, specPart } from './meta/lifecycle.js';
export type { WriteEnvironment } from './meta/lifecycle.js';
export { validateMetaUpdate, validateObjectMeta } from './meta-validation.js';
export type { ObjectMetaRules } from './meta-validation.js';
export { generatedName, validateDns1035Label, validateDns1123Label, validateDns1123Subdomain, validateName, validateQualifiedName } from './names.js';
export type { NameRule } from './names.js';
export { groupVersion, isPlainObject, parseApiVersion } from './object.js';
export type { GroupVersionKind, JsonObject, JsonValue, KubeObject, ManagedFieldsEntry, ObjectMeta, OwnerReference } from './object.js';
export { builtinFieldStrategies, schemaFieldStrategies } from './patch/builtin-strategies.js';
export { applyJsonPatch, PatchError } from './patch/json-patch.js';
export type { FieldStrategy, FieldStrategyLookup } from './patch/list-types.js';
export { applyMergePatch } from './patch/merge-patch.js';
export { applyStrategicMergePatch } from './patch/strategic-merge.js';
export { decodeKubernetesProtobuf, PROTOBUF_CONTENT_TYPE, ProtobufDecodeError, protobufKinds } from './protobuf/decode.js';
export type { DecodedProtobuf, ProtobufDecodeFailure } from './protobuf/decode.js';
export { authorize, effectiveClusterRoleRules, forbiddenError, forbiddenMessage, RBAC_GROUP, ruleAllows, rulesOf, SUPERUSER_GROUP } from './rbac/authorize.js';
export type { AuthorizationAttributes, AuthorizationDecision, AuthorizationUser, PolicyRule, RbacObjects } from './rbac/authorize.js';
export { parseApiRequest } from './request-info.js';
export type { ApiRequest, DiscoveryRequest, ResourceRequest } from './request-info.js';
export { applyBuiltinDefaults, applyCreateStatus } from './resources/builtin-defaults.js';
export { BUILTIN_RESOURCES } from './resources/builtins.js';
export { checkCrd } from './resources/crd-validation.js';
export {
  AGGREGATED_DISCOVERY_V2_CONTENT_TYPE,
  AGGREGATED_DISCOVERY_V2BETA1_CONTENT_TYPE,
  aggregatedDiscovery,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  negotiateDiscovery,
} from './resources/discovery.js';
export { crdIsEstablished, resourcesFromCrd } from './resources/from-crd.js';
export { minimalOpenApiV2Protobuf, OPENAPI_V2_PROTOBUF_CONTENT_TYPE } from './resources/openapi-v2-protobuf.js';
export { kindSchema, openApiV2Document, openApiV3Document, openApiV3Index } from './resources/openapi.js';
export { ALL_VERBS, fromStorage, qualifiedResource, storageLocation, toStorage } from './resources/resource-type.js';
export { eventFromCore, eventToCore } from './resources/event-conversion.js';
export type { ExtraSubresource, PrinterColumn, ResourceType, ScaleSubresource, StorageAlias, Verb } from './resources/resource-type.js';
export { requestedReplicas, scaleOf, valueAtPath, withValueAtPath } from './resources/scale.js';
export { formatAge, humanDuration, toTable } from './resources/table.js';
export type { IncludeObject, TableOptions } from './resources/table.js';
export { applySchemaDefaults } from './schema/defaults.js';
export { pruneUnknownFields, strictUnknownFieldsError, unknownFieldWarning } from './schema/prune.js';
export { modelNameOf, schemaFromTypeMap } from './schema/from-type-map.js';
export type { ModelAttribute, ModelLookup } from './schema/from-type-map.js';
export { checkStructural } from './schema/structural.js';
export { validateAgainstSchema } from './schema/validate.js';
export { fromBase64, fromBase64Text, listOf, recordOf, stringOf } from './values.js';
export { formatLabelSelector, labelSelectorFromSpec, matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector, SelectorError, unsupportedFieldSelectorKeys } from './selectors.js';
export type { FieldSelector, LabelSelector, LabelSelectorSpec } from './selectors.js';
export {
  alreadyExists,
  badRequest,
  conflict,
  expired,
  forbidden,
  gone,
  internal,
  invalid,
  isStatusError,
  methodNotAllowed,
  notFound,
  OBJECT_MODIFIED,
  requestEntityTooLarge,
  resourceNotServed,
  serviceUnavailable,
  StatusError,
  successStatus,
  timeout,
  tooManyRequests,
  unauthorized,
  unsupportedMediaType,
} from './status.js';
export type { StatusCause, StatusDetails, StatusReason, StatusResource } from './status.js';
