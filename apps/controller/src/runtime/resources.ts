// The kinds the controller reads and writes, as @ebb/kube ResourceTypes, with the informer
// selectors that keep its caches to what it owns (Deployments and pods of Revisions).
import { ServingLabels } from '@ebb/api';
import type { ResourceType } from '@ebb/kube';

/** Every kind the controller touches. */
export const RESOURCES = {
  services: { group: 'serving.knative.dev', version: 'v1', plural: 'services', kind: 'Service', namespaced: true },
  configurations: { group: 'serving.knative.dev', version: 'v1', plural: 'configurations', kind: 'Configuration', namespaced: true },
  revisions: { group: 'serving.knative.dev', version: 'v1', plural: 'revisions', kind: 'Revision', namespaced: true },
  routes: { group: 'serving.knative.dev', version: 'v1', plural: 'routes', kind: 'Route', namespaced: true },
  podAutoscalers: { group: 'autoscaling.internal.knative.dev', version: 'v1alpha1', plural: 'podautoscalers', kind: 'PodAutoscaler', namespaced: true },
  ingresses: { group: 'networking.internal.knative.dev', version: 'v1alpha1', plural: 'ingresses', kind: 'Ingress', namespaced: true },
  deployments: { group: 'apps', version: 'v1', plural: 'deployments', kind: 'Deployment', namespaced: true },
  k8sServices: { group: '', version: 'v1', plural: 'services', kind: 'Service', namespaced: true },
  pods: { group: '', version: 'v1', plural: 'pods', kind: 'Pod', namespaced: true },
} as const satisfies Record<string, ResourceType>;

/** Label selectors of the informers that need not see everything. */
export const INFORMER_SELECTORS: Partial<Record<keyof typeof RESOURCES, string>> = {
  deployments: ServingLabels.Revision,
  pods: ServingLabels.Revision,
};
