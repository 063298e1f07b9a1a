// The protobuf messages kubectl's generator commands send (`kubectl create namespace|configmap|
// secret|serviceaccount|deployment|service|role|clusterrole|rolebinding|clusterrolebinding|token`,
// `kubectl auth whoami`, `kubectl auth can-i`), as data: for each message, field number → JSON name and kind. Field
// numbers and types are those of the generated.proto files of k8s.io/api (core/v1, apps/v1,
// rbac/v1, authentication/v1, authorization/v1) and k8s.io/apimachinery (meta/v1, util/intstr, api/resource).
// Fields not listed here are skipped when decoding.
//
// `pointer` marks fields that are pointers in the Go types (`*int32`, `*bool`, `*string`): Go's
// protobuf marshaller writes those only when set, so a zero value is meaningful and kept. Every
// other singular scalar is always written, zero or not, so a zero value means "unset" and is
// dropped, as JSON's `omitempty` would.

/** A field's value type. `time` is meta/v1 Time, `intOrString` util/intstr IntOrString,
 * `quantity` api/resource Quantity, `fieldsV1` meta/v1 FieldsV1 (its raw JSON). */
export type ScalarKind = 'string' | 'int32' | 'int64' | 'bool' | 'bytes' | 'double' | 'time' | 'intOrString' | 'quantity' | 'fieldsV1';

/** The value type of a map field's entries (keys are always strings). */
export type MapValueKind = { readonly type: 'string' | 'bytes' | 'quantity' } | { readonly type: 'message'; readonly message: string };

/** What a field holds. */
export type FieldKind =
  | { readonly type: ScalarKind }
  | { readonly type: 'message'; readonly message: string }
  | { readonly type: 'map'; readonly value: MapValueKind };

/** One field of a message schema. */
export interface FieldSchema {
  readonly json: string;
  readonly kind: FieldKind;
  readonly repeated?: boolean;
  readonly pointer?: boolean;
}

/** A message: field number → field. */
export type MessageSchema = Readonly<Record<number, FieldSchema>>;

interface FieldOptions {
  readonly repeated?: boolean;
  readonly pointer?: boolean;
}

function scalar(type: ScalarKind): (json: string, options?: FieldOptions) => FieldSchema {
  return (json, options = {}) => ({ json, kind: { type }, ...options });
}

const str = scalar('string');
const i32 = scalar('int32');
const i64 = scalar('int64');
const bool = scalar('bool');
const time = scalar('time');
const intOrString = scalar('intOrString');

function msg(json: string, message: string, options: FieldOptions = {}): FieldSchema {
  return { json, kind: { type: 'message', message }, ...options };
}

function map(json: string, value: MapValueKind['type'], message = ''): FieldSchema {
  const kind: MapValueKind = value === 'message' ? { type: 'message', message } : { type: value };
  return { json, kind: { type: 'map', value: kind } };
}

const strings = (json: string): FieldSchema => str(json, { repeated: true });

/** An object with metadata, spec and status (Namespace, Service, Deployment, Pod). */
function specAndStatus(spec: string, status: string): MessageSchema {
  return { 1: msg('metadata', 'ObjectMeta'), 2: msg('spec', spec), 3: msg('status', status) };
}

