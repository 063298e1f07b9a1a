// metadata.managedFields: which manager owns which fields (k8s.io/apimachinery/pkg/util/managedfields).
// Every write records ownership. A non-apply write (create, update, non-apply patch) gives its
// manager's Update entry the fields it changed or added, and takes them from every other manager;
// fields it removed leave every entry. Entries are keyed by manager, operation, subresource and,
// for Update entries, apiVersion; empty entries are dropped.
import { isJsonObject, type JsonObject, type JsonValue, type ManagedFieldsEntry } from '../object.js';
import { compareStrings } from '../values.js';
import type { FieldStrategyLookup } from '../patch/list-types.js';
import type { FieldSet } from './field-set.js';
import { compareFields, difference, EMPTY_FIELD_SET, fromFieldsV1, isEmptyFieldSet, toFieldsV1, union } from './field-set.js';

/** The operation of a managedFields entry. */
export type ManagedOperation = 'Apply' | 'Update';

/** Who a managedFields entry belongs to. */
export interface ManagerIdentity {
  manager: string;
  operation: ManagedOperation;
  apiVersion: string;
  subresource?: string;
}

/** A decoded managedFields entry. */
export interface ManagerEntry extends ManagerIdentity {
  time?: string;
  fields: FieldSet;
}

/** Options of {@link recordUpdate}. */
export interface RecordUpdateOptions {
  /** The stored object before the write; absent on create. */
  live?: JsonObject;
  /** The object as it will be stored. */
  updated: JsonObject;
  manager: string;
  /** The apiVersion of the request (`apps/v1`). */
  apiVersion: string;
  /** RFC 3339 time of the write. */
  now: string;
  /** `status` or `scale` for a write through a subresource. */
  subresource?: string;
  lookup: FieldStrategyLookup;
}

/**
 * The identity of an entry as Kubernetes keys managers (`BuildManagerIdentifier`): the JSON of
 * manager, operation, apiVersion (Update only) and subresource. Also the order conflict messages
 * list managers in.
 */
export function managerIdentifier(identity: ManagerIdentity): string {
  const id: JsonObject = { manager: identity.manager, operation: identity.operation };
  if (identity.operation === 'Update') id['apiVersion'] = identity.apiVersion;
  if (identity.subresource !== undefined && identity.subresource !== '') id['subresource'] = identity.subresource;
  return JSON.stringify(id);
}

/** The field manager of a request without `fieldManager`: the User-Agent up to its first `/`. */
export function managerFromUserAgent(userAgent: string): string {
  const slash = userAgent.indexOf('/');
  return slash < 0 ? userAgent : userAgent.slice(0, slash);
}

/** One stored entry, decoded (an entry without fieldsV1 decodes to an empty set). */
function decodeEntry(entry: ManagedFieldsEntry): ManagerEntry {
  const decoded: ManagerEntry = {
    manager: entry.manager ?? '',
    operation: entry.operation === 'Apply' ? 'Apply' : 'Update',
    apiVersion: entry.apiVersion ?? '',
    fields: fromFieldsV1(entry.fieldsV1),
  };
  if (entry.time !== undefined) decoded.time = entry.time;
  if (entry.subresource !== undefined && entry.subresource !== '') decoded.subresource = entry.subresource;
  return decoded;
}

/** The managedFields of an object as stored (`metadata.managedFields`), or `[]`. */
export function managedFieldsOf(object: JsonObject | undefined): ManagedFieldsEntry[] {
  const metadata = object?.['metadata'];
  const entries = isJsonObject(metadata) ? metadata['managedFields'] : undefined;
  return Array.isArray(entries) ? entries.filter((e) => isJsonObject(e)).map((e) => e as ManagedFieldsEntry) : [];
}

/** Decodes managedFields; a later entry with the same identity replaces an earlier one. */
export function decodeManagedFields(entries: readonly ManagedFieldsEntry[]): ManagerEntry[] {
  const byId = new Map<string, ManagerEntry>();
  for (const entry of entries) {
    const decoded = decodeEntry(entry);
    byId.set(managerIdentifier(decoded), decoded);
  }
  return [...byId.values()];
}

