// The REST coordinates (group, version, plural, kind, scope) of every Knative kind Ebb serves, in
// one place: the CRDs, the controller's informers and clients, the gateway's watches and the CLI
// all read them from here. Structurally @ebb/kube's ResourceType, without importing it (pure).
import { AUTOSCALING_GROUP, AUTOSCALING_V1ALPHA1_VERSION, POD_AUTOSCALER_KIND } from '../autoscaling/v1alpha1/pod-autoscaler.types.js';
import { INGRESS_KIND, NETWORKING_GROUP, NETWORKING_V1ALPHA1_VERSION } from '../networking/v1alpha1/ingress.types.js';
import { SERVERLESS_SERVICE_KIND } from '../networking/v1alpha1/serverless-service.types.js';
import { CONFIGURATION_KIND } from '../serving/v1/configuration.types.js';
import { SERVING_GROUP, SERVING_V1_VERSION } from '../serving/v1/register.js';
import { REVISION_KIND } from '../serving/v1/revision.types.js';
import { ROUTE_KIND } from '../serving/v1/route.types.js';
import { SERVICE_KIND } from '../serving/v1/service.types.js';
import { DOMAIN_MAPPING_KIND, SERVING_V1BETA1_VERSION } from '../serving/v1beta1/domain-mapping.types.js';

/** One kind on the API server (assignable to @ebb/kube's `ResourceType`). */
export interface KnativeResourceType {
  /** The API group. */
  readonly group: string;
  readonly version: string;
  /** The plural resource name in paths, e.g. `services`. */
  readonly plural: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

/** The serving, autoscaling and networking kinds of Knative, by kind. */
export const KnativeResources = {
  service: { group: SERVING_GROUP, version: SERVING_V1_VERSION, plural: 'services', kind: SERVICE_KIND, namespaced: true },
  configuration: { group: SERVING_GROUP, version: SERVING_V1_VERSION, plural: 'configurations', kind: CONFIGURATION_KIND, namespaced: true },
  revision: { group: SERVING_GROUP, version: SERVING_V1_VERSION, plural: 'revisions', kind: REVISION_KIND, namespaced: true },
  route: { group: SERVING_GROUP, version: SERVING_V1_VERSION, plural: 'routes', kind: ROUTE_KIND, namespaced: true },
  domainMapping: { group: SERVING_GROUP, version: SERVING_V1BETA1_VERSION, plural: 'domainmappings', kind: DOMAIN_MAPPING_KIND, namespaced: true },
  podAutoscaler: { group: AUTOSCALING_GROUP, version: AUTOSCALING_V1ALPHA1_VERSION, plural: 'podautoscalers', kind: POD_AUTOSCALER_KIND, namespaced: true },
  ingress: { group: NETWORKING_GROUP, version: NETWORKING_V1ALPHA1_VERSION, plural: 'ingresses', kind: INGRESS_KIND, namespaced: true },
  serverlessService: { group: NETWORKING_GROUP, version: NETWORKING_V1ALPHA1_VERSION, plural: 'serverlessservices', kind: SERVERLESS_SERVICE_KIND, namespaced: true },
} as const satisfies Record<string, KnativeResourceType>;
