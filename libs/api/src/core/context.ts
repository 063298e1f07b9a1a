import type { AutoscalerConfig, DefaultsConfig, FeaturesConfig } from '@ebb/config';

/** The admission operation an object is defaulted or validated for. */
export const Operation = { Create: 'CREATE', Update: 'UPDATE', Delete: 'DELETE' } as const;
/** One of {@link Operation}. */
export type Operation = (typeof Operation)[keyof typeof Operation];

/** The ConfigMaps that drive defaulting and validation (Knative reads them from its context; we pass them in). */
export interface ApiConfig {
  /** config-defaults. */
  readonly defaults: DefaultsConfig;
  /** config-features: which optional PodSpec fields are allowed. */
  readonly features: FeaturesConfig;
  /** config-autoscaler: bounds for the autoscaling annotations. */
  readonly autoscaler: AutoscalerConfig;
}

/** What validation needs besides the object itself. */
export interface ValidationContext extends ApiConfig {
  readonly operation: Operation;
  /** The object before an UPDATE (same kind); absent on CREATE. */
  readonly oldObject?: unknown;
  /** The subresource written (e.g. `status`); status writes skip metadata/spec validation. */
  readonly subresource?: string;
}

/** What defaulting needs besides the object itself. */
export interface DefaultingContext extends ApiConfig {
  readonly operation: Operation;
  /** The object before an UPDATE (same kind); absent on CREATE. */
  readonly oldObject?: unknown;
  /** The requesting user's name (AdmissionReview `request.userInfo.username`), for creator/lastModifier. */
  readonly user?: string;
}
