// The contract between the API server and its storage: objects by key, one global revision
// counter (the resourceVersion), and a durable event log that watches replay from.
import type { KubeObject } from '@ebb/apimachinery';

/** Where an object lives: its group and plural resource, namespace (`''` if cluster-scoped) and name. */
export interface StoreKey {
  readonly group: string;
  readonly resource: string;
  readonly namespace: string;
  readonly name: string;
}

/**
 * A change, as a watch sends it: the object carries `metadata.resourceVersion` = `String(revision)`.
 * The object is shared by every watcher of the change: read it, copy it to change it.
 */
export interface StoreEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly key: StoreKey;
  readonly revision: number;
  readonly object: KubeObject;
}

/** Options of {@link Store.list}. */
export interface StoreListOptions {
  /** Only this namespace; unset lists all namespaces. */
  readonly namespace?: string;
  /** At most this many items (after `filter`); unset or 0 = all. */
  readonly limit?: number;
  /** A token from a previous page's `continue`. */
  readonly continue?: string;
  /** Keeps only matching objects (label and field selectors); pages fill up with matches. */
  readonly filter?: (object: KubeObject) => boolean;
}

/** One page of a list. */
export interface StoreListResult {
  readonly items: KubeObject[];
  /** The store's revision when the first page was read (the list's `metadata.resourceVersion`). */
  readonly revision: number;
  /** Set when more items may follow. */
  readonly continue?: string;
}

/** Why a write was refused. */
export type StoreConflictReason = 'exists' | 'missing' | 'modified';

/** A write refused because the object exists, is missing, or changed since the given resourceVersion. */
export class StoreConflict extends Error {
  override readonly name = 'StoreConflict';
  constructor(
    readonly reason: StoreConflictReason,
    readonly key: StoreKey,
  ) {
    super(`${reason}: ${key.group}/${key.resource}/${key.namespace}/${key.name}`);
  }
}

/** A watch or continue token asked for history older than the store keeps (HTTP 410 Expired). */
export class RevisionExpired extends Error {
  override readonly name = 'RevisionExpired';
  constructor(
    readonly requested: number,
    readonly oldest: number,
  ) {
    super(`too old resource version: ${requested} (${oldest})`);
  }
}

/** A running watch; `stop` ends it. */
export interface StoreWatch {
  stop(): void;
}

/** Durable object storage with a global revision and a replayable event log. */
export interface Store {
  /** The revision of the last write (0 for an empty store). */
  currentRevision(): number;
  /** The oldest revision a watch may start after; older ones are {@link RevisionExpired}. */
  oldestWatchableRevision(): number;
  get(key: StoreKey): KubeObject | undefined;
  /** Objects of one resource ordered by namespace then name. */
  list(group: string, resource: string, options?: StoreListOptions): StoreListResult;
  /** Stores a new object; sets its resourceVersion; {@link StoreConflict} `exists` if the key is taken. */
  create(key: StoreKey, object: KubeObject): KubeObject;
  /**
   * Replaces an object; sets its resourceVersion. With `expectedRevision`, refuses (`modified`)
   * when the stored resourceVersion differs; `missing` when absent.
   */
  update(key: StoreKey, object: KubeObject, expectedRevision?: string): KubeObject;
  /** Removes an object and returns it with the deletion's revision as its resourceVersion. */
  delete(key: StoreKey, expectedRevision?: string): KubeObject;
  /**
   * Calls `listener` for every change of `group`/`resource` (all resources when both are `''`)
   * after revision `after`, first the kept history, then live changes, in revision order.
   * Throws {@link RevisionExpired} when `after` is older than the kept history.
   */
  watch(selector: { group: string; resource: string; after: number }, listener: (event: StoreEvent) => void): StoreWatch;
  /** Bytes the database uses on disk. */
  sizeBytes(): number;
  close(): void;
}
