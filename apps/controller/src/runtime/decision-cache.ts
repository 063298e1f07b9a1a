// The autoscaler's latest decision per revision, as the controller applies it. Two feeds, so
// that neither a restarted controller nor a restarted NATS loses more than a tick: the
// `ebb-decisions` KV watch (the last value of every revision at start, then each change) and the
// `ebb.v1.decisions.*.*` subject (re-published every tick; the client re-subscribes after a
// reconnect). A decision older than the one held is ignored. The PodAutoscaler controller
// listens for changes; when the autoscaler is gone, the last decision simply stays.
import { parseSubject, subjects, type ScaleDecision } from '@ebb/messaging';
import { Backoff, DecisionStore, MessageBus, type DecisionWatch, type MessageSubscription } from '@ebb/messaging/nats';
import { LOGGER } from '@ebb/observability';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { DecisionSource } from '../reconcilers/deps.js';

type Listener = (namespace: string, revision: string) => void;

/** Latest decisions, fed by the KV and the decisions subject. */
@Injectable()
export class DecisionCache implements DecisionSource {
  private readonly decisions = new Map<string, ScaleDecision>();
  private readonly listeners: Listener[] = [];
  private subscription: MessageSubscription | undefined;
  private watch: DecisionWatch | undefined;
  private stopped = false;
  private readonly logger: Logger;

  constructor(
    @Inject(DecisionStore) private readonly store: Pick<DecisionStore, 'watch'>,
    @Inject(MessageBus) private readonly bus: Pick<MessageBus, 'subscribe'>,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ subsystem: 'decisions' });
  }

  /** The revision's latest decision, if one was seen. */
  get(namespace: string, revision: string): ScaleDecision | undefined {
    return this.decisions.get(`${namespace}/${revision}`);
  }

  /** Called with the revision whose decision changed. */
  onChange(listener: Listener): void {
    this.listeners.push(listener);
  }

  /** Subscribes and starts the KV watch (retried with backoff while NATS is away). */
  start(): void {
    this.subscription = this.bus.subscribe(subjects.allDecisions, 'scaleDecision', (decision, subject) => {
      const ref = parseSubject(subject);
      if (ref !== undefined) this.put(ref.namespace, ref.revision, decision);
    });
    void this.watchLoop();
  }

  stop(): void {
    this.stopped = true;
    this.subscription?.unsubscribe();
    this.watch?.stop();
  }

  /** Records a decision unless an equal or newer one is held; tells the listeners when it changed anything. */
  put(namespace: string, revision: string, decision: ScaleDecision): void {
    const key = `${namespace}/${revision}`;
    const held = this.decisions.get(key);
    if (held !== undefined && held.timestamp >= decision.timestamp) return;
    this.decisions.set(key, decision);
    if (held !== undefined && sameEffect(held, decision)) return;
    for (const listener of this.listeners) listener(namespace, revision);
  }

  private async watchLoop(): Promise<void> {
    const backoff = new Backoff(200, 5000);
    while (!this.stopped) {
      try {
        this.watch = await this.store.watch();
        backoff.reset();
        for await (const stored of this.watch) this.put(stored.namespace, stored.revision, stored.decision);
      } catch (error) {
        this.logger.warn({ err: error }, 'decision watch failed; retrying');
      }
      if (!this.stopped) await new Promise((resolve) => setTimeout(resolve, backoff.next()).unref());
    }
  }
}

/** Whether two decisions ask the same of the controller (scale, activator need, panic). */
function sameEffect(a: ScaleDecision, b: ScaleDecision): boolean {
  return a.desiredScale === b.desiredScale && Math.sign(a.excessBurstCapacity) === Math.sign(b.excessBurstCapacity) && a.panic === b.panic && a.activators === b.activators;
}
