// Wires the Route reconciler (serving `pkg/reconciler/route/controller.go`): Routes are the primary
// informer; their Ingresses and placeholder Services enqueue the owning Route; a Configuration or
// Revision change enqueues every Route of its namespace whose traffic references it; a config
// change (config-domain, config-network) re-enqueues every Route.
import { ROUTE_KIND, SERVING_GROUP, type Route } from '@ebb/api';
import { Controller, enqueueControllerOwner, handleAll } from '@ebb/kube';
import type { ControllerFactory } from '../deps.js';
import { routesReferencingConfiguration, routesReferencingRevision } from './references.js';
import { RouteReconciler } from './route.reconciler.js';

/** The Route controller: reconciler, primary informer and the child and target handlers. */
export const routeController: ControllerFactory = (deps) => {
  const { informers, clients } = deps;
  const reconciler = new RouteReconciler({
    configurations: informers.configurations,
    revisions: informers.revisions,
    labeler: { configurations: clients.configurations, revisions: clients.revisions },
    ingresses: { lister: informers.ingresses, writer: clients.ingresses },
    k8sServices: { lister: informers.k8sServices, writer: clients.k8sServices },
    config: deps.config,
  });
  const controller = new Controller<Route>({
    name: 'route',
    informer: informers.routes,
    client: clients.routes,
    reconciler,
    events: deps.events,
    logger: deps.logger,
    leader: deps.leader,
  });
  const owner = enqueueControllerOwner(controller, { group: SERVING_GROUP, kind: ROUTE_KIND });
  handleAll(informers.ingresses, owner);
  handleAll(informers.k8sServices, owner);
  handleAll(informers.configurations, (configuration) => {
    for (const route of routesReferencingConfiguration(informers.routes.list(configuration.metadata?.namespace), configuration)) controller.enqueue(route);
  });
  handleAll(informers.revisions, (revision) => {
    for (const route of routesReferencingRevision(informers.routes.list(revision.metadata?.namespace), revision)) controller.enqueue(route);
  });
  deps.config.onChange(() => {
    for (const route of informers.routes.list()) controller.enqueue(route);
  });
  return controller;
};
