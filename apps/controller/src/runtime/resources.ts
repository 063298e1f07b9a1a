// The kinds behind the controller's shared informers and clients (from @ebb/api and @ebb/kube),
// with the informer selectors that keep its caches to what it owns (Deployments and pods of Revisions).
import { KnativeResources, ServingLabels } from '@ebb/api';
import { KubeResources, type ResourceType } from '@ebb/kube';
import type { ControllerInformers } from '../reconcilers/deps.js';

/** A kind the controller informs on, by its key in {@link ControllerInformers}. */
export type ControllerKind = keyof ControllerInformers;

/** The resource type behind every shared informer (and client). */
export const RESOURCES: { readonly [K in ControllerKind]: ResourceType } = {
  services: KnativeResources.service,
  configurations: KnativeResources.configuration,
  revisions: KnativeResources.revision,
  routes: KnativeResources.route,
  podAutoscalers: KnativeResources.podAutoscaler,
  ingresses: KnativeResources.ingress,
  deployments: KubeResources.deployment,
  k8sServices: KubeResources.service,
  pods: KubeResources.pod,
  serverlessServices: KnativeResources.serverlessService,
  endpointSlices: KubeResources.endpointSlice,
};

/** Label selectors of the informers that need not see everything. */
export const INFORMER_SELECTORS: Partial<Record<ControllerKind, string>> = {
  deployments: ServingLabels.Revision,
  pods: ServingLabels.Revision,
};
