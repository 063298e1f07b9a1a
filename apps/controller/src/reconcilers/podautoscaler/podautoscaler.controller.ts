// Wires the minimal PodAutoscaler reconciler: PodAutoscalers are the primary informer; a
// Deployment change enqueues the PA that scales it (named like the Revision the Deployment's
// `serving.knative.dev/revision` label names); a config-autoscaler change re-enqueues every PA.
import { ServingLabels, type PodAutoscaler } from '@ebb/api';
import { cacheKey, Controller, handleAll } from '@ebb/kube';
import type { ControllerFactory } from '../deps.js';
import { PodAutoscalerReconciler } from './podautoscaler.reconciler.js';

/** The PodAutoscaler controller. */
export const podAutoscalerController: ControllerFactory = (deps) => {
  const { informers, clients } = deps;
  const reconciler = new PodAutoscalerReconciler({ deployments: informers.deployments, deploymentWriter: clients.deployments, config: deps.config });
  const controller = new Controller<PodAutoscaler>({
    name: 'podautoscaler',
    informer: informers.podAutoscalers,
    client: clients.podAutoscalers,
    reconciler,
    events: deps.events,
    logger: deps.logger,
    leader: deps.leader,
  });
  handleAll(informers.deployments, (deployment) => {
    const revision = deployment.metadata?.labels?.[ServingLabels.Revision];
    if (revision !== undefined && revision !== '') controller.enqueueKey(cacheKey(revision, deployment.metadata?.namespace));
  });
  deps.config.onChange(() => {
    for (const pa of informers.podAutoscalers.list()) controller.enqueue(pa);
  });
  return controller;
};
