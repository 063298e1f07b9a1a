// The reconciler runtime (the contract in reconciler.ts): a primary informer feeds a WorkQueue of
// `namespace/name` keys; each key's cached object is deep-copied and reconciled, the status
// written back (PUT on the status subresource, conflicts retried) only when it changed
// semantically, failures logged and recorded as a Warning `InternalError` Event and retried
// with the queue's backoff. Work happens only while this replica leads. Also the wiring
// helpers Knative's generated controllers use: enqueue the controlling owner, one handler for
// every informer event.
import type { Logger } from 'pino';
import type { Informer, InformerEvent, InformerHandler } from './informer.js';
import type { KubeObjectLike } from './object.js';
import { ALWAYS_LEADER, type EventSink, type LeaderGate, type Reconciler, type ReconcileResult } from './reconciler.js';
import { apiVersionOf, type ResourceClient } from './resource-client.js';
import { cacheKey, objectKey, splitCacheKey } from './cache.js';
import { apiFailureOf, isApiStatus, writeRetryingConflicts } from './failures.js';
import { WorkQueue } from './work-queue.js';

/** How a {@link Controller} is wired. */
export interface ControllerOptions<T extends KubeObjectLike> {
  /** The queue and log name, e.g. `service`. */
  readonly name: string;
  /** The primary informer: its add, update and delete enqueue the object's key. */
  readonly informer: Informer<T>;
  /** Status writes (`updateStatus`) and re-reads (`get`) after a conflict. */
  readonly client: ResourceClient<T>;
  readonly reconciler: Reconciler<T>;
  readonly events: EventSink;
  readonly logger: Logger;
  /** Whether this replica may reconcile (default {@link ALWAYS_LEADER}). */
  readonly leader?: LeaderGate;
  /** Parallel reconciles of different keys (default 2). */
  readonly concurrency?: number;
  /** The time handed to reconciles (default the wall clock). */
  readonly clock?: () => Date;
  /** Retry delay of a failing key: base·2^failures, capped (defaults 5 ms and 30 s, the WorkQueue's). */
  readonly retryBaseDelayMs?: number;
  readonly retryMaxDelayMs?: number;
}

/** The outcome of one reconcile: its result, or what it threw. */
type Outcome = { readonly ok: true; readonly result: ReconcileResult | void } | { readonly ok: false; readonly error: unknown };

/** True when both are the same plain JSON-like value: object key order ignored, `undefined` members ignored, Dates by time. */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!isObject(a) || !isObject(b)) return false;
  if (a instanceof Date || b instanceof Date) return datesEqual(a, b);
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && arraysEqual(a, b);
  return objectsEqual(a, b);
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

function datesEqual(a: object, b: object): boolean {
  return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
}

function arraysEqual(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((item, i) => semanticEqual(item, b[i]));
}

function objectsEqual(a: object, b: object): boolean {
  const left = definedEntries(a);
  const right = definedEntries(b);
  return left.size === right.size && [...left].every(([key, value]) => right.has(key) && semanticEqual(value, right.get(key)));
}

/** The members of an object that are not undefined (as JSON would carry them). */
function definedEntries(value: object): Map<string, unknown> {
  return new Map(Object.entries(value).filter((entry) => entry[1] !== undefined));
}

/** An object's `status`, whatever its type. */
function statusOf(object: KubeObjectLike): unknown {
  return (object as { status?: unknown }).status;
}

