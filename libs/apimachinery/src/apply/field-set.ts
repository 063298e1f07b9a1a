// Sets of field paths, as server-side apply tracks ownership (sigs.k8s.io/structured-merge-diff
// fieldpath): a path is a list of elements spelled as `fieldsV1` keys — `f:<field>` for a map
// field, `k:{"name":"app"}` for a keyed list item, `v:<json>` for a set member, `i:<n>` for an
// index. An object's field set holds its leaves and its keyed list items; `fieldsV1` encodes a set
// as nested JSON objects where `{}` marks a member and `.` marks a member that also has children.
import { isJsonObject, jsonEqual, type JsonObject, type JsonValue } from '../object.js';
import { compareStrings } from '../values.js';
import type { FieldStrategy, FieldStrategyLookup } from '../patch/list-types.js';

/** One step of a field path in its `fieldsV1` spelling: `f:spec`, `k:{"name":"app"}`, `v:"a"`, `i:0`. */
export type PathElement = string;

/** A field path from the object root, e.g. `['f:spec', 'f:replicas']`. */
export type FieldPath = readonly PathElement[];

/** An immutable set of field paths. */
export interface FieldSet {
  readonly paths: ReadonlyMap<string, FieldPath>;
}

/** One position of an object: a leaf (owned as a value), a keyed list item, or an inner map / merged list. */
export interface FieldEntry {
  readonly path: FieldPath;
  readonly kind: 'leaf' | 'item' | 'node';
  readonly value: JsonValue;
}

/** How two versions of an object differ, path by path (structured-merge-diff's `Comparison`). */
export interface FieldChanges {
  /** Paths (leaves, items, inner maps and lists) present only after. */
  readonly added: FieldSet;
  /** Paths present only before. */
  readonly removed: FieldSet;
  /** Leaves present in both with different values. */
  readonly modified: FieldSet;
}

/** The metadata fields whose ownership is tracked; the rest of metadata is the server's. */
const TRACKED_METADATA = new Set(['labels', 'annotations', 'finalizers', 'ownerReferences']);

/** Top-level fields never tracked. */
const UNTRACKED_ROOT = new Set(['apiVersion', 'kind']);

/** ObjectMeta's lists, for lookups that leave metadata out. */
const METADATA_STRATEGIES: Record<string, FieldStrategy> = {
  'metadata.finalizers': { listType: 'set' },
  'metadata.ownerReferences': { listType: 'map', mapKeys: ['uid'] },
};

/** Defaults of list-map key fields that clients may omit (`protocol` of container and Service ports). */
const KEY_DEFAULTS: Record<string, JsonValue> = { protocol: 'TCP' };

/** The order of element kinds in a set: fields, keys, values, indexes. */
const ELEMENT_RANK: Record<string, number> = { f: 0, k: 1, v: 2, i: 3 };


/** The key under which a path is stored in a {@link FieldSet}. */
function keyOf(path: FieldPath): string {
  return JSON.stringify(path);
}

/** A set of the given paths. */
export function fieldSet(paths: Iterable<FieldPath>): FieldSet {
  const map = new Map<string, FieldPath>();
  for (const path of paths) map.set(keyOf(path), [...path]);
  return { paths: map };
}

/** The empty set. */
export const EMPTY_FIELD_SET: FieldSet = fieldSet([]);

/** Whether `set` holds `path`. */
export function hasPath(set: FieldSet, path: FieldPath): boolean {
  return set.paths.has(keyOf(path));
}

/** Whether `set` holds no path. */
export function isEmptyFieldSet(set: FieldSet): boolean {
  return set.paths.size === 0;
}

/** Paths in either set. */
export function union(a: FieldSet, b: FieldSet): FieldSet {
  return fieldSet([...a.paths.values(), ...b.paths.values()]);
}

/** Paths of `a` not in `b`. */
export function difference(a: FieldSet, b: FieldSet): FieldSet {
  return fieldSet([...a.paths.values()].filter((p) => !hasPath(b, p)));
}

/** Paths in both sets. */
export function intersection(a: FieldSet, b: FieldSet): FieldSet {
  return fieldSet([...a.paths.values()].filter((p) => hasPath(b, p)));
}

/** Whether two sets hold the same paths. */
export function fieldSetEquals(a: FieldSet, b: FieldSet): boolean {
  return a.paths.size === b.paths.size && [...a.paths.keys()].every((k) => b.paths.has(k));
}

/** Whether `set` holds a path strictly below `path`. */
export function hasDescendant(set: FieldSet, path: FieldPath): boolean {
  return [...set.paths.values()].some((p) => p.length > path.length && path.every((e, i) => p[i] === e));
}

