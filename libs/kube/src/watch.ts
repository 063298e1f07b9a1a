// A list and a watch of one collection over HTTP: the list pages through `limit`/`continue`
// and returns the items with the collection's resourceVersion; the watch reads the JSON-lines
// stream and hands each event to a callback, ending when the server closes the stream. An
// ERROR event becomes a thrown KubeApiError (410 Gone/Expired included) so callers treat it as
// they treat an HTTP error.
import type { KubeConfig } from '@kubernetes/client-node';
import type { KubeObjectLike } from './object.js';
import { apiErrorOf, KubeApiError, kubeFetch, kubeRequest } from './client.js';

/** What selects the objects of a list or watch. */
export interface CollectionQuery {
  readonly path: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
}

/** One event of a watch stream. */
export interface WatchEvent {
  readonly type: string;
  readonly object: KubeObjectLike;
}

const PAGE_SIZE = '500';

/** The value as a record, or `{}`. */
function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The value as a string, or `''`. */
function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Every object of a collection and the resourceVersion of the list. */
export async function listCollection<T extends KubeObjectLike>(
  kubeConfig: KubeConfig,
  query: CollectionQuery,
  signal?: AbortSignal,
): Promise<{ items: T[]; resourceVersion: string }> {
  const items: T[] = [];
  let resourceVersion = '';
  let next: string | undefined;
  do {
    const selectors = { labelSelector: query.labelSelector, fieldSelector: query.fieldSelector, limit: PAGE_SIZE, continue: next };
    const page = record(await kubeRequest(kubeConfig, { method: 'GET', path: query.path, query: selectors, ...(signal === undefined ? {} : { signal }) }));
    const pageItems: unknown = page['items'];
    if (Array.isArray(pageItems)) items.push(...(pageItems as T[]));
    const meta = record(page['metadata']);
    resourceVersion = text(meta['resourceVersion']);
    next = text(meta['continue']) || undefined;
  } while (next !== undefined);
  return { items, resourceVersion };
}

/** A watch line as an event, or undefined when it is not one (blank or not JSON). */
export function parseWatchLine(line: string): WatchEvent | undefined {
  if (line.trim() === '') return undefined;
  try {
    const value = record(JSON.parse(line));
    if (typeof value['type'] !== 'string') return undefined;
    return { type: value['type'], object: record(value['object']) };
  } catch {
    return undefined;
  }
}

/** The KubeApiError an ERROR event carries (its Status `code`, `reason`, `message`). */
export function watchErrorOf(status: unknown): KubeApiError {
  const fields = record(status);
  const code = typeof fields['code'] === 'number' ? fields['code'] : 500;
  return new KubeApiError(code, text(fields['reason']), text(fields['message']) || `watch error ${code}`, status);
}

/** The lines of a byte stream. */
async function* linesOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of stream) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      yield buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf('\n');
    }
  }
  buffer += decoder.decode();
  if (buffer !== '') yield buffer;
}

/** Options of one watch request. */
export interface WatchRequest extends CollectionQuery {
  readonly resourceVersion: string;
  readonly timeoutSeconds: number;
  readonly signal: AbortSignal;
}

/** Watches until the server ends the stream; ERROR events and non-200 answers throw KubeApiError; `onEvent` may throw to end the watch. */
export async function watchCollection(kubeConfig: KubeConfig, request: WatchRequest, onEvent: (event: WatchEvent) => void): Promise<void> {
  const query = {
    watch: 'true',
    allowWatchBookmarks: 'true',
    resourceVersion: request.resourceVersion === '' ? undefined : request.resourceVersion,
    timeoutSeconds: String(request.timeoutSeconds),
    labelSelector: request.labelSelector,
    fieldSelector: request.fieldSelector,
  };
  const response = await kubeFetch(kubeConfig, { method: 'GET', path: request.path, query, signal: request.signal });
  if (response.statusCode !== 200) throw apiErrorOf(response.statusCode, await response.text());
  if (response.stream === null) return;
  for await (const line of linesOf(response.stream)) {
    const event = parseWatchLine(line);
    if (event === undefined) continue;
    if (event.type === 'ERROR') throw watchErrorOf(event.object);
    onEvent(event);
  }
}
