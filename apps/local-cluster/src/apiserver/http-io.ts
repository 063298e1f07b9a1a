// Reading requests and writing responses the way the Kubernetes API server does: bodies up to
// 3 MiB, JSON answers, Status bodies for every error, `Warning: 299 - "…"` headers, and Table
// answers when the client asks for `as=Table`.
import { requestEntityTooLarge, StatusError, internal, type JsonObject } from '@ebb/apimachinery';
import { readBoundedBody } from '@ebb/observability';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Kubernetes' limit on a request body (3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** Reads the whole body as UTF-8; 413 when it exceeds {@link MAX_BODY_BYTES}. */
export async function readBody(req: IncomingMessage): Promise<string> {
  return Buffer.from(await readBodyBytes(req)).toString('utf8');
}

/**
 * Reads the whole body as bytes (a protobuf body is not UTF-8); 413 when it exceeds
 * {@link MAX_BODY_BYTES}. An over-long body is still read to its end (and dropped) so that the
 * client, still sending, gets the 413 rather than a broken pipe; once 7 × the limit has been
 * dropped the connection is cut.
 */
export async function readBodyBytes(req: IncomingMessage): Promise<Uint8Array> {
  const body = await readBoundedBody(req, { limit: MAX_BODY_BYTES, discard: 7 * MAX_BODY_BYTES });
  if (body === undefined) throw requestEntityTooLarge(`limit is ${MAX_BODY_BYTES}`);
  return body;
}

function warningHeader(text: string): string {
  return `299 - ${JSON.stringify(text.replace(/[\r\n]+/g, ' '))}`;
}

/** Writes a JSON answer with optional warnings. */
export function sendJson(res: ServerResponse, code: number, body: unknown, options: { warnings?: readonly string[]; contentType?: string } = {}): void {
  const text = JSON.stringify(body);
  const headers: Record<string, string | string[]> = {
    'content-type': options.contentType ?? 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-cache, private',
  };
  if (options.warnings !== undefined && options.warnings.length > 0) headers.warning = options.warnings.map(warningHeader);
  res.writeHead(code, headers);
  res.end(text);
}

/** Writes plain text (health endpoints, logs). */
export function sendText(res: ServerResponse, code: number, text: string): void {
  res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), 'cache-control': 'no-cache, private' });
  res.end(text);
}

/** The error as a StatusError (anything else is an internal error). */
export function asStatusError(error: unknown): StatusError {
  if (error instanceof StatusError) return error;
  return internal(error instanceof Error ? error.message : String(error));
}

/** Writes an error as a metav1.Status with its code. */
export function sendError(res: ServerResponse, error: StatusError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, error.code, error.toStatus());
}

/** What the Accept header asks for: a Table (`as=Table;g=meta.k8s.io`) or plain JSON. */
export function wantsTable(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  return accept
    .split(',')
    .map((part) => part.trim())
    .some((part) => /(^|;)\s*as=Table(\s*;|$)/.test(part) && /(^|;)\s*g=meta\.k8s\.io(\s*;|$)/.test(part));
}

/** The Table content type to answer with. */
export const TABLE_CONTENT_TYPE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

/** A JSON body of a request known to carry one. */
export type Body = JsonObject;
