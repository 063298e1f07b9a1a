import { describeAppShell, sharedClusterWithCrds } from '@ebb/testing';
import { autoscalerApp } from './app.js';

// Readiness includes `informers`, which sync only against a cluster with the CRDs.
const cluster = sharedClusterWithCrds();

beforeAll(async () => {
  await cluster.get();
}, 60_000);

afterAll(() => cluster.dispose(), 30_000);

describeAppShell(autoscalerApp, {
  component: 'autoscaler',
  defaultAdminPort: 8083,
  readinessChecks: ['nats', 'informers'],
  env: async () => ({ KUBECONFIG: (await cluster.get()).kubeconfigPath, EBB_SYSTEM_NAMESPACE: 'default' }),
});
