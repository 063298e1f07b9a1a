import { parseNatsAppConfig, type NatsAppConfig } from '@ebb/messaging/nats';
import type { AppSpec } from '@ebb/observability';
import { ActivatorModule } from './app.module.js';

/** Admin port unless `EBB_ADMIN_PORT` says otherwise. */
const DEFAULT_ADMIN_PORT = 8082;

/** The activator app: its settings and its root module. */
export const activatorApp: AppSpec<NatsAppConfig> = {
  component: 'activator',
  parseConfig: (env) => parseNatsAppConfig(env, { adminPort: DEFAULT_ADMIN_PORT }),
  rootModule: (config) => ActivatorModule.forRoot(config),
};
