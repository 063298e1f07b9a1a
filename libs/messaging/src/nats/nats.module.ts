import { Module, type DynamicModule } from '@nestjs/common';
import { DecisionStore } from './decision-store.service.js';
import { MalformedMessages } from './malformed.js';
import { MessageBus } from './message-bus.service.js';
import { NATS_OPTIONS, NatsConnectionService } from './nats-connection.service.js';
import type { NatsOptions } from './nats.config.js';

/** NATS for an app: the connection (with its readiness check), typed publish/subscribe and the decision store; global, so every module of the app shares the one connection. */
@Module({})
export class NatsModule {
  static forRoot(options: NatsOptions): DynamicModule {
    return {
      module: NatsModule,
      global: true,
      providers: [{ provide: NATS_OPTIONS, useValue: options }, NatsConnectionService, MalformedMessages, MessageBus, DecisionStore],
      exports: [NatsConnectionService, MessageBus, DecisionStore],
    };
  }
}
