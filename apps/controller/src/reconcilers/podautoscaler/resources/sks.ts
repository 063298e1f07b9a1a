// The ServerlessService of a PodAutoscaler (Knative `kpa/resources/sks.go` MakeSKS): named like
// the PA (and the Revision), owned by the PA, with the serving mode and the number of activators
// the PA reconciler chose. Pure.
import {
  POD_AUTOSCALER_API_VERSION,
  POD_AUTOSCALER_KIND,
  SERVERLESS_SERVICE_API_VERSION,
  SERVERLESS_SERVICE_KIND,
  type PodAutoscaler,
  type ServerlessService,
} from '@ebb/api';
import type { ServingMode } from '@ebb/autoscaling';
import { controllerReference } from '@ebb/kube';
import { nameOf } from '../../shared/meta.js';

/** The ServerlessService of `pa` in `mode` with `numActivators`. */
export function makeServerlessService(pa: PodAutoscaler, mode: ServingMode, numActivators: number): ServerlessService {
  return {
    apiVersion: SERVERLESS_SERVICE_API_VERSION,
    kind: SERVERLESS_SERVICE_KIND,
    metadata: {
      name: nameOf(pa),
      namespace: pa.metadata?.namespace,
      labels: { ...pa.metadata?.labels },
      annotations: { ...pa.metadata?.annotations },
      ownerReferences: [controllerReference(pa, { apiVersion: POD_AUTOSCALER_API_VERSION, kind: POD_AUTOSCALER_KIND })],
    },
    spec: {
      mode,
      numActivators,
      objectRef: { ...pa.spec?.scaleTargetRef },
      ...(pa.spec?.protocolType === undefined ? {} : { protocolType: pa.spec.protocolType }),
    },
  };
}
