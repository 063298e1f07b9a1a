// The `scale` subresource: GET builds a Scale from the parent; PUT and PATCH change the
// parent's replicas at the declared path through the ordinary update pipeline (so generation,
// conflicts, admission and watch events behave as for any update).
import {
  applyJsonPatch,
  applyMergePatch,
  conflict,
  invalid,
  isPlainObject,
  methodNotAllowed,
  OBJECT_MODIFIED,
  requestedReplicas,
  scaleOf,
  withValueAtPath,
  type JsonObject,
  type KubeObject,
  type ResourceType,
  type ScaleSubresource,
} from '@ebb/apimachinery';
import { PATCH_TYPES, type ItemTarget, type OperationContext, type PatchType, type WriteOptions, type WriteResult } from './operations.js';
import { parseJsonBody, type ResourceService } from './resource-service.js';

function scaleSpecOf(resource: ResourceType): ScaleSubresource {
  if (resource.scale === undefined) throw methodNotAllowed(`the server does not allow this method on the requested resource`);
  return resource.scale;
}

/** The scale subresource of every resource that has one. */
export class ScaleService {
  constructor(private readonly service: ResourceService) {}

  /** GET …/scale. */
  get(resource: ResourceType, namespace: string, name: string): JsonObject {
    return scaleOf(this.service.get(resource, namespace, name), scaleSpecOf(resource));
  }

  /** PUT …/scale. */
  async update(ctx: OperationContext, target: ItemTarget, body: unknown, options: WriteOptions): Promise<WriteResult> {
    const { resource } = target;
    const spec = scaleSpecOf(resource);
    return this.service.retryOnConflict(resource, target, async (parent) => {
      const precondition = isPlainObject(body) && isPlainObject(body.metadata) ? body.metadata.resourceVersion : undefined;
      if (typeof precondition === 'string' && precondition !== '' && precondition !== parent.metadata.resourceVersion) {
        throw conflict(resource, target.name, OBJECT_MODIFIED);
      }
      return this.writeReplicas(ctx, resource, { parent, spec, body }, options);
    });
  }

  /** PATCH …/scale (merge and JSON patches of the Scale; strategic merges like merge, a Scale has no lists). */
  async patch(ctx: OperationContext, target: ItemTarget, patch: { type: PatchType; body: string }, options: WriteOptions): Promise<WriteResult> {
    const { resource } = target;
    const spec = scaleSpecOf(resource);
    const document = parseJsonBody(patch.body);
    return this.service.retryOnConflict(resource, target, async (parent) => {
      const current = scaleOf(parent, spec);
      const patched = patch.type === PATCH_TYPES.json ? applyJsonPatch(current, document) : applyMergePatch(current, document as never);
      return this.writeReplicas(ctx, resource, { parent, spec, body: patched }, options);
    });
  }

  private async writeReplicas(
    ctx: OperationContext,
    resource: ResourceType,
    input: { parent: KubeObject; spec: ScaleSubresource; body: unknown },
    options: WriteOptions,
  ): Promise<WriteResult> {
    const replicas = requestedReplicas(input.body);
    if (typeof replicas === 'string') {
      const [field = 'spec.replicas', ...rest] = replicas.split(': ');
      throw invalid({ kind: 'Scale', group: 'autoscaling', name: input.parent.metadata.name ?? '', causes: [{ reason: 'FieldValueInvalid', field, message: rest.join(': ') }] });
    }
    const incoming = withValueAtPath(input.parent, input.spec.specReplicasPath, replicas);
    const result = await this.service.writeUpdate(ctx, resource, { old: input.parent, incoming, subresource: '' }, options);
    return { ...result, body: scaleOf(result.body as KubeObject, input.spec) };
  }
}
