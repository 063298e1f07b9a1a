// Wires the PodAutoscaler reconciler: PodAutoscalers are the primary informer; a Deployment or
// ServerlessService change enqueues the PA of its revision, a new decision from the autoscaler
// enqueues that revision's PA at once, a change of the activator's endpoints or of any ConfigMap
// re-enqueues every PA.
import { ServingLabels, type PodAutoscaler } from '@ebb/api';
import { readyEndpoints, serviceKeyOfSlice } from '@ebb/dataplane';
import { cacheKey, Controller, handleAll } from '@ebb/kube';
import type { V1EndpointSlice } from '@kubernetes/client-node';
import type { ControllerFactory } from '../deps.js';
import { PodAutoscalerReconciler } from './podautoscaler.reconciler.js';

/** The PodAutoscaler controller. */
export const podAutoscalerController: ControllerFactory = (deps) => {
  const { informers, clients, system } = deps;
  const activatorKey = `${system.namespace}/${system.activatorService}`;
  const activatorSlices = (): V1EndpointSlice[] => informers.endpointSlices.list().filter((slice) => serviceKeyOfSlice(slice) === activatorKey);
  const reconciler = new PodAutoscalerReconciler({
    deployments: informers.deployments,
    deploymentWriter: clients.deployments,
    serverlessServices: informers.serverlessServices,
    serverlessServiceWriter: clients.serverlessServices,
    decisions: deps.decisions,
    activatorReady: () => activatorSlices().some((slice) => readyEndpoints([slice]).length > 0),
    config: deps.config,
  });
  const controller = new Controller<PodAutoscaler>({
    name: 'podautoscaler',
    informer: informers.podAutoscalers,
    client: clients.podAutoscalers,
    reconciler,
    events: deps.events,
    logger: deps.logger,
    leader: deps.leader,
  });
  const enqueueAll = (): void => {
    for (const pa of informers.podAutoscalers.list()) controller.enqueue(pa);
  };
  handleAll(informers.deployments, (deployment) => {
    const revision = deployment.metadata?.labels?.[ServingLabels.Revision];
    if (revision !== undefined && revision !== '') controller.enqueueKey(cacheKey(revision, deployment.metadata?.namespace));
  });
  handleAll(informers.serverlessServices, (sks) => controller.enqueueKey(cacheKey(sks.metadata?.name ?? '', sks.metadata?.namespace)));
  handleAll(informers.endpointSlices, (slice) => {
    if (serviceKeyOfSlice(slice) === activatorKey) enqueueAll();
  });
  deps.decisions.onChange((namespace, revision) => controller.enqueueKey(cacheKey(revision, namespace)));
  deps.config.onChange(enqueueAll);
  return controller;
};
