// Resource requests over HTTP: finds the resource, reads the body and query, calls the
// resource, scale or deletion service, and answers JSON (or a Table when asked).
import {
  badRequest,
  decodeKubernetesProtobuf,
  isPlainObject,
  methodNotAllowed,
  PROTOBUF_CONTENT_TYPE,
  ProtobufDecodeError,
  resourceNotServed,
  toTable,
  unsupportedMediaType,
  type JsonObject,
  type KubeObject,
  type ResourceRequest,
  type ResourceType,
} from '@ebb/apimachinery';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthenticationEndpoints } from './authentication-endpoints.js';
import type { RbacAuthorizer } from './authorization.js';
import type { Deleter } from './deletion.js';
import type { PodLogs } from './pod-log-handler.js';
import { PodProxyHandler, type PodProxy, type PodProxyTarget } from './pod-proxy-handler.js';
import { readBody, readBodyBytes, sendJson, TABLE_CONTENT_TYPE, wantsTable } from './http-io.js';
import { PATCH_TYPES, type ItemTarget, type OperationContext, type PatchType, type WriteResult } from './operations.js';
import { deleteOptionsOf, includeObjectOf, listQueryOf, writeOptionsOf } from './query.js';
import { parseJsonBody, type ResourceService } from './resource-service.js';
import type { ScaleService } from './scale-service.js';
import type { WatchHandler } from './watch-handler.js';

/** The services a resource request may reach. */
export interface RestServices {
  readonly resources: ResourceService;
  readonly deleter: Deleter;
  readonly scale: ScaleService;
  readonly watches: WatchHandler;
  readonly authentication: AuthenticationEndpoints;
  /** Answers SelfSubjectAccessReviews. */
  readonly authorization: Pick<RbacAuthorizer, 'selfSubjectAccessReview'>;
  /** Serves `pods/<name>/log` (absent: 404). */
  readonly podLogs?: PodLogs;
  /** Serves `pods/<name>/proxy` (default: a {@link PodProxyHandler}). */
  readonly podProxy?: PodProxy;
}


function patchTypeOf(contentType: string | undefined): PatchType {
  const type = (contentType ?? '').split(';')[0]?.trim() ?? '';
  const known = Object.values(PATCH_TYPES) as string[];
  if (!known.includes(type)) {
    throw unsupportedMediaType(`the body of the request was in an unknown format - accepted media types include: ${known.join(', ')}`);
  }
  return type as PatchType;
}

function allowedSubresource(resource: ResourceType, subresource: string): boolean {
  if (subresource === '') return true;
  if (subresource === 'status') return resource.statusSubresource;
  if (subresource === 'scale') return resource.scale !== undefined;
  if (subresource === 'finalize') return resource.group === '' && resource.kind === 'Namespace';
  return (resource.extraSubresources ?? []).some((extra) => extra.name === subresource);
}

function requireJsonContent(req: IncomingMessage): void {
  const type = (req.headers['content-type'] ?? 'application/json').split(';')[0]?.trim();
  if (type !== 'application/json' && type !== 'application/yaml' && type !== '*/*') {
    throw unsupportedMediaType(`the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`);
  }
}

/** True for a create or update whose body is Kubernetes protobuf (kubectl's generator commands send it). */
function isProtobufWrite(req: IncomingMessage, verb: string): boolean {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim();
  return type === PROTOBUF_CONTENT_TYPE && (verb === 'create' || verb === 'update');
}

/** The JSON object of a protobuf body: 415 for a kind it cannot decode, 400 for malformed bytes. */
function decodeProtobufBody(body: Uint8Array): JsonObject {
  try {
    return decodeKubernetesProtobuf(body).object;
  } catch (error) {
    if (!(error instanceof ProtobufDecodeError)) throw error;
    throw error.reason === 'UnknownKind' ? unsupportedMediaType(error.message) : badRequest(error.message);
  }
}

