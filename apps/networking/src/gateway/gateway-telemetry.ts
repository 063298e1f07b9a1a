// What the gateway reports: its Prometheus metrics (GatewayMetrics) and, each second, a Stat per
// revision it serves straight to pods on `ebb.v1.metrics.<ns>.<rev>` for the autoscaler (issue 8;
// what goes through the activator the activator reports). One provider, so the gateway server
// gets both from one place.
import { ConcurrencyReporter, StatsPublisher } from '@ebb/dataplane';
import { MessageBus } from '@ebb/messaging/nats';
import { Inject, Injectable } from '@nestjs/common';
import { Registry } from 'prom-client';
import { GatewayMetrics } from './gateway-metrics.js';
import { GATEWAY_SETTINGS, type GatewaySettings } from './gateway-settings.js';

/** The gateway's metrics and per-revision Stats. */
@Injectable()
export class GatewayTelemetry {
  readonly metrics: GatewayMetrics;
  /** Concurrency of what the gateway sends straight to pods. */
  readonly reporter = new ConcurrencyReporter();
  private readonly stats: StatsPublisher;

  constructor(@Inject(Registry) registry: Registry, @Inject(MessageBus) bus: MessageBus, @Inject(GATEWAY_SETTINGS) settings: GatewaySettings) {
    this.metrics = new GatewayMetrics(registry);
    this.stats = new StatsPublisher({ reporter: this.reporter, publish: (subject, kind, message) => bus.publish(subject, kind, message), instance: settings.gateway.instance });
  }

  /** Starts the per-second Stats. */
  start(): void {
    this.stats.start();
  }

  /** Stops them, sending what the last second saw. */
  stop(): void {
    this.stats.stop();
    this.stats.flush();
  }
}
