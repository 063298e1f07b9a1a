// The autoscaler's NATS side in one place: stats and pokes in, decisions out (published on
// `ebb.v1.decisions.<ns>.<rev>` every time, put in the `ebb-decisions` KV when they changed,
// read back from it at start-up, deleted with their PA), with the decision history kept beside.
import { subjects, type ScaleDecision } from '@ebb/messaging';
import { DecisionStore, MessageBus, type MessageHandler, type MessageSubscription } from '@ebb/messaging/nats';
import { LOGGER } from '@ebb/observability';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DecisionHistory, DecisionTrigger } from '../history/decision-history.js';
import type { TickResult } from './revision-state.js';

/** A revision as the bus addresses it. */
export interface RevisionName {
  readonly namespace: string;
  readonly revision: string;
}

/** Stats and pokes in, decisions out. */
@Injectable()
export class ScalingBus {
  private readonly logger: Logger;

  constructor(
    @Inject(MessageBus) private readonly bus: MessageBus,
    @Inject(DecisionStore) private readonly store: DecisionStore,
    @Inject(DecisionHistory) private readonly history: DecisionHistory,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ module: 'autoscaler' });
  }

  /** Every revision's stats (malformed ones are counted by the MessageBus and never arrive). */
  onStats(handler: MessageHandler<'stat'>): MessageSubscription {
    return this.bus.subscribe(subjects.allMetrics, 'stat', handler);
  }

  /** Every revision's pokes. */
  onPokes(handler: MessageHandler<'poke'>): MessageSubscription {
    return this.bus.subscribe(subjects.allPokes, 'poke', handler);
  }

  /** Makes a revision known to the history and reads its last decision from the KV (added to the history as `restored`). */
  async restore(ref: RevisionName): Promise<ScaleDecision | undefined> {
    this.history.track(ref.namespace, ref.revision);
    const decision = await this.store.get(ref.namespace, ref.revision);
    const stillTracked = this.history.list(ref.namespace, ref.revision) !== undefined;
    if (decision !== undefined && stillTracked) this.history.add(ref.namespace, ref.revision, { ...decision, trigger: DecisionTrigger.Restored });
    return decision;
  }

  /** Publishes a tick's decision, adds it to the history, and puts it in the KV when the tick says so (`onStoreFailed` after a failed put). */
  emit(ref: RevisionName, result: TickResult, onStoreFailed: () => void): void {
    const { namespace, revision } = ref;
    this.bus.publish(subjects.decisions(namespace, revision), 'scaleDecision', result.decision);
    this.history.add(namespace, revision, result.record);
    if (!result.store) return;
    this.store.put(namespace, revision, result.decision).catch((error: unknown) => {
      onStoreFailed();
      this.logger.warn({ err: error, namespace, revision }, 'storing the decision failed; storing again at the next tick');
    });
  }

  /** Forgets a revision: its history and its KV key. */
  forget(ref: RevisionName): void {
    const { namespace, revision } = ref;
    this.history.forget(namespace, revision);
    this.store.delete(namespace, revision).catch((error: unknown) => this.logger.warn({ err: error, namespace, revision }, 'deleting the decision from the KV failed'));
  }
}
