// Server-side apply (sigs.k8s.io/structured-merge-diff merge.Updater.Apply and
// k8s.io/apimachinery/pkg/util/managedfields/internal): the applied body is the manager's whole
// intent. It is merged into the live object (maps field by field, `map` lists by key, `set` lists
// as sets, other lists replaced); fields the manager applied before and now omits are removed
// unless someone else owns them; a field another manager owns that the apply changes is a
// conflict unless `force`, which takes it over. Equal values are shared.
import type { FieldCause } from '../field-cause.js';
import { isJsonObject, jsonEqual, type JsonObject, type JsonValue, type ManagedFieldsEntry } from '../object.js';
import type { FieldStrategyLookup } from '../patch/list-types.js';
import type { FieldPath, FieldSet, PathElement } from './field-set.js';
import {
  allFieldsOf,
  compareFields,
  difference,
  EMPTY_FIELD_SET,
  fieldPaths,
  fieldSetOf,
  formatPath,
  hasDescendant,
  hasPath,
  intersection,
  asObject,
  keyElement,
  listItemKeys,
  mapKeysOf,
  strategyAt,
  union,
  valueElement,
} from './field-set.js';
import type { ManagerEntry, ManagerIdentity } from './managed-fields.js';
import { decodeManagedFields, encodeManagedFields, managedFieldsOf, managerIdentifier, sameIgnoringTimes } from './managed-fields.js';

/** The manager Kubernetes credits with an object that has no managedFields when it is first applied. */
export const BEFORE_FIRST_APPLY = 'before-first-apply';

/** Options of {@link serverSideApply}. */
export interface ServerSideApplyOptions {
  /** The stored object; absent when the apply creates it. */
  live: JsonObject | undefined;
  /** The request body (its `metadata.managedFields` is ignored). */
  applied: JsonObject;
  manager: string;
  force: boolean;
  /** The apiVersion of the request (`apps/v1`). */
  apiVersion: string;
  /** RFC 3339 time of the write. */
  now: string;
  lookup: FieldStrategyLookup;
  /** `status` for an apply through the status subresource. */
  subresource?: string;
}

/** One field another manager owns with a different value. */
export interface ApplyConflict {
  manager: string;
  /** The path as Kubernetes prints it: `.spec.replicas`. */
  field: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
}

/** The outcome of an apply: the object to store, or the conflicts that refuse it. */
export type ServerSideApplyResult = { ok: true; object: JsonObject } | { ok: false; conflicts: ApplyConflict[] };

// ---- merge ----

/** A keyed list item. */
interface Keyed {
  key: PathElement;
  value: JsonValue;
}

/** How two keyed items merge (`live` absent for a new item). */
type ItemMerge = (live: JsonValue | undefined, applied: JsonValue) => JsonValue;

/** Merges `applied` over `live` for the field at `names`. */
function mergeValue(live: JsonValue | undefined, applied: JsonValue, names: readonly string[], lookup: FieldStrategyLookup): JsonValue {
  if (Array.isArray(applied)) return mergeList(live, applied, names, lookup);
  if (!isJsonObject(applied)) return applied;
  if (strategyAt(lookup, names)?.mapType === 'atomic') return structuredClone(applied);
  const out: JsonObject = isJsonObject(live) ? { ...live } : {};
  for (const [name, value] of Object.entries(applied)) {
    out[name] = mergeValue(out[name], value, [...names, name], lookup);
  }
  return out;
}

/** Merges a list: `set` lists as sets, `map` lists by key (items merged), other lists replaced. */
function mergeList(live: JsonValue | undefined, applied: JsonValue[], names: readonly string[], lookup: FieldStrategyLookup): JsonValue {
  const strategy = strategyAt(lookup, names);
  const liveList = Array.isArray(live) ? live : [];
  if (strategy?.listType === 'set') return mergeKeyed(asSet(liveList), asSet(applied), (_l, r) => r);
  const keys = mapKeysOf(strategy);
  const liveItems = keys === undefined ? undefined : keyed(liveList, keys);
  const appliedItems = keys === undefined ? undefined : keyed(applied, keys);
  if (liveItems === undefined || appliedItems === undefined) return structuredClone(applied);
  return mergeKeyed(liveItems, appliedItems, (l, r) => mergeValue(l, r, names, lookup));
}

/** Set members keyed by their value. */
function asSet(list: readonly JsonValue[]): Keyed[] {
  return list.map((value) => ({ key: valueElement(value), value }));
}

