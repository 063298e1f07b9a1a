import Type, { type Static } from 'typebox';
import { StatusSchema } from '../../core/condition.js';
import { ObjectMetaSchema } from '../../core/meta.js';
import { configurationSpecProperties, configurationStatusFieldsProperties } from './configuration.types.js';
import { SERVING_V1_API_VERSION } from './register.js';
import { routeSpecProperties, routeStatusFieldsProperties } from './route.types.js';

/** `apiVersion` of a Service. */
export const SERVICE_API_VERSION = SERVING_V1_API_VERSION;
/** `kind` of a Service. */
export const SERVICE_KIND = 'Service';

/** `ServiceSpec`: inlined ConfigurationSpec (`template`) + inlined RouteSpec (`traffic`), API.md §1.5. */
export const ServiceSpecSchema = Type.Object(
  { ...configurationSpecProperties, ...routeSpecProperties },
  { description: 'ServiceSpec represents the configuration for the Service object.' },
);
/** A {@link ServiceSpecSchema} value. */
export type ServiceSpec = Static<typeof ServiceSpecSchema>;

/** `ServiceStatus`: duck Status + ConfigurationStatusFields + RouteStatusFields. */
export const ServiceStatusSchema = Type.Object(
  { ...StatusSchema.properties, ...configurationStatusFieldsProperties, ...routeStatusFieldsProperties },
  { description: 'ServiceStatus represents the Status stanza of the Service resource.' },
);
/** A {@link ServiceStatusSchema} value. */
export type ServiceStatus = Static<typeof ServiceStatusSchema>;

/** A `serving.knative.dev/v1` Service. */
export const ServiceSchema = Type.Object(
  {
    apiVersion: Type.Optional(Type.Literal(SERVICE_API_VERSION)),
    kind: Type.Optional(Type.Literal(SERVICE_KIND)),
    metadata: Type.Optional(ObjectMetaSchema),
    spec: Type.Optional(ServiceSpecSchema),
    status: Type.Optional(ServiceStatusSchema),
  },
  {
    description:
      'Service acts as a top-level container that manages a Route and Configuration which implement a network service. Service exists to provide a singular abstraction which can be access controlled, reasoned about, and which encapsulates software lifecycle decisions such as rollout policy and team resource ownership.',
  },
);
/** A {@link ServiceSchema} value. */
export type Service = Static<typeof ServiceSchema>;
