import { Module, type DynamicModule } from '@nestjs/common';
import { NatsModule } from '@ebb/messaging/nats';
import { GatewayModule } from './gateway/gateway.module.js';
import type { NetworkingConfig } from './networking-config.js';

/** The networking: the ingress gateway: routes by host, path and traffic split to pods or the activator, and reports concurrency. */
@Module({})
export class NetworkingModule {
  static forRoot(config: NetworkingConfig): DynamicModule {
    return {
      module: NetworkingModule,
      imports: [NatsModule.forRoot({ servers: config.natsServers, name: 'networking' }), GatewayModule.forRoot(config)],
    };
  }
}
