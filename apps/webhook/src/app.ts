import { parseBaseConfig, type AppSpec, type BaseConfig } from '@ebb/observability';
import { WebhookModule } from './app.module.js';

/** Admin port unless `EBB_ADMIN_PORT` says otherwise. */
const DEFAULT_ADMIN_PORT = 8085;

/** The webhook app: its settings and its root module. */
export const webhookApp: AppSpec<BaseConfig> = {
  component: 'webhook',
  parseConfig: (env) => parseBaseConfig(env, { adminPort: DEFAULT_ADMIN_PORT }),
  rootModule: (config) => WebhookModule.forRoot(config),
};
