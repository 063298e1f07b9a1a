// A typed informer: a list+watch cache of one collection with add/update/delete handlers and
// narrow listers (get, list, listBySelector), as client-go's SharedIndexInformer and
// Reflector behave. It lists, then watches from the list's resourceVersion; a dropped watch
// resumes from the last resourceVersion it saw; 410 Gone relists and fires the diff; any other
// error retries with backoff (1 s doubling to 30 s, reset by a successful event) until stop().
import { labelSelectorFromSpec, matchesLabels, type LabelSelectorSpec } from '@ebb/apimachinery';
import type { KubeConfig } from '@kubernetes/client-node';
import type { KubeObjectLike } from './object.js';
import type { Logger } from 'pino';
import { cacheKey, compareObjects, relistChanges, resourceVersionOf, watchChange, type CacheChange, type InformerEvent, type ObjectEventType } from './cache.js';
import { isKubeApiError } from './client.js';
import { InterruptibleSleep } from './interruptible-sleep.js';
import { listCollection, watchCollection, type WatchEvent } from './watch.js';

export type { InformerEvent } from './cache.js';

export interface InformerOptions {
  /** The collection path, e.g. '/api/v1/pods', '/apis/apps/v1/deployments', '/api/v1/namespaces/default/pods'. */
  readonly path: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /** First retry delay after an error (default 1000 ms); doubles per failure. */
  readonly initialBackoffMs?: number;
  /** Longest retry delay (default 30000 ms). */
  readonly maxBackoffMs?: number;
}

/** An informer handler: `old` is the cached object before the change (update, delete). */
export type InformerHandler<T> = (object: T, old?: T) => void;

const OBJECT_EVENTS: ReadonlySet<string> = new Set(['ADDED', 'MODIFIED', 'DELETED']);

/** Server-side watch length: 5 to 10 minutes, spread like client-go's reflector. */
function watchTimeoutSeconds(): number {
  return 300 + Math.floor(Math.random() * 300);
}

/** Whether an error says the resourceVersion is too old (410 Gone / Expired). */
function isGone(error: unknown): boolean {
  return isKubeApiError(error, 410) || (isKubeApiError(error) && (error.reason === 'Expired' || error.reason === 'Gone'));
}

