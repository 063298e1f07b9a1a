import { Module, type DynamicModule } from '@nestjs/common';
import { MessageBus, NatsModule } from '@ebb/messaging/nats';
import type { ActivatorConfig } from './activator-config.js';
import { ACTIVATOR_SERVER_DEPS, ActivatorServer, type ActivatorServerDeps } from './handler/activator.server.js';
import { PROBE_SETTINGS } from './probing/probe-config.js';
import { ACTIVATOR_SETTINGS, KUBE_CONFIG, RevisionBackends } from './revisions/revision-backends.service.js';

/** The activator: buffers requests for revisions with too few pods, pokes the autoscaler, throttles to pod capacity and reports concurrency. */
@Module({})
export class ActivatorModule {
  static forRoot(config: ActivatorConfig): DynamicModule {
    return {
      module: ActivatorModule,
      imports: [NatsModule.forRoot({ servers: config.natsServers, name: 'activator' })],
      providers: [
        { provide: KUBE_CONFIG, useValue: config.kubeConfig },
        { provide: ACTIVATOR_SETTINGS, useValue: config.activator },
        { provide: PROBE_SETTINGS, useValue: config.probe },
        {
          provide: ACTIVATOR_SERVER_DEPS,
          inject: [MessageBus],
          useFactory: (bus: MessageBus): ActivatorServerDeps => ({ settings: config.activator, drainSeconds: config.drainSeconds, bus }),
        },
        RevisionBackends,
        ActivatorServer,
      ],
      exports: [RevisionBackends, ActivatorServer],
    };
  }
}
