import { Module, type DynamicModule } from '@nestjs/common';
import { NatsModule, type NatsAppConfig } from '@ebb/messaging/nats';

/** The activator: buffers requests for revisions with too few pods, pokes the autoscaler, throttles to pod capacity and reports concurrency. */
@Module({})
export class ActivatorModule {
  static forRoot(config: NatsAppConfig): DynamicModule {
    return {
      module: ActivatorModule,
      imports: [NatsModule.forRoot({ servers: config.natsServers, name: 'activator' })],
    };
  }
}
