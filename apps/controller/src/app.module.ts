import { Module, type DynamicModule } from '@nestjs/common';
import { NatsModule } from '@ebb/messaging/nats';
import type { ControllerConfig } from './app.js';
import { CONTROLLER_RUNTIME_CONFIG, ControllerRuntime } from './runtime/controller-runtime.service.js';
import { DecisionCache } from './runtime/decision-cache.js';

/** The controller: reconciles Services, Configurations, Revisions and Routes into Deployments, Services, PodAutoscalers and Ingresses, and applies scale decisions. */
@Module({})
export class ControllerModule {
  static forRoot(config: ControllerConfig): DynamicModule {
    return {
      module: ControllerModule,
      imports: [NatsModule.forRoot({ servers: config.natsServers, name: 'controller' })],
      providers: [{ provide: CONTROLLER_RUNTIME_CONFIG, useValue: config.runtime }, DecisionCache, ControllerRuntime],
    };
  }
}
