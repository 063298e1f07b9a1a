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
