// The autoscaler's own Prometheus metrics, registered once in the app's registry: how many
// revisions it scales, how long a tick takes, how many decisions it made, what became of the
// stats it received, and how many config-autoscaler changes it refused.
import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DecisionTrigger } from './history/decision-history.js';

/** What became of a received stat. */
export const StatResult = { Recorded: 'recorded', UnknownRevision: 'unknown-revision' } as const;
/** One of {@link StatResult}. */
export type StatResult = (typeof StatResult)[keyof typeof StatResult];

/** The autoscaler's metrics. */
@Injectable()
export class AutoscalerMetrics {
  /** `ebb_autoscaler_revisions`: revisions with a KPA scaler now. */
  readonly revisions: Gauge;
  /** `ebb_autoscaler_tick_seconds`: time to decide for every revision once. */
  readonly tickSeconds: Histogram;
  /** `ebb_autoscaler_buckets_owned`: bucket Leases held (1 without bucketing: it decides for all). */
  readonly bucketsOwned: Gauge;
  private readonly decisions: Counter<'trigger'>;
  private readonly stats: Counter<'result'>;
  private readonly configErrors: Counter;

  constructor(@Inject(Registry) registry: Registry) {
    const registers = [registry];
    this.revisions = new Gauge({ name: 'ebb_autoscaler_revisions', help: 'Revisions the autoscaler decides for (PodAutoscalers of the KPA class).', registers });
    this.tickSeconds = new Histogram({
      name: 'ebb_autoscaler_tick_seconds',
      help: 'Time one tick takes to decide for every revision, in seconds.',
      buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2],
      registers,
    });
    this.bucketsOwned = new Gauge({ name: 'ebb_autoscaler_buckets_owned', help: 'Bucket Leases this replica holds (EBB_AUTOSCALER_BUCKETS); 1 when buckets are off and it decides for every revision.', registers });
    this.decisions = new Counter({ name: 'ebb_autoscaler_decisions_total', help: 'Scale decisions made, by what triggered them (tick, poke, stat).', labelNames: ['trigger'], registers });
    this.stats = new Counter({
      name: 'ebb_autoscaler_stats_total',
      help: 'Stats received from the data plane: recorded, or dropped because the revision has no KPA PodAutoscaler.',
      labelNames: ['result'],
      registers,
    });
    this.configErrors = new Counter({ name: 'ebb_autoscaler_config_errors_total', help: 'Changes of config-autoscaler refused (the last good config stays).', registers });
  }

  /** Counts one decision. */
  decided(trigger: DecisionTrigger): void {
    this.decisions.inc({ trigger });
  }

  /** Counts one received stat. */
  stat(result: StatResult): void {
    this.stats.inc({ result });
  }

  /** Counts one refused config-autoscaler change. */
  configRejected(): void {
    this.configErrors.inc();
  }
}
