// Records core/v1 Events as client-go's legacy recorder does (tools/record, SEMANTICS.md §9):
// an Event named `<object>.<hex UnixNano>` in the object's namespace, and for an identical
// repeat (same object, type, reason and message) within 10 minutes a PATCH of count and
// lastTimestamp instead of a new object. Writes are fire-and-forget; one key's writes are
// chained so a repeat's PATCH follows the CREATE it patches. flush() waits for all of them.
import { rfc3339Seconds } from '@ebb/apimachinery';
import type { KubeConfig } from '@kubernetes/client-node';
import type { KubeObjectLike } from './object.js';
import type { Logger } from 'pino';
import { isKubeApiError, kubeRequest } from './client.js';
import { collectionPath, objectPath, PatchType } from './resource-client.js';
import { KubeResources } from './resources.js';

/** Who records: the component (and host) an Event's `source` names. */
export interface EventSource {
  readonly component: string;
  readonly host?: string;
}

/** Normal or Warning. */
export type EventType = 'Normal' | 'Warning';

/** How long an identical repeat patches the earlier Event instead of creating one. */
const REPEAT_WINDOW_MS = 10 * 60 * 1000;
/** How many Events the recorder remembers for repeats (client-go's LRU size). */
const MAX_REMEMBERED = 4096;

/** What the recorder remembers of an Event it wrote. */
interface Recorded {
  readonly name: string;
  readonly namespace: string;
  count: number;
  lastSeen: number;
}

/** The involvedObject of an Event about `object`, without unset fields. */
export function involvedObjectOf(object: KubeObjectLike): Record<string, string> {
  const meta = object.metadata;
  const fields: Record<string, string | undefined> = {
    apiVersion: object.apiVersion,
    kind: object.kind,
    name: meta?.name,
    namespace: meta?.namespace,
    uid: meta?.uid,
    resourceVersion: meta?.resourceVersion,
  };
  return Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
}

/** The de-duplication key of an Event (client-go's getEventKey, without the changing resourceVersion). */
export function eventKey(object: KubeObjectLike, type: EventType, reason: string, message: string): string {
  const meta = object.metadata;
  return JSON.stringify([object.apiVersion, object.kind, meta?.namespace, meta?.name, meta?.uid, type, reason, message]);
}

/** `<name>.<hex nanoseconds>`, as client-go names Events. */
export function eventName(objectName: string, unixNanos: bigint): string {
  return `${objectName}.${unixNanos.toString(16)}`;
}

/** What an Event says. */
interface EventContent {
  readonly type: EventType;
  readonly reason: string;
  readonly message: string;
}

/** One event write: its de-duplication key, the object, what it says, and when. */
interface EventWrite {
  readonly key: string;
  readonly object: KubeObjectLike;
  readonly content: EventContent;
  readonly now: Date;
}

/** Records core/v1 Events as client-go's recorder does (SEMANTICS.md §9). */
export class EventRecorder {
  private readonly recorded = new Map<string, Recorded>();
  private readonly chains = new Map<string, Promise<void>>();
  private readonly inFlight = new Set<Promise<void>>();
  private sequence = 0;

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly source: { component: string; host?: string },
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Fire-and-forget: creates `<name>.<hex UnixNano>` in the object's namespace ('default' if none); identical (object, type, reason, message) repeats within 10 min PATCH count/lastTimestamp instead. Errors are logged. */
  record(object: KubeObjectLike, type: 'Normal' | 'Warning', reason: string, message: string): void {
    const key = eventKey(object, type, reason, message);
    const now = this.clock();
    const previous = this.chains.get(key) ?? Promise.resolve();
    const write = previous.then(() => this.write({ key, object, content: { type, reason, message }, now }));
    this.chains.set(key, write);
    this.inFlight.add(write);
    void write.finally(() => {
      this.inFlight.delete(write);
      if (this.chains.get(key) === write) this.chains.delete(key);
    });
  }

  /** For tests and shutdown: resolves when every event write started so far has finished. */
  async flush(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** Creates or patches one Event; never rejects. */
  private async write(event: EventWrite): Promise<void> {
    const earlier = this.recorded.get(event.key);
    try {
      if (earlier !== undefined && event.now.getTime() - earlier.lastSeen <= REPEAT_WINDOW_MS) await this.patch(event, earlier);
      else await this.create(event);
    } catch (error) {
      this.logger.warn({ err: error, reason: event.content.reason, object: involvedObjectOf(event.object) }, 'could not record event');
    }
  }

  /** Creates a new Event with count 1. */
  private async create({ key, object, content, now }: EventWrite): Promise<void> {
    const namespace = object.metadata?.namespace ?? 'default';
    const nanos = BigInt(now.getTime()) * 1_000_000n + BigInt(this.sequence++ % 1_000_000);
    const name = eventName(object.metadata?.name ?? 'unknown', nanos);
    const timestamp = rfc3339Seconds(now);
    const body = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: involvedObjectOf(object),
      ...content,
      count: 1,
      firstTimestamp: timestamp,
      lastTimestamp: timestamp,
      source: { component: this.source.component, ...(this.source.host === undefined ? {} : { host: this.source.host }) },
      reportingComponent: this.source.component,
      reportingInstance: this.source.host ?? '',
    };
    await kubeRequest(this.kubeConfig, { method: 'POST', path: collectionPath(KubeResources.event, namespace), body });
    this.recorded.delete(key);
    this.recorded.set(key, { name, namespace, count: 1, lastSeen: now.getTime() });
    if (this.recorded.size > MAX_REMEMBERED) this.recorded.delete(this.recorded.keys().next().value ?? key);
  }

  /** Bumps count and lastTimestamp of an earlier Event; creates a new one when it is gone. */
  private async patch(event: EventWrite, earlier: Recorded): Promise<void> {
    const count = earlier.count + 1;
    const body = { count, lastTimestamp: rfc3339Seconds(event.now), message: event.content.message };
    const path = objectPath(KubeResources.event, earlier.namespace, earlier.name);
    try {
      await kubeRequest(this.kubeConfig, { method: 'PATCH', path, body, contentType: PatchType.merge });
    } catch (error) {
      if (!isKubeApiError(error, 404)) throw error;
      this.recorded.delete(event.key);
      await this.create(event);
      return;
    }
    earlier.count = count;
    earlier.lastSeen = event.now.getTime();
  }
}
