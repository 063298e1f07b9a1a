// OpenAPI documents: the /openapi/v3 index, the per-group-version OpenAPI 3.0 document that
// `kubectl apply` (server-side field validation detection) and `kubectl explain` read, and a
// Swagger 2.0 document for /openapi/v2.
//
// The PATCH operations deliberately do not list `application/strategic-merge-patch+json`: kubectl
// (cli-runtime Patcher.gvkSupportsPatchOpenAPIV3) would then build client-side apply patches
// from these schemas, which are minimal for built-ins and carry no patch merge keys. Without it,
// kubectl uses its compiled-in types (strategic merge) for built-ins and JSON merge patch for
// custom kinds, as it does against a real cluster.
import type { JsonObject, JsonValue } from '../object.js';
import { isPlainObject } from '../object.js';
import type { ResourceType, Verb } from './resource-type.js';

const COMPONENTS = '#/components/schemas/';
const DEFINITIONS = '#/definitions/';
const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const OBJECT_META = `${META}.ObjectMeta`;
const LIST_META = `${META}.ListMeta`;
const STATUS = `${META}.Status`;
const DELETE_OPTIONS = `${META}.DeleteOptions`;
const PATCH = `${META}.Patch`;
const SCALE = 'io.k8s.api.autoscaling.v1.Scale';
const KUBERNETES_VERSION = 'v1.32.0';

/** Media types a PATCH accepts here (see the file comment for why strategic merge is not listed). */
export const PATCH_CONTENT_TYPES = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json'] as const;

// ---------------------------------------------------------------------------------------------
// Names.

/** `api/v1` for the core group, `apis/<group>/<version>` otherwise: an /openapi/v3 index key. */
export function openApiV3Path(group: string, version: string): string {
  return group === '' ? 'api/v1' : `apis/${group}/${version}`;
}

const BUILTIN_PACKAGES: Record<string, string> = {
  '': 'io.k8s.api.core',
  'apiextensions.k8s.io': 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions',
  'apiregistration.k8s.io': 'io.k8s.kube-aggregator.pkg.apis.apiregistration',
};

/** The package part of a schema name: `io.k8s.api.apps` for built-ins, the reversed group (`dev.knative.serving`) for custom kinds. */
function schemaPackage(resource: Pick<ResourceType, 'group' | 'custom'>): string {
  if (resource.custom) return resource.group.split('.').reverse().join('.');
  return BUILTIN_PACKAGES[resource.group] ?? `io.k8s.api.${resource.group.split('.')[0] ?? ''}`;
}

/** The components/definitions name of a kind: `io.k8s.api.core.v1.ConfigMap`, `dev.knative.serving.v1.Service`. */
export function schemaName(resource: Pick<ResourceType, 'group' | 'version' | 'kind' | 'custom'>): string {
  return `${schemaPackage(resource)}.${resource.version}.${resource.kind}`;
}

function titleCase(word: string): string {
  return word === '' ? '' : `${word[0]?.toUpperCase() ?? ''}${word.slice(1)}`;
}

function operationPrefix(resource: ResourceType): string {
  const group = resource.group === '' ? 'core' : resource.group.replace(/\.k8s\.io$/, '');
  return `${group.split(/[.-]/).map(titleCase).join('')}${titleCase(resource.version)}`;
}

// ---------------------------------------------------------------------------------------------
// Schemas.

function ref(name: string): JsonObject {
  return { $ref: `${COMPONENTS}${name}` };
}

function gvkList(group: string, version: string, kind: string): JsonObject[] {
  return [{ group, version, kind }];
}

const opaqueObject = (description: string): JsonObject => ({ type: 'object', description, 'x-kubernetes-preserve-unknown-fields': true });
const opaqueList = (description: string): JsonObject => ({ type: 'array', description, items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } });
const stringMap = (description: string): JsonObject => ({ type: 'object', description, additionalProperties: { type: 'string', default: '' } });
const scalar = (type: string, description: string): JsonObject => ({ type, description });

const TYPE_META: Record<string, JsonObject> = {
  apiVersion: scalar(
    'string',
    'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
  ),
  kind: scalar(
    'string',
    'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
  ),
};

const METADATA_PROPERTY: JsonObject = {
  allOf: [ref(OBJECT_META)],
  default: {},
  description: "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
};