const META_V1: Readonly<Record<string, MessageSchema>> = {
  ObjectMeta: {
    1: str('name'),
    2: str('generateName'),
    3: str('namespace'),
    4: str('selfLink'),
    5: str('uid'),
    6: str('resourceVersion'),
    7: i64('generation'),
    8: time('creationTimestamp'),
    9: time('deletionTimestamp'),
    10: i64('deletionGracePeriodSeconds', { pointer: true }),
    11: map('labels', 'string'),
    12: map('annotations', 'string'),
    13: msg('ownerReferences', 'OwnerReference', { repeated: true }),
    14: strings('finalizers'),
    17: msg('managedFields', 'ManagedFieldsEntry', { repeated: true }),
  },
  OwnerReference: {
    5: str('apiVersion'),
    1: str('kind'),
    3: str('name'),
    4: str('uid'),
    6: bool('controller', { pointer: true }),
    7: bool('blockOwnerDeletion', { pointer: true }),
  },
  ManagedFieldsEntry: {
    1: str('manager'),
    2: str('operation'),
    3: str('apiVersion'),
    4: time('time'),
    6: str('fieldsType'),
    7: scalar('fieldsV1')('fieldsV1'),
    8: str('subresource'),
  },
  LabelSelector: {
    1: map('matchLabels', 'string'),
    2: msg('matchExpressions', 'LabelSelectorRequirement', { repeated: true }),
  },
  LabelSelectorRequirement: { 1: str('key'), 2: str('operator'), 3: strings('values') },
};

const CORE_V1: Readonly<Record<string, MessageSchema>> = {
  Namespace: specAndStatus('NamespaceSpec', 'NamespaceStatus'),
  NamespaceSpec: { 1: strings('finalizers') },
  NamespaceStatus: { 1: str('phase') },
  ConfigMap: {
    1: msg('metadata', 'ObjectMeta'),
    2: map('data', 'string'),
    3: map('binaryData', 'bytes'),
    4: bool('immutable', { pointer: true }),
  },
  Secret: {
    1: msg('metadata', 'ObjectMeta'),
    2: map('data', 'bytes'),
    3: str('type'),
    4: map('stringData', 'string'),
    5: bool('immutable', { pointer: true }),
  },
  ServiceAccount: {
    1: msg('metadata', 'ObjectMeta'),
    2: msg('secrets', 'ObjectReference', { repeated: true }),
    3: msg('imagePullSecrets', 'LocalObjectReference', { repeated: true }),
    4: bool('automountServiceAccountToken', { pointer: true }),
  },
  ObjectReference: { 1: str('kind'), 2: str('namespace'), 3: str('name'), 4: str('uid'), 5: str('apiVersion'), 6: str('resourceVersion'), 7: str('fieldPath') },
  LocalObjectReference: { 1: str('name') },
  Service: specAndStatus('ServiceSpec', 'ServiceStatus'),
  ServiceSpec: {
    1: msg('ports', 'ServicePort', { repeated: true }),
    2: map('selector', 'string'),
    3: str('clusterIP'),
    18: strings('clusterIPs'),
    4: str('type'),
    5: strings('externalIPs'),
    7: str('sessionAffinity'),
    8: str('loadBalancerIP'),
    9: strings('loadBalancerSourceRanges'),
    10: str('externalName'),
    11: str('externalTrafficPolicy'),
    12: i32('healthCheckNodePort'),
    13: bool('publishNotReadyAddresses'),
    19: strings('ipFamilies'),
    17: str('ipFamilyPolicy', { pointer: true }),
    20: bool('allocateLoadBalancerNodePorts', { pointer: true }),
    21: str('loadBalancerClass', { pointer: true }),
    22: str('internalTrafficPolicy', { pointer: true }),
    23: str('trafficDistribution', { pointer: true }),
  },
  ServicePort: { 1: str('name'), 2: str('protocol'), 6: str('appProtocol', { pointer: true }), 3: i32('port'), 4: intOrString('targetPort'), 5: i32('nodePort') },
  ServiceStatus: {},
  Pod: specAndStatus('PodSpec', 'PodStatus'),
  PodStatus: {},
  PodTemplateSpec: { 1: msg('metadata', 'ObjectMeta'), 2: msg('spec', 'PodSpec') },
  PodSpec: {
    20: msg('initContainers', 'Container', { repeated: true }),
    2: msg('containers', 'Container', { repeated: true }),
    3: str('restartPolicy'),
    4: i64('terminationGracePeriodSeconds', { pointer: true }),
    5: i64('activeDeadlineSeconds', { pointer: true }),
    6: str('dnsPolicy'),
    7: map('nodeSelector', 'string'),
    8: str('serviceAccountName'),
    9: str('serviceAccount'),
    21: bool('automountServiceAccountToken', { pointer: true }),
    10: str('nodeName'),
    11: bool('hostNetwork'),
    12: bool('hostPID'),
    13: bool('hostIPC'),
    14: msg('securityContext', 'PodSecurityContext'),
    15: msg('imagePullSecrets', 'LocalObjectReference', { repeated: true }),
    16: str('hostname'),
    17: str('subdomain'),
    19: str('schedulerName'),
    24: str('priorityClassName'),
    25: i32('priority', { pointer: true }),
    30: bool('enableServiceLinks', { pointer: true }),
  },
  PodSecurityContext: {
    2: i64('runAsUser', { pointer: true }),
    6: i64('runAsGroup', { pointer: true }),
    3: bool('runAsNonRoot', { pointer: true }),
    4: i64('supplementalGroups', { repeated: true }),
    5: i64('fsGroup', { pointer: true }),
    9: str('fsGroupChangePolicy', { pointer: true }),
  },
  Container: {
    1: str('name'),
    2: str('image'),
    3: strings('command'),
    4: strings('args'),
    5: str('workingDir'),
    6: msg('ports', 'ContainerPort', { repeated: true }),
    7: msg('env', 'EnvVar', { repeated: true }),
    8: msg('resources', 'ResourceRequirements'),
    24: str('restartPolicy', { pointer: true }),
    13: str('terminationMessagePath'),
    20: str('terminationMessagePolicy'),
    14: str('imagePullPolicy'),
    16: bool('stdin'),
    17: bool('stdinOnce'),
    18: bool('tty'),
  },
  ContainerPort: { 1: str('name'), 2: i32('hostPort'), 3: i32('containerPort'), 4: str('protocol'), 5: str('hostIP') },
  EnvVar: { 1: str('name'), 2: str('value') },
  ResourceRequirements: { 1: map('limits', 'quantity'), 2: map('requests', 'quantity') },
};

