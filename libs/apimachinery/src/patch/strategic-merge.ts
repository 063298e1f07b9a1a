// Strategic merge patch (`application/strategic-merge-patch+json`), the patch `kubectl apply`,
// `kubectl patch` and `kubectl rollout restart` send for built-in kinds. Maps merge and `null`
// deletes, as in a merge patch; lists follow the field's strategy: keyed (`listType: 'map'`)
// lists merge item by item on their first map key, `set` lists union, other lists are replaced.
// Directives: `$patch` (replace|delete|merge, on a map or a list item; `{"$patch":"replace"}` as a
// list item replaces the list), `$retainKeys`, `$deleteFromPrimitiveList/<field>` and
// `$setElementOrder/<field>`. No directive key survives into the result.
import { isJsonObject, jsonEqual, type JsonObject, type JsonValue } from '../object.js';
import type { FieldStrategy, FieldStrategyLookup } from './list-types.js';
import { PatchError } from './json-patch.js';

const PATCH_DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ELEMENT_ORDER = '$setElementOrder/';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList/';

/** A `$patch` value. */
type PatchDirective = 'merge' | 'replace' | 'delete';

/** Where a merge is: the strategy lookup and the field path (list items skipped). */
interface At {
  lookup: FieldStrategyLookup;
  path: readonly string[];
}

/** True for a JSON object (not an array, not null). */

/** True for a key the patch format reserves. */
function isDirectiveKey(key: string): boolean {
  return key === PATCH_DIRECTIVE || key === RETAIN_KEYS || key.startsWith(SET_ELEMENT_ORDER) || key.startsWith(DELETE_FROM_PRIMITIVE_LIST);
}

/** Deep equality of two JSON values. */

