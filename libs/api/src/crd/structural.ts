import { INT_OR_STRING, PRESERVE_UNKNOWN_FIELDS } from '../core/meta.js';
import type { JSONSchemaProps } from './types.js';

/** A schema the CRD generator cannot express as a structural schema (a `$ref`, `allOf`, a mixed `anyOf`, …). */
export class UnsupportedSchemaError extends Error {
  override readonly name = 'UnsupportedSchemaError';
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`cannot make a structural schema at ${path || '<root>'}: ${detail}`);
  }
}

type SchemaNode = Readonly<Record<string, unknown>>;

/** Validation keywords copied unchanged onto the structural node (TypeBox-only keywords are dropped). */
const COPIED_KEYWORDS = ['format', 'pattern', 'minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems'] as const;
const SCALAR_TYPES: ReadonlySet<unknown> = new Set(['string', 'integer', 'number', 'boolean']);
const FORBIDDEN_KEYWORDS = ['$ref', 'allOf', 'oneOf', 'not', 'if', '$defs'] as const;

/** The one `anyOf` a structural schema may carry: on an int-or-string node, exactly this (as controller-gen emits it). */
const INT_OR_STRING_ANY_OF: readonly JSONSchemaProps[] = [{ type: 'integer' }, { type: 'string' }];

const isNode = (value: unknown): value is SchemaNode => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `description` first, then `type`, then the rest, then `default`: a stable key order for the YAML. */
function shape(node: SchemaNode, type: string | undefined, rest: JSONSchemaProps): JSONSchemaProps {
  const out: JSONSchemaProps = {};
  if (typeof node.description === 'string') out.description = node.description;
  if (type !== undefined) out.type = type;
  Object.assign(out, rest);
  if (node.default !== undefined) out.default = node.default;
  return out;
}

function copiedKeywords(node: SchemaNode): JSONSchemaProps {
  const out: Record<string, unknown> = {};
  for (const key of COPIED_KEYWORDS) if (node[key] !== undefined) out[key] = node[key];
  return out;
}

function child(node: SchemaNode, key: string, path: string): SchemaNode {
  const value = node[key];
  if (!isNode(value)) throw new UnsupportedSchemaError(path, `"${key}" is not a schema`);
  return value;
}

function objectNode(node: SchemaNode, path: string): JSONSchemaProps {
  const properties = isNode(node.properties) ? node.properties : undefined;
  const patterns = isNode(node.patternProperties) ? Object.values(node.patternProperties) : [];
  if (properties !== undefined && patterns.length > 0) throw new UnsupportedSchemaError(path, 'both properties and a map');
  if (patterns.length > 1) throw new UnsupportedSchemaError(path, 'more than one key pattern');
  const [mapValue] = patterns;
  if (mapValue !== undefined) {
    if (!isNode(mapValue)) throw new UnsupportedSchemaError(path, 'map value is not a schema');
    return shape(node, 'object', { additionalProperties: toStructural(mapValue, `${path}[*]`) });
  }
  return shape(node, 'object', propertiesOf(node, properties ?? {}, path));
}

function propertiesOf(node: SchemaNode, properties: SchemaNode, path: string): JSONSchemaProps {
  const names = Object.keys(properties).sort();
  if (names.length === 0) return {};
  const out: Record<string, JSONSchemaProps> = {};
  for (const name of names) out[name] = toStructural(child(properties, name, path), `${path}.${name}`);
  const required = Array.isArray(node.required) ? node.required.filter((r): r is string => names.includes(String(r))).sort() : [];
  return required.length > 0 ? { required, properties: out } : { properties: out };
}

/** A union of string literals becomes `type: string` + `enum`; any other union is not structural. */
function unionNode(node: SchemaNode, path: string): JSONSchemaProps {
  const members = (node.anyOf as unknown[]).map((m) => (isNode(m) ? m.const : undefined));
  if (!members.every((m): m is string => typeof m === 'string')) {
    throw new UnsupportedSchemaError(path, 'a union that is not a set of string literals');
  }
  return shape(node, 'string', { enum: members });
}

function typedNode(node: SchemaNode, path: string): JSONSchemaProps {
  if (node.type === 'object') return objectNode(node, path);
  if (node.type === 'array') return shape(node, 'array', { ...copiedKeywords(node), items: toStructural(child(node, 'items', path), `${path}[]`) });
  if (!SCALAR_TYPES.has(node.type)) throw new UnsupportedSchemaError(path, `type ${JSON.stringify(node.type)}`);
  const literal = node.const === undefined ? {} : { enum: [node.const] };
  return shape(node, node.type as string, { ...copiedKeywords(node), ...literal });
}

/**
 * Turns a TypeBox schema into a structural CRD schema node: every node typed (or int-or-string or
 * preserve-unknown-fields), no `$ref`/`allOf`/`oneOf`/`not`, records as `additionalProperties`, string
 * literal unions as `enum`, properties sorted by name. TypeBox-only keywords (`~kind`, `$id`,
 * `additionalProperties: false`, `patternProperties`) are dropped. Throws {@link UnsupportedSchemaError}.
 */
export function toStructural(node: SchemaNode, path = ''): JSONSchemaProps {
  const forbidden = FORBIDDEN_KEYWORDS.find((key) => node[key] !== undefined);
  if (forbidden !== undefined) throw new UnsupportedSchemaError(path, `"${forbidden}" is not allowed`);
  if (node[PRESERVE_UNKNOWN_FIELDS] === true) return shape(node, 'object', { [PRESERVE_UNKNOWN_FIELDS]: true });
  if (node[INT_OR_STRING] === true) return shape(node, undefined, { ...copiedKeywords(node), anyOf: INT_OR_STRING_ANY_OF.map((s) => ({ ...s })), [INT_OR_STRING]: true });
  if (Array.isArray(node.anyOf)) return unionNode(node, path);
  return typedNode(node, path);
}
