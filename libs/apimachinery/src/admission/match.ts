// Admission webhooks, the pure part: which webhooks of the Mutating/ValidatingWebhookConfigurations
// a request reaches (rules, scope, namespaceSelector, objectSelector, as Kubernetes'
// apiserver/pkg/admission/plugin/webhook does), the AdmissionReview v1 the server sends, and how
// it reads the reply (a patch, warnings, or a denial with Kubernetes' texts). Calling is I/O and
// lives in the API server.
import type { GroupVersionKind, JsonObject, JsonValue } from '../object.js';
import { isPlainObject } from '../object.js';
import { labelSelectorFromSpec, matchesLabels } from '../selectors.js';
import type { LabelSelectorSpec } from '../selectors.js';
import { compareStrings, fromBase64Text } from '../values.js';

/** An admission operation, as AdmissionReview names it. */
export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

/** The requesting user, as AdmissionReview's `request.userInfo` carries it. */
export interface AdmissionUserInfo {
  username: string;
  uid?: string;
  groups: readonly string[];
  extra?: Record<string, readonly string[]>;
}

/**
 * One request as admission sees it. `namespace` is `''` for cluster-scoped resources; for a
 * Namespace object it may be `''` or the namespace's own name (Kubernetes uses the name).
 * `subResource` is `''` for the main resource. `object` is absent on DELETE, `oldObject` on CREATE.
 */
export interface AdmissionAttributes {
  operation: AdmissionOperation;
  group: string;
  version: string;
  /** Plural resource, e.g. `deployments`. */
  resource: string;
  subResource: string;
  kind: GroupVersionKind;
  name: string;
  namespace: string;
  object?: JsonObject;
  oldObject?: JsonObject;
  dryRun: boolean;
  userInfo: AdmissionUserInfo;
  /** CreateOptions / UpdateOptions / DeleteOptions / PatchOptions as sent to the webhook. */
  options?: JsonObject;
}

/** Labels the selectors look at; `object`/`oldObject` default to those of `attrs.object`/`attrs.oldObject`. */
export interface SelectorLabels {
  /** Labels of the request's namespace; unset = the namespace has none (or is unknown). */
  namespace?: Record<string, string>;
  object?: Record<string, string>;
  oldObject?: Record<string, string>;
}

/** `webhooks[].clientConfig.service` with its defaults applied. */
export interface WebhookService {
  namespace: string;
  name: string;
  /** `''` when unset. */
  path: string;
  /** 443 when unset. */
  port: number;
}

/** `webhooks[].clientConfig`: a `url` or a `service`, and an optional base64 PEM `caBundle`. */
export interface WebhookClientConfig {
  url?: string;
  service?: WebhookService;
  caBundle?: string;
}

/** One webhook of a configuration, its defaults applied. */
export interface MatchedWebhook {
  /** `metadata.name` of the configuration holding it. */
  configurationName: string;
  name: string;
  clientConfig: WebhookClientConfig;
  failurePolicy: 'Fail' | 'Ignore';
  /** 10 when unset. */
  timeoutSeconds: number;
  reinvocationPolicy: 'Never' | 'IfNeeded';
  matchPolicy: 'Exact' | 'Equivalent';
  sideEffects: string;
  admissionReviewVersions: string[];
  /** The webhook as stored, for the fields not lifted above (rules, selectors). */
  spec: JsonObject;
}

/** Kinds of admissionregistration.k8s.io that webhooks never see (so a bad webhook cannot lock itself in). */
const EXEMPT_KINDS: readonly string[] = [
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
];

/** True for requests on webhook and admission-policy configurations, which no webhook is called for. */
export function isExemptAdmissionConfiguration(attrs: AdmissionAttributes): boolean {
  return attrs.kind.group === 'admissionregistration.k8s.io' && EXEMPT_KINDS.includes(attrs.kind.kind);
}