const SPEC_STATUS: Record<string, JsonObject> = {
  spec: opaqueObject('Spec defines the desired state of the object.'),
  status: opaqueObject('Status is the most recently observed state of the object. Populated by the system. Read-only.'),
};

const EVENT_FIELDS: Record<string, JsonObject> = {
  involvedObject: opaqueObject('The object that this event is about.'),
  reason: scalar('string', "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
  message: scalar('string', 'A human-readable description of the status of this operation.'),
  type: scalar('string', 'Type of this event (Normal, Warning), new types could be added in the future'),
  count: scalar('integer', 'The number of times this event has occurred.'),
  firstTimestamp: { type: 'string', format: 'date-time', description: 'The time at which the event was first recorded.' },
  lastTimestamp: { type: 'string', format: 'date-time', description: 'The time at which the most recent occurrence of this event was recorded.' },
  eventTime: { type: 'string', format: 'date-time', description: 'Time when this Event was first observed.' },
  source: opaqueObject('The component reporting this event.'),
  series: opaqueObject('Data about the Event series this event represents.'),
  reportingComponent: scalar('string', 'Name of the controller that emitted this Event.'),
  reportingInstance: scalar('string', 'ID of the controller instance.'),
  action: scalar('string', 'What action was taken/failed regarding to the Regarding object.'),
  related: opaqueObject('Optional secondary object for more complex actions.'),
};

const EVENTS_V1_FIELDS: Record<string, JsonObject> = {
  regarding: opaqueObject('regarding contains the object this Event is about.'),
  note: scalar('string', 'note is a human-readable description of the status of this operation.'),
  reason: scalar('string', 'reason is why the action was taken.'),
  type: scalar('string', 'type is the type of this event (Normal, Warning).'),
  eventTime: { type: 'string', format: 'date-time', description: 'eventTime is the time when this Event was first observed. It is required.' },
  reportingController: scalar('string', 'reportingController is the name of the controller that emitted this Event.'),
  reportingInstance: scalar('string', 'reportingInstance is the ID of the controller instance.'),
  series: opaqueObject('series is data about the Event series this event represents.'),
  action: scalar('string', 'action is what action was taken/failed regarding to the regarding object.'),
  related: opaqueObject('related is the optional secondary object for more complex actions.'),
  deprecatedSource: opaqueObject('deprecatedSource is the deprecated field assuring backward compatibility with core.v1 Event type.'),
  deprecatedFirstTimestamp: { type: 'string', format: 'date-time', description: 'deprecatedFirstTimestamp is the deprecated field assuring backward compatibility with core.v1 Event type.' },
  deprecatedLastTimestamp: { type: 'string', format: 'date-time', description: 'deprecatedLastTimestamp is the deprecated field assuring backward compatibility with core.v1 Event type.' },
  deprecatedCount: scalar('integer', 'deprecatedCount is the deprecated field assuring backward compatibility with core.v1 Event type.'),
};

const RULES = { rules: opaqueList('Rules holds all the PolicyRules for this Role') };
const BINDING = { roleRef: opaqueObject('RoleRef can only reference a Role or ClusterRole.'), subjects: opaqueList('Subjects holds references to the objects the role applies to.') };
const WEBHOOKS = { webhooks: opaqueList('Webhooks is a list of webhooks and the affected resources and operations.') };

/** Top-level fields (besides apiVersion, kind, metadata) of the built-in kinds; spec and status otherwise. */
const BUILTIN_FIELDS: Record<string, Record<string, JsonObject>> = {
  ConfigMap: {
    data: stringMap('Data contains the configuration data.'),
    binaryData: { type: 'object', description: 'BinaryData contains the binary data.', additionalProperties: { type: 'string', format: 'byte' } },
    immutable: scalar('boolean', 'Immutable, if set to true, ensures that data stored in the ConfigMap cannot be updated.'),
  },
  Secret: {
    data: { type: 'object', description: 'Data contains the secret data (base64 values).', additionalProperties: { type: 'string', format: 'byte' } },
    stringData: stringMap('stringData allows specifying non-binary secret data in string form. It is merged into data on write.'),
    type: scalar('string', 'Used to facilitate programmatic handling of secret data.'),
    immutable: scalar('boolean', 'Immutable, if set to true, ensures that data stored in the Secret cannot be updated.'),
  },
  ServiceAccount: {
    secrets: opaqueList('Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.'),
    imagePullSecrets: opaqueList('ImagePullSecrets is a list of references to secrets in the same namespace to use for pulling any images.'),
    automountServiceAccountToken: scalar('boolean', 'AutomountServiceAccountToken indicates whether pods running as this service account should have an API token automatically mounted.'),
  },
  Endpoints: { subsets: opaqueList('The set of all endpoints is the union of all subsets.') },
  EndpointSlice: {
    addressType: scalar('string', 'addressType specifies the type of address carried by this EndpointSlice.'),
    endpoints: opaqueList('endpoints is a list of unique endpoints in this slice.'),
    ports: opaqueList('ports specifies the list of network ports exposed by each endpoint in this slice.'),
  },
  Lease: { spec: opaqueObject('spec contains the specification of the Lease.') },
  Event: EVENT_FIELDS,
  Role: RULES,
  ClusterRole: { ...RULES, aggregationRule: opaqueObject('AggregationRule is an optional field that describes how to build the Rules for this ClusterRole.') },
  RoleBinding: BINDING,
  ClusterRoleBinding: BINDING,
  MutatingWebhookConfiguration: WEBHOOKS,
  ValidatingWebhookConfiguration: WEBHOOKS,
};

function builtinFields(resource: ResourceType): Record<string, JsonObject> {
  if (resource.group === 'events.k8s.io' && resource.kind === 'Event') return EVENTS_V1_FIELDS;
  return BUILTIN_FIELDS[resource.kind] ?? SPEC_STATUS;
}

function builtinSchema(resource: ResourceType): JsonObject {
  return {
    type: 'object',
    description: `${resource.kind} (${resource.group === '' ? 'core' : resource.group}/${resource.version}).`,
    properties: { ...TYPE_META, metadata: METADATA_PROPERTY, ...builtinFields(resource) },
  };
}

function customSchema(resource: ResourceType): JsonObject {
  const schema: JsonObject = resource.schema === undefined ? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } : structuredClone(resource.schema);
  const properties = isPlainObject(schema['properties']) ? (schema['properties']) : {};
  schema['properties'] = { ...properties, ...TYPE_META, metadata: METADATA_PROPERTY };
  return schema;
}

