// Wiring of the Configuration reconciler (serving `pkg/reconciler/configuration/controller.go`):
// the Configuration informer enqueues the Configuration itself; Revision events enqueue the
// Configuration that controls them.
import { CONFIGURATION_KIND, SERVING_GROUP, type Configuration } from '@ebb/api';
import { Controller, enqueueControllerOwner, handleAll } from '@ebb/kube';
import type { ControllerFactory } from '../deps.js';
import { ConfigurationReconciler } from './configuration.reconciler.js';

/** The Configuration controller: reconciler, primary informer and the Revision handler. */
export const configurationController: ControllerFactory = (deps) => {
  const reconciler = new ConfigurationReconciler({ revisions: deps.informers.revisions, revisionWriter: deps.clients.revisions });
  const controller = new Controller<Configuration>({
    name: 'configuration',
    informer: deps.informers.configurations,
    client: deps.clients.configurations,
    reconciler,
    events: deps.events,
    logger: deps.logger,
    leader: deps.leader,
  });
  handleAll(deps.informers.revisions, enqueueControllerOwner(controller, { group: SERVING_GROUP, kind: CONFIGURATION_KIND }));
  return controller;
};
