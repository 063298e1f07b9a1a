// The pure parts of the activator's request path: which revision a request is for (the
// Knative-Serving-Namespace and Knative-Serving-Revision headers the gateway sets), whether it is
// a network probe of the activator itself, and the bodies of the activator's own answers.
import { KnativeHeaders } from '@ebb/api';
import type { IncomingHttpHeaders } from 'node:http';

const NAMESPACE_HEADER = KnativeHeaders.Namespace.toLowerCase();
const REVISION_HEADER = KnativeHeaders.Revision.toLowerCase();
const PROBE_HEADER = KnativeHeaders.Probe.toLowerCase();

/** The value of K-Network-Probe that asks the activator itself (answered 200 `activator`). */
export const ACTIVATOR_PROBE = 'activator';

/** The revision a request names, or why it names none. */
export type RequestRevision = { readonly ok: true; readonly namespace: string; readonly revision: string } | { readonly ok: false; readonly body: string };

/** The body of a 400 for a request without the revision headers. */
export const MISSING_REVISION_BODY = `the activator needs the ${KnativeHeaders.Namespace} and ${KnativeHeaders.Revision} headers naming the revision`;

function single(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? '';
}

/** The revision named by the request's headers (both must be present and non-empty). */
export function requestRevision(headers: IncomingHttpHeaders): RequestRevision {
  const namespace = single(headers[NAMESPACE_HEADER]);
  const revision = single(headers[REVISION_HEADER]);
  if (namespace === '' || revision === '') return { ok: false, body: MISSING_REVISION_BODY };
  return { ok: true, namespace, revision };
}

/** Whether the request is a network probe of the activator (`K-Network-Probe: activator`). */
export function isActivatorProbe(headers: IncomingHttpHeaders): boolean {
  return single(headers[PROBE_HEADER]) === ACTIVATOR_PROBE;
}

/** The body of a 404 for a revision the activator does not know. */
export function unknownRevisionBody(namespace: string, revision: string): string {
  return `revision "${namespace}/${revision}" not found`;
}

/** The body of a 503 when the revision's buffer is full. */
export function bufferFullBody(namespace: string, revision: string, waiting: number): string {
  return `activator buffer for revision "${namespace}/${revision}" is full (${waiting} requests waiting)`;
}

/** The body of a 503 for a request that waited while its revision was deleted. */
export function revisionGoneBody(namespace: string, revision: string): string {
  return `revision "${namespace}/${revision}" was deleted while the request waited`;
}

/** The body of a 503 for a request still waiting when the activator stops. */
export const SHUTTING_DOWN_BODY = 'the activator is shutting down';