function stringField(source: Record<string, unknown>, key: string, fallback: string): string {
  const value = source[key];
  return typeof value === 'string' && value !== '' ? value : fallback;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function serviceOf(value: unknown): WebhookService | undefined {
  if (!isPlainObject(value)) return undefined;
  const port = typeof value['port'] === 'number' ? value['port'] : 443;
  return { namespace: stringField(value, 'namespace', ''), name: stringField(value, 'name', ''), path: stringField(value, 'path', ''), port };
}

function clientConfigOf(value: unknown): WebhookClientConfig {
  if (!isPlainObject(value)) return {};
  const config: WebhookClientConfig = {};
  if (typeof value['url'] === 'string') config.url = value['url'];
  const service = serviceOf(value['service']);
  if (service !== undefined) config.service = service;
  if (typeof value['caBundle'] === 'string' && value['caBundle'] !== '') config.caBundle = value['caBundle'];
  return config;
}

function webhookOf(configurationName: string, spec: JsonObject): MatchedWebhook {
  const timeout = spec['timeoutSeconds'];
  return {
    configurationName,
    name: stringField(spec, 'name', ''),
    clientConfig: clientConfigOf(spec['clientConfig']),
    failurePolicy: spec['failurePolicy'] === 'Ignore' ? 'Ignore' : 'Fail',
    timeoutSeconds: typeof timeout === 'number' ? timeout : 10,
    reinvocationPolicy: spec['reinvocationPolicy'] === 'IfNeeded' ? 'IfNeeded' : 'Never',
    matchPolicy: spec['matchPolicy'] === 'Exact' ? 'Exact' : 'Equivalent',
    sideEffects: stringField(spec, 'sideEffects', ''),
    admissionReviewVersions: stringList(spec['admissionReviewVersions']),
    spec,
  };
}

function configurationName(config: JsonObject): string {
  const meta = config['metadata'];
  return isPlainObject(meta) && typeof meta['name'] === 'string' ? meta['name'] : '';
}

/** Every webhook of `configs`, configurations sorted by name and webhooks in their order, defaults applied. */
export function orderedWebhooks(configs: readonly JsonObject[]): MatchedWebhook[] {
  const sorted = [...configs].sort((a, b) => compareStrings(configurationName(a), configurationName(b)));
  return sorted.flatMap((config) => {
    const hooks = Array.isArray(config['webhooks']) ? config['webhooks'] : [];
    return hooks.filter((h): h is JsonObject => isPlainObject(h)).map((h) => webhookOf(configurationName(config), h));
  });
}


function isNamespaceResource(attrs: AdmissionAttributes): boolean {
  return attrs.group === '' && attrs.version === 'v1' && attrs.resource === 'namespaces';
}

/** The request's namespace as Kubernetes reports it: a Namespace object's own name for namespace requests. */
export function requestNamespace(attrs: AdmissionAttributes): string {
  return attrs.namespace === '' && attrs.resource === 'namespaces' && attrs.group === '' ? attrs.name : attrs.namespace;
}

function scopeMatches(scope: unknown, attrs: AdmissionAttributes): boolean {
  const namespaced = requestNamespace(attrs) !== '';
  if (scope === 'Namespaced') return !isNamespaceResource(attrs) && namespaced;
  if (scope === 'Cluster') return isNamespaceResource(attrs) || !namespaced;
  return scope === undefined || scope === '*';
}

function exactOrWildcard(items: unknown, requested: string): boolean {
  return stringList(items).some((item) => item === '*' || item === requested);
}

function resourceMatches(resources: unknown, attrs: AdmissionAttributes): boolean {
  return stringList(resources).some((entry) => {
    const slash = entry.indexOf('/');
    const resource = slash < 0 ? entry : entry.slice(0, slash);
    const sub = slash < 0 ? '' : entry.slice(slash + 1);
    return (resource === '*' || resource === attrs.resource) && (sub === '*' || sub === attrs.subResource);
  });
}

/** Whether one `rules[]` entry (RuleWithOperations) covers the request. */
export function ruleMatches(rule: JsonValue, attrs: AdmissionAttributes): boolean {
  if (!isPlainObject(rule)) return false;
  return (
    scopeMatches(rule['scope'], attrs) &&
    exactOrWildcard(rule['operations'], attrs.operation) &&
    exactOrWildcard(rule['apiGroups'], attrs.group) &&
    exactOrWildcard(rule['apiVersions'], attrs.version) &&
    resourceMatches(rule['resources'], attrs)
  );
}

function isEmptySelector(spec: unknown): boolean {
  if (!isPlainObject(spec)) return true;
  const labels = spec['matchLabels'];
  const expressions = spec['matchExpressions'];
  const noLabels = !isPlainObject(labels) || Object.keys(labels).length === 0;
  const noExpressions = !Array.isArray(expressions) || expressions.length === 0;
  return noLabels && noExpressions;
}

function selects(spec: unknown, labels: Record<string, string>): boolean {
  return matchesLabels(labelSelectorFromSpec(spec as LabelSelectorSpec), labels);
}

function metadataLabels(object: JsonObject | undefined): Record<string, string> | undefined {
  if (object === undefined) return undefined;
  const meta = object['metadata'];
  const labels = isPlainObject(meta) ? meta['labels'] : undefined;
  return isPlainObject(labels) ? (labels as Record<string, string>) : {};
}

function namespaceLabelsFor(attrs: AdmissionAttributes, labels: SelectorLabels): Record<string, string> {
  const ownLabels = isNamespaceResource(attrs) && attrs.subResource === '' && (attrs.operation === 'CREATE' || attrs.operation === 'UPDATE');
  return (ownLabels ? metadataLabels(attrs.object) : labels.namespace) ?? {};
}

function namespaceSelectorMatches(spec: unknown, attrs: AdmissionAttributes, labels: SelectorLabels): boolean {
  // A cluster-scoped request other than on a namespace is never exempted by a namespaceSelector.
  if (requestNamespace(attrs) === '' && attrs.resource !== 'namespaces') return true;
  if (isEmptySelector(spec)) return true;
  return selects(spec, namespaceLabelsFor(attrs, labels));
}

function objectSelectorMatches(spec: unknown, attrs: AdmissionAttributes, labels: SelectorLabels): boolean {
  if (isEmptySelector(spec)) return true;
  const object = labels.object ?? metadataLabels(attrs.object);
  const oldObject = labels.oldObject ?? metadataLabels(attrs.oldObject);
  return (object !== undefined && selects(spec, object)) || (oldObject !== undefined && selects(spec, oldObject));
}

/** Whether `webhook` is called for the request: namespaceSelector, objectSelector, then any rule. */
export function webhookMatches(webhook: MatchedWebhook, attrs: AdmissionAttributes, labels: SelectorLabels = {}): boolean {
  if (isExemptAdmissionConfiguration(attrs)) return false;
  if (!namespaceSelectorMatches(webhook.spec['namespaceSelector'], attrs, labels)) return false;
  if (!objectSelectorMatches(webhook.spec['objectSelector'], attrs, labels)) return false;
  const rules = webhook.spec['rules'];
  return Array.isArray(rules) && rules.some((rule) => ruleMatches(rule, attrs));
}

/** The webhooks of `configs` called for the request, in call order (configurations by name, webhooks in order). */
export function matchingWebhooks(configs: readonly JsonObject[], attrs: AdmissionAttributes, labels: SelectorLabels = {}): MatchedWebhook[] {
  return orderedWebhooks(configs).filter((webhook) => webhookMatches(webhook, attrs, labels));
}

function userInfoJson(user: AdmissionUserInfo): JsonObject {
  const out: JsonObject = { username: user.username };
  if (user.uid !== undefined && user.uid !== '') out['uid'] = user.uid;
  if (user.groups.length > 0) out['groups'] = [...user.groups];
  if (user.extra !== undefined && Object.keys(user.extra).length > 0) {
    out['extra'] = Object.fromEntries(Object.entries(user.extra).map(([key, values]) => [key, [...values]]));
  }
  return out;
}

function withOptional(target: JsonObject, key: string, value: string): void {
  if (value !== '') target[key] = value;
}

/** The AdmissionReview v1 request sent to a webhook; `uid` identifies this call. */
export function buildAdmissionReview(attrs: AdmissionAttributes, uid: string): JsonObject {
  const kind: JsonObject = { group: attrs.kind.group, version: attrs.kind.version, kind: attrs.kind.kind };
  const resource: JsonObject = { group: attrs.group, version: attrs.version, resource: attrs.resource };
  const request: JsonObject = { uid, kind, resource };
  withOptional(request, 'subResource', attrs.subResource);
  request['requestKind'] = { ...kind };
  request['requestResource'] = { ...resource };
  withOptional(request, 'requestSubResource', attrs.subResource);
  withOptional(request, 'name', attrs.name);
  withOptional(request, 'namespace', requestNamespace(attrs));
  request['operation'] = attrs.operation;
  request['userInfo'] = userInfoJson(attrs.userInfo);
  request['object'] = attrs.object ?? null;
  request['oldObject'] = attrs.oldObject ?? null;
  request['dryRun'] = attrs.dryRun;
  request['options'] = attrs.options ?? null;
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request };
}

