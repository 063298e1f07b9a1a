// The watch stream (KUBECTL.md §4): chunked JSON lines of {type, object}; synthetic ADDED
// events for the current state when no resourceVersion (or "0") is given, else only changes
// after it; 410 Expired as an ERROR event when the history no longer reaches back that far;
// selector watches see objects enter (ADDED) and leave (DELETED) their selection; bookmarks
// on request; the stream ends after timeoutSeconds or at shutdown.
import { badRequest, expired, fromStorage, storageLocation, toTable, type JsonObject, type KubeObject, type ResourceType } from '@ebb/apimachinery';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RevisionExpired, type StoreEvent, type StoreKey, type StoreWatch } from '../storage/store.js';
import { TABLE_CONTENT_TYPE } from './http-io.js';
import { includeObjectOf, listQueryOf } from './query.js';
import type { ResourceService } from './resource-service.js';

/** Default stream length when the client sets no timeoutSeconds (Kubernetes picks 30–60 min). */
const DEFAULT_TIMEOUT_SECONDS = 1800;
/** How often a bookmark is sent to clients that allow them. */
const BOOKMARK_INTERVAL_MS = 10_000;

type Filter = ((object: KubeObject) => boolean) | undefined;

interface WatchRequest {
  readonly resource: ResourceType;
  readonly namespace: string;
  readonly query: URLSearchParams;
  readonly table: boolean;
}

function keyString(key: Pick<StoreKey, 'namespace' | 'name'>): string {
  return `${key.namespace}/${key.name}`;
}

function parseStartRevision(text: string | null): number | undefined {
  if (text === null || text === '' || text === '0') return undefined;
  if (!/^\d+$/.test(text)) throw badRequest(`resourceVersion: Invalid value: "${text}": must be a non-negative integer`);
  return Number(text);
}

/** The `timeoutSeconds` of a watch, or the default. */
function timeoutSecondsOf(query: URLSearchParams): number {
  const value = Number(query.get('timeoutSeconds') ?? DEFAULT_TIMEOUT_SECONDS);
  return Number.isFinite(value) && value >= 1 ? value : DEFAULT_TIMEOUT_SECONDS;
}

/**
 * What a selector watch sends for a change: objects entering the selection are ADDED, leaving
 * it DELETED, changing inside it MODIFIED; nothing for changes outside it.
 */
export function visibleEventType(
  type: StoreEvent['type'],
  state: { matches: boolean; wasVisible: boolean; filtered: boolean },
): StoreEvent['type'] | undefined {
  if (type === 'DELETED') return state.wasVisible || state.matches ? 'DELETED' : undefined;
  if (!state.matches) return state.wasVisible ? 'DELETED' : undefined;
  return type === 'MODIFIED' && state.filtered && !state.wasVisible ? 'ADDED' : type;
}

/** One open watch stream. */
class WatchStream {
  private readonly visible = new Set<string>();
  private storeWatch: StoreWatch | undefined;
  private readonly timers: NodeJS.Timeout[] = [];
  private closed = false;

  constructor(
    private readonly service: ResourceService,
    private readonly request: WatchRequest,
    private readonly res: ServerResponse,
    private readonly filter: Filter,
  ) {}

  start(onClose: () => void): void {
    const { query } = this.request;
    const start = parseStartRevision(query.get('resourceVersion'));
    const sendInitialEvents = query.get('sendInitialEvents') === 'true';
    const bookmarks = query.get('allowWatchBookmarks') === 'true';
    this.res.writeHead(200, { 'content-type': this.request.table ? TABLE_CONTENT_TYPE : 'application/json', 'cache-control': 'no-cache, private' });
    this.res.flushHeaders();
    this.res.on('close', () => {
      this.close();
      onClose();
    });
    const initial = start === undefined || sendInitialEvents;
    const after = initial ? this.sendInitial() : start;
    if (!initial) this.seedVisible();
    this.subscribe(after);
    if (sendInitialEvents && bookmarks) this.sendBookmark(after, true);
    if (bookmarks) this.timers.push(setInterval(() => this.sendBookmark(this.service.store.currentRevision(), false), BOOKMARK_INTERVAL_MS));
    this.timers.push(setTimeout(() => this.close(), timeoutSecondsOf(query) * 1000));
  }

