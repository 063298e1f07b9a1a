// Wiring of the revision garbage collector (serving `pkg/reconciler/gc/controller.go`): keyed by
// Configuration; a Revision event enqueues the Configuration its label names, and a config
// change (config-gc) every Configuration.
import { ServingLabels, type Configuration } from '@ebb/api';
import { Controller, handleAll } from '@ebb/kube';
import type { ControllerFactory } from '../deps.js';
import { GcReconciler } from './gc.reconciler.js';

/** The garbage collector: reconciler, the Configuration informer and the Revision handler. */
export const gcController: ControllerFactory = (deps) => {
  const { informers } = deps;
  const reconciler = new GcReconciler({ revisions: informers.revisions, revisionWriter: deps.clients.revisions, config: deps.config });
  const controller = new Controller<Configuration>({
    name: 'gc',
    informer: informers.configurations,
    client: deps.clients.configurations,
    reconciler,
    events: deps.events,
    logger: deps.logger,
    leader: deps.leader,
  });
  handleAll(informers.revisions, (revision) => {
    const name = revision.metadata?.labels?.[ServingLabels.Configuration];
    const configuration = name === undefined ? undefined : informers.configurations.get(name, revision.metadata?.namespace);
    if (configuration !== undefined) controller.enqueue(configuration);
  });
  deps.config.onChange(() => {
    for (const configuration of informers.configurations.list()) controller.enqueue(configuration);
  });
  return controller;
};
