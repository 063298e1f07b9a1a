// Kubernetes' API errors (staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go) and the
// metav1.Status body the API server answers them with. A handler throws a StatusError; the HTTP
// layer writes `toStatus()` with `code` as the HTTP status.
import type { JsonObject, JsonValue } from './object.js';
import { formatCause } from './field-cause.js';
import type { FieldCause } from './field-cause.js';
import { qualifiedResource } from './resources/resource-type.js';
import type { ResourceType } from './resources/resource-type.js';

/** metav1.StatusReason values the server uses. */
export const StatusReason = {
  NotFound: 'NotFound',
  AlreadyExists: 'AlreadyExists',
  Conflict: 'Conflict',
  Invalid: 'Invalid',
  BadRequest: 'BadRequest',
  Unauthorized: 'Unauthorized',
  Forbidden: 'Forbidden',
  MethodNotAllowed: 'MethodNotAllowed',
  Gone: 'Gone',
  Expired: 'Expired',
  UnsupportedMediaType: 'UnsupportedMediaType',
  RequestEntityTooLarge: 'RequestEntityTooLarge',
  TooManyRequests: 'TooManyRequests',
  InternalError: 'InternalError',
  Timeout: 'Timeout',
  ServiceUnavailable: 'ServiceUnavailable',
} as const;

/** One of {@link StatusReason}. */
export type StatusReason = (typeof StatusReason)[keyof typeof StatusReason];

/** metav1.StatusCause: a FieldCause, or a bare message (InternalError's cause has neither reason nor field). */
export interface StatusCause {
  reason?: string;
  message: string;
  field?: string;
}

/** metav1.StatusDetails; `kind` holds the plural resource for NotFound/AlreadyExists/Conflict, the Kind for Invalid. */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** The resource a message names: `pods`, `deployments.apps`. */
export type StatusResource = Pick<ResourceType, 'plural' | 'group'>;

/** The Conflict reason of a stale resourceVersion. */
export const OBJECT_MODIFIED = 'the object has been modified; please apply your changes to the latest version and try again';

/** A failed request as Kubernetes reports it: HTTP `code`, `reason`, message and details. */
export class StatusError extends Error {
  override readonly name = 'StatusError';
  readonly code: number;
  readonly reason: StatusReason;
  readonly details: StatusDetails | undefined;

  constructor(init: { code: number; reason: StatusReason; message: string; details?: StatusDetails }) {
    super(init.message);
    this.code = init.code;
    this.reason = init.reason;
    this.details = init.details;
  }

  /** The metav1.Status body (fields in Go's order; empty detail fields omitted, as Go's `omitempty` does). */
  toStatus(): JsonObject {
    const body: JsonObject = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.message, reason: this.reason };
    if (this.details !== undefined) body['details'] = detailsJson(this.details);
    body['code'] = this.code;
    return body;
  }
}

/** Details as JSON, Go's field order, empty values left out. */
function detailsJson(details: StatusDetails): JsonObject {
  const out: JsonObject = {};
  for (const key of ['name', 'group', 'kind', 'uid'] as const) {
    const value = details[key];
    if (value !== undefined && value !== '') out[key] = value;
  }
  if (details.causes !== undefined && details.causes.length > 0) out['causes'] = details.causes.map(causeJson);
  if (details.retryAfterSeconds !== undefined && details.retryAfterSeconds !== 0) out['retryAfterSeconds'] = details.retryAfterSeconds;
  return out;
}

/** A cause as JSON: `{reason, message, field}` with empty values left out. */
function causeJson(cause: StatusCause): JsonValue {
  const out: JsonObject = {};
  if (cause.reason !== undefined && cause.reason !== '') out['reason'] = cause.reason;
  out['message'] = cause.message;
  if (cause.field !== undefined && cause.field !== '') out['field'] = cause.field;
  return out;
}

/** True for a {@link StatusError}. */
export function isStatusError(e: unknown): e is StatusError {
  return e instanceof StatusError;
}

/** The details naming one object of a resource: `{name, group, kind: plural}`. */
function resourceDetails(resource: StatusResource, name: string): StatusDetails {
  return { name, group: resource.group, kind: resource.plural };
}

/** 404 NotFound: `deployments.apps "web" not found`. */
export function notFound(resource: StatusResource, name: string): StatusError {
  const message = `${qualifiedResource(resource)} ${JSON.stringify(name)} not found`;
  return new StatusError({ code: 404, reason: 'NotFound', message, details: resourceDetails(resource, name) });
}

/** 404 for a path the server does not serve (no such resource, subresource or API path). */
export function resourceNotServed(): StatusError {
  return new StatusError({ code: 404, reason: 'NotFound', message: 'the server could not find the requested resource' });
}

/** 409 AlreadyExists: `deployments.apps "web" already exists`. */
export function alreadyExists(resource: StatusResource, name: string): StatusError {
  const message = `${qualifiedResource(resource)} ${JSON.stringify(name)} already exists`;
  return new StatusError({ code: 409, reason: 'AlreadyExists', message, details: resourceDetails(resource, name) });
}