/** The schema of a kind as the documents carry it, with `x-kubernetes-group-version-kind`. */
export function kindSchema(resource: ResourceType): JsonObject {
  const schema = resource.custom ? customSchema(resource) : builtinSchema(resource);
  schema['x-kubernetes-group-version-kind'] = gvkList(resource.group, resource.version, resource.kind);
  return schema;
}

function listSchema(resource: ResourceType): JsonObject {
  return {
    type: 'object',
    description: `${resource.kind}List is a list of ${resource.kind}.`,
    required: ['items'],
    properties: {
      ...TYPE_META,
      items: { type: 'array', description: `List of ${resource.plural}.`, items: { allOf: [ref(schemaName(resource))], default: {} } },
      metadata: { allOf: [ref(LIST_META)], default: {}, description: "Standard list metadata." },
    },
    'x-kubernetes-group-version-kind': gvkList(resource.group, resource.version, `${resource.kind}List`),
  };
}

const stringList = (description: string): JsonObject => ({ type: 'array', description, items: { type: 'string', default: '' } });
const timestamp = (description: string): JsonObject => ({ type: 'string', format: 'date-time', description });

const OBJECT_META_SCHEMA: JsonObject = {
  type: 'object',
  description: 'ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.',
  properties: {
    name: scalar('string', 'Name must be unique within a namespace. Cannot be updated.'),
    generateName: scalar('string', 'GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided.'),
    namespace: scalar('string', 'Namespace defines the space within which each name must be unique. Cannot be updated.'),
    uid: scalar('string', 'UID is the unique in time and space value for this object. Populated by the system. Read-only.'),
    resourceVersion: scalar('string', 'An opaque value that represents the internal version of this object. Populated by the system. Read-only.'),
    generation: { type: 'integer', format: 'int64', description: 'A sequence number representing a specific generation of the desired state. Populated by the system. Read-only.' },
    creationTimestamp: timestamp('CreationTimestamp is a timestamp representing the server time when this object was created. Populated by the system. Read-only.'),
    deletionTimestamp: timestamp('DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted. Populated by the system. Read-only.'),
    deletionGracePeriodSeconds: { type: 'integer', format: 'int64', description: 'Number of seconds allowed for this object to gracefully terminate before it will be removed from the system.' },
    labels: stringMap('Map of string keys and values that can be used to organize and categorize (scope and select) objects.'),
    annotations: stringMap('Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata.'),
    ownerReferences: {
      type: 'array',
      description: 'List of objects depended by this object.',
      items: opaqueObject('OwnerReference contains enough information to let you identify an owning object.'),
      'x-kubernetes-list-map-keys': ['uid'],
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-patch-merge-key': 'uid',
      'x-kubernetes-patch-strategy': 'merge',
    },
    finalizers: { ...stringList('Must be empty before the object is deleted from the registry.'), 'x-kubernetes-list-type': 'set', 'x-kubernetes-patch-strategy': 'merge' },
    managedFields: opaqueList('ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow.'),
  },
};