/** A JSON Patch (RFC 6902) as a webhook returns it, decoded. */
export type JsonPatchOps = JsonObject[];

/** The Status a denial becomes: `code` ≥ 400, Kubernetes' message, the webhook's reason and details. */
export interface WebhookDenialStatus {
  code: number;
  reason: string;
  message: string;
  details?: JsonObject;
}

/** What a webhook's reply means. */
export type AdmissionVerdict =
  | { allowed: true; patch?: JsonPatchOps; warnings: string[] }
  | { allowed: false; status: WebhookDenialStatus; warnings: string[] };

/**
 * A reply the server cannot use (no response, wrong uid, a patch where none may be). Kubernetes
 * treats it as a failed call, so the webhook's failurePolicy decides; `message` is the reason text.
 */
export class WebhookResponseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookResponseError';
  }
}

/** `failed calling webhook "<name>": <reason>`, the text of a failed call (500 InternalError under failurePolicy Fail). */
export function failedCallingWebhook(webhookName: string, reason: string): string {
  return `failed calling webhook ${JSON.stringify(webhookName)}: ${reason}`;
}

/** The Status of a denial: `admission webhook "<name>" denied the request: <message|reason>` (or `without explanation`), code < 400 → 400. */
export function webhookDenial(webhookName: string, result: unknown): WebhookDenialStatus {
  const source = isPlainObject(result) ? result : {};
  const rawCode = source['code'];
  const code = typeof rawCode === 'number' && rawCode >= 400 ? rawCode : 400;
  const reason = typeof source['reason'] === 'string' ? source['reason'] : '';
  const message = typeof source['message'] === 'string' ? source['message'] : '';
  const deniedBy = `admission webhook ${JSON.stringify(webhookName)} denied the request`;
  const explanation = message !== '' ? message : reason;
  const status: WebhookDenialStatus = { code, reason, message: explanation !== '' ? `${deniedBy}: ${explanation}` : `${deniedBy} without explanation` };
  if (isPlainObject(source['details'])) status.details = source['details'] as JsonObject;
  return status;
}

