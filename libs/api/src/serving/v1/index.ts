/** `serving.knative.dev/v1`: Service, Configuration, Revision, Route. */
export { SERVING_GROUP, SERVING_V1_API_VERSION, SERVING_V1_VERSION } from './register.js';
export { SERVICE_API_VERSION, SERVICE_KIND, ServiceSchema, ServiceSpecSchema, ServiceStatusSchema } from './service.types.js';
export type { Service, ServiceSpec, ServiceStatus } from './service.types.js';
export {
  CONFIGURATION_API_VERSION,
  CONFIGURATION_KIND,
  ConfigurationSchema,
  ConfigurationSpecSchema,
  ConfigurationStatusSchema,
} from './configuration.types.js';
export type { Configuration, ConfigurationSpec, ConfigurationStatus } from './configuration.types.js';
export {
  ContainerStatusSchema,
  REVISION_API_VERSION,
  REVISION_KIND,
  RevisionSchema,
  RevisionSpecSchema,
  RevisionStatusSchema,
  RevisionTemplateSpecSchema,
} from './revision.types.js';
export type { ContainerStatus, Revision, RevisionSpec, RevisionStatus, RevisionTemplateSpec } from './revision.types.js';
export {
  AddressSchema,
  ROUTE_API_VERSION,
  ROUTE_KIND,
  RouteSchema,
  RouteSpecSchema,
  RouteStatusSchema,
  TrafficTargetSchema,
} from './route.types.js';
export type { Address, Route, RouteSpec, RouteStatus, TrafficTarget } from './route.types.js';
export * from './service.lifecycle.js';
export * from './configuration.lifecycle.js';
export * from './revision.lifecycle.js';
export * from './route.lifecycle.js';