/** JSON with object keys sorted, as `k:` and `v:` elements spell values. */
export function stableJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map((v) => stableJson(v)).join(',')}]`;
  if (!isJsonObject(value)) return JSON.stringify(value);
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(value[k] ?? null)}`).join(',')}}`;
}


/** `f:<name>`. */
export function fieldElement(name: string): PathElement {
  return `f:${name}`;
}

/** `v:<json>`, a set member. */
export function valueElement(value: JsonValue): PathElement {
  return `v:${stableJson(value)}`;
}

/** `k:{...}` for a keyed list item, or undefined when `item` is no object or lacks a key without default. */
export function keyElement(item: JsonValue, keys: readonly string[]): PathElement | undefined {
  if (!isJsonObject(item) || keys.length === 0) return undefined;
  const fields: JsonObject = {};
  for (const key of keys) {
    const value = item[key] ?? KEY_DEFAULTS[key];
    if (value === undefined) return undefined;
    fields[key] = value;
  }
  return `k:${stableJson(fields)}`;
}

/** The strategy of the field at `names` (field names from the root, list items skipped). */
export function strategyAt(lookup: FieldStrategyLookup, names: readonly string[]): FieldStrategy | undefined {
  return lookup(names) ?? METADATA_STRATEGIES[names.join('.')];
}

/** The keys of a `map` list, or undefined for other lists. */
export function mapKeysOf(strategy: FieldStrategy | undefined): string[] | undefined {
  return strategy?.listType === 'map' && strategy.mapKeys !== undefined && strategy.mapKeys.length > 0 ? strategy.mapKeys : undefined;
}

/** The `k:` elements of a keyed list's items, or undefined when one cannot be keyed. */
export function listItemKeys(list: readonly JsonValue[], keys: readonly string[]): PathElement[] | undefined {
  const elements: PathElement[] = [];
  for (const item of list) {
    const element = keyElement(item, keys);
    if (element === undefined) return undefined;
    elements.push(element);
  }
  return elements;
}

// ---- walking an object ----

/** Where a walk stands: the path so far and the field names for the lookup. */
interface Position {
  readonly path: FieldPath;
  readonly names: readonly string[];
}

/** The walk's lookup and its output. */
interface Walk {
  readonly lookup: FieldStrategyLookup;
  readonly out: FieldEntry[];
}

/** Walks each field of a map. */
function walkMapFields(map: JsonObject, at: Position, walk: Walk): void {
  for (const [name, value] of Object.entries(map)) {
    walkValue(value, { path: [...at.path, fieldElement(name)], names: [...at.names, name] }, walk);
  }
}

/** Walks one value: maps merge field by field, lists by their list type, the rest are leaves. */
function walkValue(value: JsonValue, at: Position, walk: Walk): void {
  if (Array.isArray(value)) {
    walkList(value, at, walk);
    return;
  }
  const granular = isJsonObject(value) && Object.keys(value).length > 0 && strategyAt(walk.lookup, at.names)?.mapType !== 'atomic';
  if (!granular) {
    walk.out.push({ path: at.path, kind: 'leaf', value });
    return;
  }
  walk.out.push({ path: at.path, kind: 'node', value });
  walkMapFields(value, at, walk);
}

/** Walks a list: set members and keyed items are owned one by one; other lists are leaves. */
function walkList(list: JsonValue[], at: Position, walk: Walk): void {
  const strategy = strategyAt(walk.lookup, at.names);
  const keys = mapKeysOf(strategy);
  const elements = keys === undefined ? undefined : listItemKeys(list, keys);
  if (strategy?.listType === 'set') {
    walk.out.push({ path: at.path, kind: 'node', value: list });
    for (const item of list) walk.out.push({ path: [...at.path, valueElement(item)], kind: 'leaf', value: item });
    return;
  }
  if (elements === undefined) {
    walk.out.push({ path: at.path, kind: 'leaf', value: list });
    return;
  }
  walk.out.push({ path: at.path, kind: 'node', value: list });
  list.forEach((item, i) => walkKeyedItem(item, { path: [...at.path, elements[i] ?? ''], names: at.names }, walk));
}

/** A keyed list item: the item itself, then its fields. */
function walkKeyedItem(item: JsonValue, at: Position, walk: Walk): void {
  walk.out.push({ path: at.path, kind: 'item', value: item });
  if (isJsonObject(item)) walkMapFields(item, at, walk);
}

/** Every tracked position of an object: leaves, keyed items, and the inner maps and merged lists. */
export function fieldEntries(object: JsonValue, lookup: FieldStrategyLookup): FieldEntry[] {
  const walk: Walk = { lookup, out: [] };
  if (!isJsonObject(object)) return walk.out;
  for (const [name, value] of Object.entries(object)) {
    if (UNTRACKED_ROOT.has(name)) continue;
    if (name === 'metadata') walkMetadata(value, walk);
    else walkValue(value, { path: [fieldElement(name)], names: [name] }, walk);
  }
  return walk.out;
}

/** The tracked metadata fields (labels, annotations, finalizers, ownerReferences). */
function walkMetadata(metadata: JsonValue, walk: Walk): void {
  if (!isJsonObject(metadata)) return;
  for (const [name, value] of Object.entries(metadata)) {
    if (!TRACKED_METADATA.has(name)) continue;
    walkValue(value, { path: [fieldElement('metadata'), fieldElement(name)], names: ['metadata', name] }, walk);
  }
}

/** The fields an object sets: its leaves and keyed list items (what an applier owns). */
export function fieldSetOf(object: JsonValue, lookup: FieldStrategyLookup): FieldSet {
  return fieldSet(fieldEntries(object, lookup).filter((e) => e.kind !== 'node').map((e) => e.path));
}

/** Every tracked path of an object, inner maps included (what a creating Update owns). */
export function allFieldsOf(object: JsonValue, lookup: FieldStrategyLookup): FieldSet {
  return fieldSet(fieldEntries(object, lookup).map((e) => e.path));
}

/** What changed from `before` to `after`. */
export function compareFields(before: JsonValue, after: JsonValue, lookup: FieldStrategyLookup): FieldChanges {
  const old = new Map(fieldEntries(before, lookup).map((e) => [keyOf(e.path), e]));
  const added: FieldPath[] = [];
  const modified: FieldPath[] = [];
  for (const entry of fieldEntries(after, lookup)) {
    const previous = old.get(keyOf(entry.path));
    old.delete(keyOf(entry.path));
    if (previous === undefined) added.push(entry.path);
    else if (isModified(previous, entry)) modified.push(entry.path);
  }
  return { added: fieldSet(added), removed: fieldSet([...old.values()].map((e) => e.path)), modified: fieldSet(modified) };
}

/** A leaf on either side whose value differs. */
function isModified(before: FieldEntry, after: FieldEntry): boolean {
  if (before.kind !== 'leaf' && after.kind !== 'leaf') return false;
  return before.kind !== after.kind || !jsonEqual(before.value, after.value);
}

// ---- order and printing ----

/** A JSON value's rank in structured-merge-diff's total order: numbers, strings, booleans, lists, maps, null. */
function valueRank(value: JsonValue): number {
  if (typeof value === 'number') return 0;
  if (typeof value === 'string') return 1;
  if (typeof value === 'boolean') return 2;
  if (Array.isArray(value)) return 3;
  return value === null ? 5 : 4;
}

/** Compares two JSON values (numbers numerically, strings by code unit, the rest by their JSON). */
function compareValues(a: JsonValue, b: JsonValue): number {
  const rank = valueRank(a) - valueRank(b);
  if (rank !== 0) return rank;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  return compareStrings(stableJson(a), stableJson(b));
}

/** -1, 0 or 1 by code unit. */

/** Parses the JSON after an element's `x:` prefix (undefined when it is no JSON). */
function elementJson(element: PathElement): JsonValue | undefined {
  try {
    return JSON.parse(element.slice(2)) as JsonValue;
  } catch {
    return undefined;
  }
}

/** Compares the key fields of two `k:` elements: name, then value, field by field. */
function compareKeys(a: PathElement, b: PathElement): number {
  const left = Object.entries(asObject(elementJson(a)));
  const right = Object.entries(asObject(elementJson(b)));
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const [ln, lv] = left[i] ?? ['', null];
    const [rn, rv] = right[i] ?? ['', null];
    const c = compareStrings(ln, rn) || compareValues(lv, rv);
    if (c !== 0) return c;
  }
  return left.length - right.length;
}

/** The value if it is an object, else `{}`. */
/** The value as a JSON object, or `{}`. */
export function asObject(value: JsonValue | undefined): JsonObject {
  return isJsonObject(value) ? value : {};
}

/** Compares two path elements: fields < keys < values < indexes, then by content. */
export function compareElements(a: PathElement, b: PathElement): number {
  const kind = (ELEMENT_RANK[a.charAt(0)] ?? 4) - (ELEMENT_RANK[b.charAt(0)] ?? 4);
  if (kind !== 0) return kind;
  switch (a.charAt(0)) {
    case 'k':
      return compareKeys(a, b);
    case 'v':
      return compareValues(elementJson(a) ?? null, elementJson(b) ?? null);
    case 'i':
      return Number(a.slice(2)) - Number(b.slice(2));
    default:
      return compareStrings(a, b);
  }
}

/** Orders paths as a set iterates them: at each level the members first, then the children's paths. */
export function comparePaths(a: FieldPath, b: FieldPath): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const aEnds = i === a.length - 1;
    const bEnds = i === b.length - 1;
    if (aEnds !== bEnds) return aEnds ? -1 : 1;
    const c = compareElements(a[i] ?? '', b[i] ?? '');
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** The paths of a set in Kubernetes' order. */
export function fieldPaths(set: FieldSet): FieldPath[] {
  return [...set.paths.values()].sort(comparePaths);
}

/** A value as structured-merge-diff prints it in a path: strings quoted, the rest as is. */
function printValue(value: JsonValue): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => printValue(v)).join(',')}]`;
  if (isJsonObject(value)) return `{${Object.entries(value).map(([k, v]) => `${k}=${printValue(v)}`).join(',')}}`;
  return String(value);
}

