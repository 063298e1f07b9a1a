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
   * Publishes a message. While the client reconnects it buffers the message; with no
   * connection at all there is nowhere to put it, and it is dropped (returns false).
   * Metrics are lossy by design and decisions are re-published every tick.
   */
  publish<K extends MessageKind>(subject: string, kind: K, message: MessageOf<K>): boolean {
    const nc = this.nats.current();
    if (!nc) return false;
    nc.publish(subject, encode(kind, message));
    return true;
  }

  /**
   * Subscribes now if NATS is connected, else as soon as it is. The client re-subscribes by
   * itself after a reconnect; after a connection is replaced, this subscribes again on the new one.
   */
  subscribe<K extends MessageKind>(subject: string, kind: K, handler: MessageHandler<K>): MessageSubscription {
    let subscription: Subscription | undefined;
    const callback = (error: Error | null, msg: Msg): void => {
      if (error) {
        this.logger.error({ err: error, subject }, 'subscription error');
        return;
      }
      this.deliver(subject, kind, msg, handler);
    };
    const stopListening = this.nats.onConnection((nc) => {
      subscription = nc.subscribe(subject, { callback });
    });
    return {
      subject,
      unsubscribe: () => {
        stopListening();
        subscription?.unsubscribe();
      },
    };
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
