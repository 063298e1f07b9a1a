// Wires the ServerlessService reconciler: ServerlessServices are the primary informer; a change
// of a revision's private Service endpoints enqueues the SKS of that revision.
import { privateServiceName, type ServerlessService } from '@ebb/api';
import { EndpointsTracker } from '@ebb/dataplane';
import { Controller } from '@ebb/kube';
import type { V1EndpointSlice } from '@kubernetes/client-node';
import type { ControllerFactory } from '../deps.js';
import { ServerlessServiceReconciler } from './serverlessservice.reconciler.js';

/** The ServerlessService controller. */
export const serverlessServiceController: ControllerFactory = (deps) => {
  const { informers, clients } = deps;
  const endpoints = new EndpointsTracker<V1EndpointSlice>(informers.endpointSlices);
  const reconciler = new ServerlessServiceReconciler({ readyEndpoints: (namespace, service) => endpoints.endpoints(namespace, service).length });
  const controller = new Controller<ServerlessService>({
    name: 'serverlessservice',
    informer: informers.serverlessServices,
    client: clients.serverlessServices,
    reconciler,
    events: deps.events,
    logger: deps.logger,
    leader: deps.leader,
  });
  endpoints.onChange((key) => {
    const [namespace, service] = key.split('/') as [string, string];
    const owner = informers.serverlessServices.list().find((sks) => sks.metadata?.namespace === namespace && privateServiceName(sks.metadata?.name ?? '') === service);
    if (owner !== undefined) controller.enqueue(owner);
  });
  return controller;
};