/** Items keyed by their key fields, or undefined when one has none. */
function keyed(list: readonly JsonValue[], keys: readonly string[]): Keyed[] | undefined {
  const elements = listItemKeys(list, keys);
  return elements?.map((key, i) => ({ key, value: list[i] ?? null }));
}

/** The state of a keyed-list merge. */
interface ListMerge {
  readonly live: Keyed[];
  readonly applied: Keyed[];
  readonly appliedKeys: ReadonlySet<PathElement>;
  readonly liveByKey: ReadonlyMap<PathElement, JsonValue>;
  readonly merge: ItemMerge;
  /** Keys in both lists, in the applied order, still to be reached. */
  readonly shared: PathElement[];
  readonly done: Set<PathElement>;
  readonly out: JsonValue[];
  li: number;
  ri: number;
  next: PathElement | undefined;
}

/**
 * Merges keyed lists as structured-merge-diff orders them: items in both follow the applied order,
 * live-only items keep their place among them, new items come where the applied list has them.
 */
function mergeKeyed(live: Keyed[], applied: Keyed[], merge: ItemMerge): JsonValue[] {
  const liveByKey = new Map(live.map((i) => [i.key, i.value] as const));
  const shared = applied.map((i) => i.key).filter((k) => liveByKey.has(k));
  const state: ListMerge = {
    live,
    applied,
    appliedKeys: new Set(applied.map((i) => i.key)),
    liveByKey,
    merge,
    shared,
    done: new Set(),
    out: [],
    li: 0,
    ri: 0,
    next: shared.shift(),
  };
  while (state.li < live.length || state.ri < applied.length) mergeStep(state);
  return state.out;
}

/** Takes the applied item at `ri`, merged with its live twin; the next shared key advances past it (or always, when `advance`). */
function takeApplied(s: ListMerge, item: Keyed, advance: boolean): void {
  s.out.push(s.merge(s.liveByKey.get(item.key), item.value));
  s.done.add(item.key);
  s.ri++;
  if (advance || s.next === item.key) s.next = s.shared.shift();
}

/** Whether the live item at `li` is passed over: live-only items are emitted, shared ones wait for their applied turn. */
function passLive(s: ListMerge, l: Keyed, r: Keyed | undefined): boolean {
  if (!s.appliedKeys.has(l.key)) {
    s.out.push(l.value);
    return true;
  }
  return s.done.has(l.key) || (r !== undefined && s.next !== undefined && s.next !== l.key);
}

/** One step of {@link mergeKeyed}. */
function mergeStep(s: ListMerge): void {
  const l = s.live[s.li];
  const r = s.applied[s.ri];
  if (l !== undefined && r !== undefined && l.key === r.key) {
    s.li++;
    takeApplied(s, r, true);
  } else if (l !== undefined && passLive(s, l, r)) {
    s.li++;
  } else if (r !== undefined) {
    takeApplied(s, r, false);
  } else {
    s.li++;
  }
}

// ---- pruning ----

/** The JSON after an element's `x:` prefix. */
function elementJson(element: PathElement): JsonValue {
  return JSON.parse(element.slice(2)) as JsonValue;
}

/** The index of the list item an element names, or -1. */
function indexIn(list: readonly JsonValue[], element: PathElement): number {
  if (element.startsWith('v:')) return list.findIndex((item) => valueElement(item) === element);
  if (element.startsWith('i:')) return Number(element.slice(2));
  const keys = Object.keys(asObject(elementJson(element)));
  return list.findIndex((item) => keyElement(item, keys) === element);
}

/** The value if it is an object, else `{}`. */

/** The child an element names inside a map or list. */
function childAt(container: JsonValue, element: PathElement): JsonValue | undefined {
  if (element.startsWith('f:')) return isJsonObject(container) ? container[element.slice(2)] : undefined;
  return Array.isArray(container) ? container[indexIn(container, element)] : undefined;
}

/** Removes the child an element names. */
function deleteChild(container: JsonValue, element: PathElement): void {
  if (element.startsWith('f:') && isJsonObject(container)) delete container[element.slice(2)];
  if (!Array.isArray(container)) return;
  const index = indexIn(container, element);
  if (index >= 0) container.splice(index, 1);
}