const APPS_V1: Readonly<Record<string, MessageSchema>> = {
  Deployment: specAndStatus('DeploymentSpec', 'DeploymentStatus'),
  DeploymentSpec: {
    1: i32('replicas', { pointer: true }),
    2: msg('selector', 'LabelSelector'),
    3: msg('template', 'PodTemplateSpec'),
    4: msg('strategy', 'DeploymentStrategy'),
    5: i32('minReadySeconds'),
    6: i32('revisionHistoryLimit', { pointer: true }),
    7: bool('paused'),
    9: i32('progressDeadlineSeconds', { pointer: true }),
  },
  DeploymentStrategy: { 1: str('type'), 2: msg('rollingUpdate', 'RollingUpdateDeployment') },
  RollingUpdateDeployment: { 1: intOrString('maxUnavailable'), 2: intOrString('maxSurge') },
  DeploymentStatus: {
    1: i64('observedGeneration'),
    2: i32('replicas'),
    3: i32('updatedReplicas'),
    7: i32('readyReplicas'),
    4: i32('availableReplicas'),
    5: i32('unavailableReplicas'),
  },
};

const RBAC_V1: Readonly<Record<string, MessageSchema>> = {
  Role: { 1: msg('metadata', 'ObjectMeta'), 2: msg('rules', 'PolicyRule', { repeated: true }) },
  ClusterRole: {
    1: msg('metadata', 'ObjectMeta'),
    2: msg('rules', 'PolicyRule', { repeated: true }),
    3: msg('aggregationRule', 'AggregationRule'),
  },
  AggregationRule: { 1: msg('clusterRoleSelectors', 'LabelSelector', { repeated: true }) },
  PolicyRule: { 1: strings('verbs'), 2: strings('apiGroups'), 3: strings('resources'), 4: strings('resourceNames'), 5: strings('nonResourceURLs') },
  RoleBinding: { 1: msg('metadata', 'ObjectMeta'), 2: msg('subjects', 'Subject', { repeated: true }), 3: msg('roleRef', 'RoleRef') },
  ClusterRoleBinding: { 1: msg('metadata', 'ObjectMeta'), 2: msg('subjects', 'Subject', { repeated: true }), 3: msg('roleRef', 'RoleRef') },
  Subject: { 1: str('kind'), 2: str('apiGroup'), 3: str('name'), 4: str('namespace') },
  RoleRef: { 1: str('apiGroup'), 2: str('kind'), 3: str('name') },
};