const SHARED_SCHEMAS: Record<string, JsonObject> = {
  [OBJECT_META]: OBJECT_META_SCHEMA,
  [LIST_META]: {
    type: 'object',
    description: 'ListMeta describes metadata that synthetic resources must have, including lists and various status objects.',
    properties: {
      continue: scalar('string', 'continue may be set if the user set a limit on the number of items returned.'),
      remainingItemCount: { type: 'integer', format: 'int64', description: 'remainingItemCount is the number of subsequent items in the list.' },
      resourceVersion: scalar('string', "String that identifies the server's internal version of this object."),
    },
  },
  [STATUS]: {
    type: 'object',
    description: 'Status is a return value for calls that do not return other objects.',
    properties: { ...TYPE_META, code: { type: 'integer', format: 'int32', description: 'Suggested HTTP return code for this status, 0 if not set.' }, details: opaqueObject('Extended data associated with the reason.'), message: scalar('string', 'A human-readable description of the status of this operation.'), reason: scalar('string', 'A machine-readable description of why this operation is in the "Failure" status.'), status: scalar('string', 'Status of the operation. One of: "Success" or "Failure".') },
    'x-kubernetes-group-version-kind': gvkList('', 'v1', 'Status'),
  },
  [DELETE_OPTIONS]: {
    type: 'object',
    description: 'DeleteOptions may be provided when deleting an API object.',
    properties: {
      ...TYPE_META,
      dryRun: stringList('When present, indicates that modifications should not be persisted.'),
      gracePeriodSeconds: { type: 'integer', format: 'int64', description: 'The duration in seconds before the object should be deleted.' },
      preconditions: opaqueObject('Must be fulfilled before a deletion is carried out.'),
      propagationPolicy: scalar('string', "Whether and how garbage collection will be performed. Acceptable values are: 'Orphan', 'Background', 'Foreground'."),
    },
  },
  [PATCH]: { type: 'object', description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.' },
};

const SCALE_SCHEMA: JsonObject = {
  type: 'object',
  description: 'Scale represents a scaling request for a resource.',
  properties: {
    ...TYPE_META,
    metadata: METADATA_PROPERTY,
    spec: { type: 'object', description: 'spec defines the behavior of the scale.', properties: { replicas: { type: 'integer', format: 'int32', description: 'replicas is the desired number of instances for the scaled object.' } } },
    status: {
      type: 'object',
      description: 'status is the current status of the scale.',
      required: ['replicas'],
      properties: {
        replicas: { type: 'integer', format: 'int32', default: 0, description: 'replicas is the actual number of observed instances of the scaled object.' },
        selector: scalar('string', 'selector is the label query over pods that should match the replicas count.'),
      },
    },
  },
  'x-kubernetes-group-version-kind': gvkList('autoscaling', 'v1', 'Scale'),
};

function componentSchemas(resources: readonly ResourceType[]): Record<string, JsonObject> {
  const schemas: Record<string, JsonObject> = { ...SHARED_SCHEMAS };
  for (const resource of resources) {
    schemas[schemaName(resource)] = kindSchema(resource);
    schemas[`${schemaName(resource)}List`] = listSchema(resource);
  }
  if (resources.some((r) => r.scale !== undefined)) schemas[SCALE] = SCALE_SCHEMA;
  return schemas;
}

// ---------------------------------------------------------------------------------------------
// Operations.

/** The `x-kubernetes-action` of an operation. */
export type OperationAction = 'get' | 'list' | 'post' | 'put' | 'patch' | 'delete' | 'deletecollection';
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

interface Operation {
  path: string;
  method: Method;
  action: OperationAction;
  verb: Verb;
  gvk: { group: string; version: string; kind: string };
  /** Schema name of the response (and of the request body for post/put). */
  schema: string;
  operationId: string;
  namespaced: boolean;
}

const ACTION_METHOD: Record<OperationAction, Method> = { get: 'get', list: 'get', post: 'post', put: 'put', patch: 'patch', delete: 'delete', deletecollection: 'delete' };
const ACTION_VERB: Record<OperationAction, Verb> = { get: 'get', list: 'list', post: 'create', put: 'update', patch: 'patch', delete: 'delete', deletecollection: 'deletecollection' };
const ACTION_WORD: Record<OperationAction, string> = { get: 'read', list: 'list', post: 'create', put: 'replace', patch: 'patch', delete: 'delete', deletecollection: 'deleteCollection' };

interface Endpoint {
  path: string;
  actions: OperationAction[];
  /** `Status`, `Scale`, `ForAllNamespaces` or `''`. */
  suffix: string;
  namespaced: boolean;
}

function endpointsOf(resource: ResourceType): Endpoint[] {
  const prefix = resource.group === '' ? '/api/v1' : `/apis/${resource.group}/${resource.version}`;
  const ns = resource.namespaced ? '/namespaces/{namespace}' : '';
  const collection = `${prefix}${ns}/${resource.plural}`;
  const item = `${collection}/{name}`;
  const endpoints: Endpoint[] = [
    { path: collection, actions: ['list', 'post', 'deletecollection'], suffix: '', namespaced: resource.namespaced },
    { path: item, actions: ['get', 'put', 'patch', 'delete'], suffix: '', namespaced: resource.namespaced },
  ];
  if (resource.namespaced) endpoints.push({ path: `${prefix}/${resource.plural}`, actions: ['list'], suffix: 'ForAllNamespaces', namespaced: false });
  if (resource.statusSubresource) endpoints.push({ path: `${item}/status`, actions: ['get', 'put', 'patch'], suffix: 'Status', namespaced: resource.namespaced });
  if (resource.scale !== undefined) endpoints.push({ path: `${item}/scale`, actions: ['get', 'put', 'patch'], suffix: 'Scale', namespaced: resource.namespaced });
  return endpoints;
}

function operation(resource: ResourceType, endpoint: Endpoint, action: OperationAction): Operation {
  const scale = endpoint.suffix === 'Scale';
  const list = action === 'list' || action === 'deletecollection';
  const kind = scale ? 'Scale' : resource.kind;
  const scope = endpoint.namespaced ? 'Namespaced' : '';
  return {
    path: endpoint.path,
    method: ACTION_METHOD[action],
    action,
    verb: ACTION_VERB[action],
    gvk: scale ? { group: 'autoscaling', version: 'v1', kind: 'Scale' } : { group: resource.group, version: resource.version, kind: resource.kind },
    schema: scale ? SCALE : action === 'list' ? `${schemaName(resource)}List` : list ? STATUS : schemaName(resource),
    operationId: `${ACTION_WORD[action]}${operationPrefix(resource)}${scope}${kind === 'Scale' ? resource.kind : kind}${endpoint.suffix}`,
    namespaced: endpoint.namespaced,
  };
}

/** Every operation of a resource, filtered by its verbs (subresources need `get`/`update`/`patch`). */
function operationsOf(resource: ResourceType): Operation[] {
  return endpointsOf(resource).flatMap((endpoint) =>
    endpoint.actions.map((action) => operation(resource, endpoint, action)).filter((op) => resource.verbs.includes(op.verb)),
  );
}

const QUERY_PARAMETERS: Record<string, { type: string; description: string }> = {
  allowWatchBookmarks: { type: 'boolean', description: 'allowWatchBookmarks requests watch events with type "BOOKMARK".' },
  continue: { type: 'string', description: 'The continue option should be set when retrieving more results from the server.' },
  dryRun: { type: 'string', description: 'When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed' },
  fieldManager: { type: 'string', description: 'fieldManager is a name associated with the actor or entity that is making these changes.' },
  fieldSelector: { type: 'string', description: 'A selector to restrict the list of returned objects by their fields. Defaults to everything.' },
  fieldValidation: {
    type: 'string',
    description:
      'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Warn - Strict',
  },
  force: { type: 'boolean', description: 'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people.' },
  gracePeriodSeconds: { type: 'integer', description: 'The duration in seconds before the object should be deleted.' },
  labelSelector: { type: 'string', description: 'A selector to restrict the list of returned objects by their labels. Defaults to everything.' },
  limit: { type: 'integer', description: 'limit is a maximum number of responses to return for a list call.' },
  propagationPolicy: { type: 'string', description: "Whether and how garbage collection will be performed. Acceptable values are: 'Orphan', 'Background', 'Foreground'." },
  resourceVersion: { type: 'string', description: 'resourceVersion sets a constraint on what resource versions a request may be served from.' },
  resourceVersionMatch: { type: 'string', description: 'resourceVersionMatch determines how resourceVersion is applied to list calls.' },
  sendInitialEvents: { type: 'boolean', description: '`sendInitialEvents=true` may be set together with `watch=true`.' },
  timeoutSeconds: { type: 'integer', description: 'Timeout for the list/watch call.' },
  watch: { type: 'boolean', description: 'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications.' },
};

const LIST_PARAMS = ['allowWatchBookmarks', 'continue', 'fieldSelector', 'labelSelector', 'limit', 'resourceVersion', 'resourceVersionMatch', 'sendInitialEvents', 'timeoutSeconds', 'watch'];
const WRITE_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation'];
const DELETE_PARAMS = ['dryRun', 'gracePeriodSeconds', 'propagationPolicy'];

const ACTION_PARAMS: Record<OperationAction, string[]> = {
  get: [],
  list: LIST_PARAMS,
  post: WRITE_PARAMS,
  put: WRITE_PARAMS,
  patch: [...WRITE_PARAMS, 'force'],
  delete: DELETE_PARAMS,
  deletecollection: [...DELETE_PARAMS, 'continue', 'fieldSelector', 'labelSelector', 'limit', 'resourceVersion', 'resourceVersionMatch', 'sendInitialEvents', 'timeoutSeconds'],
};

/** The query parameter names of an operation (`fieldValidation` on POST/PUT/PATCH). */
export function queryParameterNames(action: OperationAction): string[] {
  return ACTION_PARAMS[action];
}

function pathParameterNames(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').reverse();
}

const PATH_PARAM_DESCRIPTION: Record<string, string> = { name: 'name of the resource', namespace: 'object name and auth scope, such as for teams and projects' };

function requestSchema(op: Operation): string | undefined {
  if (op.action === 'patch') return PATCH;
  if (op.action === 'post' || op.action === 'put') return op.schema;
  return op.action === 'delete' || op.action === 'deletecollection' ? DELETE_OPTIONS : undefined;
}

function responseSchema(op: Operation): string {
  return op.action === 'delete' ? STATUS : op.schema;
}

function operationCommon(op: Operation): JsonObject {
  return {
    description: `${ACTION_WORD[op.action]} ${op.gvk.kind}`,
    operationId: op.operationId,
    tags: [tagOf(op)],
    'x-kubernetes-action': op.action,
    'x-kubernetes-group-version-kind': { ...op.gvk },
  };
}

function tagOf(op: Operation): string {
  return op.path.startsWith('/api/v1') ? 'core_v1' : op.path.split('/').slice(2, 4).join('_').replace(/\./g, '_');
}

// ---- OpenAPI v3 rendering --------------------------------------------------------------------

function v3Parameter(name: string): JsonObject {
  const p = QUERY_PARAMETERS[name] ?? { type: 'string', description: name };
  return { name, in: 'query', description: p.description, schema: { type: p.type, uniqueItems: true } };
}

function v3Content(types: readonly string[], schema: string): JsonObject {
  return Object.fromEntries(types.map((t) => [t, { schema: ref(schema) }]));
}

function v3Operation(op: Operation): JsonObject {
  const body = requestSchema(op);
  const result: JsonObject = { ...operationCommon(op), parameters: ACTION_PARAMS[op.action].map(v3Parameter) };
  if (body !== undefined) {
    const types = op.action === 'patch' ? PATCH_CONTENT_TYPES : ['*/*'];
    result['requestBody'] = { content: v3Content(types, body), required: op.action !== 'delete' && op.action !== 'deletecollection' };
  }
  const responses: JsonObject = { '200': { description: 'OK', content: v3Content(['application/json', 'application/yaml'], responseSchema(op)) } };
  if (op.action === 'post' || op.action === 'put' || op.action === 'patch') responses['201'] = { description: 'Created', content: v3Content(['application/json', 'application/yaml'], op.schema) };
  result['responses'] = { ...responses, '401': { description: 'Unauthorized' } };
  return result;
}

function v3PathParameters(path: string): JsonObject[] {
  const params = pathParameterNames(path).map((name) => ({ name, in: 'path', description: PATH_PARAM_DESCRIPTION[name] ?? name, required: true, schema: { type: 'string', uniqueItems: true } }));
  return [...params, { name: 'pretty', in: 'query', description: "If 'true', then the output is pretty printed.", schema: { type: 'string', uniqueItems: true } }];
}

function collectPaths(resources: readonly ResourceType[], render: (op: Operation) => JsonObject, pathParams: (path: string) => JsonObject[]): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const op of resources.flatMap(operationsOf)) {
    const item = paths[op.path] ?? { parameters: pathParams(op.path) };
    item[op.method] = render(op);
    paths[op.path] = item;
  }
  return paths;
}

