// Wiring of the Service reconciler (serving `pkg/reconciler/service/controller.go`): the Service
// informer enqueues the Service itself; Configuration and Route events enqueue the Service that
// controls them.
import { SERVING_GROUP, SERVICE_KIND, type Service } from '@ebb/api';
import { Controller, enqueueControllerOwner, handleAll } from '@ebb/kube';
import type { ControllerFactory } from '../deps.js';
import { ServiceReconciler } from './service.reconciler.js';

/** The Service controller: reconciler, primary informer and the child handlers. */
export const serviceController: ControllerFactory = (deps) => {
  const reconciler = new ServiceReconciler({
    configurations: deps.informers.configurations,
    configurationWriter: deps.clients.configurations,
    routes: deps.informers.routes,
    routeWriter: deps.clients.routes,
    revisions: deps.informers.revisions,
  });
  const controller = new Controller<Service>({
    name: 'service',
    informer: deps.informers.services,
    client: deps.clients.services,
    reconciler,
    events: deps.events,
    logger: deps.logger,
    leader: deps.leader,
  });
  const toOwner = enqueueControllerOwner(controller, { group: SERVING_GROUP, kind: SERVICE_KIND });
  handleAll(deps.informers.configurations, toOwner);
  handleAll(deps.informers.routes, toOwner);
  return controller;
};