function invalid(detail: string): WebhookResponseError {
  return new WebhookResponseError(`received invalid webhook response: ${detail}`);
}

function responseOf(review: unknown, uid: string | undefined): Record<string, unknown> {
  if (!isPlainObject(review) || !isPlainObject(review['response'])) throw invalid('webhook response was absent');
  const response = review['response'];
  const got = typeof response['uid'] === 'string' ? response['uid'] : '';
  if (uid !== undefined && got !== uid) throw invalid(`expected response.uid=${JSON.stringify(uid)}, got ${JSON.stringify(got)}`);
  const apiVersion = typeof review['apiVersion'] === 'string' ? review['apiVersion'] : '';
  const kind = typeof review['kind'] === 'string' ? review['kind'] : '';
  if (apiVersion !== 'admission.k8s.io/v1' || kind !== 'AdmissionReview') {
    throw invalid(`expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got ${apiVersion}, Kind=${kind}`);
  }
  return response;
}

function checkValidatingPatchFields(hasPatch: boolean, hasType: boolean): void {
  if (hasPatch) throw invalid('validating webhook may not return response.patch');
  if (hasType) throw invalid('validating webhook may not return response.patchType');
}

function checkPatchFields(response: Record<string, unknown>, mutating: boolean): void {
  const hasPatch = typeof response['patch'] === 'string' && response['patch'] !== '';
  const hasType = response['patchType'] !== undefined && response['patchType'] !== null;
  if (!mutating) return checkValidatingPatchFields(hasPatch, hasType);
  if (hasPatch && !hasType) throw invalid('webhook returned response.patch but not response.patchType');
  if (hasType && !hasPatch) throw invalid('webhook returned response.patchType but not response.patch');
  if (hasType && response['patchType'] === '') throw invalid('webhook returned invalid response.patchType of ""');
}

function decodePatch(response: Record<string, unknown>): JsonPatchOps | undefined {
  const patch = response['patch'];
  if (typeof patch !== 'string' || patch === '') return undefined;
  if (response['patchType'] !== 'JSONPatch') throw new WebhookResponseError(`unsupported patch type ${JSON.stringify(response['patchType'])}`);
  let ops: unknown;
  try {
    ops = JSON.parse(fromBase64Text(patch));
  } catch (error) {
    throw invalid(`response.patch is not a base64-encoded JSON Patch: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!Array.isArray(ops) || !ops.every((op) => isPlainObject(op))) throw invalid('response.patch is not a JSON Patch array of operations');
  return ops.length === 0 ? undefined : (ops as JsonPatchOps);
}

/** Options of {@link interpretAdmissionResponse}. */
export interface InterpretOptions {
  /** The request's uid; the response must echo it. Unset: not checked. */
  uid?: string;
  /** Whether the webhook is a mutating one (may return a patch). Default true. */
  mutating?: boolean;
}

/**
 * Reads a webhook's AdmissionReview reply: allowed with an optional decoded JSON Patch, or denied
 * with Kubernetes' Status. Throws {@link WebhookResponseError} when the reply is unusable.
 */
export function interpretAdmissionResponse(review: unknown, webhookName: string, options: InterpretOptions = {}): AdmissionVerdict {
  const response = responseOf(review, options.uid);
  const warnings = stringList(response['warnings']);
  checkPatchFields(response, options.mutating ?? true);
  if (response['allowed'] !== true) return { allowed: false, status: webhookDenial(webhookName, response['status']), warnings };
  const patch = decodePatch(response);
  return patch === undefined ? { allowed: true, warnings } : { allowed: true, patch, warnings };
}
