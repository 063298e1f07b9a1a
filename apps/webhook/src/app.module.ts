import { Module, type DynamicModule } from '@nestjs/common';
import { ADMISSION_SERVER_CONFIG, AdmissionServer } from './admission/admission-server.js';
import type { WebhookConfig } from './webhook-config.js';

/**
 * The webhook: admission defaulting and validation of serving.knative.dev objects and Ebb's
 * ConfigMaps, on its own HTTPS server with certificates it makes itself. It needs no NATS.
 */
@Module({})
export class WebhookModule {
  static forRoot(config: WebhookConfig): DynamicModule {
    return {
      module: WebhookModule,
      providers: [{ provide: ADMISSION_SERVER_CONFIG, useValue: config.admission }, AdmissionServer],
    };
  }
}