const AUTHENTICATION_V1: Readonly<Record<string, MessageSchema>> = {
  TokenRequest: { 1: msg('metadata', 'ObjectMeta'), 2: msg('spec', 'TokenRequestSpec'), 3: msg('status', 'TokenRequestStatus') },
  TokenRequestSpec: {
    1: strings('audiences'),
    4: i64('expirationSeconds', { pointer: true }),
    3: msg('boundObjectRef', 'BoundObjectReference'),
  },
  TokenRequestStatus: { 1: str('token'), 2: time('expirationTimestamp') },
  BoundObjectReference: { 1: str('kind'), 2: str('apiVersion'), 3: str('name'), 4: str('uid') },
  SelfSubjectReview: { 1: msg('metadata', 'ObjectMeta'), 2: msg('status', 'SelfSubjectReviewStatus') },
  SelfSubjectReviewStatus: { 1: msg('userInfo', 'UserInfo') },
  UserInfo: { 1: str('username'), 2: str('uid'), 3: strings('groups') },
};

const AUTHORIZATION_V1: Readonly<Record<string, MessageSchema>> = {
  SelfSubjectAccessReview: { 1: msg('metadata', 'ObjectMeta'), 2: msg('spec', 'SelfSubjectAccessReviewSpec'), 3: msg('status', 'SubjectAccessReviewStatus') },
  SelfSubjectAccessReviewSpec: { 1: msg('resourceAttributes', 'ResourceAttributes'), 2: msg('nonResourceAttributes', 'NonResourceAttributes') },
  ResourceAttributes: { 1: str('namespace'), 2: str('verb'), 3: str('group'), 4: str('version'), 5: str('resource'), 6: str('subresource'), 7: str('name') },
  NonResourceAttributes: { 1: str('path'), 2: str('verb') },
  SubjectAccessReviewStatus: { 1: bool('allowed'), 4: bool('denied'), 2: str('reason'), 3: str('evaluationError') },
};

/** Every message schema, by message name (names are unique across the packages used here). */
export const MESSAGES: Readonly<Record<string, MessageSchema>> = { ...META_V1, ...CORE_V1, ...APPS_V1, ...RBAC_V1, ...AUTHENTICATION_V1, ...AUTHORIZATION_V1 };

/** The top-level kinds that can be decoded: `<apiVersion>/<Kind>` → message name. */
export const KIND_MESSAGES: Readonly<Record<string, string>> = {
  'v1/Namespace': 'Namespace',
  'v1/ConfigMap': 'ConfigMap',
  'v1/Secret': 'Secret',
  'v1/ServiceAccount': 'ServiceAccount',
  'v1/Service': 'Service',
  'v1/Pod': 'Pod',
  'apps/v1/Deployment': 'Deployment',
  'rbac.authorization.k8s.io/v1/Role': 'Role',
  'rbac.authorization.k8s.io/v1/ClusterRole': 'ClusterRole',
  'rbac.authorization.k8s.io/v1/RoleBinding': 'RoleBinding',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': 'ClusterRoleBinding',
  'authentication.k8s.io/v1/TokenRequest': 'TokenRequest',
  'authentication.k8s.io/v1/SelfSubjectReview': 'SelfSubjectReview',
  'authorization.k8s.io/v1/SelfSubjectAccessReview': 'SelfSubjectAccessReview',
};
