import { Module, type DynamicModule } from '@nestjs/common';
import { NatsModule, type NatsAppConfig } from '@ebb/messaging/nats';

/** The networking: the ingress gateway: routes by host, path and traffic split to pods or the activator, and reports concurrency. */
@Module({})
export class NetworkingModule {
  static forRoot(config: NatsAppConfig): DynamicModule {
    return {
      module: NetworkingModule,
      imports: [NatsModule.forRoot({ servers: config.natsServers, name: 'networking' })],
    };
  }
}