/** Seconds since the epoch of an RFC 3339 time (0 when absent or unreadable). */
function seconds(time: string | undefined): number {
  const ms = time === undefined ? NaN : Date.parse(time);
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

/** -1, 0 or 1 by code unit. */

/** The fields entries sort by after operation and time. */
const TIE_BREAKERS = ['manager', 'apiVersion', 'subresource'] as const;

/** Kubernetes' order of entries: Apply before Update, then oldest first, then manager, apiVersion, subresource. */
export function compareManagedEntries(a: ManagedFieldsEntry, b: ManagedFieldsEntry): number {
  const first = compareStrings(a.operation ?? '', b.operation ?? '') || seconds(a.time) - seconds(b.time);
  if (first !== 0) return first;
  for (const field of TIE_BREAKERS) {
    const c = compareStrings(a[field] ?? '', b[field] ?? '');
    if (c !== 0) return c;
  }
  return 0;
}

/** One entry as stored. */
function encodeEntry(entry: ManagerEntry): ManagedFieldsEntry {
  const out: ManagedFieldsEntry = { manager: entry.manager, operation: entry.operation, apiVersion: entry.apiVersion };
  if (entry.time !== undefined) out.time = entry.time;
  out.fieldsType = 'FieldsV1';
  out.fieldsV1 = toFieldsV1(entry.fields);
  if (entry.subresource !== undefined) out.subresource = entry.subresource;
  return out;
}

/** Entries as stored: empty ones dropped, sorted as Kubernetes sorts them. */
export function encodeManagedFields(entries: readonly ManagerEntry[]): ManagedFieldsEntry[] {
  return entries
    .filter((e) => !isEmptyFieldSet(e.fields))
    .map((e) => encodeEntry(e))
    .sort(compareManagedEntries);
}

/** Whether two stored managedFields lists are equal apart from their times. */
export function sameIgnoringTimes(a: readonly ManagedFieldsEntry[], b: readonly ManagedFieldsEntry[]): boolean {
  const strip = (list: readonly ManagedFieldsEntry[]): string => JSON.stringify(list.map((e) => ({ ...e, time: undefined })));
  return a.length === b.length && strip(a) === strip(b);
}

/**
 * The entries a write starts from: those in the written object when it carries some (a client may
 * rewrite managedFields; `[{}]` thus clears them), else the stored ones. Writes through a
 * subresource always start from the stored ones.
 */
function baseEntries(opts: RecordUpdateOptions): ManagerEntry[] {
  const sent = managedFieldsOf(opts.updated);
  const useSent = sent.length > 0 && (opts.subresource === undefined || opts.subresource === '');
  return decodeManagedFields(useSent ? sent : managedFieldsOf(opts.live));
}

/** The identity of this write's Update entry. */
function updateIdentity(opts: RecordUpdateOptions): ManagerIdentity {
  const identity: ManagerIdentity = { manager: opts.manager, operation: 'Update', apiVersion: opts.apiVersion };
  if (opts.subresource !== undefined && opts.subresource !== '') identity.subresource = opts.subresource;
  return identity;
}

/**
 * The managedFields of an object after a non-apply write: this manager's Update entry gains the
 * fields the write changed or added (its time becomes `now`), other managers lose them, and every
 * manager loses the fields the write removed. Entries left empty are dropped; `[]` means the object
 * carries no managedFields. Sorted Apply first, then by time, manager, apiVersion, subresource.
 */
export function recordUpdate(opts: RecordUpdateOptions): ManagedFieldsEntry[] {
  const base = baseEntries(opts);
  const before: JsonValue = opts.live ?? {};
  const changes = compareFields(before, opts.updated, opts.lookup);
  const touched = union(changes.modified, changes.added);
  const selfId = managerIdentifier(updateIdentity(opts));
  const entries = base.map((e) => ({ ...e, fields: difference(difference(e.fields, touched), changes.removed) }));
  if (!isEmptyFieldSet(touched)) {
    const previous = base.find((e) => managerIdentifier(e) === selfId);
    const kept = entries.filter((e) => managerIdentifier(e) !== selfId);
    const own = union(difference(previous?.fields ?? EMPTY_FIELD_SET, changes.removed), touched);
    return encodeManagedFields([...kept, { ...updateIdentity(opts), time: opts.now, fields: own }]);
  }
  return encodeManagedFields(entries);
}