/** One element as a conflict path prints it: `.spec`, `[name="app"]`, `[="a"]`, `[0]`. */
function printElement(element: PathElement): string {
  switch (element.charAt(0)) {
    case 'f':
      return `.${element.slice(2)}`;
    case 'k':
      return `[${Object.entries(asObject(elementJson(element))).map(([k, v]) => `${k}=${printValue(v)}`).join(',')}]`;
    case 'v':
      return `[=${printValue(elementJson(element) ?? null)}]`;
    default:
      return `[${element.slice(2)}]`;
  }
}

/** A path as Kubernetes prints it in conflicts: `.spec.template.spec.containers[name="app"].image`. */
export function formatPath(path: FieldPath): string {
  return path.map((e) => printElement(e)).join('');
}

// ---- fieldsV1 ----

/** A node of the fieldsV1 tree. */
interface TreeNode {
  member: boolean;
  children: Map<PathElement, TreeNode>;
}

/** Adds a path to the tree. */
function insert(root: TreeNode, path: FieldPath): void {
  let node = root;
  for (const element of path) {
    let child = node.children.get(element);
    if (child === undefined) {
      child = { member: false, children: new Map() };
      node.children.set(element, child);
    }
    node = child;
  }
  node.member = true;
}

/** A tree node as fieldsV1 JSON: `.` first when it is a member with children, then children in order. */
function encodeNode(node: TreeNode): JsonObject {
  const out: JsonObject = {};
  if (node.member && node.children.size > 0) out['.'] = {};
  for (const element of [...node.children.keys()].sort(compareElements)) {
    const child = node.children.get(element);
    if (child !== undefined) out[element] = encodeNode(child);
  }
  return out;
}

