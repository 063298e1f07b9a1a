// The ServerlessService reconciler (Knative `serverlessservice.go`, status half): Ebb has no
// public Service to program — the gateway reads the SKS mode and picks pods or activators itself
// — so what remains is the status the PodAutoscaler reads back: the Service names,
// EndpointsPopulated (the private Service has a ready pod) and ActivatorEndpointsPopulated (the
// activator is in the path: Proxy mode, or no pod ready), whose transition time measures how long
// the revision has been proxied for the scale-to-zero fast path.
import {
  postProcessReconcile,
  preProcessReconcile,
  privateServiceName,
  serverlessServiceConditionSet,
  ServerlessServiceLifecycle as SKS,
  ServerlessServiceMode,
  type ServerlessService,
  type ServerlessServiceStatus,
} from '@ebb/api';
import type { ReconcileContext, Reconciler } from '@ebb/kube';
import { generationOf, nameOf } from '../shared/meta.js';

/** What the reconciler reads. */
export interface ServerlessServiceReconcilerDeps {
  /** Ready pod endpoints of a namespace's Service. */
  readonly readyEndpoints: (namespace: string, service: string) => number;
}

/** The status of `sks` given its private Service's ready endpoints. Pure. */
export function serverlessServiceStatus(status: ServerlessServiceStatus, sks: ServerlessService, readyPods: number, now: Date): ServerlessServiceStatus {
  const name = nameOf(sks);
  let next: ServerlessServiceStatus = { ...status, serviceName: name, privateServiceName: privateServiceName(name) };
  next = readyPods > 0 ? SKS.markEndpointsReady(next, now) : SKS.markEndpointsNotReady(next, now);
  const proxied = sks.spec?.mode === ServerlessServiceMode.Proxy || readyPods === 0;
  return proxied ? SKS.markActivatorEndpointsPopulated(next, now) : SKS.markActivatorEndpointsRemoved(next, now);
}

/** The reconcile of one ServerlessService. */
export class ServerlessServiceReconciler implements Reconciler<ServerlessService> {
  constructor(private readonly deps: ServerlessServiceReconcilerDeps) {}

  reconcile(sks: ServerlessService, ctx: ReconcileContext): Promise<void> {
    const generation = generationOf(sks);
    const previous: ServerlessServiceStatus = sks.status ?? {};
    const started = preProcessReconcile(serverlessServiceConditionSet, previous, generation, ctx.now);
    const ready = this.deps.readyEndpoints(sks.metadata?.namespace ?? '', privateServiceName(nameOf(sks)));
    sks.status = postProcessReconcile(serverlessServiceStatus(started, sks, ready, ctx.now), { previous, generation, now: ctx.now });
    return Promise.resolve();
  }
}
