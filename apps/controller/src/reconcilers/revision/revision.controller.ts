// Wires the Revision reconciler (serving `pkg/reconciler/revision/controller.go`): Revisions are
// the primary informer; their Deployments, private Services and PodAutoscalers enqueue the owning
// Revision; pods enqueue the Revision their `serving.knative.dev/revision` label names (for
// failure reasons); a config change re-enqueues every Revision.
import { REVISION_KIND, SERVING_GROUP, ServingLabels, type Revision } from '@ebb/api';
import { cacheKey, Controller, enqueueControllerOwner, handleAll } from '@ebb/kube';
import type { ControllerFactory } from '../deps.js';
import { RevisionReconciler } from './revision.reconciler.js';

/** The Revision controller. */
export const revisionController: ControllerFactory = (deps) => {
  const { informers, clients } = deps;
  const reconciler = new RevisionReconciler({
    deployments: informers.deployments,
    deploymentWriter: clients.deployments,
    services: informers.k8sServices,
    serviceWriter: clients.k8sServices,
    podAutoscalers: informers.podAutoscalers,
    podAutoscalerWriter: clients.podAutoscalers,
    pods: informers.pods,
    config: deps.config,
  });
  const controller = new Controller<Revision>({
    name: 'revision',
    informer: informers.revisions,
    client: clients.revisions,
    reconciler,
    events: deps.events,
    logger: deps.logger,
    leader: deps.leader,
  });
  const toOwner = enqueueControllerOwner(controller, { group: SERVING_GROUP, kind: REVISION_KIND });
  handleAll(informers.deployments, toOwner);
  handleAll(informers.k8sServices, toOwner);
  handleAll(informers.podAutoscalers, toOwner);
  handleAll(informers.pods, (pod) => {
    const revision = pod.metadata?.labels?.[ServingLabels.Revision];
    if (revision !== undefined && revision !== '') controller.enqueueKey(cacheKey(revision, pod.metadata?.namespace));
  });
  deps.config.onChange(() => {
    for (const revision of informers.revisions.list()) controller.enqueue(revision);
  });
  return controller;
};