/** One resource request, understood: the target, the caller and the query. */
interface Call {
  readonly target: ItemTarget;
  readonly request: ResourceRequest;
  readonly ctx: OperationContext;
  readonly query: URLSearchParams;
}

function optionalBody(text: string): unknown {
  return text.trim() === '' ? undefined : parseJsonBody(text);
}

/** Handles one resource request. */
export class RestHandler {
  private readonly podProxy: PodProxy;

  constructor(private readonly services: RestServices) {
    this.podProxy = services.podProxy ?? new PodProxyHandler();
  }

  private resolve(request: ResourceRequest): ResourceType {
    const resource = this.services.resources.registry.find(request.group, request.version, request.resource);
    if (resource === undefined || (!resource.namespaced && request.namespace !== '') || !allowedSubresource(resource, request.subresource)) throw resourceNotServed();
    if (!resource.verbs.includes(request.verb)) throw methodNotAllowed('the server does not allow this method on the requested resource');
    return resource;
  }

  /** Serves `request`; throws StatusErrors for the caller to send. */
  async handle(req: IncomingMessage, res: ServerResponse, request: ResourceRequest, caller: { ctx: OperationContext; query: URLSearchParams }): Promise<void> {
    const resource = this.resolve(request);
    const namespace = resource.namespaced ? request.namespace : '';
    const target: ItemTarget = { resource, namespace, name: request.name, subresource: request.subresource === 'status' ? 'status' : '' };
    const { query } = caller;
    if (request.subresource === 'log') return this.serveLog(res, target, { verb: request.verb, query });
    // pods/proxy is routed by the front door (its paths go on below `proxy`); anything else reaching here is not served.
    if (request.subresource === 'proxy') throw resourceNotServed();
    const table = wantsTable(req.headers.accept);
    switch (request.verb) {
      case 'get':
        return this.answerRead(res, resource, this.read(target, request), { table, query });
      case 'list':
        return this.answerRead(res, resource, this.services.resources.list(resource, namespace, listQueryOf(query)), { table, query });
      case 'watch':
        return this.services.watches.serve(req, res, { resource, namespace, query, table });
      default:
        return this.answerWrite(res, await this.write(req, { target, request, ctx: caller.ctx, query }));
    }
  }

  /** GET pods/<name>/log: the pod must exist (404), then the log handler streams. */
  private async serveLog(res: ServerResponse, target: ItemTarget, call: { verb: string; query: URLSearchParams }): Promise<void> {
    const podLogs = this.services.podLogs;
    if (podLogs === undefined || target.resource.kind !== 'Pod') throw resourceNotServed();
    if (call.verb !== 'get') throw methodNotAllowed('the server does not allow this method on the requested resource');
    return podLogs.serve(res, this.services.resources.get(target.resource, target.namespace, target.name), call.query);
  }

  /** Any method on pods/<name>/proxy: the pod must exist (404), then the proxy streams (503 when it cannot reach the pod). */
  async proxy(req: IncomingMessage, res: ServerResponse, call: { target: PodProxyTarget; search: string }): Promise<void> {
    const pods = this.services.resources.registry.find('', 'v1', 'pods');
    if (pods === undefined) throw resourceNotServed();
    const pod = this.services.resources.get(pods, call.target.namespace, call.target.pod);
    return this.podProxy.serve(req, res, pod, call);
  }

  private read(target: ItemTarget, request: ResourceRequest): KubeObject | JsonObject {
    if (request.subresource === 'scale') return this.services.scale.get(target.resource, target.namespace, target.name);
    return this.services.resources.get(target.resource, target.namespace, target.name);
  }

  private answerRead(res: ServerResponse, resource: ResourceType, body: KubeObject | JsonObject, options: { table: boolean; query: URLSearchParams }): void {
    if (!options.table || body.kind === 'Scale') return sendJson(res, 200, body);
    const objects = (Array.isArray(body.items) ? body.items : [body]) as JsonObject[];
    const metadata = isPlainObject(body.metadata) ? body.metadata : {};
    const table = toTable({
      resource,
      objects,
      now: new Date(),
      includeObject: includeObjectOf(options.query),
      resourceVersion: typeof metadata.resourceVersion === 'string' ? metadata.resourceVersion : '',
      continue: typeof metadata.continue === 'string' ? metadata.continue : undefined,
    });
    sendJson(res, 200, table, { contentType: TABLE_CONTENT_TYPE });
  }

