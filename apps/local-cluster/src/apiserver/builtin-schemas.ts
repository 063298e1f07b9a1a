// The schemas of the built-in kinds, from the model type maps of @kubernetes/client-node (the
// generated client for the Kubernetes API this server follows). Unknown fields of built-in
// objects are found with them at any depth, as Kubernetes' typed decoder finds them.
import * as clientNode from '@kubernetes/client-node';
import { kindSchema, modelNameOf, schemaFromTypeMap, type JsonObject, type ModelAttribute, type ModelLookup, type ResourceType } from '@ebb/apimachinery';

type Model = { getAttributeTypeMap?: () => ModelAttribute[] };
const models = clientNode as unknown as Record<string, Model | undefined>;

/** The client's model fields by model name. */
export const clientModelLookup: ModelLookup = (name) => models[name]?.getAttributeTypeMap?.();

const cache = new WeakMap<ResourceType, JsonObject>();

/**
 * The schema a built-in object is pruned and strictly validated against: the client's model,
 * or the published OpenAPI schema for a kind the client does not know.
 */
export function builtinSchemaOf(resource: ResourceType): JsonObject {
  let schema = cache.get(resource);
  if (schema === undefined) {
    schema = schemaFromTypeMap(modelNameOf(resource.group, resource.version, resource.kind), clientModelLookup) ?? kindSchema(resource);
    cache.set(resource, schema);
  }
  return schema;
}
