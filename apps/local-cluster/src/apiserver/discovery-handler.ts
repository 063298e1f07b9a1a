// Discovery and OpenAPI: aggregated discovery (apidiscovery.k8s.io v2 and v2beta1) when the
// client accepts it, the legacy documents otherwise, and OpenAPI v2/v3 built from the served
// resources; documents are rebuilt only when the set of resources changes.
import {
  aggregatedDiscovery,
  AGGREGATED_DISCOVERY_V2_CONTENT_TYPE,
  AGGREGATED_DISCOVERY_V2BETA1_CONTENT_TYPE,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  minimalOpenApiV2Protobuf,
  negotiateDiscovery,
  openApiV2Document,
  openApiV3Document,
  openApiV3Index,
  OPENAPI_V2_PROTOBUF_CONTENT_TYPE,
  resourceNotServed,
  type DiscoveryRequest,
  type ResourceType,
} from '@ebb/apimachinery';
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResourceRegistry } from './registry.js';
import { sendJson } from './http-io.js';
import { VERSION_INFO } from './version.js';


/** kubectl asks for /openapi/v2 as protobuf only: it gets a document without definitions (see openapi-v2-protobuf.ts). */
function sendProtobufV2(res: ServerResponse): void {
  const body = minimalOpenApiV2Protobuf('Kubernetes', VERSION_INFO.gitVersion);
  res.writeHead(200, { 'content-type': OPENAPI_V2_PROTOBUF_CONTENT_TYPE, 'content-length': String(body.length) });
  res.end(body);
}

function acceptsJson(accept: string | undefined): boolean {
  if (accept === undefined || accept === '') return true;
  return accept.split(',').some((part) => /^\s*(application\/json|application\/\*|\*\/\*)\s*(;|$)/.test(part));
}

function gvPath(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

function hashOf(value: unknown): string {
  return createHash('sha512').update(JSON.stringify(value)).digest('hex').slice(0, 64).toUpperCase();
}

/** Serves /api, /apis and /openapi. */
export class DiscoveryHandler {
  private cache = new Map<string, unknown>();
  private cachedAt = -1;

  constructor(
    private readonly registry: ResourceRegistry,
    private readonly serverAddress: () => string,
  ) {}

  private memo<T>(key: string, build: () => T): T {
    if (this.cachedAt !== this.registry.version()) {
      this.cache = new Map();
      this.cachedAt = this.registry.version();
    }
    if (!this.cache.has(key)) this.cache.set(key, build());
    return this.cache.get(key) as T;
  }

  private resources(): ResourceType[] {
    return this.registry.all();
  }

  /** GET /api, /apis, /api/v1, /apis/<g>, /apis/<g>/<v>. */
  discovery(req: IncomingMessage, res: ServerResponse, request: DiscoveryRequest): void {
    const format = negotiateDiscovery(req.headers.accept ?? '');
    if (request.group === undefined && format !== 'legacy') {
      const apiVersion = format === 'v2' ? 'apidiscovery.k8s.io/v2' : 'apidiscovery.k8s.io/v2beta1';
      const body = this.memo(`agg:${request.root}:${apiVersion}`, () => aggregatedDiscovery(this.resources(), request.root, apiVersion));
      return sendJson(res, 200, body, { contentType: format === 'v2' ? AGGREGATED_DISCOVERY_V2_CONTENT_TYPE : AGGREGATED_DISCOVERY_V2BETA1_CONTENT_TYPE });
    }
    if (request.group === undefined) {
      return sendJson(res, 200, request.root === 'core' ? apiVersions(this.serverAddress()) : this.memo('groups', () => apiGroupList(this.resources())));
    }
    this.legacyGroup(res, request);
  }

  private legacyGroup(res: ServerResponse, request: DiscoveryRequest): void {
    const served = this.resources().filter((r) => r.group === request.group && (request.version === undefined || r.version === request.version));
    if (served.length === 0 || (request.root === 'groups' && request.group === '')) throw resourceNotServed();
    if (request.version === undefined) return sendJson(res, 200, this.memo(`group:${request.group}`, () => apiGroup(this.resources(), request.group ?? '')));
    return sendJson(res, 200, this.memo(`gv:${request.group}/${request.version}`, () => apiResourceList(this.resources(), request.group ?? '', request.version ?? '')));
  }

  /** GET /openapi/v2, /openapi/v3, /openapi/v3/<api/v1 | apis/g/v>. */
  openapi(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    if (pathname === '/openapi/v2' && !acceptsJson(req.headers.accept)) return sendProtobufV2(res);
    if (pathname === '/openapi/v2') return sendJson(res, 200, this.memo('v2', () => openApiV2Document(this.resources())));
    if (pathname === '/openapi/v3') return sendJson(res, 200, this.memo('v3', () => openApiV3Index(this.resources(), (key) => hashOf(this.v3DocumentAt(key)))));
    const gv = pathname.slice('/openapi/v3/'.length);
    const match = /^(?:api\/(v[^/]+)|apis\/([^/]+)\/([^/]+))$/.exec(gv);
    if (match === null) throw resourceNotServed();
    const [group, version] = match[1] !== undefined ? ['', match[1]] : [match[2] ?? '', match[3] ?? ''];
    if (!this.registry.servesGroupVersion(group, version)) throw resourceNotServed();
    sendJson(res, 200, this.v3Document(group, version));
  }

  private v3DocumentAt(key: string): unknown {
    const [root, a = '', b = ''] = key.split('/');
    return root === 'api' ? this.v3Document('', a) : this.v3Document(a, b);
  }

  private v3Document(group: string, version: string): unknown {
    return this.memo(`v3:${gvPath(group, version)}`, () => openApiV3Document(this.resources().filter((r) => r.group === group && r.version === version)));
  }
}
