import { kubeConfigFromEnvironment, leaseIdentity, namespaceFromEnvironment } from '@ebb/kube';
import { parseNatsAppConfig, type NatsAppConfig } from '@ebb/messaging/nats';
import type { AppSpec } from '@ebb/observability';
import { ControllerModule } from './app.module.js';
import type { ControllerRuntimeConfig } from './runtime/controller-runtime.service.js';

/** Admin port unless `EBB_ADMIN_PORT` says otherwise. */
const DEFAULT_ADMIN_PORT = 8081;

/** The controller's settings: NATS and admin, plus where the cluster is (KUBECONFIG, else in-cluster) and its system namespace. */
export interface ControllerConfig extends NatsAppConfig {
  readonly runtime: ControllerRuntimeConfig;
}

/** Reads the controller's settings from the environment. */
export function parseControllerConfig(env: NodeJS.ProcessEnv): ControllerConfig {
  const base = parseNatsAppConfig(env, { adminPort: DEFAULT_ADMIN_PORT });
  const identity = leaseIdentity(env);
  const activatorService = env['EBB_ACTIVATOR_SERVICE'] || 'activator';
  return { ...base, runtime: { kubeConfig: kubeConfigFromEnvironment(env), systemNamespace: namespaceFromEnvironment(env), identity, activatorService } };
}

/** The controller app: its settings and its root module. */
export const controllerApp: AppSpec<ControllerConfig> = {
  component: 'controller',
  parseConfig: parseControllerConfig,
  rootModule: (config) => ControllerModule.forRoot(config),
};
