// Client wiring for @ebb/kube: a KubeConfig built from a server URL, CA and token (how the local
// cluster's own controllers reach its API server) or loaded as kubectl/client-go would (a file,
// the in-cluster service account, the default rules), and one JSON request helper on top of
// client-node's transport (its auth, TLS dispatcher and fetch) that the informer and the event
// recorder share. Non-2xx answers become KubeApiError carrying the Kubernetes Status.
import { HttpMethod, IsomorphicFetchHttpLibrary, RequestContext, type KubeConfig } from '@kubernetes/client-node';
import { PooledKubeConfig } from './pooled-kube-config.js';

/** Where a KubeConfig built by {@link kubeConfigFor} points and how it authenticates. */
export interface KubeConfigTarget {
  readonly server: string;
  /** The cluster CA certificate (PEM); `''` when the server is plain http. */
  readonly caPem: string;
  /** A bearer token; `''` for none. */
  readonly token: string;
  /** The name of the cluster, user and context (default `ebb`). */
  readonly name?: string;
}

/** A KubeConfig for a server URL, CA (PEM) and bearer token (user/cluster/context named `name`, default 'ebb'). */
export function kubeConfigFor(options: KubeConfigTarget): KubeConfig {
  const name = options.name ?? 'ebb';
  const kubeConfig = new PooledKubeConfig();
  const plainHttp = options.server.startsWith('http:');
  kubeConfig.loadFromOptions({
    clusters: [
      {
        name,
        server: options.server,
        // client-node refuses http: unless TLS verification is "skipped"; there is no TLS then.
        skipTLSVerify: plainHttp,
        ...(options.caPem === '' ? {} : { caData: Buffer.from(options.caPem).toString('base64') }),
      },
    ],
    users: [{ name, ...(options.token === '' ? {} : { token: options.token }) }],
    contexts: [{ name, cluster: name, user: name }],
    currentContext: name,
  });
  return kubeConfig;
}

/** From a kubeconfig file (path), or in-cluster when `path` is undefined and KUBERNETES_SERVICE_HOST is set, else the default loading rules. */
export function loadKubeConfig(path?: string): KubeConfig {
  const kubeConfig = new PooledKubeConfig();
  if (path !== undefined) kubeConfig.loadFromFile(path);
  else if ((process.env['KUBERNETES_SERVICE_HOST'] ?? '') !== '') kubeConfig.loadFromCluster();
  else kubeConfig.loadFromDefault();
  return kubeConfig;
}

/** A non-2xx answer of the API server, with its Status object when it sent one. */
export class KubeApiError extends Error {
  override readonly name = 'KubeApiError';

  constructor(
    /** The HTTP status code (also the Status `code`). */
    readonly statusCode: number,
    /** The Status `reason` (`NotFound`, `AlreadyExists`, `Expired`, …), or `''`. */
    readonly reason: string,
    message: string,
    /** The decoded body (a Status), or undefined when it was not JSON. */
    readonly body?: unknown,
  ) {
    super(message);
  }
}

/** Whether an error is a KubeApiError with this status code. */
export function isKubeApiError(error: unknown, statusCode?: number): error is KubeApiError {
  return error instanceof KubeApiError && (statusCode === undefined || error.statusCode === statusCode);
}

/** One API request. */
export interface KubeRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The path below the server URL, e.g. `/api/v1/namespaces/default/events`. */
  readonly path: string;
  /** Query parameters; undefined values are left out. */
  readonly query?: Readonly<Record<string, string | undefined>>;
  /** A JSON body. */
  readonly body?: unknown;
  /** The body's content type (default `application/json`; patches name theirs). */
  readonly contentType?: string;
  readonly signal?: AbortSignal;
}

/** An answer's status code and its body as a web stream (for watches). */
export interface KubeStreamResponse {
  readonly statusCode: number;
  readonly stream: ReadableStream<Uint8Array> | null;
  readonly text: () => Promise<string>;
}

/** The URL of a request against the current cluster. */
function requestUrl(kubeConfig: KubeConfig, request: KubeRequest): string {
  const cluster = kubeConfig.getCurrentCluster();
  if (cluster === null) throw new Error('kubeconfig has no current cluster');
  const url = new URL(cluster.server.replace(/\/+$/, '') + request.path);
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, value);
  }
  return url.toString();
}

/** Sends a request with the kubeconfig's credentials; the body is not read. */
export async function kubeFetch(kubeConfig: KubeConfig, request: KubeRequest): Promise<KubeStreamResponse> {
  const context = new RequestContext(requestUrl(kubeConfig, request), HttpMethod[request.method]);
  context.setHeaderParam('Accept', 'application/json');
  if (request.body !== undefined) {
    context.setHeaderParam('Content-Type', request.contentType ?? 'application/json');
    context.setBody(JSON.stringify(request.body));
  }
  if (request.signal !== undefined) context.setSignal(request.signal);
  await kubeConfig.applySecurityAuthentication(context);
  const response = await new IsomorphicFetchHttpLibrary().send(context).toPromise();
  return { statusCode: response.httpStatusCode, stream: response.body.stream(), text: () => response.body.text() };
}

/** JSON of a body, or undefined. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The KubeApiError for a non-2xx answer and its body text. */
export function apiErrorOf(statusCode: number, text: string): KubeApiError {
  const body = parseJson(text);
  const status = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const reason = typeof status['reason'] === 'string' ? status['reason'] : '';
  const message = typeof status['message'] === 'string' ? status['message'] : text.slice(0, 200) || `HTTP ${statusCode}`;
  return new KubeApiError(statusCode, reason, message, body);
}

/** Sends a request and decodes the JSON answer; throws KubeApiError for non-2xx answers. */
export async function kubeRequest(kubeConfig: KubeConfig, request: KubeRequest): Promise<unknown> {
  const response = await kubeFetch(kubeConfig, request);
  const text = await response.text();
  if (response.statusCode < 200 || response.statusCode > 299) throw apiErrorOf(response.statusCode, text);
  return text === '' ? undefined : parseJson(text);
}
