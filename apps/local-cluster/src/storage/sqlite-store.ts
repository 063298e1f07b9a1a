// The durable store: one SQLite file (node:sqlite) holding the objects, a global revision counter
// and an event log that watches replay from.
//
// Durability: the database runs in WAL mode with `synchronous=NORMAL`. A commit appends its frames
// to the `-wal` file with write(2) before it returns, so once a write has been acknowledged the
// operating system holds it: a process crash (kill -9) loses nothing acknowledged and never
// corrupts the file. NORMAL only skips the fsync of the WAL at each commit, so an OS crash or a
// power cut may roll back the last few commits (still never corrupting the file). That is the
// trade-off of a local development cluster; FULL would fsync on every commit and cost a disk flush
// per write. The spec proves the kill -9 case with a child process.
//
// One process owns the file: the revision counter and the oldest watchable revision are cached in
// memory (and written in every transaction, so they never go back across restarts), and watches
// see the writes made through this instance only.
import { statSync } from 'node:fs';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { KubeObject } from '@ebb/apimachinery';
import {
  RevisionExpired,
  StoreConflict,
  type Store,
  type StoreEvent,
  type StoreKey,
  type StoreListOptions,
  type StoreListResult,
  type StoreWatch,
} from './store.js';

/** Events kept for watches unless {@link SqliteStoreOptions.historyLimit} says otherwise. */
export const DEFAULT_HISTORY_LIMIT = 20000;

/** How long a write waits for a lock held by another connection before failing (ms). */
const BUSY_TIMEOUT_MS = 5000;
/** Rows read per query while a filtered list fills a page. */
const MIN_SCAN_BATCH = 100;
/** Rows read per query by an unlimited list. */
const FULL_SCAN_BATCH = 1000;
/** Events read per query while a watch replays history. */
const REPLAY_BATCH = 500;

const META_REVISION = 'revision';
const META_OLDEST = 'oldestWatchable';

/** Options of {@link SqliteStore.open}. */
export interface SqliteStoreOptions {
  /** The database file (created if missing). */
  readonly file: string;
  /** Events kept for watches and continue tokens; older ones are compacted away. Default 20000. */
  readonly historyLimit?: number;
  /** Called when a watch listener throws during live delivery (that watch is stopped). Default: console.error. */
  readonly onListenerError?: (error: unknown) => void;
}

/** A `continue` token that is not one this store issued (HTTP 400). */
export class BadContinueToken extends Error {
  override readonly name = 'BadContinueToken';
  constructor(detail: string) {
    super(`invalid continue token: ${detail}`);
  }
}

type EventType = StoreEvent['type'];
type Row = Record<string, unknown>;

/** A stored object's row. */
interface StoredRow {
  readonly rv: number;
  readonly body: string;
}

/** What a write does once its preconditions hold. */
interface WritePlan {
  readonly type: EventType;
  readonly object: KubeObject;
}

/** An event as logged: the object stays JSON text until a listener receives it. */
interface EventRecord {
  readonly type: EventType;
  readonly key: StoreKey;
  readonly revision: number;
  readonly body: string;
  /** The body parsed, once, by the first watcher it was delivered to. */
  parsed?: KubeObject;
}

/** The watch selector of {@link Store.watch}. */
interface WatchSelector {
  readonly group: string;
  readonly resource: string;
  readonly after: number;
}

/** A position in a list: the last key read. */
interface ListPosition {
  readonly namespace: string;
  readonly name: string;
}

/** The decoded `continue` token: the first page's revision and the last key returned. */
interface ContinueToken {
  readonly rev: number;
  readonly ns: string;
  readonly name: string;
}

/** One list scan. */
interface ScanQuery {
  readonly group: string;
  readonly resource: string;
  readonly namespace: string | undefined;
  readonly limit: number;
  readonly filter: ((object: KubeObject) => boolean) | undefined;
}