/** An empty map or list. */
function isEmptyContainer(value: JsonValue): boolean {
  return Array.isArray(value) ? value.length === 0 : isJsonObject(value) && Object.keys(value).length === 0;
}

/** A removal in progress: the path, and what must stay even when emptied. */
interface Removal {
  readonly path: FieldPath;
  readonly owned: FieldSet;
}

/** Removes `path[depth…]` below `container`; maps and lists it empties go too unless owned. True when `container` ends empty. */
function removeBelow(container: JsonValue, depth: number, r: Removal): boolean {
  const head = r.path[depth];
  if (head === undefined) return false;
  if (depth === r.path.length - 1) {
    deleteChild(container, head);
    return isEmptyContainer(container);
  }
  const child = childAt(container, head);
  if (child === undefined || !removeBelow(child, depth + 1, r)) return false;
  if (!head.startsWith('f:') || hasPath(r.owned, r.path.slice(0, depth + 1))) return false;
  deleteChild(container, head);
  return isEmptyContainer(container);
}

/** A key field of a keyed item (`k:{"name":"a"}` then `f:name`): it stays while the item does. */
function isItemKeyField(path: FieldPath): boolean {
  const item = path[path.length - 2];
  const last = path[path.length - 1];
  if (item === undefined || last === undefined || !item.startsWith('k:') || !last.startsWith('f:')) return false;
  return Object.hasOwn(asObject(elementJson(item)), last.slice(2));
}

/** Whether a dropped path must stay: someone owns it (or, for a non-item, something below it), or it keys its item. */
function keeps(path: FieldPath, owned: FieldSet): boolean {
  if (hasPath(owned, path) || isItemKeyField(path)) return true;
  const last = path[path.length - 1] ?? '';
  return !last.startsWith('k:') && !last.startsWith('v:') && hasDescendant(owned, path);
}

/** `object` without the dropped paths nobody owns. */
function prune(object: JsonObject, dropped: FieldSet, owned: FieldSet): JsonObject {
  const out = structuredClone(object);
  for (const path of fieldPaths(dropped)) {
    if (!keeps(path, owned)) removeBelow(out, 0, { path, owned });
  }
  return out;
}

// ---- ownership ----

/** The applied body without `metadata.managedFields`. */
function withoutManagedFields(object: JsonObject): JsonObject {
  const metadata = object['metadata'];
  if (!isJsonObject(metadata) || !('managedFields' in metadata)) return object;
  const { managedFields: _ignored, ...rest } = metadata;
  return { ...object, metadata: rest };
}

/** The identity of this apply's entry. */
function applyIdentity(opts: ServerSideApplyOptions): ManagerIdentity {
  const identity: ManagerIdentity = { manager: opts.manager, operation: 'Apply', apiVersion: opts.apiVersion };
  if (opts.subresource !== undefined && opts.subresource !== '') identity.subresource = opts.subresource;
  return identity;
}

/** The live entries; an existing object without any is owned whole by `before-first-apply`. */
function liveEntries(opts: ServerSideApplyOptions): ManagerEntry[] {
  const entries = decodeManagedFields(managedFieldsOf(opts.live));
  if (opts.live === undefined || entries.length > 0) return entries;
  const fields = allFieldsOf(withoutManagedFields(opts.live), opts.lookup);
  return [{ manager: BEFORE_FIRST_APPLY, operation: 'Update', apiVersion: opts.apiVersion, time: opts.now, fields }];
}

/** The conflicts of one entry: fields it owns that the apply adds or changes. */
function entryConflicts(entry: ManagerEntry, changed: FieldSet): ApplyConflict[] {
  return fieldPaths(intersection(entry.fields, changed)).map((path) => {
    const conflict: ApplyConflict = { manager: entry.manager, field: formatPath(path), operation: entry.operation, apiVersion: entry.apiVersion };
    if (entry.subresource !== undefined) conflict.subresource = entry.subresource;
    return conflict;
  });
}

/** The conflicts of all other entries, by manager identity then path. */
function conflictsOf(others: readonly ManagerEntry[], changed: FieldSet): ApplyConflict[] {
  const sorted = [...others].sort((a, b) => compareIds(managerIdentifier(a), managerIdentifier(b)));
  return sorted.flatMap((entry) => entryConflicts(entry, changed));
}

