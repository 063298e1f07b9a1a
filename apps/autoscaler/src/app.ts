import { parseNatsAppConfig, type NatsAppConfig } from '@ebb/messaging/nats';
import type { AppSpec } from '@ebb/observability';
import { AutoscalerModule } from './app.module.js';

/** Admin port unless `EBB_ADMIN_PORT` says otherwise. */
const DEFAULT_ADMIN_PORT = 8083;

/** The autoscaler app: its settings and its root module. */
export const autoscalerApp: AppSpec<NatsAppConfig> = {
  component: 'autoscaler',
  parseConfig: (env) => parseNatsAppConfig(env, { adminPort: DEFAULT_ADMIN_PORT }),
  rootModule: (config) => AutoscalerModule.forRoot(config),
};
