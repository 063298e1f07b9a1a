import type { AppSpec } from '@ebb/observability';
import { NetworkingModule } from './app.module.js';
import { parseNetworkingConfig, type NetworkingConfig } from './networking-config.js';

/** The networking app: its settings and its root module. */
export const networkingApp: AppSpec<NetworkingConfig> = {
  component: 'networking',
  parseConfig: parseNetworkingConfig,
  rootModule: (config) => NetworkingModule.forRoot(config),
};
