// Structural schemas of the built-in kinds, derived from a model type map: the shape in which
// generated Kubernetes clients describe every API type (`{name, baseName, type, format}` per
// field, with types such as `string`, `Array<V1Container>`, `{ [key: string]: string; }`).
// The server prunes and strictly validates built-in objects against these schemas, as
// Kubernetes' typed decoder does; a type met again inside itself (JSONSchemaProps) is left open.
import type { JsonObject } from '../object.js';

/** One field of a model, as generated clients describe it. */
export interface ModelAttribute {
  /** The JSON field name. */
  readonly baseName: string;
  readonly type: string;
  readonly format?: string;
}

/** The fields of a model by its name, or undefined for an unknown name. */
export type ModelLookup = (model: string) => readonly ModelAttribute[] | undefined;

const OPEN_OBJECT: JsonObject = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };

const SCALARS: Record<string, (format: string) => JsonObject> = {
  string: (format): JsonObject => (format === '' ? { type: 'string' } : { type: 'string', format }),
  number: (format): JsonObject => (format === 'int32' || format === 'int64' ? { type: 'integer', format } : { type: 'number' }),
  boolean: () => ({ type: 'boolean' }),
  Date: () => ({ type: 'string', format: 'date-time' }),
  IntOrString: () => ({ 'x-kubernetes-int-or-string': true }),
  any: () => ({ 'x-kubernetes-preserve-unknown-fields': true }),
  object: () => OPEN_OBJECT,
};

function typeSchema(type: string, format: string, context: { lookup: ModelLookup; stack: readonly string[] }): JsonObject {
  const scalar = SCALARS[type];
  if (scalar !== undefined) return scalar(format);
  const array = /^Array<(.+)>$/.exec(type);
  if (array !== null) return { type: 'array', items: typeSchema(array[1] ?? 'any', '', context) };
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map !== null) return { type: 'object', additionalProperties: typeSchema(map[1] ?? 'any', '', context) };
  return modelSchema(type, context);
}

function modelSchema(model: string, context: { lookup: ModelLookup; stack: readonly string[] }): JsonObject {
  const attributes = context.lookup(model);
  if (attributes === undefined || context.stack.includes(model)) return OPEN_OBJECT;
  const stack = [...context.stack, model];
  const properties: JsonObject = {};
  for (const attribute of attributes) properties[attribute.baseName] = typeSchema(attribute.type, attribute.format ?? '', { lookup: context.lookup, stack });
  return { type: 'object', properties };
}

/** The structural schema of `model` (e.g. `V1Deployment`), or undefined when the lookup does not know it. */
export function schemaFromTypeMap(model: string, lookup: ModelLookup): JsonObject | undefined {
  if (lookup(model) === undefined) return undefined;
  return modelSchema(model, { lookup, stack: [] });
}

/** The generated client's model name of a built-in kind: `V1Deployment`, `CoreV1Event`, `EventsV1Event`. */
export function modelNameOf(group: string, version: string, kind: string): string {
  const v = `${version.charAt(0).toUpperCase()}${version.slice(1)}`;
  if (kind === 'Event') return group === '' ? `Core${v}Event` : `Events${v}Event`;
  return `${v}${kind}`;
}