/** The `/openapi/v3` index: one entry per served group-version, its URL carrying `hashOf(<key>)` (key: `api/v1`, `apis/apps/v1`). */
export function openApiV3Index(resources: readonly ResourceType[], hashOf: (key: string) => string): JsonObject {
  const keys = [...new Set(resources.map((r) => openApiV3Path(r.group, r.version)))].sort();
  return { paths: Object.fromEntries(keys.map((key) => [key, { serverRelativeURL: `/openapi/v3/${key}?hash=${hashOf(key)}` }])) };
}

/** The OpenAPI 3.0 document of one group-version's resources (paths with GVK-tagged operations, component schemas). */
export function openApiV3Document(resources: readonly ResourceType[]): JsonObject {
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: KUBERNETES_VERSION },
    paths: collectPaths(resources, v3Operation, v3PathParameters),
    components: { schemas: componentSchemas(resources) },
  };
}

// ---- Swagger 2.0 rendering -------------------------------------------------------------------

function toDefinitionRefs(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(toDefinitionRefs);
  if (!isPlainObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = key === '$ref' && typeof inner === 'string' ? inner.replace(COMPONENTS, DEFINITIONS) : toDefinitionRefs(inner);
  }
  return out;
}

function v2Parameter(name: string): JsonObject {
  const p = QUERY_PARAMETERS[name] ?? { type: 'string', description: name };
  return { name, in: 'query', description: p.description, type: p.type, uniqueItems: true };
}

