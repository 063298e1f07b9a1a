import { isJsonObject } from '@ebb/api';

/** The only AdmissionReview version the webhook speaks. */
export const ADMISSION_API_VERSION = 'admission.k8s.io/v1';

/** Operations an AdmissionRequest can carry. */
export const OPERATIONS = ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'] as const;
/** One of {@link OPERATIONS}. */
export type Operation = (typeof OPERATIONS)[number];

/** The group, version and kind of the object under admission (`group` is empty for the core group). */
export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

/** The parts of an `admission.k8s.io/v1` AdmissionRequest that the webhook reads. */
export interface AdmissionRequest {
  readonly uid: string;
  readonly kind: GroupVersionKind;
  readonly operation: Operation;
  readonly name?: string;
  readonly namespace?: string;
  /** The subresource written, e.g. `status` (absent for the main resource). */
  readonly subResource?: string;
  /** The name of the user who made the request (`request.userInfo.username`). */
  readonly username?: string;
  /** The object as written (absent on DELETE). */
  readonly object?: unknown;
  readonly oldObject?: unknown;
}

/** Either the request of a well-formed AdmissionReview or why it is not one. */
export type DecodedReview = { readonly ok: true; readonly request: AdmissionRequest } | { readonly ok: false; readonly reason: string };

/** One RFC 6902 JSON Patch operation, as a mutating webhook returns them. */
export interface PatchOperation {
  readonly op: string;
  readonly path: string;
  readonly value?: unknown;
  readonly from?: string;
}

/**
 * The answer to one admission request: allowed (with an optional JSON Patch from a mutating
 * webhook) or denied with a message; either may carry warnings for the client.
 */
export type AdmissionVerdict =
  | { readonly allowed: true; readonly patch?: readonly PatchOperation[]; readonly warnings?: readonly string[] }
  | { readonly allowed: false; readonly message: string; readonly warnings?: readonly string[] };

/** The `status` of a denied request: a Kubernetes `Status` of reason BadRequest. */
export interface DenialStatus {
  readonly status: 'Failure';
  readonly code: 400;
  readonly reason: 'BadRequest';
  readonly message: string;
}

/** The AdmissionReview the webhook answers with. */
export interface AdmissionReviewResponse {
  readonly apiVersion: typeof ADMISSION_API_VERSION;
  readonly kind: 'AdmissionReview';
  readonly response: {
    readonly uid: string;
    readonly allowed: boolean;
    readonly status?: DenialStatus;
    readonly patchType?: 'JSONPatch';
    /** The JSON Patch, base64-encoded as admission.k8s.io/v1 requires. */
    readonly patch?: string;
    readonly warnings?: readonly string[];
  };
}

type Fields = Readonly<Record<string, unknown>>;

const isObject = isJsonObject;

function shown(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

function envelopeProblem(body: unknown): string | undefined {
  if (!isObject(body)) return `the body must be a JSON object (an AdmissionReview), got ${Array.isArray(body) ? 'an array' : shown(body)}`;
  if (body['apiVersion'] !== ADMISSION_API_VERSION) return `apiVersion must be "${ADMISSION_API_VERSION}", got ${shown(body['apiVersion'])}`;
  if (body['kind'] !== 'AdmissionReview') return `kind must be "AdmissionReview", got ${shown(body['kind'])}`;
  if (!isObject(body['request'])) return 'request is missing: the AdmissionReview carries no request';
  return undefined;
}

function isGroupVersionKind(value: unknown): value is GroupVersionKind {
  return isObject(value) && typeof value['group'] === 'string' && typeof value['version'] === 'string' && typeof value['kind'] === 'string';
}

function requestProblem(request: Fields): string | undefined {
  if (typeof request['uid'] !== 'string' || request['uid'] === '') return 'request.uid is missing';
  if (!isGroupVersionKind(request['kind'])) return 'request.kind must be an object with string group, version and kind';
  if (!OPERATIONS.includes(request['operation'] as Operation)) {
    return `request.operation must be one of ${OPERATIONS.join(', ')}, got ${shown(request['operation'])}`;
  }
  return undefined;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Reads a parsed JSON body as an `admission.k8s.io/v1` AdmissionReview with a request, or says what is wrong with it. */
export function decodeAdmissionReview(body: unknown): DecodedReview {
  const envelope = envelopeProblem(body);
  if (envelope !== undefined) return { ok: false, reason: envelope };
  const request = (body as Fields)['request'] as Fields;
  const problem = requestProblem(request);
  if (problem !== undefined) return { ok: false, reason: problem };
  const kind = request['kind'] as GroupVersionKind;
  return {
    ok: true,
    request: {
      uid: request['uid'] as string,
      kind: { group: kind.group, version: kind.version, kind: kind.kind },
      operation: request['operation'] as Operation,
      name: optionalString(request['name']),
      namespace: optionalString(request['namespace']),
      subResource: optionalString(request['subResource']),
      username: isObject(request['userInfo']) ? optionalString(request['userInfo']['username']) : undefined,
      object: request['object'],
      oldObject: request['oldObject'],
    },
  };
}

function verdictFields(verdict: AdmissionVerdict): Omit<AdmissionReviewResponse['response'], 'uid' | 'warnings'> {
  if (!verdict.allowed) return { allowed: false, status: { status: 'Failure', code: 400, reason: 'BadRequest', message: verdict.message } };
  if (verdict.patch === undefined || verdict.patch.length === 0) return { allowed: true };
  return { allowed: true, patchType: 'JSONPatch', patch: Buffer.from(JSON.stringify(verdict.patch), 'utf8').toString('base64') };
}

/** The AdmissionReview that answers request `uid` with `verdict` (a patch base64-encoded, warnings only when there are some). */
export function encodeAdmissionReview(uid: string, verdict: AdmissionVerdict): AdmissionReviewResponse {
  const warnings = verdict.warnings !== undefined && verdict.warnings.length > 0 ? { warnings: verdict.warnings } : {};
  return { apiVersion: ADMISSION_API_VERSION, kind: 'AdmissionReview', response: { uid, ...verdictFields(verdict), ...warnings } };
}
