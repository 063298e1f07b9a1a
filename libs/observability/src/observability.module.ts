import { Global, Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { AdminController } from './admin.controller.js';
import { ReadinessService } from './readiness.service.js';

/** Injection token of the app's root pino logger (use `child()` for fields of a piece of work). */
export const LOGGER = Symbol('ebb.logger');

/** What {@link ObservabilityModule.forRoot} needs: the app's logger and metrics registry. */
export interface ObservabilityOptions {
  readonly logger: Logger;
  readonly registry: Registry;
}

/**
 * Global module of every Ebb app: provides the root logger ({@link LOGGER}), the metrics
 * `Registry`, the {@link ReadinessService}, routes Nest's own logs to the JSON logger, and
 * serves `/healthz`, `/readyz` and `/metrics`.
 */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(options: ObservabilityOptions): DynamicModule {
    return {
      module: ObservabilityModule,
      imports: [LoggerModule.forRoot({ pinoHttp: { logger: options.logger, autoLogging: false, quietReqLogger: true } })],
      controllers: [AdminController],
      providers: [
        { provide: LOGGER, useValue: options.logger },
        { provide: Registry, useValue: options.registry },
        ReadinessService,
      ],
      exports: [LOGGER, Registry, ReadinessService],
    };
  }
}
