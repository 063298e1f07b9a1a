/** `autoscaling.internal.knative.dev/v1alpha1`: PodAutoscaler. */
export {
  AUTOSCALING_GROUP,
  AUTOSCALING_V1ALPHA1_VERSION,
  POD_AUTOSCALER_API_VERSION,
  POD_AUTOSCALER_KIND,
  PodAutoscalerSchema,
  PodAutoscalerSpecSchema,
  PodAutoscalerStatusSchema,
  ProtocolType,
  Reachability,
} from './pod-autoscaler.types.js';
export type { PodAutoscaler, PodAutoscalerSpec, PodAutoscalerStatus } from './pod-autoscaler.types.js';
export * from './pod-autoscaler.lifecycle.js';
