/**
 * Rules that only apply on UPDATE: knative/pkg `apis.ValidateCreatorAndModifier`, serving's
 * `RevisionTemplateSpec.VerifyNameChange` (VALIDATION.md §4.3) and Revision spec immutability
 * (§5.1), with a knative/pkg `kmp.ShortDiff`-style diff in the details; and what tells an UPDATE
 * apart (the old object, status-subresource writes).
 */
import { Operation, type ValidationContext } from '../core/context.js';
import { isJsonObject } from '../core/json.js';
import { isAbsentMember, semanticEqual } from '../core/semantic-equal.js';
import { ServingAnnotations, type StringMap } from '../core/labels.js';
import { errInvalidValue, FieldError } from '../errors/field-error.js';
import { goQuote, goValue } from '../errors/go-format.js';
import type { RevisionSpec, RevisionTemplateSpec } from '../serving/v1/revision.types.js';

/** A JSON value as admission objects carry it. */
type Json = unknown;

const isObject = isJsonObject;

/** Whether a member is absent in Go's eyes (see {@link isAbsentMember}). */
const absent = isAbsentMember;

/** The keys of `a` and `b` whose values are present, sorted (Go struct order is not known; sorted is stable). */
function presentKeys(a: Record<string, Json>, b: Record<string, Json>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)].filter((k) => !absent(a[k]) || !absent(b[k])));
  return [...keys].sort();
}

/** JSON names whose Go field name is not just the name capitalized. */
const GO_NAMES: Readonly<Record<string, string>> = {
  url: 'URL', uid: 'UID', httpGet: 'HTTPGet', tcpSocket: 'TCPSocket', grpc: 'GRPC', hostIP: 'HostIP', apiVersion: 'APIVersion',
  dnsPolicy: 'DNSPolicy', dnsConfig: 'DNSConfig', hostIPC: 'HostIPC', hostPID: 'HostPID', ip: 'IP', metadata: 'ObjectMeta',
};

/** Knative's own RevisionSpec fields; every other RevisionSpec field belongs to the embedded `PodSpec`. */
const REVISION_SPEC_OWN = new Set(['containerConcurrency', 'timeoutSeconds', 'responseStartTimeoutSeconds', 'idleTimeoutSeconds']);

/** Go pointer fields (nil when absent, printed `<nil>`); other absent scalars print Go's zero value. */
const POINTER_FIELDS = new Set([
  ...REVISION_SPEC_OWN, 'automountServiceAccountToken', 'enableServiceLinks', 'runAsUser', 'runAsGroup', 'runAsNonRoot', 'fsGroup',
  'readOnlyRootFilesystem', 'allowPrivilegeEscalation', 'privileged', 'optional', 'defaultMode', 'latestRevision', 'percent',
  'terminationGracePeriodSeconds', 'shareProcessNamespace', 'setHostnameAsFQDN', 'hostUsers', 'priority', 'mode', 'sizeLimit',
]);

/** Element types (Go `%+v` prefix) of the slices a revision carries. */
const ELEMENT_TYPES: Readonly<Record<string, string>> = {
  containers: 'v1.Container', initContainers: 'v1.Container', volumes: 'v1.Volume', env: 'v1.EnvVar', envFrom: 'v1.EnvFromSource',
  ports: 'v1.ContainerPort', volumeMounts: 'v1.VolumeMount', imagePullSecrets: 'v1.LocalObjectReference', tolerations: 'v1.Toleration',
};

/** The Go field name of a JSON member. */
function goName(jsonName: string): string {
  return GO_NAMES[jsonName] ?? jsonName.charAt(0).toUpperCase() + jsonName.slice(1);
}

