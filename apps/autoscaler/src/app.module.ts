// The autoscaler's wiring: NATS, the cluster watches, the bucket Leases, the KPA service, its metrics and the
// decision history (served on the admin server by DecisionsController).
import { Module, type DynamicModule } from '@nestjs/common';
import { NatsModule } from '@ebb/messaging/nats';
import type { AutoscalerAppConfig } from './autoscaler-config.js';
import { AutoscalerMetrics } from './autoscaler-metrics.js';
import { CLUSTER_SETTINGS, ClusterState, type ClusterSettings } from './cluster/cluster-state.service.js';
import { DecisionHistory } from './history/decision-history.js';
import { DecisionsController } from './history/decisions.controller.js';
import { AutoscalerService } from './scaling/autoscaler.service.js';
import { BUCKET_SETTINGS, BucketOwnership, type BucketSettings } from './scaling/bucket-ownership.js';
import { ScalingBus } from './scaling/scaling-bus.service.js';

/** The autoscaler: turns concurrency metrics into a scale decision per revision every tick (the KPA). */
@Module({})
export class AutoscalerModule {
  static forRoot(config: AutoscalerAppConfig): DynamicModule {
    return {
      module: AutoscalerModule,
      imports: [NatsModule.forRoot({ servers: config.natsServers, name: 'autoscaler' })],
      controllers: [DecisionsController],
      providers: [
        { provide: CLUSTER_SETTINGS, useValue: { kubeConfig: config.kubeConfig, systemNamespace: config.systemNamespace } satisfies ClusterSettings },
        { provide: DecisionHistory, useValue: new DecisionHistory(config.decisionHistory) },
        { provide: BUCKET_SETTINGS, useValue: { count: config.buckets, namespace: config.systemNamespace, identity: config.identity, kubeConfig: config.kubeConfig } satisfies BucketSettings },
        AutoscalerMetrics,
        BucketOwnership,
        ClusterState,
        ScalingBus,
        AutoscalerService,
      ],
    };
  }
}