/** The group of an `apiVersion`: `''` for core `v1`. */
function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Level-triggered reconciles of one kind, with status write-back, Events and leader gating. */
export class Controller<T extends KubeObjectLike> {
  /** The queue and log name. */
  readonly name: string;
  private readonly log: Logger;
  private readonly leader: LeaderGate;
  private readonly clock: () => Date;
  /** Keys seen before start() or while not leading; handled on (re)gaining leadership. */
  private readonly pending = new Set<string>();
  private queue: WorkQueue | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: ControllerOptions<T>) {
    this.name = options.name;
    this.log = options.logger.child({ controller: options.name });
    this.leader = options.leader ?? ALWAYS_LEADER;
    this.clock = options.clock ?? ((): Date => new Date());
    handleAll(options.informer, (object) => this.enqueue(object));
  }

  /** Queues an object's `namespace/name` key. */
  enqueue(object: KubeObjectLike): void {
    this.enqueueKey(objectKey(object));
  }

  /** Queues a key (`namespace/name`, or `name` when cluster-scoped). */
  enqueueKey(key: string): void {
    if (this.queue === undefined || !this.leader.isLeader()) this.pending.add(key);
    else this.queue.add(key);
  }

  /** Queues a key after a delay (the earliest of several pending delays wins). */
  enqueueAfter(key: string, delayMs: number): void {
    if (this.queue === undefined) this.pending.add(key);
    else this.queue.addAfter(key, delayMs);
  }

  /** Begins processing (informers are expected to be synced); enqueues every cached object if leading now. */
  start(): void {
    if (this.queue !== undefined) return;
    this.queue = new WorkQueue((key) => this.handle(key), {
      name: this.name,
      logger: this.log,
      concurrency: this.options.concurrency ?? 2,
      ...(this.options.retryBaseDelayMs === undefined ? {} : { baseDelayMs: this.options.retryBaseDelayMs }),
      ...(this.options.retryMaxDelayMs === undefined ? {} : { maxDelayMs: this.options.retryMaxDelayMs }),
      quietError: (error) => isApiStatus(error, 409),
    });
    this.unsubscribe = this.leader.onChange((leading) => this.onLeadership(leading));
    if (this.leader.isLeader()) this.onLeadership(true);
  }

  /** Stops taking work; resolves when running reconciles have finished. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    await this.queue?.stop();
  }

  /** On gaining leadership: every kept key and every cached object is queued. */
  private onLeadership(leading: boolean): void {
    this.log.info({ leading }, leading ? 'leading: reconciling every object' : 'not leading: reconciles paused');
    if (!leading || this.queue === undefined) return;
    const keys = [...this.pending, ...this.options.informer.list().map(objectKey)];
    this.pending.clear();
    for (const key of keys) this.queue.add(key);
  }

  /** One key: look it up, reconcile a copy, write a changed status, then requeue or fail. */
  private async handle(key: string): Promise<void> {
    if (!this.leader.isLeader()) {
      this.pending.add(key);
      return;
    }
    const [namespace, name] = splitCacheKey(key);
    const cached = this.options.informer.get(name, namespace === '' ? undefined : namespace);
    if (cached === undefined) return;
    const object = this.typed(structuredClone(cached));
    const logger = this.log.child({ key });
    const outcome = await this.reconcile(object, logger);
    const writeError = await this.writeStatusIfChanged(cached, object);
    if (!outcome.ok) {
      if (writeError !== undefined) logger.warn({ err: writeError }, 'status update after a failed reconcile failed too');
      this.fail(object, outcome.error, logger);
    }
    if (writeError !== undefined) this.fail(object, writeError, logger);
    const after = outcome.result?.requeueAfterMs;
    if (after !== undefined) this.enqueueAfter(key, after);
  }

  /** The copy with apiVersion and kind filled in (list items come without them). */
  private typed(object: T): T {
    const type = this.options.client.type;
    return { ...object, apiVersion: object.apiVersion ?? apiVersionOf(type), kind: object.kind ?? type.kind };
  }

  /** Runs the reconciler; never throws. */
  private async reconcile(object: T, logger: Logger): Promise<Outcome> {
    try {
      return { ok: true, result: await this.options.reconciler.reconcile(object, { now: this.clock(), logger, events: this.options.events }) };
    } catch (error) {
      return { ok: false, error };
    }
  }

  /** Writes the copy's status when it differs from the cached one; what the write threw, if anything. */
  private async writeStatusIfChanged(cached: T, object: T): Promise<unknown> {
    const status = statusOf(object);
    if (semanticEqual(statusOf(cached), status)) return undefined;
    const { client } = this.options;
    const [namespace, name] = [object.metadata?.namespace, object.metadata?.name ?? ''];
    const write = async (current: T | undefined): Promise<void> => {
      if (current !== undefined) await client.updateStatus(current);
    };
    const reread = async (): Promise<T | undefined> => {
      const fresh = await client.get(namespace, name);
      if (fresh === undefined || semanticEqual(statusOf(fresh), status)) return undefined;
      return this.typed({ ...fresh, status });
    };
    try {
      await writeRetryingConflicts<T | undefined>(object, write, reread);
      return undefined;
    } catch (error) {
      return error ?? new Error('status update failed');
    }
  }

  /** A failed reconcile or status write: 409 requeues quietly; anything else is logged and recorded as a Warning. Always throws (the queue backs off). */
  private fail(object: T, error: unknown, logger: Logger): never {
    if (isApiStatus(error, 409)) {
      logger.debug({ err: error }, 'conflict; requeueing');
      throw error;
    }
    const { message } = apiFailureOf(error);
    logger.error({ err: error }, `reconcile failed: ${message}`);
    this.options.events.record(object, 'Warning', 'InternalError', message);
    throw error;
  }
}

/** A controller's key sink (a {@link Controller} fits). */
export interface KeyQueue {
  enqueueKey(key: string): void;
}

/** The kind of owner whose objects a child informer should enqueue. */
export interface OwnerKind {
  /** The owner's API group, e.g. `serving.knative.dev` (`''` for core). */
  readonly group: string;
  readonly kind: string;
}

/** A handler that enqueues `namespace/name` of an object's controlling owner (`controller: true`) when its group and kind match. */
export function enqueueControllerOwner(controller: KeyQueue, owner: OwnerKind): InformerHandler<KubeObjectLike> {
  return (object) => {
    const ref = object.metadata?.ownerReferences?.find((r) => r.controller === true);
    if (ref === undefined || ref.kind !== owner.kind || groupOf(ref.apiVersion) !== owner.group) return;
    controller.enqueueKey(cacheKey(ref.name, object.metadata?.namespace));
  };
}

const ALL_EVENTS: readonly InformerEvent[] = ['add', 'update', 'delete'];

/** Registers one handler for an informer's add, update and delete. */
export function handleAll<T extends KubeObjectLike>(informer: Pick<Informer<T>, 'on'>, handler: InformerHandler<T>): void {
  for (const event of ALL_EVENTS) informer.on(event, handler);
}
