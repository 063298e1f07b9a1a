// Calls one admission webhook: POSTs an AdmissionReview over HTTPS and returns the reply body.
// As Kubernetes' webhook client does, a `service` reference is reached at
// `https://<name>.<namespace>.svc:<port><path>` (the name the serving certificate carries, checked
// against the `caBundle`), the connection going to the endpoint the resolver gives; the
// request carries `?timeout=<n>s` and is abandoned after that long. Errors read as Go's
// http client writes them (`Post "<url>": context deadline exceeded`).
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { JsonObject, WebhookClientConfig } from '@ebb/apimachinery';
import { isPlainObject } from '@ebb/apimachinery';

/** Finds a reachable endpoint for a Service port, or undefined when it has none. */
export type ServiceResolver = (namespace: string, name: string, port: number) => { host: string; port: number } | undefined;

/** Options of {@link callWebhook}. */
export interface CallWebhookOptions {
  clientConfig: WebhookClientConfig;
  timeoutSeconds: number;
  /** The AdmissionReview request to send. */
  review: JsonObject;
  resolveService: ServiceResolver;
}

/** A call that got no usable reply; `message` is Kubernetes' text after `failed to call webhook: `. */
export class WebhookCallError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookCallError';
  }
}

/** Bodies larger than this are refused (a webhook reply is a small AdmissionReview). */
const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** Where a request goes: the URL Kubernetes names, and the TCP endpoint and TLS name used to reach it. */
interface Target {
  url: URL;
  /** The URL as Go prints it (a service URL keeps its `:443`). */
  display: string;
  /** The Host header. */
  hostHeader: string;
  host: string;
  port: number;
  servername: string | undefined;
}

function withTimeout(url: URL, timeoutSeconds: number): URL {
  const copy = new URL(url.href);
  copy.searchParams.set('timeout', `${timeoutSeconds}s`);
  return copy;
}

function serviceTarget(config: WebhookClientConfig, opts: CallWebhookOptions): Target {
  const service = config.service;
  if (service === undefined) throw new WebhookCallError('webhook clientConfig has neither url nor service');
  const dnsName = `${service.name}.${service.namespace}.svc`;
  const path = service.path === '' ? '' : service.path.startsWith('/') ? service.path : `/${service.path}`;
  const hostPort = `${dnsName}:${service.port}`;
  const url = withTimeout(new URL(`https://${hostPort}${path}`), opts.timeoutSeconds);
  const display = `https://${hostPort}${url.pathname === '/' && path === '' ? '' : url.pathname}${url.search}`;
  const endpoint = opts.resolveService(service.namespace, service.name, service.port);
  if (endpoint === undefined) throw new WebhookCallError(`Post ${JSON.stringify(display)}: no endpoints available for service ${JSON.stringify(service.name)}`);
  return { url, display, hostHeader: hostPort, host: endpoint.host, port: endpoint.port, servername: dnsName };
}

function urlTarget(raw: string, timeoutSeconds: number): Target {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new WebhookCallError(`parse ${JSON.stringify(raw)}: invalid URL`);
  }
  const url = withTimeout(parsed, timeoutSeconds);
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return { url, display: url.href, hostHeader: url.host, host, port: url.port === '' ? 443 : Number(url.port), servername: undefined };
}

function targetOf(opts: CallWebhookOptions): Target {
  const url = opts.clientConfig.url;
  return url !== undefined && url !== '' ? urlTarget(url, opts.timeoutSeconds) : serviceTarget(opts.clientConfig, opts);
}

function decodeCaBundle(caBundle: string | undefined): string | undefined {
  if (caBundle === undefined || caBundle === '') return undefined;
  return Buffer.from(caBundle, 'base64').toString('utf8');
}

