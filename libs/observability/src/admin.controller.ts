import { Controller, Get, Header, Inject, ServiceUnavailableException } from '@nestjs/common';
import { Registry } from 'prom-client';
import { ReadinessService, type ReadinessReport } from './readiness.service.js';

/** The admin surface every Ebb app serves: liveness, readiness and Prometheus metrics. */
@Controller()
export class AdminController {
  constructor(
    @Inject(ReadinessService) private readonly readiness: ReadinessService,
    @Inject(Registry) private readonly registry: Registry,
  ) {}

  /** Alive: the event loop answers. */
  @Get('healthz')
  healthz(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** 200 while every dependency check passes and the app is not draining; 503 otherwise. */
  @Get('readyz')
  async readyz(): Promise<ReadinessReport> {
    const report = await this.readiness.evaluate();
    if (!report.ready) throw new ServiceUnavailableException(report);
    return report;
  }

  /** Prometheus text exposition of this app's registry. */
  @Get('metrics')
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  async metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