/** A scan's page: the items and, when more rows follow, where the next page starts. */
interface ScanResult {
  readonly items: KubeObject[];
  readonly next?: ListPosition;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS objects (
    grp TEXT NOT NULL, resource TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,
    rv INTEGER NOT NULL, body TEXT NOT NULL,
    PRIMARY KEY (grp, resource, namespace, name));
  CREATE TABLE IF NOT EXISTS events (
    rv INTEGER PRIMARY KEY, type TEXT NOT NULL,
    grp TEXT NOT NULL, resource TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,
    body TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS events_by_resource ON events (grp, resource, rv);
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
`;

const KEY_COLUMNS = 'grp = ? AND resource = ? AND namespace = ? AND name = ?';
const EVENT_COLUMNS = 'rv, type, grp, resource, namespace, name, body';

/** Every statement the store runs, prepared once when it opens. */
class Statements {
  readonly begin: StatementSync;
  readonly commit: StatementSync;
  readonly rollback: StatementSync;
  readonly getObject: StatementSync;
  readonly upsertObject: StatementSync;
  readonly deleteObject: StatementSync;
  readonly insertEvent: StatementSync;
  readonly compactEvents: StatementSync;
  readonly getMeta: StatementSync;
  readonly setMeta: StatementSync;
  readonly listAll: StatementSync;
  readonly listNamespace: StatementSync;
  readonly eventsAll: StatementSync;
  readonly eventsOf: StatementSync;
  readonly pageCount: StatementSync;
  readonly pageSize: StatementSync;

  constructor(db: DatabaseSync) {
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    this.getObject = db.prepare(`SELECT rv, body FROM objects WHERE ${KEY_COLUMNS}`);
    this.upsertObject = db.prepare(
      'INSERT INTO objects (grp, resource, namespace, name, rv, body) VALUES (?, ?, ?, ?, ?, ?) ' +
        'ON CONFLICT (grp, resource, namespace, name) DO UPDATE SET rv = excluded.rv, body = excluded.body',
    );
    this.deleteObject = db.prepare(`DELETE FROM objects WHERE ${KEY_COLUMNS}`);
    this.insertEvent = db.prepare(`INSERT INTO events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    this.compactEvents = db.prepare('DELETE FROM events WHERE rv <= ?');
    this.getMeta = db.prepare('SELECT value FROM meta WHERE key = ?');
    this.setMeta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.listAll = db.prepare(
      'SELECT namespace, name, body FROM objects WHERE grp = ? AND resource = ? AND (namespace, name) > (?, ?) ' +
        'ORDER BY namespace, name LIMIT ?',
    );
    this.listNamespace = db.prepare(
      'SELECT namespace, name, body FROM objects WHERE grp = ? AND resource = ? AND namespace = ? AND name > ? ORDER BY name LIMIT ?',
    );
    this.eventsAll = db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE rv > ? ORDER BY rv LIMIT ?`);
    this.eventsOf = db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE grp = ? AND resource = ? AND rv > ? ORDER BY rv LIMIT ?`);
    this.pageCount = db.prepare('PRAGMA page_count');
    this.pageSize = db.prepare('PRAGMA page_size');
  }
}

/** A running watch: buffers live events while it replays history, then delivers them in order. */
class Watcher {
  /** The revision of the last event delivered (or the watch's `after`). */
  last: number;
  stopped = false;
  private replaying = true;
  private readonly buffer: EventRecord[] = [];

  constructor(
    readonly selector: WatchSelector,
    private readonly listener: (event: StoreEvent) => void,
  ) {
    this.last = selector.after;
  }

  /** A committed event: buffered during replay, delivered once live. */
  offer(record: EventRecord): void {
    if (this.stopped || !this.matches(record)) return;
    if (this.replaying) this.buffer.push(record);
    else this.deliver(record);
  }

  /** Calls the listener unless the event was already delivered (replay and live overlap). */
  deliver(record: EventRecord): void {
    if (this.stopped || record.revision <= this.last) return;
    this.last = record.revision;
    this.listener(eventOf(record));
  }

  /** Ends the replay: delivers what was buffered (and whatever that causes), then goes live. */
  goLive(): void {
    for (let next = this.buffer.shift(); next !== undefined; next = this.buffer.shift()) this.deliver(next);
    this.replaying = false;
  }

  private matches(record: EventRecord): boolean {
    const { group, resource } = this.selector;
    return (group === '' && resource === '') || (record.key.group === group && record.key.resource === resource);
  }
}

/** {@link Store} on a SQLite file in WAL mode. */
export class SqliteStore implements Store {
  private readonly statements: Statements;
  private readonly historyLimit: number;
  private readonly onListenerError: (error: unknown) => void;
  private readonly watchers = new Set<Watcher>();
  private readonly pending: EventRecord[] = [];
  private dispatching = false;
  private revision: number;
  private oldest: number;

