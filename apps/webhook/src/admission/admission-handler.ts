import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBoundedBody } from '@ebb/observability';
import type { Logger } from 'pino';
import { ADMISSION_RESULTS, type AdmissionMetrics, type AdmissionResult } from './admission-metrics.js';
import { decodeAdmissionReview, encodeAdmissionReview, type AdmissionRequest, type AdmissionVerdict } from './review.js';

/** The webhook paths: Knative's config, defaulting and resource validation webhooks. */
export const ADMISSION_PATHS = {
  configValidation: '/config-validation',
  defaulting: '/defaulting',
  resourceValidation: '/resource-validation',
} as const;

/** The Kubernetes API server's own limit on a request body: 3 MiB. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** How much of an oversized body is read and dropped so the client sees the 400 (see BodyLimits). */
export const MAX_DISCARD_BYTES = 16 * 1024 * 1024;

/** Answers one decoded admission request. */
export type Admitter = (request: AdmissionRequest) => AdmissionVerdict;

/** What the handler needs. */
export interface AdmissionHandlerOptions {
  /** The served paths and who answers each. */
  readonly admitters: Readonly<Record<string, Admitter>>;
  readonly metrics: AdmissionMetrics;
  readonly logger: Logger;
  readonly maxBodyBytes?: number;
}

/** An HTTP answer, with what it tells the metrics and the log. */
export interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly result: AdmissionResult;
  readonly request?: AdmissionRequest;
  readonly reason?: string;
}

function plain(status: number, reason: string, headers: Readonly<Record<string, string>> = {}): Reply {
  return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...headers }, body: `${reason}\n`, result: ADMISSION_RESULTS.error, reason };
}

/** The reply to a path the webhook does not serve. */
export function notServed(path: string, served: readonly string[]): Reply {
  const reason = `no admission webhook at ${path}: the webhook serves ${served.join(', ')}`;
  return { status: 404, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ reason }), result: ADMISSION_RESULTS.error, reason };
}

/** The reply to a body that is over the limit. */
export function tooLarge(limit: number): Reply {
  // 400 like every other malformed request (the contract); the reason says what was wrong.
  return plain(400, `the body is larger than ${limit} bytes (3 MiB, the API server's limit)`, { Connection: 'close' });
}

/** Answers a parsed JSON body: 400 with a plain reason when it is no AdmissionReview, else the admitter's verdict. */
export function answerReview(body: unknown, admit: Admitter): Reply {
  const decoded = decodeAdmissionReview(body);
  if (!decoded.ok) return plain(400, decoded.reason);
  const verdict = admit(decoded.request);
  return {
    status: 200,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(encodeAdmissionReview(decoded.request.uid, verdict)),
    result: verdict.allowed ? ADMISSION_RESULTS.allowed : ADMISSION_RESULTS.denied,
    request: decoded.request,
    reason: verdict.allowed ? undefined : verdict.message,
  };
}

/** Parses a body as JSON and answers it, or 400 naming the parse error. */
export function answerBody(body: Buffer, admit: Admitter): Reply {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    return plain(400, `the body is not JSON: ${(error as Error).message}`);
  }
  return answerReview(parsed, admit);
}

function isJson(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() === 'application/json';
}

async function reply(req: IncomingMessage, path: string, options: AdmissionHandlerOptions): Promise<Reply> {
  const admit = options.admitters[path];
  if (admit === undefined) return notServed(path, Object.keys(options.admitters));
  if (req.method !== 'POST') return plain(405, `method ${req.method ?? ''} is not allowed: send an AdmissionReview with POST`, { Allow: 'POST' });
  if (!isJson(req.headers['content-type'])) return plain(415, `Content-Type must be application/json, got "${req.headers['content-type'] ?? ''}"`);
  const limit = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const body = await readBoundedBody(req, { limit, discard: MAX_DISCARD_BYTES });
  return body === undefined ? tooLarge(limit) : answerBody(body, admit);
}

function pathOf(url: string | undefined): string {
  try {
    return new URL(url ?? '/', 'https://webhook.invalid').pathname;
  } catch {
    return '/';
  }
}

function send(res: ServerResponse, answer: Reply): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(answer.status, { ...answer.headers, 'Content-Length': String(Buffer.byteLength(answer.body)) });
  res.end(answer.body);
}

function log(logger: Logger, fields: Readonly<Record<string, unknown>>, result: AdmissionResult): void {
  if (result === ADMISSION_RESULTS.allowed) logger.debug(fields, 'admission allowed');
  else if (result === ADMISSION_RESULTS.denied) logger.info(fields, 'admission denied');
  else logger.warn(fields, 'admission request refused');
}

function record(options: AdmissionHandlerOptions, path: string, answer: Reply, seconds: number): void {
  const known = options.admitters[path] !== undefined;
  const request = answer.request;
  const kind = request?.kind.kind ?? '';
  const operation = request?.operation ?? '';
  options.metrics.observe({ path: known ? path : 'other', kind, operation, result: answer.result, seconds });
  log(options.logger, { path, status: answer.status, uid: request?.uid, kind, operation, name: request?.name, reason: answer.reason }, answer.result);
}

/**
 * The request listener of the HTTPS admission server: routes by path, accepts only POSTed
 * JSON AdmissionReviews up to 3 MiB, answers each with the admitter's verdict, counts and logs
 * every request, and turns any failure into a 500 rather than a crash.
 */
export function createAdmissionHandler(options: AdmissionHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const path = pathOf(req.url);
    let answer: Reply;
    try {
      answer = await reply(req, path, options);
    } catch (error) {
      options.logger.error({ err: error, path }, 'admission request failed');
      answer = { ...plain(500, `the webhook failed to answer: ${(error as Error).message}`), result: ADMISSION_RESULTS.error };
    }
    try {
      send(res, answer);
      record(options, path, answer, (performance.now() - started) / 1000);
    } catch (error) {
      options.logger.error({ err: error, path }, 'sending the admission response failed');
    }
  };
  return (req, res) => void handle(req, res);
}
