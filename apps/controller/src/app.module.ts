import { Module, type DynamicModule } from '@nestjs/common';
import { NatsModule, type NatsAppConfig } from '@ebb/messaging/nats';

/** The controller: reconciles Services, Configurations, Revisions and Routes into Deployments, Services, PodAutoscalers and Ingresses, and applies scale decisions. */
@Module({})
export class ControllerModule {
  static forRoot(config: NatsAppConfig): DynamicModule {
    return {
      module: ControllerModule,
      imports: [NatsModule.forRoot({ servers: config.natsServers, name: 'controller' })],
    };
  }
}
