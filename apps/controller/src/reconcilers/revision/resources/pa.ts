// The PodAutoscaler of a Revision (serving `revision/resources/pa.go` MakePA): named like the
// Revision, scaling its Deployment. Reachability stays '' (unknown) until the routing-state
// labeler exists. Pure.
import {
  deploymentName,
  POD_AUTOSCALER_API_VERSION,
  POD_AUTOSCALER_KIND,
  podAutoscalerName,
  Reachability,
  type PodAutoscaler,
  type Revision,
} from '@ebb/api';
import { nameOf } from '../../shared/meta.js';
import { makeLabels, podAutoscalerAnnotations, protocolType, revisionOwnerReference } from './meta.js';

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
      reachability: Reachability.Unknown,
    },
  };
}
