// A tiny in-process API server for @ebb/kube's specs: one collection with list and JSON-lines
// watch (history replay from a resourceVersion, ERROR 410 or HTTP 410 once history is
// compacted, bookmarks on demand, dropped or ended streams), every request recorded, and a
// hook to answer any request by hand (events, failures). Not exported from the lib.
import type { KubernetesObject } from '@kubernetes/client-node';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the server saw. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly contentType: string;
  readonly authorization: string;
  readonly body: unknown;
}

/** A hand-made answer. */
export interface CannedResponse {
  readonly status: number;
  readonly body: unknown;
}

interface HistoryEntry {
  readonly rv: number;
  readonly line: string;
}

/** Whether a change reaches open watches now (`false`: only history and list see it). */
interface ChangeOptions {
  readonly silent?: boolean;
}

/** Reads a request body as JSON (undefined when empty). */
async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function goneStatus(rv: number): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410, message: `too old resource version: ${rv}` };
}

function keyOf(object: KubernetesObject): string {
  return `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
}

/** The fake server of one collection path. */
export class FakeApiServer {
  readonly requests: RecordedRequest[] = [];
  /** Answers a request instead of the list/watch logic when it returns something. */
  respond: ((request: RecordedRequest) => CannedResponse | undefined) | undefined;
  /** Refuse too-old watches with an HTTP 410 instead of an ERROR event. */
  goneAsHttpStatus = false;
  private readonly objects = new Map<string, KubernetesObject>();
  private readonly watches = new Set<ServerResponse>();
  private history: HistoryEntry[] = [];
  private oldest = 1;
  private revision = 1;

  private constructor(
    private readonly server: Server,
    readonly collectionPath: string,
  ) {}

  /** Starts a server on 127.0.0.1 and a free port. */
  static async start(collectionPath: string): Promise<FakeApiServer> {
    const holder: { fake?: FakeApiServer } = {};
    const server = createServer((req, res) => void holder.fake?.handle(req, res));
    const fake = new FakeApiServer(server, collectionPath);
    holder.fake = fake;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The requests of one kind: `list`, `watch`, or a method. */
  requestsOf(kind: string): RecordedRequest[] {
    if (kind === 'list' || kind === 'watch') {
      return this.requests.filter((r) => r.method === 'GET' && r.path === this.collectionPath && (r.query.get('watch') === 'true') === (kind === 'watch'));
    }
    return this.requests.filter((r) => r.method === kind);
  }

  get openWatches(): number {
    return this.watches.size;
  }

  /** Creates or replaces an object (a new resourceVersion) and tells watches unless silent. */
  put(object: KubernetesObject, options: ChangeOptions = {}): KubernetesObject {
    const type = this.objects.has(keyOf(object)) ? 'MODIFIED' : 'ADDED';
    const stored = { ...object, metadata: { ...object.metadata, resourceVersion: String(++this.revision) } };
    this.objects.set(keyOf(stored), stored);
    this.emit(type, stored, options);
    return stored;
  }

  /** Deletes an object and tells watches unless silent. */
  remove(name: string, namespace: string | undefined, options: ChangeOptions = {}): void {
    const key = `${namespace ?? ''}/${name}`;
    const old = this.objects.get(key);
    if (old === undefined) return;
    this.objects.delete(key);
    this.emit('DELETED', { ...old, metadata: { ...old.metadata, resourceVersion: String(++this.revision) } }, options);
  }

  /** Sends a raw watch event to every open watch (e.g. a MODIFIED with an unchanged resourceVersion, a BOOKMARK). */
  sendRaw(event: unknown): void {
    for (const res of this.watches) res.write(`${JSON.stringify(event)}\n`);
  }

  /** Forgets the history: watches from before now get 410. */
  compact(): void {
    this.history = [];
    this.oldest = this.revision;
  }

  /** Sends an ERROR 410 on every open watch and ends them. */
  expireWatches(): void {
    this.sendRaw({ type: 'ERROR', object: goneStatus(this.revision) });
    this.endWatches();
  }

  /** Ends every open watch normally. */
  endWatches(): void {
    const open = [...this.watches];
    this.watches.clear();
    for (const res of open) res.end();
  }

  /** Breaks every open watch connection. */
  dropWatches(): void {
    const open = [...this.watches];
    this.watches.clear();
    for (const res of open) res.socket?.destroy();
  }

  async close(): Promise<void> {
    this.dropWatches();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private emit(type: string, object: KubernetesObject, options: ChangeOptions): void {
    const line = `${JSON.stringify({ type, object })}\n`;
    this.history.push({ rv: this.revision, line });
    if (options.silent !== true) for (const res of this.watches) res.write(line);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      contentType: req.headers['content-type'] ?? '',
      authorization: req.headers.authorization ?? '',
      body: await readBody(req),
    };
    this.requests.push(request);
    const canned = this.respond?.(request);
    if (canned !== undefined) sendJson(res, canned.status, canned.body);
    else if (request.method === 'GET' && request.path === this.collectionPath) this.serveCollection(request, res);
    else sendJson(res, 404, { kind: 'Status', code: 404, reason: 'NotFound', message: 'not found' });
  }

  private serveCollection(request: RecordedRequest, res: ServerResponse): void {
    if (request.query.get('watch') !== 'true') {
      const items = [...this.objects.values()];
      sendJson(res, 200, { kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: String(this.revision) }, items });
      return;
    }
    this.serveWatch(Number(request.query.get('resourceVersion') ?? '0'), res);
  }

  private serveWatch(from: number, res: ServerResponse): void {
    if (from < this.oldest && this.goneAsHttpStatus) {
      sendJson(res, 410, goneStatus(from));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    if (from < this.oldest) {
      res.end(`${JSON.stringify({ type: 'ERROR', object: goneStatus(from) })}\n`);
      return;
    }
    for (const entry of this.history) if (entry.rv > from) res.write(entry.line);
    this.watches.add(res);
    res.on('close', () => this.watches.delete(res));
  }
}
