import { Inject, Injectable } from '@nestjs/common';
import { LOGGER } from '@ebb/observability';
import type { Msg, Subscription } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { decode, encode, type MessageKind, type MessageOf } from '../messages.js';
import { MalformedMessages } from './malformed.js';
import { NatsConnectionService } from './nats-connection.service.js';

/** Handles one decoded message; `subject` is the concrete subject it arrived on. */
export type MessageHandler<K extends MessageKind> = (message: MessageOf<K>, subject: string) => void | Promise<void>;

/** A live subscription; `unsubscribe()` stops delivery. */
export interface MessageSubscription {
  readonly subject: string;
  unsubscribe(): void;
}

/**
 * Typed publish and subscribe over the app's NATS connection. Messages are encoded and checked
 * against their schema on the way out, decoded and checked on the way in; a message that fails
 * is counted in `ebb_messaging_malformed_messages_total{subject}` and dropped, so a handler only
 * ever sees valid messages. A handler's error is logged and does not end the subscription.
 */
@Injectable()
export class MessageBus {
  private readonly logger: Logger;

  constructor(
    @Inject(NatsConnectionService) private readonly nats: NatsConnectionService,
    @Inject(MalformedMessages) private readonly malformed: MalformedMessages,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ module: 'messaging' });
  }

  /**
   * Publishes a message. While NATS is away after a first connection the client buffers it;
   * before any connection there is nowhere to put it, and it is dropped (returns false).
   * Metrics are lossy by design and decisions are re-published every tick.
   */
  publish<K extends MessageKind>(subject: string, kind: K, message: MessageOf<K>): boolean {
    const nc = this.nats.current();
    if (!nc || nc.isClosed()) return false;
    nc.publish(subject, encode(kind, message));
    return true;
  }

  /** Subscribes once NATS is connected; NATS re-subscribes by itself after reconnecting. */
  async subscribe<K extends MessageKind>(subject: string, kind: K, handler: MessageHandler<K>): Promise<MessageSubscription> {
    const nc = await this.nats.connection();
    const subscription: Subscription = nc.subscribe(subject, {
      callback: (error, msg) => {
        if (error) {
          this.logger.error({ err: error, subject }, 'subscription error');
          return;
        }
        this.deliver(subject, kind, msg, handler);
      },
    });
    return { subject, unsubscribe: () => subscription.unsubscribe() };
  }

  private deliver<K extends MessageKind>(subscribed: string, kind: K, msg: Msg, handler: MessageHandler<K>): void {
    const result = decode(kind, msg.data);
    if (!result.ok) {
      this.malformed.record(subscribed, result.reason);
      return;
    }
    const fail = (error: unknown): void => this.logger.error({ err: error, subject: msg.subject }, 'message handler failed');
    try {
      const pending = handler(result.message, msg.subject);
      if (pending) pending.catch(fail);
    } catch (error) {
      fail(error);
    }
  }
}
