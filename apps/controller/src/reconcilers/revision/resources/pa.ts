// The PodAutoscaler of a Revision (serving `revision/resources/pa.go` MakePA): named like the
// Revision, scaling its Deployment, reachable as its routing state says (a Revision no Route
// references any more, `reserve`, is Unreachable: it scales to zero whatever its min-scale). Pure.
import {
  deploymentName,
  POD_AUTOSCALER_API_VERSION,
  POD_AUTOSCALER_KIND,
  podAutoscalerName,
  Reachability,
  RoutingState,
  ServingLabels,
  type PodAutoscaler,
  type Revision,
} from '@ebb/api';
import { nameOf } from '../../shared/meta.js';
import { makeLabels, podAutoscalerAnnotations, protocolType, revisionOwnerReference } from './meta.js';

/** Knative's reachability of a Revision: Reachable while routed (`active`), Unreachable in `reserve`, else Unknown. */
export function reachabilityOf(revision: Revision): Reachability {
  switch (revision.metadata?.labels?.[ServingLabels.RoutingState]) {
    case RoutingState.Active:
      return Reachability.Reachable;
    case RoutingState.Reserve:
      return Reachability.Unreachable;
    default:
      return Reachability.Unknown;
  }
}

/** The PodAutoscaler of `revision`. */
export function makePodAutoscaler(revision: Revision): PodAutoscaler {
  const name = nameOf(revision);
  return {
    apiVersion: POD_AUTOSCALER_API_VERSION,
    kind: POD_AUTOSCALER_KIND,
    metadata: {
      name: podAutoscalerName(name),
      namespace: revision.metadata?.namespace,
      labels: makeLabels(revision),
      annotations: podAutoscalerAnnotations(revision),
      ownerReferences: [revisionOwnerReference(revision)],
    },
    spec: {
      containerConcurrency: revision.spec?.containerConcurrency ?? 0,
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: deploymentName(name) },
      protocolType: protocolType(revision),
      reachability: reachabilityOf(revision),
    },
  };
}