  private inScope(key: Pick<StoreKey, 'namespace'>): boolean {
    return !this.request.resource.namespaced || this.request.namespace === '' || key.namespace === this.request.namespace;
  }

  private listAll(): { items: KubeObject[]; revision: number } {
    const { resource, namespace } = this.request;
    const location = storageLocation(resource);
    const { items, revision } = this.service.store.list(location.group, location.resource, { namespace: resource.namespaced && namespace !== '' ? namespace : undefined });
    const served = items.map((o) => fromStorage(resource, o));
    return { items: this.filter === undefined ? served : served.filter(this.filter), revision };
  }

  private sendInitial(): number {
    const { items, revision } = this.listAll();
    for (const item of items) {
      this.visible.add(keyString({ namespace: item.metadata.namespace ?? '', name: item.metadata.name ?? '' }));
      this.send('ADDED', item);
    }
    return revision;
  }

  private seedVisible(): void {
    if (this.filter === undefined) return;
    for (const item of this.listAll().items) this.visible.add(keyString({ namespace: item.metadata.namespace ?? '', name: item.metadata.name ?? '' }));
  }

  private subscribe(after: number): void {
    const { resource } = this.request;
    try {
      this.storeWatch = this.service.store.watch({ ...storageLocation(resource), after }, (event) => this.onEvent({ ...event, object: fromStorage(resource, event.object) }));
    } catch (error) {
      if (!(error instanceof RevisionExpired)) throw error;
      this.write({ type: 'ERROR', object: expired(`too old resource version: ${error.requested} (${error.oldest})`).toStatus() });
      this.close();
    }
  }

  private onEvent(event: StoreEvent): void {
    if (this.closed || !this.inScope(event.key)) return;
    const key = keyString(event.key);
    const matches = this.filter === undefined || this.filter(event.object);
    const wasVisible = this.visible.has(key);
    const type = visibleEventType(event.type, { matches, wasVisible, filtered: this.filter !== undefined });
    if (type === 'DELETED') this.visible.delete(key);
    else if (type !== undefined) this.visible.add(key);
    if (type !== undefined) this.send(type, event.object);
  }

  private render(object: KubeObject): JsonObject | KubeObject {
    const presented = this.service.present(this.request.resource, object);
    if (!this.request.table) return presented;
    return toTable({ resource: this.request.resource, objects: [presented as never], now: new Date(), includeObject: includeObjectOf(this.request.query), resourceVersion: presented.metadata.resourceVersion ?? '' });
  }

  private send(type: 'ADDED' | 'MODIFIED' | 'DELETED', object: KubeObject): void {
    this.write({ type, object: this.render(object) });
  }

  private sendBookmark(revision: number, initialEventsEnd: boolean): void {
    const { resource } = this.request;
    const metadata: JsonObject = { resourceVersion: String(revision) };
    if (initialEventsEnd) metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
    const apiVersion = resource.group === '' ? resource.version : `${resource.group}/${resource.version}`;
    this.write({ type: 'BOOKMARK', object: { kind: resource.kind, apiVersion, metadata } });
  }

  private write(event: unknown): void {
    if (this.closed) return;
    this.res.write(`${JSON.stringify(event)}\n`);
  }

  /** Ends the stream cleanly (idempotent). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.storeWatch?.stop();
    for (const timer of this.timers) clearTimeout(timer);
    this.res.end();
  }
}

/** Serves watch requests and closes them all at shutdown. */
export class WatchHandler {
  private readonly open = new Set<WatchStream>();

  constructor(private readonly service: ResourceService) {}

  /** How many watches are open. */
  get count(): number {
    return this.open.size;
  }

  /** Starts a stream; errors before the stream starts (bad selectors, bad resourceVersion) are thrown. */
  serve(_req: IncomingMessage, res: ServerResponse, request: WatchRequest): void {
    const filter = this.service.filterFor(request.resource, listQueryOf(request.query));
    parseStartRevision(request.query.get('resourceVersion'));
    const stream = new WatchStream(this.service, request, res, filter);
    this.open.add(stream);
    stream.start(() => this.open.delete(stream));
  }

  /** Ends every open stream (SIGTERM). */
  closeAll(): void {
    for (const stream of [...this.open]) stream.close();
    this.open.clear();
  }
}