/** A value as Go's `%v` prints it (`map[name:a]`), for error texts. */
function goValue(value: JsonValue | undefined): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goValue).join(' ')}]`;
  if (isJsonObject(value)) {
    const entries = Object.keys(value).sort().map((key) => `${key}:${goValue(value[key])}`);
    return `map[${entries.join(' ')}]`;
  }
  return String(value);
}

/** The Go kind of a decoded JSON value, for `expected a map, but received a string`. */
function goKind(value: JsonValue): string {
  if (value === null) return 'nil';
  if (Array.isArray(value)) return 'slice';
  if (typeof value === 'number') return 'float64';
  return typeof value === 'boolean' ? 'bool' : typeof value;
}

/** A copy of `value` without directive keys, at any depth (for values that replace wholesale). */
function stripDirectives(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isJsonObject(value)) return value;
  const result: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    if (!isDirectiveKey(key)) result[key] = stripDirectives(item);
  }
  return result;
}

/** The `$patch` directive of a map (default `merge`); PatchError for an unknown one. */
function patchDirective(patch: JsonObject): PatchDirective {
  const value = patch[PATCH_DIRECTIVE];
  if (value === undefined) return 'merge';
  if (value === 'merge' || value === 'replace' || value === 'delete') return value;
  throw new PatchError(`unknown patch type: ${goValue(value)} in map: ${goValue(patch)}`);
}

/** The `$retainKeys` list of a map, if any; PatchError unless it is a list of strings. */
function retainKeysOf(patch: JsonObject): string[] | undefined {
  const value = patch[RETAIN_KEYS];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((key) => typeof key === 'string')) {
    throw new PatchError('invalid patch format of retainKeys');
  }
  return value;
}

/** The non-directive keys of a patch map that set a value (not `null`). */
function settingKeys(patch: JsonObject): string[] {
  return Object.keys(patch).filter((key) => !isDirectiveKey(key) && patch[key] !== null);
}

/**
 * Clears the keys of `target` that the patch does not retain: those outside `$retainKeys`, or, for
 * a `retainKeys` field without the directive, those the patch does not set.
 */
function applyRetainKeys(target: JsonObject, patch: JsonObject, strategy: FieldStrategy | undefined): void {
  const explicit = retainKeysOf(patch);
  if (explicit !== undefined && !settingKeys(patch).every((key) => explicit.includes(key))) {
    throw new PatchError("patch content doesn't match retainKeys list", 'Invalid');
  }
  const retained = explicit ?? (strategy?.retainKeys === true ? settingKeys(patch) : undefined);
  if (retained === undefined) return;
  for (const key of Object.keys(target)) {
    if (!retained.includes(key)) delete target[key];
  }
}

/** Applies each `$deleteFromPrimitiveList/<field>`: removes the listed values from `target[field]`. */
function applyPrimitiveDeletions(target: JsonObject, patch: JsonObject): void {
  for (const [key, values] of Object.entries(patch)) {
    if (!key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) continue;
    if (!Array.isArray(values) || values.some((value) => typeof value === 'object' && value !== null)) {
      throw new PatchError('invalid patch format of primitive list');
    }
    const field = key.slice(DELETE_FROM_PRIMITIVE_LIST.length);
    const list = target[field];
    if (!Array.isArray(list)) continue;
    const kept = list.filter((item) => !values.includes(item));
    if (kept.length === 0) delete target[field];
    else target[field] = kept;
  }
}

/** The merge key of a keyed list, or undefined for other lists. */
function mergeKeyOf(strategy: FieldStrategy | undefined): string | undefined {
  return strategy?.listType === 'map' ? strategy.mapKeys?.[0] : undefined;
}

/** How `$setElementOrder` names one item: its merge key's value for a keyed list, else itself. */
function orderIdentity(item: JsonValue, key: string | undefined): JsonValue | undefined {
  if (key === undefined) return item;
  return isJsonObject(item) ? item[key] : undefined;
}

/**
 * Reorders `list` so the items `order` names come in that order; items it does not name keep
 * their slots (as items only the live object has keep their place in Kubernetes).
 */
function reorder(list: JsonValue[], order: JsonValue[], key: string | undefined): JsonValue[] {
  const ids = order.map((item) => orderIdentity(item, key));
  if (ids.some((id) => id === undefined)) throw new PatchError('invalid patch format of setElementOrder list');
  const rank = (item: JsonValue): number => ids.findIndex((id) => jsonEqual(id, orderIdentity(item, key)));
  const named = list.filter((item) => rank(item) >= 0).sort((a, b) => rank(a) - rank(b));
  let next = 0;
  return list.map((item) => (rank(item) >= 0 ? (named[next++] ?? item) : item));
}

/** Applies each `$setElementOrder/<field>` to the merged `target[field]`. */
function applyElementOrders(target: JsonObject, patch: JsonObject, at: At): void {
  for (const [key, order] of Object.entries(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
    if (!Array.isArray(order)) throw new PatchError('invalid patch format of setElementOrder list');
    const field = key.slice(SET_ELEMENT_ORDER.length);
    const list = target[field];
    if (Array.isArray(list)) target[field] = reorder(list, order, mergeKeyOf(at.lookup([...at.path, field])));
  }
}

/**
 * Merges a patch map into `target` (owned by the merge, changed in place). Returns the merged map,
 * or undefined when the patch says `$patch: delete`.
 */
function mergeMap(target: JsonObject, patch: JsonObject, at: At): JsonObject | undefined {
  const directive = patchDirective(patch);
  if (directive === 'delete') return undefined;
  const result = directive === 'replace' ? {} : target;
  applyRetainKeys(result, patch, at.lookup(at.path));
  applyPrimitiveDeletions(result, patch);
  for (const [key, value] of Object.entries(patch)) {
    if (!isDirectiveKey(key)) mergeField(result, key, value, at);
  }
  applyElementOrders(result, patch, at);
  return result;
}

/** Merges one patch field into `target`: `null` deletes, other values merge by the field's strategy. */
function mergeField(target: JsonObject, key: string, value: JsonValue, at: At): void {
  const merged = value === null ? undefined : mergeValue(target[key], value, { lookup: at.lookup, path: [...at.path, key] });
  if (merged === undefined) delete target[key];
  else target[key] = merged;
}

/** Merges a non-null patch value into the current value of its field. */
function mergeValue(current: JsonValue | undefined, patch: JsonValue, at: At): JsonValue | undefined {
  if (Array.isArray(patch)) return mergeList(Array.isArray(current) ? current : [], patch, at);
  if (!isJsonObject(patch)) return patch;
  const atomic = at.lookup(at.path)?.mapType === 'atomic';
  return mergeMap(!atomic && isJsonObject(current) ? current : {}, patch, at);
}

/**
 * True for the `{"$patch": "replace"}` item that makes a patch list replace the list (an item
 * with other keys too, such as a merge key, replaces only the matching item).
 */
function isReplaceItem(item: JsonValue): boolean {
  return isJsonObject(item) && item[PATCH_DIRECTIVE] === 'replace' && Object.keys(item).length === 1;
}

/** Merges a patch list into the current list of its field, by the field's list type. */
function mergeList(current: JsonValue[], patch: JsonValue[], at: At): JsonValue[] {
  const strategy = at.lookup(at.path);
  const key = mergeKeyOf(strategy);
  if (patch.some(isReplaceItem)) return mergeKeyedList([], patch.filter((item) => !isReplaceItem(item)), { at, key });
  if (key !== undefined) return mergeKeyedList(current, patch, { at, key });
  if (strategy?.listType === 'set') return unionList(current, patch);
  return patch.map(stripDirectives);
}

/** A set list's union: the current items, then the patch items not already present. */
function unionList(current: JsonValue[], patch: JsonValue[]): JsonValue[] {
  const result = [...current];
  for (const item of patch) {
    if (!result.some((existing) => jsonEqual(existing, item))) result.push(stripDirectives(item));
  }
  return result;
}

/** Merges the items of a keyed list by merge key; without a key (a replaced plain list) items are copied. */
function mergeKeyedList(current: JsonValue[], patch: JsonValue[], options: { at: At; key: string | undefined }): JsonValue[] {
  const result = [...current];
  for (const item of patch) {
    if (options.key === undefined) result.push(stripDirectives(item));
    else mergeKeyedItem(result, item, { at: options.at, key: options.key });
  }
  return result;
}

/** Merges one patch item into a keyed list (changed in place): merge, add, replace or delete by key. */
function mergeKeyedItem(list: JsonValue[], item: JsonValue, options: { at: At; key: string }): void {
  if (Array.isArray(item)) throw new PatchError('lists of lists are not supported', 'Invalid');
  if (!isJsonObject(item)) throw new PatchError(`expected a map, but received a ${goKind(item)}`);
  const keyValue = item[options.key];
  if (keyValue === undefined) throw new PatchError(`map: ${goValue(item)} does not contain declared merge key: ${options.key}`);
  const index = list.findIndex((existing) => isJsonObject(existing) && jsonEqual(existing[options.key], keyValue));
  const existing = list[index];
  const merged = mergeMap(isJsonObject(existing) ? existing : {}, item, options.at);
  if (index < 0) {
    if (merged !== undefined) list.push(merged);
  } else if (merged === undefined) {
    list.splice(index, 1);
  } else {
    list[index] = merged;
  }
}

/**
 * Applies a strategic merge patch to `original` and returns the result; the inputs are not
 * changed. `lookup` gives each field's merge strategy (see builtinFieldStrategies). Throws
 * PatchError for a malformed directive (reason `BadRequest`) or a patch that cannot apply
 * (`Invalid`: content outside `$retainKeys`, lists of lists).
 */
export function applyStrategicMergePatch(original: JsonObject, patch: JsonObject, lookup: FieldStrategyLookup): JsonObject {
  return mergeMap(structuredClone(original), patch, { lookup, path: [] }) ?? {};
}