/** 409 Conflict: `Operation cannot be fulfilled on deployments.apps "web": <why>` (see {@link OBJECT_MODIFIED}). */
export function conflict(resource: StatusResource, name: string, why: string): StatusError {
  const message = `Operation cannot be fulfilled on ${qualifiedResource(resource)} ${JSON.stringify(name)}: ${why}`;
  return new StatusError({ code: 409, reason: 'Conflict', message, details: resourceDetails(resource, name) });
}

/** Go's `Aggregate.Error()`: one message as is, several (duplicates dropped) as `[e1, e2]`. */
export function aggregateMessages(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? (unique[0] ?? '') : `[${unique.join(', ')}]`;
}

/** 422 Invalid: `Deployment.apps "web" is invalid: <field>: <message>` (several causes as `[e1, e2]`). */
export function invalid(init: { kind: string; group: string; name: string; causes: readonly FieldCause[] }): StatusError {
  const qualifiedKind = init.group === '' ? init.kind : `${init.kind}.${init.group}`;
  const subject = `${qualifiedKind} ${JSON.stringify(init.name)} is invalid`;
  const message = init.causes.length === 0 ? subject : `${subject}: ${aggregateMessages(init.causes.map(formatCause))}`;
  const details: StatusDetails = { name: init.name, group: init.group, kind: init.kind, causes: init.causes.map((c) => ({ ...c })) };
  return new StatusError({ code: 422, reason: 'Invalid', message, details });
}

/** 400 BadRequest with the message as given. */
export function badRequest(message: string): StatusError {
  return new StatusError({ code: 400, reason: 'BadRequest', message });
}

/** 401 Unauthorized (`Unauthorized`, what the API server's authentication filter answers). */
export function unauthorized(message = 'Unauthorized'): StatusError {
  return new StatusError({ code: 401, reason: 'Unauthorized', message });
}

/**
 * 403 Forbidden. With `target`, Kubernetes' NewForbidden form
 * `namespaces "default" is forbidden: this namespace may not be deleted`; without, the message as given.
 */
export function forbidden(message: string, target?: { resource: StatusResource; name: string }): StatusError {
  if (target === undefined) return new StatusError({ code: 403, reason: 'Forbidden', message });
  const full = `${qualifiedResource(target.resource)} ${JSON.stringify(target.name)} is forbidden: ${message}`;
  return new StatusError({ code: 403, reason: 'Forbidden', message: full, details: resourceDetails(target.resource, target.name) });
}

/** 405 MethodNotAllowed with the message as given. */
export function methodNotAllowed(message: string): StatusError {
  return new StatusError({ code: 405, reason: 'MethodNotAllowed', message });
}

/** 410 Expired (a compacted resourceVersion): `too old resource version: 5 (10)`. */
export function expired(message: string): StatusError {
  return new StatusError({ code: 410, reason: 'Expired', message });
}

/** 410 Gone with the message as given. */
export function gone(message: string): StatusError {
  return new StatusError({ code: 410, reason: 'Gone', message });
}

/** 415 UnsupportedMediaType with the message as given. */
export function unsupportedMediaType(message: string): StatusError {
  return new StatusError({ code: 415, reason: 'UnsupportedMediaType', message });
}

/** 413 RequestEntityTooLarge: `Request entity too large: <message>` (NewRequestEntityTooLargeError). */
export function requestEntityTooLarge(message: string): StatusError {
  return new StatusError({ code: 413, reason: 'RequestEntityTooLarge', message: `Request entity too large: ${message}` });
}

/** 429 TooManyRequests (the max-in-flight filter's text by default), with `details.retryAfterSeconds`. */
export function tooManyRequests(message = 'Too many requests, please try again later.', retryAfterSeconds = 1): StatusError {
  return new StatusError({ code: 429, reason: 'TooManyRequests', message, details: { retryAfterSeconds } });
}

/** 500 InternalError: `Internal error occurred: <message>`, the message also as the one cause. */
export function internal(message: string): StatusError {
  const details: StatusDetails = { causes: [{ message }] };
  return new StatusError({ code: 500, reason: 'InternalError', message: `Internal error occurred: ${message}`, details });
}

/** 504 Timeout: `Timeout: <message>` (NewTimeoutError). */
export function timeout(message: string, retryAfterSeconds = 0): StatusError {
  return new StatusError({ code: 504, reason: 'Timeout', message: `Timeout: ${message}`, details: { retryAfterSeconds } });
}

/** 503 ServiceUnavailable (what the API server answers when it cannot reach a pod it proxies to). */
export function serviceUnavailable(message: string): StatusError {
  return new StatusError({ code: 503, reason: StatusReason.ServiceUnavailable, message });
}

/** The Success Status a delete returns when it does not return the object: `details {name, group, kind: plural, uid}`. */
export function successStatus(details: StatusDetails): JsonObject {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: detailsJson(details) };
}
