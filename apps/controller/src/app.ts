import { parseNatsAppConfig, type NatsAppConfig } from '@ebb/messaging/nats';
import type { AppSpec } from '@ebb/observability';
import { ControllerModule } from './app.module.js';

/** Admin port unless `EBB_ADMIN_PORT` says otherwise. */
const DEFAULT_ADMIN_PORT = 8081;

/** The controller app: its settings and its root module. */
export const controllerApp: AppSpec<NatsAppConfig> = {
  component: 'controller',
  parseConfig: (env) => parseNatsAppConfig(env, { adminPort: DEFAULT_ADMIN_PORT }),
  rootModule: (config) => ControllerModule.forRoot(config),
};