/** A list+watch cache of one collection. */
export class Informer<T extends KubeObjectLike> {
  private readonly cache = new Map<string, T>();
  private readonly handlers: Record<InformerEvent, InformerHandler<T>[]> = { add: [], update: [], delete: [] };
  private readonly log: Logger;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private delayMs: number;
  private resourceVersion = '';
  private hasSynced = false;
  private stopped = false;
  private started: Promise<void> | undefined;
  private markSynced: () => void = () => undefined;
  private abort: AbortController | undefined;
  /** Waits between attempts; stop() cuts it short. */
  private readonly sleeper = new InterruptibleSleep();

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly options: InformerOptions,
    logger: Logger,
  ) {
    this.log = logger.child({ informer: options.path });
    this.initialDelayMs = options.initialBackoffMs ?? 1000;
    this.maxDelayMs = options.maxBackoffMs ?? 30_000;
    this.delayMs = this.initialDelayMs;
  }

  /** Handlers run in order of registration; `old` is the cached object before the change (update, delete). */
  on(event: InformerEvent, handler: (object: T, old?: T) => void): void {
    this.handlers[event].push(handler);
  }

  /** Lists, fills the cache (firing 'add' for each), starts watching; resolves once the cache is filled (or stop() is called first). */
  start(): Promise<void> {
    if (this.started === undefined) {
      this.started = new Promise<void>((resolve) => {
        this.markSynced = resolve;
      });
      void this.run();
    }
    return this.started;
  }

  /** True once the first list is in the cache. */
  get synced(): boolean {
    return this.hasSynced;
  }

  /** Stops watching; no handler runs after this returns. */
  stop(): void {
    this.stopped = true;
    this.abort?.abort();
    this.sleeper.interrupt();
    this.markSynced();
  }

  get(name: string, namespace?: string): T | undefined {
    return this.cache.get(cacheKey(name, namespace));
  }

  /** Every cached object, or those of one namespace (`''`: the cluster-scoped ones). Sorted by namespace, name. */
  list(namespace?: string): T[] {
    const all = [...this.cache.values()];
    const selected = namespace === undefined ? all : all.filter((o) => (o.metadata?.namespace ?? '') === namespace);
    return selected.sort(compareObjects);
  }

  /** The cached objects of a namespace whose labels match a `spec.selector`; none for an undefined or invalid selector. */
  listBySelector(namespace: string, selector: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] } | undefined): T[] {
    let parsed;
    try {
      parsed = labelSelectorFromSpec(selector as LabelSelectorSpec | undefined);
    } catch (error) {
      this.log.debug({ err: error }, 'invalid label selector selects nothing');
      return [];
    }
    return this.list(namespace).filter((o) => matchesLabels(parsed, o.metadata?.labels));
  }

  /** List, then watch, until stopped: a failed list is retried, a 410 relists, other failures re-watch. */
  private async run(): Promise<void> {
    let needList = true;
    while (!this.stopped) {
      if (needList) needList = (await this.attempt('list', () => this.relist())) !== 'ok';
      else needList = (await this.attempt('watch', () => this.watch())) === 'gone';
    }
  }

  /** Runs a list or a watch; a 410 of a watch is 'gone'; other errors are logged and waited out. */
  private async attempt(what: 'list' | 'watch', action: () => Promise<void>): Promise<'ok' | 'gone' | 'failed'> {
    try {
      await action();
      return 'ok';
    } catch (error) {
      if (this.stopped) return 'failed';
      if (what === 'watch' && isGone(error)) {
        this.log.info({ err: error }, 'watch expired; relisting');
        return 'gone';
      }
      const delayMs = this.nextDelay();
      this.log.warn({ err: error, delayMs }, `${what} failed; retrying`);
      await this.sleeper.sleep(delayMs);
      return 'failed';
    }
  }

  /** Lists the collection and fires the difference from the cache. */
  private async relist(): Promise<void> {
    this.abort = new AbortController();
    const { items, resourceVersion } = await listCollection<T>(this.kubeConfig, this.options, this.abort.signal);
    if (this.stopped) return;
    for (const change of relistChanges(this.cache, items)) this.apply(change);
    this.resourceVersion = resourceVersion;
    this.delayMs = this.initialDelayMs;
    if (!this.hasSynced) {
      this.hasSynced = true;
      this.markSynced();
    }
  }

  /** One watch from the last resourceVersion; a stream that closes without any event waits the backoff before the next. */
  private async watch(): Promise<void> {
    const abort = new AbortController();
    this.abort = abort;
    let delivered = false;
    const request = { ...this.options, resourceVersion: this.resourceVersion, timeoutSeconds: watchTimeoutSeconds(), signal: abort.signal };
    const guard = setTimeout(() => abort.abort(new Error('watch outlived its timeout')), (request.timeoutSeconds + 30) * 1000);
    try {
      await watchCollection(this.kubeConfig, request, (event) => {
        delivered = this.onEvent(event) || delivered;
      });
    } finally {
      clearTimeout(guard);
      abort.abort();
    }
    if (!delivered && !this.stopped) await this.sleeper.sleep(this.nextDelay());
  }

  /** Applies one watch event; true when it was one (resets the backoff). */
  private onEvent(event: WatchEvent): boolean {
    if (this.stopped) return false;
    const resourceVersion = resourceVersionOf(event.object);
    if (OBJECT_EVENTS.has(event.type)) {
      const change = watchChange(this.cache, event.type as ObjectEventType, event.object as T);
      if (change !== undefined) this.apply(change);
    } else if (event.type !== 'BOOKMARK') return false;
    if (resourceVersion !== '') this.resourceVersion = resourceVersion;
    this.delayMs = this.initialDelayMs;
    return true;
  }

  /** Updates the cache, then runs the event's handlers (a throwing handler is logged). */
  private apply(change: CacheChange<T>): void {
    const key = cacheKey(change.object.metadata?.name ?? '', change.object.metadata?.namespace);
    if (change.event === 'delete') this.cache.delete(key);
    else this.cache.set(key, change.object);
    for (const handler of this.handlers[change.event]) {
      if (this.stopped) return;
      try {
        handler(change.object, change.old);
      } catch (error) {
        this.log.error({ err: error, event: change.event, key }, 'informer handler failed');
      }
    }
  }

  /** The current backoff delay; the next one doubles (capped). */
  private nextDelay(): number {
    const delayMs = this.delayMs;
    this.delayMs = Math.min(delayMs * 2, this.maxDelayMs);
    return delayMs;
  }
}
