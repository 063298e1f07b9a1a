import Type from 'typebox';
import { INT_OR_STRING, IntOrStringSchema, PRESERVE_UNKNOWN_FIELDS, TemplateMetaSchema } from '../core/meta.js';
import { CRD_FOLDERS, makeCrds, toStructural, UnsupportedSchemaError, type JSONSchemaProps } from './index.js';

type Node = Readonly<Record<string, unknown>>;

/** Keywords a structural node may carry (anything else is a TypeBox leftover or unsupported). */
const ALLOWED_KEYWORDS = new Set([
  'description', 'type', 'format', 'enum', 'pattern', 'minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems',
  'required', 'properties', 'additionalProperties', 'items', 'default', 'anyOf', PRESERVE_UNKNOWN_FIELDS, INT_OR_STRING,
]);

const INT_OR_STRING_ANY_OF = '[{"type":"integer"},{"type":"string"}]';
const isTyped = (n: JSONSchemaProps): boolean => n.type !== undefined || n[INT_OR_STRING] === true || n[PRESERVE_UNKNOWN_FIELDS] === true;

/** The structural-schema rules (kubernetes/SEMANTICS.md §5), one check per node each. */
const RULES: readonly ((n: JSONSchemaProps) => string[])[] = [
  (n) => Object.keys(n).filter((k) => !ALLOWED_KEYWORDS.has(k)).map((k) => `keyword ${k}`),
  (n) => (isTyped(n) ? [] : ['no type']),
  (n) => (n.anyOf === undefined || (n[INT_OR_STRING] === true && JSON.stringify(n.anyOf) === INT_OR_STRING_ANY_OF) ? [] : ['anyOf']),
  (n) => (n.properties !== undefined && n.additionalProperties !== undefined ? ['properties and additionalProperties'] : []),
  (n) => (typeof ((n as Node).additionalProperties ?? {}) === 'object' ? [] : ['boolean additionalProperties']),
  (n) => (n.type === 'array' && n.items === undefined ? ['array without items'] : []),
  (n) => (n.required ?? []).filter((r) => n.properties?.[r] === undefined).map((r) => `required ${r} not a property`),
];

/** Every way a node and its children break the rules, with their paths. */
function violations(node: JSONSchemaProps, path: string): string[] {
  const own = RULES.flatMap((rule) => rule(node)).map((problem) => `${path}: ${problem}`);
  const children = [
    ...Object.entries(node.properties ?? {}).map(([k, v]) => violations(v, `${path}.${k}`)),
    node.additionalProperties === undefined ? [] : violations(node.additionalProperties, `${path}[*]`),
    node.items === undefined ? [] : violations(node.items, `${path}[]`),
  ];
  return [...own, ...children.flat()];
}

describe('toStructural', () => {
  it.each([
    {
      name: 'an object with optional and required properties (sorted, TypeBox keywords dropped)',
      input: Type.Object({ b: Type.Optional(Type.Integer({ description: 'B.' })), a: Type.String() }, { additionalProperties: false }),
      want: { type: 'object', required: ['a'], properties: { a: { type: 'string' }, b: { description: 'B.', type: 'integer' } } },
    },
    {
      name: 'a record as additionalProperties',
      input: Type.Record(Type.String(), Type.String(), { description: 'Labels.' }),
      want: { description: 'Labels.', type: 'object', additionalProperties: { type: 'string' } },
    },
    {
      name: 'a union of string literals as an enum',
      input: Type.Union([Type.Literal('ExternalIP'), Type.Literal('ClusterLocal')]),
      want: { type: 'string', enum: ['ExternalIP', 'ClusterLocal'] },
    },
    {
      name: 'an int-or-string in the controller-gen form',
      input: IntOrStringSchema('Port.'),
      want: { description: 'Port.', anyOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true },
    },
    {
      name: 'template metadata as a preserve-unknown-fields object',
      input: TemplateMetaSchema,
      want: { description: 'Standard object metadata of the template.', type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    },
    {
      name: 'an array with a default on its items',
      input: Type.Array(Type.String({ default: 'TCP' })),
      want: { type: 'array', items: { type: 'string', default: 'TCP' } },
    },
    { name: 'a literal as a one-value enum', input: Type.Literal('v1'), want: { type: 'string', enum: ['v1'] } },
  ])('converts $name', ({ input, want }) => {
    expect(toStructural(input as unknown as Node)).toEqual(want);
  });

  it.each([
    { name: 'a $ref', input: { $ref: '#/$defs/x' }, message: 'cannot make a structural schema at <root>: "$ref" is not allowed' },
    { name: 'an allOf', input: Type.Intersect([Type.Object({ a: Type.String() }), Type.Object({ b: Type.String() })]), message: 'cannot make a structural schema at <root>: "allOf" is not allowed' },
    {
      name: 'a mixed union below a property',
      input: Type.Object({ x: Type.Union([Type.String(), Type.Boolean()]) }),
      message: 'cannot make a structural schema at .x: a union that is not a set of string literals',
    },
    { name: 'an untyped node', input: Type.Unknown(), message: 'cannot make a structural schema at <root>: type undefined' },
  ])('refuses $name', ({ input, message }) => {
    expect(() => toStructural(input as unknown as Node)).toThrow(UnsupportedSchemaError);
    expect(() => toStructural(input as unknown as Node)).toThrow(message);
  });
});

describe('generated CRD schemas', () => {
  const everyCrd = CRD_FOLDERS.flatMap((folder) => folder.make());
  it.each(everyCrd.map((crd) => ({ name: crd.metadata.name, crd })))('$name has a structural openAPIV3Schema in every version', ({ crd }) => {
    for (const version of crd.spec.versions) {
      const root = version.schema.openAPIV3Schema;
      expect(root.type).toBe('object');
      // metadata may only be constrained in name/generateName: ours says nothing but its type.
      expect(root.properties?.metadata).toEqual({ type: 'object' });
      expect(Object.keys(root.properties ?? {}).sort()).toEqual(['apiVersion', 'kind', 'metadata', 'spec', 'status']);
      expect(violations(root, '')).toEqual([]);
      expect(JSON.stringify(root)).not.toContain('"$ref"');
      expect(JSON.stringify(root)).not.toContain('patternProperties');
    }
  });

  it('preserves unknown fields only under template metadata (API.md §1.2) and the ephemeral PVC template', () => {
    const paths: string[] = [];
    const walk = (node: JSONSchemaProps, path: string): void => {
      if (node[PRESERVE_UNKNOWN_FIELDS] === true) paths.push(path);
      for (const [k, v] of Object.entries(node.properties ?? {})) walk(v, `${path}.${k}`);
      if (node.items !== undefined) walk(node.items, `${path}[]`);
      if (node.additionalProperties !== undefined) walk(node.additionalProperties, `${path}[*]`);
    };
    for (const crd of makeCrds()) walk(crd.spec.versions[0]?.schema.openAPIV3Schema ?? {}, crd.spec.names.kind);
    expect(paths.filter((p) => !p.endsWith('.volumeClaimTemplate.metadata')).sort()).toEqual([
      'Configuration.spec.template.metadata',
      'Service.spec.template.metadata',
    ]);
  });
});
