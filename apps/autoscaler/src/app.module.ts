import { Module, type DynamicModule } from '@nestjs/common';
import { NatsModule, type NatsAppConfig } from '@ebb/messaging/nats';

/** The autoscaler: turns concurrency metrics into a scale decision per revision every tick (the KPA). */
@Module({})
export class AutoscalerModule {
  static forRoot(config: NatsAppConfig): DynamicModule {
    return {
      module: AutoscalerModule,
      imports: [NatsModule.forRoot({ servers: config.natsServers, name: 'autoscaler' })],
    };
  }
}
