import type { AppSpec } from '@ebb/observability';
import { WebhookModule } from './app.module.js';
import { parseWebhookConfig, type WebhookConfig } from './webhook-config.js';

/** The webhook app: its settings and its root module. */
export const webhookApp: AppSpec<WebhookConfig> = {
  component: 'webhook',
  parseConfig: parseWebhookConfig,
  rootModule: (config) => WebhookModule.forRoot(config),
};