/** A value the way Go's `%+v` prints it (structs as `{Field:value …}`, slices `[a b]`, maps `map[k:v]`). */
function plusV(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(plusV).join(' ')}]`;
  if (!isObject(value)) return goValue(value);
  const fields = Object.keys(value).filter((k) => !absent(value[k]));
  return `{${fields.map((k) => `${goName(k)}:${plusV(value[k])}`).join(' ')}}`;
}

/** Where in the Go object a member is, and what it is called. */
interface DiffNode {
  /** The cmp path so far, e.g. `{*v1.RevisionTemplateSpec}.Spec`. */
  readonly path: string;
  /** How members of this node are named: as a RevisionSpec (embedded PodSpec), a map, or a plain struct. */
  readonly shape: 'revisionSpec' | 'template' | 'map' | 'struct';
}

/** The shape of the member `key` of a node of `shape`. */
function childShape(shape: DiffNode['shape'], key: string): DiffNode['shape'] {
  if (shape === 'template' && key === 'spec') return 'revisionSpec';
  return key === 'labels' || key === 'annotations' || key === 'nodeSelector' ? 'map' : 'struct';
}

/** The cmp path step of member `key` (`.Field`, `.PodSpec.Field` or `["key"]`). */
function childPath(node: DiffNode, key: string): string {
  if (node.shape === 'map') return `${node.path}[${goQuote(key)}]`;
  if (node.shape === 'revisionSpec' && !REVISION_SPEC_OWN.has(key)) return `${node.path}.PodSpec.${goName(key)}`;
  return `${node.path}.${goName(key)}`;
}

/** One side of a reported difference (`\t-: "<v>"`), structs prefixed with their Go type. */
function side(sign: '-' | '+', value: Json, elementType: string | undefined): string {
  if (isObject(value) && elementType !== undefined) return `\t${sign}: ${elementType}: "${plusV(value)}"\n`;
  return `\t${sign}: "${plusV(value)}"\n`;
}

/** The value Go holds for an absent scalar member: `<nil>` for pointers, else the zero value of `other`'s type. */
function zeroLike(other: Json, key: string): Json {
  if (POINTER_FIELDS.has(key)) return null;
  if (typeof other === 'string') return '';
  if (typeof other === 'number') return 0;
  return typeof other === 'boolean' ? false : null;
}

/** One difference to report: at `path`, of member `key`, slice elements of Go type `elementType`. */
interface Difference {
  readonly path: string;
  readonly key: string;
  readonly old: Json;
  readonly cur: Json;
  readonly elementType?: string | undefined;
  /** Whether the member is a map entry or slice element: an absent one has no side at all (not a zero value). */
  readonly entry?: boolean;
}

/** What a JSON value is, for diffing. */
type ValueKind = 'absent' | 'list' | 'object' | 'scalar';

/** The {@link ValueKind} of `value`. */
function kindOf(value: Json): ValueKind {
  if (absent(value)) return 'absent';
  if (Array.isArray(value)) return 'list';
  return isObject(value) ? 'object' : 'scalar';
}

/** One side of a report: nothing for an absent composite, Go's zero value for an absent scalar. */
function sideOf(sign: '-' | '+', value: Json, other: Json, d: Difference): string {
  if (!absent(value)) return side(sign, value, d.elementType);
  return kindOf(other) === 'scalar' && d.entry !== true ? side(sign, zeroLike(other, d.key), undefined) : '';
}

/**
 * A report for a scalar (or wholly added/removed) difference. A pointer field set on both sides is
 * compared through the pointer, which cmp prints as a leading `*` (`*{v1.RevisionSpec}.TimeoutSeconds`).
 */
function report(d: Difference): string {
  const throughPointer = POINTER_FIELDS.has(d.key) && kindOf(d.old) === 'scalar' && kindOf(d.cur) === 'scalar';
  return `${throughPointer ? '*' : ''}${d.path}:\n${sideOf('-', d.old, d.cur, d)}${sideOf('+', d.cur, d.old, d)}`;
}

/** The differences between two slices, element by element (added/removed elements reported whole). */
function diffSlices(node: DiffNode, key: string, old: readonly Json[], cur: readonly Json[]): string {
  const path = childPath(node, key);
  const out: string[] = [];
  for (let i = 0; i < Math.max(old.length, cur.length); i++) {
    const [o, c] = [old[i], cur[i]];
    if (isObject(o) && isObject(c)) out.push(diffObjects({ path: `${path}[${i}]`, shape: 'struct' }, o, c));
    else if (!semanticEqual(o, c)) out.push(report({ path: `${path}[${i}]`, key, old: o, cur: c, elementType: ELEMENT_TYPES[key], entry: true }));
  }
  return out.join('');
}

/** `value` as a list (absent is empty). */
function asList(value: Json): readonly Json[] {
  return Array.isArray(value) ? value : [];
}

/** `value` as an object (absent is empty). */
function asObject(value: Json): Record<string, Json> {
  return isObject(value) ? value : {};
}

/** The differences of member `key` of two objects at `node`. */
function diffMember(node: DiffNode, key: string, old: Json, cur: Json): string {
  if (semanticEqual(old, cur)) return '';
  const kinds = new Set([kindOf(old), kindOf(cur)]);
  kinds.delete('absent');
  const only = kinds.size === 1 ? [...kinds][0] : undefined;
  if (only === 'list') return diffSlices(node, key, asList(old), asList(cur));
  if (only === 'object') return diffObjects({ path: childPath(node, key), shape: childShape(node.shape, key) }, asObject(old), asObject(cur));
  return report({ path: childPath(node, key), key, old, cur, entry: node.shape === 'map' });
}

/** The differences between two objects at `node`, members in sorted order. */
function diffObjects(node: DiffNode, old: Record<string, Json>, cur: Record<string, Json>): string {
  return presentKeys(old, cur)
    .map((k) => diffMember(node, k, old[k], cur[k]))
    .join('');
}

/** The root a diff is taken from, named as Go's cmp names it. */
export const DiffRoot = {
  /** `kmp.ShortDiff(&oldTemplate, &newTemplate)` in VerifyNameChange. */
  Template: { path: '{*v1.RevisionTemplateSpec}', shape: 'template' },
  /** `kmp.ShortDiff(old.Spec, new.Spec)` of a Revision. */
  RevisionSpec: { path: '{v1.RevisionSpec}', shape: 'revisionSpec' },
} as const satisfies Record<string, DiffNode>;
/** One of {@link DiffRoot}. */
export type DiffRoot = (typeof DiffRoot)[keyof typeof DiffRoot];

/**
 * A `kmp.ShortDiff`-style diff of `old` → `cur`: one entry per changed leaf, `<cmp path>:\n\t-: "<old>"\n\t+: "<new>"\n`
 * (e.g. `{*v1.RevisionTemplateSpec}.Spec.PodSpec.Containers[0].Image:`). Scalar changes match upstream
 * exactly; whole added/removed structs are printed Go `%+v`-like (best effort). Empty when equal.
 */
export function shortDiff(old: Json, cur: Json, root: DiffRoot): string {
  return diffObjects(root, asObject(old), asObject(cur));
}

/** What {@link validateCreatorAndModifier} compares. */
export interface CreatorModifierInput {
  /** The old object's spec. */
  readonly oldSpec: unknown;
  /** The new object's spec. */
  readonly newSpec: unknown;
  /** The old object's annotations (undefined is Go's nil map: the check is skipped). */
  readonly oldAnnotations: StringMap | undefined;
  /** The new object's annotations (undefined is Go's nil map: the check is skipped). */
  readonly newAnnotations: StringMap | undefined;
}

/**
 * knative/pkg `apis.ValidateCreatorAndModifier` for the `serving.knative.dev` group: the creator never
 * changes (`annotation value is immutable`) and, while the spec is semantically unchanged, neither does
 * the lastModifier (`invalid value: <new>`). Paths are the annotation keys; the caller adds
 * `viaField('metadata.annotations')`.
 */
export function validateCreatorAndModifier(input: CreatorModifierInput): FieldError {
  const { oldAnnotations: oldA, newAnnotations: newA } = input;
  if (oldA === undefined || newA === undefined) return FieldError.empty();
  const [creator, modifier] = [ServingAnnotations.Creator, ServingAnnotations.LastModifier];
  const [newModifier, oldModifier] = [newA[modifier] ?? '', oldA[modifier] ?? ''];
  const creatorChanged = (oldA[creator] ?? '') !== (newA[creator] ?? '');
  const modifierChanged = newModifier !== oldModifier && semanticEqual(input.oldSpec, input.newSpec);
  return FieldError.empty().also(
    creatorChanged ? new FieldError({ message: 'annotation value is immutable', paths: [creator] }) : undefined,
    modifierChanged ? errInvalidValue(newModifier, modifier) : undefined,
  );
}

/**
 * `RevisionTemplateSpec.VerifyNameChange` (VALIDATION.md §4.3): a template that keeps its BYO name
 * must not change at all. Paths are relative to the template (`metadata.name`); the caller adds
 * `viaField('spec.template')`.
 */
export function verifyNameChange(cur: RevisionTemplateSpec | undefined, old: RevisionTemplateSpec | undefined): FieldError {
  const name = cur?.metadata?.name ?? '';
  if (name === '' || name !== (old?.metadata?.name ?? '')) return FieldError.empty();
  const diff = shortDiff(old, cur, DiffRoot.Template);
  if (diff === '') return FieldError.empty();
  return new FieldError({ message: 'Saw the following changes without a name change (-old +new)', paths: ['metadata.name'], details: diff });
}

/** A Revision's spec may not change on update: `Immutable fields changed (-old +new): spec` + diff (absolute path). */
export function validateRevisionSpecUnchanged(cur: RevisionSpec | undefined, old: RevisionSpec | undefined): FieldError {
  const diff = shortDiff(old, cur, DiffRoot.RevisionSpec);
  if (diff === '') return FieldError.empty();
  return new FieldError({ message: 'Immutable fields changed (-old +new)', paths: ['spec'], details: diff });
}

/** Whether the write is to the status subresource (`apis.IsInStatusUpdate`): metadata and spec are then not validated. */
export function isStatusUpdate(ctx: ValidationContext): boolean {
  return ctx.operation === Operation.Update && ctx.subresource === 'status';
}

/** The old object of an UPDATE as `T`, or an empty one when the context carries none. */
export function oldObjectOf<T extends object>(ctx: ValidationContext): Partial<T> {
  return typeof ctx.oldObject === 'object' && ctx.oldObject !== null ? ctx.oldObject : {};
}
