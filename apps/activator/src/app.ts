import type { AppSpec } from '@ebb/observability';
import { parseActivatorConfig, type ActivatorConfig } from './activator-config.js';
import { ActivatorModule } from './app.module.js';

/** The activator app: its settings and its root module. */
export const activatorApp: AppSpec<ActivatorConfig> = {
  component: 'activator',
  parseConfig: parseActivatorConfig,
  rootModule: (config) => ActivatorModule.forRoot(config),
};