/** -1, 0 or 1 by code unit. */
function compareIds(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** `object` carrying `entries` as its managedFields (none when empty). */
function withManagedFields(object: JsonObject, entries: ManagedFieldsEntry[]): JsonObject {
  const metadata = isJsonObject(object['metadata']) ? { ...object['metadata'] } : {};
  if (entries.length > 0) metadata['managedFields'] = entries as unknown as JsonValue;
  else delete metadata['managedFields'];
  return { ...object, metadata };
}

/** The stored managedFields: the new ones, or the live ones when only times would change (nothing else did). */
function finalEntries(opts: ServerSideApplyOptions, object: JsonObject, entries: ManagedFieldsEntry[]): ManagedFieldsEntry[] {
  if (opts.live === undefined) return entries;
  const live = managedFieldsOf(opts.live);
  const unchanged = jsonEqual(withoutManagedFields(object), withoutManagedFields(opts.live));
  return unchanged && sameIgnoringTimes(entries, live) ? live : entries;
}

/**
 * Applies `applied` for `manager`. The result carries the new managedFields: this manager's Apply
 * entry owns exactly the applied fields (time `now`), others lose what the apply changed or
 * removed. A re-apply that changes nothing returns the live object unchanged.
 */
export function serverSideApply(opts: ServerSideApplyOptions): ServerSideApplyResult {
  const applied = withoutManagedFields(opts.applied);
  const live = opts.live ?? {};
  const selfId = managerIdentifier(applyIdentity(opts));
  const entries = liveEntries(opts);
  const others = entries.filter((e) => managerIdentifier(e) !== selfId);
  const lastSet = entries.find((e) => managerIdentifier(e) === selfId)?.fields ?? EMPTY_FIELD_SET;
  const newSet = fieldSetOf(applied, opts.lookup);
  const owned = others.reduce((set, e) => union(set, e.fields), newSet);
  const merged = mergeValue(live, applied, [], opts.lookup) as JsonObject;
  const object = prune(merged, difference(lastSet, newSet), owned);
  const changes = compareFields(live, object, opts.lookup);
  const changed = union(changes.modified, changes.added);
  const conflicts = conflictsOf(others, changed);
  if (conflicts.length > 0 && !opts.force) return { ok: false, conflicts };
  const lost = union(changed, changes.removed);
  const kept = others.map((e) => ({ ...e, fields: difference(e.fields, lost) }));
  const encoded = encodeManagedFields([...kept, { ...applyIdentity(opts), time: opts.now, fields: newSet }]);
  return { ok: true, object: withManagedFields(object, finalEntries(opts, object, encoded)) };
}

// ---- errors ----

/** How a conflict names its manager: `"mgr"`, ` with subresource "status"`, ` using apps/v1` for Update managers. */
function printManager(c: ApplyConflict): string {
  let text = JSON.stringify(c.manager);
  if (c.subresource !== undefined && c.subresource !== '') text += ` with subresource ${JSON.stringify(c.subresource)}`;
  return c.operation === 'Update' ? `${text} using ${c.apiVersion}` : text;
}

/** The identity of a conflict's manager. */
function conflictId(c: ApplyConflict): string {
  const identity: ManagerIdentity = { manager: c.manager, operation: c.operation, apiVersion: c.apiVersion };
  if (c.subresource !== undefined) identity.subresource = c.subresource;
  return managerIdentifier(identity);
}

/**
 * The message of the 409: `Apply failed with 1 conflict: conflict with "m" using apps/v1: .spec.replicas`,
 * or for several, per manager (sorted) `conflicts with "m" using apps/v1:` and one `- <path>` line each.
 */
export function formatConflictMessage(conflicts: readonly ApplyConflict[]): string {
  const [only] = conflicts;
  if (conflicts.length === 1 && only !== undefined) return `Apply failed with 1 conflict: conflict with ${printManager(only)}: ${only.field}`;
  const groups = new Map<string, ApplyConflict[]>();
  for (const c of conflicts) groups.set(conflictId(c), [...(groups.get(conflictId(c)) ?? []), c]);
  const lines = [...groups.keys()].sort(compareIds).flatMap((id) => {
    const group = groups.get(id) ?? [];
    const head = group[0];
    return head === undefined ? [] : [`conflicts with ${printManager(head)}:`, ...group.map((c) => `- ${c.field}`)];
  });
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}

/** The `details.causes` of the 409: one FieldManagerConflict per conflict. */
export function conflictCauses(conflicts: readonly ApplyConflict[]): FieldCause[] {
  return conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${printManager(c)}`, field: c.field }));
}
