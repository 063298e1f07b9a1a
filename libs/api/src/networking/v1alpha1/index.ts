/** `networking.internal.knative.dev/v1alpha1`: Ingress. */
export {
  HTTPIngressPathSchema,
  HTTPOption,
  HeaderMatchSchema,
  INGRESS_API_VERSION,
  INGRESS_KIND,
  IngressBackendSplitSchema,
  IngressRuleSchema,
  IngressSchema,
  IngressSpecSchema,
  IngressStatusSchema,
  IngressTLSSchema,
  IngressVisibility,
  LoadBalancerStatusSchema,
  NETWORKING_GROUP,
  NETWORKING_V1ALPHA1_VERSION,
} from './ingress.types.js';
export type { HTTPIngressPath, Ingress, IngressBackendSplit, IngressRule, IngressSpec, IngressStatus } from './ingress.types.js';
export * from './ingress.lifecycle.js';
export {
  SERVERLESS_SERVICE_API_VERSION,
  SERVERLESS_SERVICE_KIND,
  ServerlessServiceMode,
  ServerlessServiceSchema,
  ServerlessServiceSpecSchema,
  ServerlessServiceStatusSchema,
} from './serverless-service.types.js';
export type { ServerlessService, ServerlessServiceSpec, ServerlessServiceStatus } from './serverless-service.types.js';
export * from './serverless-service.lifecycle.js';
