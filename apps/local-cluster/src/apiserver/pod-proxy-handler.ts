// `/api/v1/namespaces/<ns>/pods/<[scheme:]name[:port]>/proxy[/<path>]` for every method, as the
// Kubernetes API server serves it: the request (method, path below `proxy`, query, headers
// without hop-by-hop ones and without the caller's credentials, body streamed) goes to the pod's
// IP at that port (else the first declared containerPort), the answer streams back as it is.
// In the local cluster a containerPort is usually mapped to another host port; the kubelet
// records the mapping on the pod (`local.ebb.dev/ports`, identity for `port-mapping: pod-ip`)
// and `effectivePort` reads it. Parsing is pure; the handler does the I/O. The front door
// (server.ts) routes here before its ordinary path parsing, which refuses paths this long.
import { badRequest, listOf, recordOf, serviceUnavailable, stringOf, type KubeObject, type ResourceRequest } from '@ebb/apimachinery';
import { effectivePort } from '@ebb/workloads';
import http, { type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import https from 'node:https';

/** What a pods/proxy path asks. */
export interface PodProxyTarget {
  readonly namespace: string;
  /** The pod's name (without scheme and port). */
  readonly pod: string;
  readonly scheme: 'http' | 'https';
  /** The port as given (a number or a port name); `''` when none was. */
  readonly port: string;
  /** The path below `proxy`, as sent (still percent-encoded); `/` when none. */
  readonly path: string;
  /** The request as RBAC and the metrics see it: resource `pods`, subresource `proxy`. */
  readonly request: ResourceRequest;
}

const PROXY_PATH = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/proxy(\/.*)?$/;

/** The verb of a proxied method (Kubernetes' RequestInfo; OPTIONS is authorized as a get). */
const VERBS: Readonly<Record<string, ResourceRequest['verb']>> = { GET: 'get', HEAD: 'get', OPTIONS: 'get', POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };

/** Kubernetes' SplitSchemeNamePort: `name`, `name:port` or `scheme:name:port` (scheme http or https). */
export function splitSchemeNamePort(id: string): { scheme: 'http' | 'https'; name: string; port: string } | undefined {
  const parts = id.split(':');
  if (parts.length > 3) return undefined;
  const [scheme = '', name = '', port = ''] = parts.length === 3 ? parts : ['', ...parts];
  if (name === '' || !['', 'http', 'https'].includes(scheme)) return undefined;
  return { scheme: scheme === 'https' ? 'https' : 'http', name, port };
}

/** The pods/proxy request of a method and path, or undefined when the path is not one; 400 for a malformed pod id. */
export function parsePodProxyPath(method: string, pathname: string): PodProxyTarget | undefined {
  const match = PROXY_PATH.exec(pathname);
  const verb = VERBS[method];
  if (match === null || verb === undefined) return undefined;
  const namespace = decodeURIComponent(match[1] ?? '');
  const id = decodeURIComponent(match[2] ?? '');
  const split = splitSchemeNamePort(id);
  if (split === undefined) throw badRequest(`invalid pod request ${JSON.stringify(id)}`);
  const request: ResourceRequest = { kind: 'resource', verb, group: '', version: 'v1', namespace, resource: 'pods', name: split.name, subresource: 'proxy' };
  return { namespace, pod: split.name, scheme: split.scheme, port: split.port, path: match[3] ?? '/', request };
}


interface PortView {
  readonly name?: string;
  readonly containerPort: number;
  readonly protocol: string;
}

function declaredPorts(pod: KubeObject): PortView[] {
  return listOf(recordOf(pod.spec).containers).flatMap((container) =>
    listOf(recordOf(container).ports).map((entry) => {
      const port = recordOf(entry);
      const name = stringOf(port.name);
      return { ...(name === '' ? {} : { name }), containerPort: Number(port.containerPort), protocol: stringOf(port.protocol) || 'TCP' };
    }),
  );
}

/** The containerPort a proxy request means: the number given, the named port, else the first declared port (else 80, http's). */
export function containerPortOf(pod: KubeObject, port: string): { containerPort: number; protocol: string } {
  const ports = declaredPorts(pod);
  if (port === '') return ports[0] ?? { containerPort: 80, protocol: 'TCP' };
  if (/^\d+$/.test(port)) {
    const number = Number(port);
    if (number < 1 || number > 65535) throw badRequest(`invalid port ${JSON.stringify(port)} for pod ${JSON.stringify(pod.metadata.name ?? '')}`);
    return ports.find((p) => p.containerPort === number) ?? { containerPort: number, protocol: 'TCP' };
  }
  const named = ports.find((p) => p.name === port);
  if (named === undefined) throw serviceUnavailable(`pod ${JSON.stringify(pod.metadata.name ?? '')} has no port named ${JSON.stringify(port)}`);
  return named;
}

/** Where the pod really listens for a proxy request: its IP and the (mapped) host port; 503 when it has no IP. */
export function upstreamOf(pod: KubeObject, port: string): { host: string; port: number } {
  const podIP = stringOf(recordOf(pod.status).podIP);
  if (podIP === '') throw serviceUnavailable('pod has no IP');
  const { containerPort, protocol } = containerPortOf(pod, port);
  return { host: podIP, port: effectivePort(pod, containerPort, protocol) };
}

/** Headers that belong to one connection (RFC 9110 §7.6.1), never forwarded. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** The headers to forward: without hop-by-hop ones (and those `Connection` names), and without `drop`. */
export function forwardedHeaders(headers: IncomingHttpHeaders, drop: readonly string[] = []): OutgoingHttpHeaders {
  const named = String(headers.connection ?? '')
    .split(',')
    .map((token) => token.trim().toLowerCase())
    .filter((token) => token !== '');
  const skip = new Set([...HOP_BY_HOP, ...named, ...drop]);
  return Object.fromEntries(Object.entries(headers).filter(([key, value]) => !skip.has(key.toLowerCase()) && value !== undefined));
}

/** Serves pods/proxy requests. */
export class PodProxyHandler {
  /**
   * Proxies `req` to `pod` and streams the answer into `res`. Rejects with a StatusError (503 for
   * an unreachable pod) only while nothing has been written; a failure after the answer began
   * cuts the connection, as a proxy must.
   */
  serve(req: IncomingMessage, res: ServerResponse, pod: KubeObject, call: { target: PodProxyTarget; search: string }): Promise<void> {
    const upstream = upstreamOf(pod, call.target.port);
    const headers = { ...forwardedHeaders(req.headers, ['authorization', 'host']), host: `${upstream.host}:${upstream.port}` };
    const client = call.target.scheme === 'https' ? https : http;
    return new Promise((resolve, reject) => {
      const outgoing = client.request({ ...upstream, method: req.method, path: `${call.target.path}${call.search}`, headers, rejectUnauthorized: false }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, forwardedHeaders(answer.headers));
        answer.pipe(res);
        answer.once('end', () => resolve());
        answer.once('error', () => res.destroy());
        res.once('close', () => {
          answer.destroy();
          resolve();
        });
      });
      outgoing.once('error', (error) => {
        if (res.headersSent) {
          res.destroy();
          resolve();
        } else reject(serviceUnavailable(`error trying to reach service: ${error.message}`));
      });
      req.once('aborted', () => outgoing.destroy());
      req.pipe(outgoing);
    });
  }
}

/** For the RestHandler: the proxy's entry point, typed loosely enough for a test double. */
export type PodProxy = Pick<PodProxyHandler, 'serve'>;
