/** `serving.knative.dev/v1beta1`: DomainMapping. */
export {
  DOMAIN_MAPPING_API_VERSION,
  DOMAIN_MAPPING_KIND,
  DomainMappingSchema,
  DomainMappingSpecSchema,
  DomainMappingStatusSchema,
  SERVING_V1BETA1_VERSION,
} from './domain-mapping.types.js';
export type { DomainMapping, DomainMappingSpec, DomainMappingStatus } from './domain-mapping.types.js';