function v2Operation(op: Operation): JsonObject {
  const body = requestSchema(op);
  const parameters = ACTION_PARAMS[op.action].map(v2Parameter);
  if (body !== undefined) parameters.unshift({ name: 'body', in: 'body', required: op.action !== 'delete' && op.action !== 'deletecollection', schema: { $ref: `${DEFINITIONS}${body}` } });
  return {
    ...operationCommon(op),
    consumes: op.action === 'patch' ? [...PATCH_CONTENT_TYPES] : ['*/*'],
    produces: ['application/json', 'application/yaml'],
    schemes: ['https'],
    parameters,
    responses: { '200': { description: 'OK', schema: { $ref: `${DEFINITIONS}${responseSchema(op)}` } }, '401': { description: 'Unauthorized' } },
  };
}

function v2PathParameters(path: string): JsonObject[] {
  const params = pathParameterNames(path).map((name) => ({ name, in: 'path', description: PATH_PARAM_DESCRIPTION[name] ?? name, required: true, type: 'string', uniqueItems: true }));
  return [...params, { name: 'pretty', in: 'query', description: "If 'true', then the output is pretty printed.", type: 'string', uniqueItems: true }];
}

/** A Swagger 2.0 document of every resource: paths and `definitions` (same names and GVK extensions as v3). */
export function openApiV2Document(resources: readonly ResourceType[]): JsonObject {
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: KUBERNETES_VERSION },
    paths: collectPaths(resources, v2Operation, v2PathParameters),
    definitions: toDefinitionRefs(componentSchemas(resources)),
  };
}
