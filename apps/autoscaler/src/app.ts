import type { AppSpec } from '@ebb/observability';
import { AutoscalerModule } from './app.module.js';
import { parseAutoscalerAppConfig, type AutoscalerAppConfig } from './autoscaler-config.js';

/** The autoscaler app: its settings and its root module. */
export const autoscalerApp: AppSpec<AutoscalerAppConfig> = {
  component: 'autoscaler',
  parseConfig: parseAutoscalerAppConfig,
  rootModule: (config) => AutoscalerModule.forRoot(config),
};
