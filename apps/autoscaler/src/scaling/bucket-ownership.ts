// Which revisions this autoscaler replica decides for (Knative's bucketed leader election): with
// EBB_AUTOSCALER_BUCKETS = n ≥ 1 there are n Leases `autoscaler-bucket-<i>-of-<n>` in the system
// namespace, every revision belongs to one bucket (@ebb/autoscaling bucketOf), and a replica
// decides for the revisions of the buckets whose Lease it holds. Replicas race for free buckets;
// when a holder dies its Leases expire and the others take them. With 0 there is no election:
// the replica decides for every revision (one autoscaler, no Lease writes).
import { bucketName, bucketOf } from '@ebb/autoscaling';
import { LeaderElector } from '@ebb/kube';
import { LOGGER } from '@ebb/observability';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { AutoscalerMetrics } from '../autoscaler-metrics.js';

/** Injection token of the {@link BucketSettings}. */
export const BUCKET_SETTINGS = Symbol('ebb.autoscaler.bucket-settings');

/** The buckets and this replica's name in their Leases. */
export interface BucketSettings {
  /** 0: no election, every revision is this replica's. */
  readonly count: number;
  readonly namespace: string;
  readonly identity: string;
  readonly kubeConfig: KubeConfig;
}

/** The bucket Leases this replica holds. */
@Injectable()
export class BucketOwnership implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly electors: LeaderElector[];
  private readonly gained = new Set<(bucket: number) => void>();

  constructor(
    @Inject(BUCKET_SETTINGS) private readonly settings: BucketSettings,
    @Inject(AutoscalerMetrics) private readonly metrics: AutoscalerMetrics,
    @Inject(LOGGER) logger: Logger,
  ) {
    const log = logger.child({ subsystem: 'buckets' });
    this.electors = Array.from({ length: settings.count }, (_, index) => {
      const elector = new LeaderElector({ kubeConfig: settings.kubeConfig, namespace: settings.namespace, name: bucketName(index, settings.count), identity: settings.identity, logger: log });
      elector.onChange((leading) => this.changed(index, leading));
      return elector;
    });
    this.metrics.bucketsOwned.set(settings.count === 0 ? 1 : 0);
  }

  /** Whether this replica decides for the revision now. */
  owns(namespace: string, revision: string): boolean {
    if (this.settings.count === 0) return true;
    return this.electors[bucketOf(namespace, revision, this.settings.count)]?.isLeader() ?? false;
  }

  /** Whether the revision is in `bucket`. */
  inBucket(namespace: string, revision: string, bucket: number): boolean {
    return this.settings.count > 0 && bucketOf(namespace, revision, this.settings.count) === bucket;
  }

  /** Hears the index of each bucket this replica takes; returns an unsubscribe. */
  onGained(listener: (bucket: number) => void): () => void {
    this.gained.add(listener);
    return () => this.gained.delete(listener);
  }

  onApplicationBootstrap(): void {
    for (const elector of this.electors) elector.start();
  }

  /** Releases every held Lease, so another replica takes the buckets at once. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.electors.map((elector) => elector.stop()));
  }

  private changed(bucket: number, leading: boolean): void {
    this.metrics.bucketsOwned.set(this.electors.filter((elector) => elector.isLeader()).length);
    if (!leading) return;
    for (const listener of this.gained) listener(bucket);
  }
}
