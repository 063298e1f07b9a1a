// The built-in resource types give the API server paths Kubernetes serves them at.
import { collectionPath, objectPath } from './resource-client.js';
import { KubeResources } from './resources.js';

describe('KubeResources', () => {
  it.each([
    { name: 'core, namespaced', path: collectionPath(KubeResources.configMap, 'ebb-system'), want: '/api/v1/namespaces/ebb-system/configmaps' },
    { name: 'core, cluster-scoped', path: collectionPath(KubeResources.namespace, 'ignored'), want: '/api/v1/namespaces' },
    { name: 'apps', path: collectionPath(KubeResources.deployment), want: '/apis/apps/v1/deployments' },
    { name: 'discovery', path: collectionPath(KubeResources.endpointSlice), want: '/apis/discovery.k8s.io/v1/endpointslices' },
    { name: 'coordination, one object', path: objectPath(KubeResources.lease, 'ebb-system', 'controller'), want: '/apis/coordination.k8s.io/v1/namespaces/ebb-system/leases/controller' },
    { name: 'events', path: objectPath(KubeResources.event, 'default', 'hello.1'), want: '/api/v1/namespaces/default/events/hello.1' },
    {
      name: 'admissionregistration',
      path: objectPath(KubeResources.validatingWebhookConfiguration, undefined, 'validation.webhook.serving.knative.dev'),
      want: '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/validation.webhook.serving.knative.dev',
    },
  ])('$name', ({ path, want }) => {
    expect(path).toBe(want);
  });
});