/** The `fieldsV1` JSON of a set. */
export function toFieldsV1(set: FieldSet): JsonObject {
  const root: TreeNode = { member: false, children: new Map() };
  for (const path of set.paths.values()) insert(root, path);
  return encodeNode(root);
}

/** The canonical spelling of a fieldsV1 key, or undefined when it is none (`k:` keys re-sorted). */
function normalizeElement(key: string): PathElement | undefined {
  const kind = key.slice(0, 2);
  if (kind === 'f:') return key;
  if (kind === 'i:') return /^i:\d+$/.test(key) ? key : undefined;
  const json = kind === 'k:' || kind === 'v:' ? elementJson(key) : undefined;
  if (json === undefined) return undefined;
  if (kind === 'v:') return valueElement(json);
  return isJsonObject(json) ? `k:${stableJson(json)}` : undefined;
}

/** Reads one level of fieldsV1 JSON into `out`. */
function decodeNode(json: JsonObject, prefix: FieldPath, out: FieldPath[]): void {
  for (const [key, child] of Object.entries(json)) {
    if (key === '.') {
      if (prefix.length > 0) out.push(prefix);
      continue;
    }
    const element = normalizeElement(key);
    if (element === undefined) continue;
    const path = [...prefix, element];
    if (isJsonObject(child) && Object.keys(child).length > 0) decodeNode(child, path, out);
    else out.push(path);
  }
}

/** The set a `fieldsV1` JSON encodes (keys that are no field, key, value or index are skipped). */
export function fromFieldsV1(json: JsonValue | undefined): FieldSet {
  const out: FieldPath[] = [];
  if (isJsonObject(json)) decodeNode(json, [], out);
  return fieldSet(out);
}
