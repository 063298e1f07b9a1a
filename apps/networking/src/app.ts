import { parseNatsAppConfig, type NatsAppConfig } from '@ebb/messaging/nats';
import type { AppSpec } from '@ebb/observability';
import { NetworkingModule } from './app.module.js';

/** Admin port unless `EBB_ADMIN_PORT` says otherwise. */
const DEFAULT_ADMIN_PORT = 8084;

/** The networking app: its settings and its root module. */
export const networkingApp: AppSpec<NatsAppConfig> = {
  component: 'networking',
  parseConfig: (env) => parseNatsAppConfig(env, { adminPort: DEFAULT_ADMIN_PORT }),
  rootModule: (config) => NetworkingModule.forRoot(config),
};