  private constructor(
    private readonly db: DatabaseSync,
    private readonly file: string,
    options: SqliteStoreOptions,
  ) {
    this.historyLimit = validHistoryLimit(options.historyLimit ?? DEFAULT_HISTORY_LIMIT);
    this.onListenerError = options.onListenerError ?? reportListenerError;
    this.statements = new Statements(db);
    this.revision = this.readMeta(META_REVISION);
    this.oldest = this.readMeta(META_OLDEST);
  }

  /** Opens (or creates) the store in `options.file`. */
  static open(options: SqliteStoreOptions): SqliteStore {
    const db = new DatabaseSync(options.file, { timeout: BUSY_TIMEOUT_MS });
    try {
      db.exec('PRAGMA journal_mode = WAL');
      db.exec('PRAGMA synchronous = NORMAL');
      db.exec(SCHEMA);
      const store = new SqliteStore(db, options.file, options);
      store.compactOnOpen();
      return store;
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** {@inheritDoc Store.currentRevision} */
  currentRevision(): number {
    return this.revision;
  }

  /** {@inheritDoc Store.oldestWatchableRevision} */
  oldestWatchableRevision(): number {
    return this.oldest;
  }

  /** {@inheritDoc Store.get} */
  get(key: StoreKey): KubeObject | undefined {
    const row = this.readRow(key);
    return row === undefined ? undefined : parseObject(row.body);
  }

  /** {@inheritDoc Store.list} */
  list(group: string, resource: string, options: StoreListOptions = {}): StoreListResult {
    const token = options.continue === undefined || options.continue === '' ? undefined : this.decodeContinue(options.continue);
    const revision = token?.rev ?? this.revision;
    const query: ScanQuery = { group, resource, namespace: options.namespace, limit: Math.max(options.limit ?? 0, 0), filter: options.filter };
    const start: ListPosition = token === undefined ? { namespace: '', name: '' } : { namespace: token.ns, name: token.name };
    const page = this.scan(query, start);
    if (page.next === undefined) return { items: page.items, revision };
    return { items: page.items, revision, continue: encodeContinue({ rev: revision, ns: page.next.namespace, name: page.next.name }) };
  }

  /** {@inheritDoc Store.create} */
  create(key: StoreKey, object: KubeObject): KubeObject {
    return this.write(key, (stored) => {
      if (stored !== undefined) throw new StoreConflict('exists', key);
      return { type: 'ADDED', object };
    });
  }

  /** {@inheritDoc Store.update} An empty `expectedRevision` counts as none. */
  update(key: StoreKey, object: KubeObject, expectedRevision?: string): KubeObject {
    return this.write(key, (stored) => {
      requireCurrent(key, stored, expectedRevision);
      return { type: 'MODIFIED', object };
    });
  }

  /** {@inheritDoc Store.delete} An empty `expectedRevision` counts as none. */
  delete(key: StoreKey, expectedRevision?: string): KubeObject {
    return this.write(key, (stored) => ({ type: 'DELETED', object: parseObject(requireCurrent(key, stored, expectedRevision).body) }));
  }

  /** {@inheritDoc Store.watch} */
  watch(selector: { group: string; resource: string; after: number }, listener: (event: StoreEvent) => void): StoreWatch {
    if (selector.after < this.oldest) throw new RevisionExpired(selector.after, this.oldest);
    const watcher = new Watcher({ group: selector.group, resource: selector.resource, after: selector.after }, listener);
    // Registered before the history is read, so that no write falls between replay and live.
    this.watchers.add(watcher);
    try {
      this.replay(watcher);
    } catch (error) {
      this.drop(watcher);
      throw error;
    }
    return { stop: () => this.drop(watcher) };
  }

  /** {@inheritDoc Store.sizeBytes} The main file's pages plus the write-ahead log. */
  sizeBytes(): number {
    const pages = toInt(this.statements.pageCount.get()?.['page_count']);
    const pageSize = toInt(this.statements.pageSize.get()?.['page_size']);
    return pages * pageSize + (statSync(`${this.file}-wal`, { throwIfNoEntry: false })?.size ?? 0);
  }

  /** {@inheritDoc Store.close} Stops every watch; closing twice is harmless. */
  close(): void {
    for (const watcher of this.watchers) watcher.stopped = true;
    this.watchers.clear();
    if (this.db.isOpen) this.db.close();
  }

  private readMeta(key: string): number {
    const row = this.statements.getMeta.get(key);
    return row === undefined ? 0 : toInt(row['value']);
  }

  private readRow(key: StoreKey): StoredRow | undefined {
    const row = this.statements.getObject.get(key.group, key.resource, key.namespace, key.name);
    return row === undefined ? undefined : { rv: toInt(row['rv']), body: toText(row['body']) };
  }

  /** One transaction: check, bump the revision, write the row and the event, compact; then publish. */
  private write(key: StoreKey, plan: (stored: StoredRow | undefined) => WritePlan): KubeObject {
    this.statements.begin.run();
    let record: EventRecord;
    let oldest: number;
    try {
      ({ record, oldest } = this.apply(key, plan(this.readRow(key))));
      this.statements.commit.run();
    } catch (error) {
      if (this.db.isTransaction) this.statements.rollback.run();
      throw error;
    }
    this.revision = record.revision;
    this.oldest = oldest;
    this.publish(record);
    return parseObject(record.body);
  }

  private apply(key: StoreKey, plan: WritePlan): { record: EventRecord; oldest: number } {
    const s = this.statements;
    const revision = this.revision + 1;
    const body = stamp(plan.object, revision);
    if (plan.type === 'DELETED') s.deleteObject.run(key.group, key.resource, key.namespace, key.name);
    else s.upsertObject.run(key.group, key.resource, key.namespace, key.name, revision, body);
    s.insertEvent.run(revision, plan.type, key.group, key.resource, key.namespace, key.name, body);
    s.setMeta.run(META_REVISION, revision);
    const oldest = this.compact(revision);
    const record = { type: plan.type, key: copyKey(key), revision, body };
    return { record, oldest };
  }

  /** Drops events beyond the history limit; returns the new oldest watchable revision (stored). */
  private compact(revision: number): number {
    const floor = revision - this.historyLimit;
    if (floor <= this.oldest) return this.oldest;
    this.statements.compactEvents.run(floor);
    this.statements.setMeta.run(META_OLDEST, floor);
    return floor;
  }

  /** Applies a lowered history limit to a reopened store. */
  private compactOnOpen(): void {
    if (this.revision - this.oldest <= this.historyLimit) return;
    this.statements.begin.run();
    try {
      this.oldest = this.compact(this.revision);
      this.statements.commit.run();
    } catch (error) {
      if (this.db.isTransaction) this.statements.rollback.run();
      throw error;
    }
  }

  /** Hands a committed event to every watch, in commit order even when listeners write. */
  private publish(record: EventRecord): void {
    this.pending.push(record);
    if (this.dispatching) return;
    this.dispatching = true;
    try {
      for (let next = this.pending.shift(); next !== undefined; next = this.pending.shift()) this.dispatch(next);
    } finally {
      this.dispatching = false;
    }
  }

  private dispatch(record: EventRecord): void {
    for (const watcher of [...this.watchers]) {
      try {
        watcher.offer(record);
      } catch (error) {
        this.drop(watcher);
        this.onListenerError(error);
      }
    }
  }

  private drop(watcher: Watcher): void {
    watcher.stopped = true;
    this.watchers.delete(watcher);
  }

  /** Delivers the kept history after `watcher.last`, in batches, then the buffered live events. */
  private replay(watcher: Watcher): void {
    for (;;) {
      // A listener writing during the replay may compact history the replay has not read yet.
      if (watcher.last < this.oldest) throw new RevisionExpired(watcher.last, this.oldest);
      const rows = this.readEvents(watcher.selector, watcher.last);
      for (const row of rows) watcher.deliver(recordOf(row));
      if (rows.length < REPLAY_BATCH || watcher.stopped) break;
    }
    watcher.goLive();
  }

  private readEvents(selector: WatchSelector, after: number): Row[] {
    if (selector.group === '' && selector.resource === '') return this.statements.eventsAll.all(after, REPLAY_BATCH);
    return this.statements.eventsOf.all(selector.group, selector.resource, after, REPLAY_BATCH);
  }

  /** Reads rows in batches from `start`, keeping filter matches, until the page is full or rows run out. */
  private scan(query: ScanQuery, start: ListPosition): ScanResult {
    const items: KubeObject[] = [];
    const batch = query.limit > 0 ? Math.max(query.limit, MIN_SCAN_BATCH) : FULL_SCAN_BATCH;
    let position = start;
    for (;;) {
      const rows = this.readObjects(query, position, batch);
      const used = collect(rows, query, items);
      const lastUsed = rows[used - 1];
      if (lastUsed !== undefined) position = positionOf(lastUsed);
      if (query.limit > 0 && items.length >= query.limit) {
        const more = used < rows.length || this.readObjects(query, position, 1).length > 0;
        return more ? { items, next: position } : { items };
      }
      if (rows.length < batch) return { items };
    }
  }

  private readObjects(query: ScanQuery, after: ListPosition, count: number): Row[] {
    const { group, resource, namespace } = query;
    if (namespace === undefined) return this.statements.listAll.all(group, resource, after.namespace, after.name, count);
    const afterName = after.namespace === namespace ? after.name : '';
    return this.statements.listNamespace.all(group, resource, namespace, afterName, count);
  }

  private decodeContinue(token: string): ContinueToken {
    const decoded = decodeContinue(token);
    if (decoded.rev > this.revision) throw new BadContinueToken('revision is in the future');
    if (decoded.rev < this.oldest) throw new RevisionExpired(decoded.rev, this.oldest);
    return decoded;
  }
}

/** Refuses a write whose object is missing or whose stored revision differs from `expected`. */
function requireCurrent(key: StoreKey, stored: StoredRow | undefined, expected: string | undefined): StoredRow {
  if (stored === undefined) throw new StoreConflict('missing', key);
  if (expected !== undefined && expected !== '' && expected !== String(stored.rv)) throw new StoreConflict('modified', key);
  return stored;
}

/** Appends the filter matches of `rows` to `items` until the limit; returns how many rows it read. */
function collect(rows: readonly Row[], query: ScanQuery, items: KubeObject[]): number {
  let used = 0;
  for (const row of rows) {
    used += 1;
    const object = parseObject(toText(row['body']));
    if (query.filter === undefined || query.filter(object)) items.push(object);
    if (query.limit > 0 && items.length >= query.limit) break;
  }
  return used;
}

function positionOf(row: Row): ListPosition {
  return { namespace: toText(row['namespace']), name: toText(row['name']) };
}

/** The object as JSON with `metadata.resourceVersion` set to the revision. */
function stamp(object: KubeObject, revision: number): string {
  return JSON.stringify({ ...object, metadata: { ...object.metadata, resourceVersion: String(revision) } });
}

function parseObject(body: string): KubeObject {
  return JSON.parse(body) as KubeObject;
}

function copyKey(key: StoreKey): StoreKey {
  return { group: key.group, resource: key.resource, namespace: key.namespace, name: key.name };
}

function recordOf(row: Row): EventRecord {
  const key = { group: toText(row['grp']), resource: toText(row['resource']), namespace: toText(row['namespace']), name: toText(row['name']) };
  return { type: toEventType(row['type']), key, revision: toInt(row['rv']), body: toText(row['body']) };
}

/**
 * The event a listener receives. The object is parsed once per record and shared by every
 * watcher it reaches (the garbage collector and each HTTP watch see every change, so parsing per
 * watcher multiplied the cost of a write by the number of watches); listeners only read it.
 */
function eventOf(record: EventRecord): StoreEvent {
  record.parsed ??= parseObject(record.body);
  return { type: record.type, key: record.key, revision: record.revision, object: record.parsed };
}

function toEventType(value: unknown): EventType {
  if (value === 'ADDED' || value === 'MODIFIED' || value === 'DELETED') return value;
  throw new Error(`unknown event type in the store: ${String(value)}`);
}

function toInt(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  throw new Error(`expected an integer column, got ${typeof value}`);
}

function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  throw new Error(`expected a text column, got ${typeof value}`);
}

function validHistoryLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`historyLimit must be a positive integer, got ${limit}`);
  return limit;
}

function reportListenerError(error: unknown): void {
  console.error('store watch listener failed; its watch was stopped', error);
}

function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify(token), 'utf8').toString('base64url');
}

function decodeContinue(token: string): ContinueToken {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new BadContinueToken('not base64url JSON');
  }
  if (!isContinueToken(parsed)) throw new BadContinueToken('unexpected content');
  return parsed;
}

function isContinueToken(value: unknown): value is ContinueToken {
  if (typeof value !== 'object' || value === null) return false;
  const { rev, ns, name } = value as Record<string, unknown>;
  return Number.isSafeInteger(rev) && (rev as number) >= 0 && typeof ns === 'string' && typeof name === 'string';
}
