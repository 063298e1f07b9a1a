import { Module, type DynamicModule } from '@nestjs/common';
import type { BaseConfig } from '@ebb/observability';

/** The webhook: admission defaulting and validation of serving.knative.dev objects and Ebb's ConfigMaps. It needs no NATS. */
@Module({})
export class WebhookModule {
  static forRoot(_config: BaseConfig): DynamicModule {
    return { module: WebhookModule };
  }
}