function requestOptions(target: Target, caBundle: string | undefined, length: number): RequestOptions {
  const options: RequestOptions = {
    method: 'POST',
    host: target.host,
    port: target.port,
    path: `${target.url.pathname}${target.url.search}`,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json, */*', 'Content-Length': length, Host: target.hostHeader },
    agent: false,
  };
  const ca = decodeCaBundle(caBundle);
  if (ca !== undefined) options.ca = ca;
  if (target.servername !== undefined) options.servername = target.servername;
  return options;
}

/** Go's wording for the common transport failures; other errors keep Node's message. */
function transportText(error: NodeJS.ErrnoException, target: Target): string {
  const address = `${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
  switch (error.code) {
    case 'ECONNREFUSED':
      return `dial tcp ${address}: connect: connection refused`;
    case 'ECONNRESET':
      return `read tcp ${address}: read: connection reset by peer`;
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return 'tls: failed to verify certificate: x509: certificate signed by unknown authority';
    default:
      return error.message;
  }
}

/** The client-go text for a non-2xx reply without a Status body. */
function genericResponseText(code: number, body: string): string {
  if (code === 400) return 'the server rejected our request for an unknown reason';
  if (code === 401) return 'the server has asked for the client to provide credentials';
  if (code === 403) return `forbidden: ${body === '' ? 'unknown' : body}`;
  if (code === 404) return 'the server could not find the requested resource';
  if (code === 500) return `an error on the server (${JSON.stringify(body === '' ? 'unknown' : body)}) has prevented the request from succeeding`;
  if (code === 503) return 'the server is currently unable to handle the request';
  if (code === 504) return 'the server was unable to return a response in the time allotted, but may still be processing the request';
  return `the server responded with the status code ${code} but did not return more information`;
}

function statusMessage(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (isPlainObject(parsed) && parsed['kind'] === 'Status' && typeof parsed['message'] === 'string' && parsed['message'] !== '') return parsed['message'];
  } catch {
    // not JSON: the generic text applies
  }
  return undefined;
}

/** The error for a reply outside 2xx: a Status body's message, or client-go's generic text. */
function httpStatusError(code: number, body: string): WebhookCallError {
  return new WebhookCallError(statusMessage(body) ?? genericResponseText(code, body.trim().slice(0, 1024)));
}

function parseReply(code: number, body: string): JsonObject {
  if (code < 200 || code > 299) throw httpStatusError(code, body);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new WebhookCallError(`couldn't decode the response body: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isPlainObject(parsed)) throw new WebhookCallError('couldn\'t decode the response body: not a JSON object');
  return parsed as JsonObject;
}

function readBody(response: IncomingMessage, fail: (error: Error) => void, done: (body: string) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  response.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_RESPONSE_BYTES) {
      response.destroy();
      fail(new WebhookCallError(`the webhook response is larger than ${MAX_RESPONSE_BYTES} bytes`));
      return;
    }
    chunks.push(chunk);
  });
  response.on('error', fail);
  response.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
}

/** Sends the review and settles with the reply, or rejects with a {@link WebhookCallError}. */
function send(target: Target, opts: CallWebhookOptions): Promise<JsonObject> {
  const payload = Buffer.from(JSON.stringify(opts.review), 'utf8');
  const post = `Post ${JSON.stringify(target.display)}`;
  return new Promise<JsonObject>((resolve, reject) => {
    const state: { settled: boolean; timer?: NodeJS.Timeout } = { settled: false };
    const settle = (action: () => void): void => {
      if (state.settled) return;
      state.settled = true;
      clearTimeout(state.timer);
      action();
    };
    const fail = (error: Error): void =>
      settle(() => reject(error instanceof WebhookCallError ? error : new WebhookCallError(`${post}: ${transportText(error, target)}`)));
    const req = httpsRequest(requestOptions(target, opts.clientConfig.caBundle, payload.length), (response) =>
      readBody(response, fail, (body) => settle(() => tryResolve(() => parseReply(response.statusCode ?? 0, body), resolve, reject))),
    );
    state.timer = setTimeout(() => {
      fail(new WebhookCallError(`${post}: context deadline exceeded`));
      req.destroy();
    }, opts.timeoutSeconds * 1000);
    req.on('error', fail);
    req.end(payload);
  });
}

function tryResolve(compute: () => JsonObject, resolve: (value: JsonObject) => void, reject: (error: unknown) => void): void {
  try {
    resolve(compute());
  } catch (error) {
    reject(error);
  }
}

/**
 * POSTs `review` to the webhook of `clientConfig` and returns the parsed reply body (an
 * AdmissionReview, not yet checked). Rejects with a {@link WebhookCallError} on an unreachable
 * service, a transport or TLS failure, a timeout, a non-2xx status, or a body that is not JSON.
 */
export async function callWebhook(opts: CallWebhookOptions): Promise<JsonObject> {
  return send(targetOf(opts), opts);
}
