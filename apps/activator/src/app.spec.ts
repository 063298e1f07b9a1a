import { describeAppShell, freePort, sharedClusterWithCrds } from '@ebb/testing';
import { activatorApp } from './app.js';

// Readiness includes `informers`, which sync only against a cluster with the CRDs.
const cluster = sharedClusterWithCrds();

beforeAll(async () => {
  await cluster.get();
}, 60_000);

afterAll(() => cluster.dispose(), 30_000);

describeAppShell(activatorApp, {
  component: 'activator',
  defaultAdminPort: 8082,
  readinessChecks: ['nats', 'informers'],
  env: async () => ({ KUBECONFIG: (await cluster.get()).kubeconfigPath, EBB_ACTIVATOR_HOST: '127.0.0.1', EBB_ACTIVATOR_PORT: String(await freePort()) }),
});
