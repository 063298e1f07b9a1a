// The HTTPS front door: authentication, RBAC authorization, the non-resource endpoints (health,
// version, metrics, discovery, OpenAPI), resource requests, request metrics and logs.
import { parseApiRequest, resourceNotServed, unauthorized, type ApiRequest } from '@ebb/apimachinery';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { UserInfo } from '../auth/tokens.js';
import type { Authenticator } from './authenticator.js';
import { requestAttributes, type RbacAuthorizer } from './authorization.js';
import type { DiscoveryHandler } from './discovery-handler.js';
import { asStatusError, sendError, sendJson, sendText } from './http-io.js';
import { parsePodProxyPath, type PodProxyTarget } from './pod-proxy-handler.js';
import type { ApiMetrics } from './metrics.js';
import type { RestHandler } from './rest-handler.js';
import { VERSION_INFO } from './version.js';


/** The labels of one request's metrics; filled in as the request is understood. */
interface RequestLabels {
  verb: string;
  /** Plural resource (with `/subresource`), `''` for non-resource paths. */
  resource: string;
  readonly started: bigint;
}

/** What the request listener needs. */
export interface FrontDoorDeps {
  readonly authenticator: Authenticator;
  readonly authorizer: Pick<RbacAuthorizer, 'check'>;
  readonly rest: RestHandler;
  readonly discovery: DiscoveryHandler;
  readonly metricsRegistry: Registry;
  readonly metrics: ApiMetrics;
  readonly logger: Logger;
  /** False while starting and once shutdown began: /readyz answers 503. */
  readonly ready: () => boolean;
}

function healthPath(pathname: string): 'healthz' | 'livez' | 'readyz' | undefined {
  const base = pathname.split('/')[1];
  return base === 'healthz' || base === 'livez' || base === 'readyz' ? base : undefined;
}

/** Parses what the request asks, labels its metrics and authorizes it (403 Forbidden when RBAC denies). */
function authorized(deps: Pick<FrontDoorDeps, 'authorizer'>, req: IncomingMessage, url: URL, caller: { user: UserInfo; labels: RequestLabels }): ApiRequest | undefined {
  const watch = ['true', '1', ''].includes(url.searchParams.get('watch') ?? 'no');
  const method = req.method ?? 'GET';
  const request = parseApiRequest(method, url.pathname, watch);
  const resourceRequest = request?.kind === 'resource' ? request : undefined;
  if (resourceRequest !== undefined) {
    caller.labels.verb = resourceRequest.verb;
    caller.labels.resource = resourceRequest.subresource === '' ? resourceRequest.resource : `${resourceRequest.resource}/${resourceRequest.subresource}`;
  }
  deps.authorizer.check(requestAttributes({ user: caller.user, method, url, request: resourceRequest }));
  return request;
}

/** The `(req, res)` listener of the HTTPS server. */
export function createRequestListener(deps: FrontDoorDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const serve = async (req: IncomingMessage, res: ServerResponse, url: URL, labels: RequestLabels): Promise<void> => {
    const health = healthPath(url.pathname);
    if (health !== undefined) {
      const ok = health !== 'readyz' || deps.ready();
      return sendText(res, ok ? 200 : 503, ok ? 'ok' : '[-]shutdown or startup in progress\nreadyz check failed');
    }
    if (url.pathname === '/version') return sendJson(res, 200, VERSION_INFO);
    const user = deps.authenticator.authenticate(req);
    if (user === undefined) throw unauthorized();
    await route(req, res, url, { user, labels });
  };

  /** pods/<name>/proxy[/path]: labelled and authorized as the subresource, then proxied. */
  const proxy = async (req: IncomingMessage, res: ServerResponse, url: URL, call: { target: PodProxyTarget; user: UserInfo; labels: RequestLabels }): Promise<void> => {
    const { target, labels } = call;
    labels.verb = target.request.verb;
    labels.resource = 'pods/proxy';
    deps.authorizer.check(requestAttributes({ user: call.user, method: req.method ?? 'GET', url, request: target.request }));
    await deps.rest.proxy(req, res, { target, search: url.search });
  };

  const route = async (req: IncomingMessage, res: ServerResponse, url: URL, caller: { user: UserInfo; labels: RequestLabels }): Promise<void> => {
    const { user } = caller;
    const proxied = parsePodProxyPath(req.method ?? 'GET', url.pathname);
    if (proxied !== undefined) return proxy(req, res, url, { target: proxied, user, labels: caller.labels });
    const request = authorized(deps, req, url, caller);
    if (url.pathname === '/metrics') {
      res.writeHead(200, { 'content-type': deps.metricsRegistry.contentType });
      res.end(await deps.metricsRegistry.metrics());
      return;
    }
    if (url.pathname.startsWith('/openapi/')) return deps.discovery.openapi(req, res, url.pathname.replace(/\/$/, ''));
    if (request === undefined) throw resourceNotServed();
    if (request.kind === 'discovery') return deps.discovery.discovery(req, res, request);
    const userAgent = req.headers['user-agent'];
    await deps.rest.handle(req, res, request, { ctx: { user, userAgent }, query: url.searchParams });
  };

  const observe = (labels: RequestLabels, code: number): void => {
    deps.metrics.requests.inc({ verb: labels.verb, resource: labels.resource, code: String(code) });
    deps.metrics.latency.observe({ verb: labels.verb, resource: labels.resource }, Number(process.hrtime.bigint() - labels.started) / 1e9);
  };

  return (req, res) => {
    const url = new URL(req.url ?? '/', 'https://local');
    const labels: RequestLabels = { verb: (req.method ?? 'GET').toLowerCase(), resource: '', started: process.hrtime.bigint() };
    serve(req, res, url, labels).then(
      () => observe(labels, res.statusCode),
      (error: unknown) => {
        const status = asStatusError(error);
        if (status.code >= 500) deps.logger.error({ err: error, method: req.method, path: url.pathname }, 'request failed');
        else deps.logger.debug({ method: req.method, path: url.pathname, code: status.code, reason: status.reason }, 'request refused');
        sendError(res, status);
        observe(labels, status.code);
      },
    );
  };
}