  private answerWrite(res: ServerResponse, result: WriteResult): void {
    sendJson(res, result.code, result.body, { warnings: result.warnings });
  }

  private async write(req: IncomingMessage, call: Call): Promise<WriteResult> {
    const { target, request, ctx, query } = call;
    if (isProtobufWrite(req, request.verb)) return this.writeProtobuf(call, decodeProtobufBody(await readBodyBytes(req)));
    const text = await readBody(req);
    switch (request.verb) {
      case 'create':
        requireJsonContent(req);
        return this.create(call, parseJsonBody(text));
      case 'update':
        requireJsonContent(req);
        return this.update(call, parseJsonBody(text));
      case 'patch':
        return this.patch(call, { type: patchTypeOf(req.headers['content-type']), body: text });
      case 'delete':
        return this.services.deleter.delete(ctx, target.resource, target, deleteOptionsOf(query, optionalBody(text)));
      case 'deletecollection':
        return this.services.deleter.deleteCollection(ctx, target, listQueryOf(query), deleteOptionsOf(query, optionalBody(text)));
      default:
        throw badRequest(`unsupported verb ${request.verb}`);
    }
  }

  private async writeProtobuf(call: Call, body: JsonObject): Promise<WriteResult> {
    return call.request.verb === 'create' ? this.create(call, body) : this.update(call, body);
  }

  private async create(call: Call, body: unknown): Promise<WriteResult> {
    const { target, request, ctx, query } = call;
    if (request.subresource === 'token') return this.services.authentication.tokenRequest(target, body);
    if (request.subresource !== '') throw resourceNotServed();
    if (target.resource.group === 'authentication.k8s.io' && target.resource.plural === 'selfsubjectreviews') return this.services.authentication.selfSubjectReview(ctx, body);
    if (target.resource.group === 'authorization.k8s.io' && target.resource.plural === 'selfsubjectaccessreviews') return this.services.authorization.selfSubjectAccessReview(ctx, body);
    return this.services.resources.create(ctx, target, body, writeOptionsOf(query));
  }

  private async update(call: Call, body: unknown): Promise<WriteResult> {
    const { target, request, ctx, query } = call;
    if (request.subresource === 'scale') return this.services.scale.update(ctx, target, body, writeOptionsOf(query));
    if (request.subresource === 'finalize') return this.finalize(call, body);
    return this.services.resources.update(ctx, target, body, writeOptionsOf(query));
  }

  /** PUT namespaces/<ns>/finalize: only `spec.finalizers` changes. */
  private async finalize(call: Call, body: unknown): Promise<WriteResult> {
    const { target, ctx, query } = call;
    const finalizers = isPlainObject(body) && isPlainObject(body.spec) && Array.isArray(body.spec.finalizers) ? body.spec.finalizers : [];
    return this.services.resources.retryOnConflict(target.resource, target, (old) => {
      const spec = isPlainObject(old.spec) ? old.spec : {};
      const incoming: KubeObject = { ...old, spec: { ...spec, finalizers } };
      return this.services.resources.writeUpdate(ctx, target.resource, { old, incoming, subresource: '' }, writeOptionsOf(query));
    });
  }

  private async patch(call: Call, patch: { type: PatchType; body: string }): Promise<WriteResult> {
    const { target, request, ctx, query } = call;
    if (request.subresource === 'scale') return this.services.scale.patch(ctx, target, patch, writeOptionsOf(query));
    if (request.subresource === 'finalize') throw methodNotAllowed('the server does not allow this method on the requested resource');
    return this.services.resources.patch(ctx, target, patch, writeOptionsOf(query));
  }
}
