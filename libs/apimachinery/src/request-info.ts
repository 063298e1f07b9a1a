// Reads a Kubernetes API path and method into what is asked (client-go's and the apiserver's
// RequestInfo): `/apis/apps/v1/namespaces/default/deployments/web/scale` with PATCH is
// verb patch, group apps, version v1, namespace default, resource deployments, name web,
// subresource scale.

/** The path roots: `/api` for the core group, `/apis` for the others. */
const ROOTS: Record<string, 'core' | 'groups'> = { api: 'core', apis: 'groups' };

/** Namespace subresources that are not namespaced resources (`namespaces/<ns>/status`). */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/** What a resource request asks for. */
export interface ResourceRequest {
  readonly kind: 'resource';
  readonly verb: 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';
  readonly group: string;
  readonly version: string;
  /** `''` when the path has no namespace segment. */
  readonly namespace: string;
  readonly resource: string;
  /** `''` for collection requests. */
  readonly name: string;
  /** `''`, `status`, `scale`, `finalize`, `log`… */
  readonly subresource: string;
}

/** A discovery request: `/api`, `/apis`, `/apis/<group>`, `/api/v1`, `/apis/<group>/<version>`. */
export interface DiscoveryRequest {
  readonly kind: 'discovery';
  readonly group?: string;
  readonly version?: string;
  /** `core` for `/api…`, `groups` for `/apis…`. */
  readonly root: 'core' | 'groups';
}

/** What a path and method ask for; `undefined` when the path is not an API path. */
export type ApiRequest = ResourceRequest | DiscoveryRequest;

function verbOf(method: string, name: string, watch: boolean): ResourceRequest['verb'] | undefined {
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (watch) return 'watch';
      return name === '' ? 'list' : 'get';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return name === '' ? 'deletecollection' : 'delete';
    default:
      return undefined;
  }
}

function splitResourceParts(parts: readonly string[]): { namespace: string; rest: readonly string[] } {
  if (parts[0] !== 'namespaces' || parts.length < 2) return { namespace: '', rest: parts };
  const namespace = parts[1] ?? '';
  if (parts.length > 2 && !NAMESPACE_SUBRESOURCES.has(parts[2] ?? '')) return { namespace, rest: parts.slice(2) };
  return { namespace, rest: parts };
}

function discovery(root: 'core' | 'groups', parts: readonly string[]): DiscoveryRequest {
  if (root === 'core') return parts.length === 0 ? { kind: 'discovery', root } : { kind: 'discovery', root, group: '', version: parts[0] };
  if (parts.length === 0) return { kind: 'discovery', root };
  if (parts.length === 1) return { kind: 'discovery', root, group: parts[0] };
  return { kind: 'discovery', root, group: parts[0], version: parts[1] };
}

/**
 * Parses an API path (without the query) and method. `watch` is the `watch` query flag.
 * Paths with more than a subresource after the name are not API paths.
 */
export function parseApiRequest(method: string, pathname: string, watch: boolean): ApiRequest | undefined {
  const segments = pathname.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
  const root = ROOTS[segments[0] ?? ''];
  if (root === undefined) return undefined;
  const afterRoot = segments.slice(1);
  const gvLength = root === 'core' ? 1 : 2;
  if (afterRoot.length <= gvLength) return method === 'GET' ? discovery(root, afterRoot) : undefined;
  const group = root === 'core' ? '' : (afterRoot[0] ?? '');
  const version = afterRoot[gvLength - 1] ?? '';
  return resourceRequest({ method, watch, group, version, parts: afterRoot.slice(gvLength) });
}

function resourceRequest(input: { method: string; watch: boolean; group: string; version: string; parts: string[] }): ResourceRequest | undefined {
  const { method, watch, group, version, parts } = input;
  const { namespace, rest } = splitResourceParts(parts);
  if (rest.length === 0 || rest.length > 3) return undefined;
  const [resource = '', name = '', subresource = ''] = rest;
  const isNamespaceItself = rest === parts && resource === 'namespaces';
  const verb = verbOf(method, name, watch);
  if (verb === undefined) return undefined;
  return { kind: 'resource', verb, group, version, namespace: isNamespaceItself ? '' : namespace, resource, name, subresource };
}
