import { Inject, Injectable } from '@nestjs/common';
import { Kvm, KvWatchInclude, type KV, type KvEntry } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { decode, encode, type ScaleDecision } from '../messages.js';
import { parseRevisionKey, revisionKey, type RevisionRef } from '../subjects.js';
import { MalformedMessages } from './malformed.js';
import { NatsConnectionService } from './nats-connection.service.js';

/** The JetStream KV bucket that keeps the last decision per revision. */
export const DECISIONS_BUCKET = 'ebb-decisions';
/** The `subject` label under which malformed stored decisions are counted. */
const MALFORMED_SUBJECT = `$KV.${DECISIONS_BUCKET}.>`;

/** A decision read from the store, with the revision it is for. */
export interface StoredDecision extends RevisionRef {
  readonly decision: ScaleDecision;
}

/** A running watch: iterate it for decisions, `stop()` to end it. */
export interface DecisionWatch extends AsyncIterable<StoredDecision> {
  stop(): void;
}

/**
 * The last scale decision of every revision, in the `ebb-decisions` JetStream KV bucket
 * (history 1). A restarted consumer reads the current state from here instead of waiting for
 * the next tick. Values that do not decode are counted as malformed and skipped.
 */
@Injectable()
export class DecisionStore {
  private kv: { readonly nc: NatsConnection; readonly kv: Promise<KV> } | undefined;

  constructor(
    @Inject(NatsConnectionService) private readonly nats: NatsConnectionService,
    @Inject(MalformedMessages) private readonly malformed: MalformedMessages,
  ) {}

  /** Stores the revision's latest decision. */
  async put(namespace: string, revision: string, decision: ScaleDecision): Promise<void> {
    const kv = await this.bucket();
    await kv.put(revisionKey(namespace, revision), encode('scaleDecision', decision));
  }

  /** The revision's latest decision, if there is one. */
  async get(namespace: string, revision: string): Promise<ScaleDecision | undefined> {
    const kv = await this.bucket();
    const entry = await kv.get(revisionKey(namespace, revision));
    return entry ? this.read(entry)?.decision : undefined;
  }

  /** Forgets the revision's decision (its PodAutoscaler is gone); a no-op when there is none. */
  async delete(namespace: string, revision: string): Promise<void> {
    const kv = await this.bucket();
    await kv.delete(revisionKey(namespace, revision));
  }

  /** Watches every revision: first the latest stored decision of each, then every new one. */
  async watch(): Promise<DecisionWatch> {
    const kv = await this.bucket();
    const watcher = await kv.watch({ key: '>', include: KvWatchInclude.LastValue, ignoreDeletes: true });
    const read = (entry: KvEntry): StoredDecision | undefined => this.read(entry);
    return {
      stop: () => watcher.stop(),
      async *[Symbol.asyncIterator]() {
        for await (const entry of watcher) {
          const stored = read(entry);
          if (stored) yield stored;
        }
      },
    };
  }

  private read(entry: KvEntry): StoredDecision | undefined {
    if (entry.operation !== 'PUT') return undefined;
    const ref = parseRevisionKey(entry.key);
    const result = decode('scaleDecision', entry.value);
    if (!ref || !result.ok) {
      this.malformed.record(MALFORMED_SUBJECT, ref ? (result.ok ? '' : result.reason) : `unknown key ${entry.key}`);
      return undefined;
    }
    return { ...ref, decision: result.message };
  }

  /** The bucket on the open connection, created on first use (and again on a replaced connection). */
  private async bucket(): Promise<KV> {
    const nc = await this.nats.connection();
    if (this.kv?.nc !== nc) {
      const kv = new Kvm(nc).create(DECISIONS_BUCKET, { history: 1 });
      this.kv = { nc, kv };
      kv.catch(() => {
        if (this.kv?.kv === kv) this.kv = undefined;
      });
    }
    return this.kv.kv;
  }
}
