// The Route a Service owns (serving `reconciler/service/resources/route.go`, API.md §4.3): named
// like the Service, its labels/annotations propagated from the Service, its traffic the Service's
// with the Service's Configuration filled into every target that pins no Revision. Pure.
import {
  ROUTE_API_VERSION,
  ROUTE_KIND,
  SERVICE_API_VERSION,
  SERVICE_KIND,
  routeAnnotationsFromService,
  routeLabelsFromService,
  type Route,
  type Service,
  type TrafficTarget,
} from '@ebb/api';
import { controllerReference } from '@ebb/kube';
import { nameOf } from '../../shared/meta.js';

/** A Service traffic target as its Route carries it: `configurationName` = the Service's Configuration unless a Revision is pinned. */
function routeTarget(target: TrafficTarget, configurationName: string): TrafficTarget {
  if ((target.revisionName ?? '') !== '') return { ...target };
  return { ...target, configurationName };
}

/** The desired Route of `service`. */
export function makeRoute(service: Service): Route {
  const name = nameOf(service);
  const meta = { name, labels: service.metadata?.labels, annotations: service.metadata?.annotations };
  const traffic = service.spec?.traffic;
  return {
    apiVersion: ROUTE_API_VERSION,
    kind: ROUTE_KIND,
    metadata: {
      name,
      namespace: service.metadata?.namespace,
      labels: routeLabelsFromService(meta),
      annotations: routeAnnotationsFromService(meta),
      ownerReferences: [controllerReference(service, { apiVersion: SERVICE_API_VERSION, kind: SERVICE_KIND })],
    },
    spec: traffic === undefined ? {} : { traffic: traffic.map((t) => routeTarget(t, name)) },
  };
}
