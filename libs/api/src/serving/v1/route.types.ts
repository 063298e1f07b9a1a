import Type, { type Static } from 'typebox';
import { StatusSchema } from '../../core/condition.js';
import { ObjectMetaSchema } from '../../core/meta.js';
import { SERVING_V1_API_VERSION } from './register.js';

/** `apiVersion` of a Route. */
export const ROUTE_API_VERSION = SERVING_V1_API_VERSION;
/** `kind` of a Route. */
export const ROUTE_KIND = 'Route';

/** One traffic target of a Route or Service (`TrafficTarget`, API.md §1.4); the same shape in spec and status. */
export const TrafficTargetSchema = Type.Object(
  {
    tag: Type.Optional(Type.String({ description: 'Tag is optionally used to expose a dedicated url for referencing this target exclusively.' })),
    revisionName: Type.Optional(Type.String({ description: 'RevisionName of a specific revision to which to send this portion of traffic.' })),
    configurationName: Type.Optional(
      Type.String({
        description:
          "ConfigurationName of a configuration to whose latest revision we will send this portion of traffic. Never set in status.",
      }),
    ),
    latestRevision: Type.Optional(
      Type.Boolean({ description: 'LatestRevision may be optionally provided to indicate that the latest ready Revision of the Configuration should be used for this traffic target.' }),
    ),
    percent: Type.Optional(
      Type.Integer({ description: 'Percent indicates that percentage based routing should be used and the value indicates the percent of traffic that is routed to this Revision or Configuration.' }),
    ),
    url: Type.Optional(Type.String({ description: 'URL displays the URL for accessing named traffic targets. Set in status only.' })),
  },
  { description: 'TrafficTarget holds a single entry of the routing table for a Route.' },
);
/** A {@link TrafficTargetSchema} value. */
export type TrafficTarget = Static<typeof TrafficTargetSchema>;

/** An addressable's address (knative/pkg duck `Addressable`: `{name?, url, CACerts?, audience?}`). */
export const AddressSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ description: 'Name is the name of the address.' })),
    url: Type.Optional(Type.String({ description: 'URL of the address.' })),
    CACerts: Type.Optional(Type.String({ description: 'CACerts is the Certification Authority (CA) certificates in PEM format.' })),
    audience: Type.Optional(Type.String({ description: 'Audience is the OIDC audience for this address.' })),
  },
  { description: 'Address holds the information needed for a Route to be the target of an event.' },
);
/** An {@link AddressSchema} value. */
export type Address = Static<typeof AddressSchema>;

const trafficProperty = Type.Optional(
  Type.Array(TrafficTargetSchema, { description: 'Traffic specifies how to distribute traffic over a collection of revisions and configurations.' }),
);

/** Properties of `RouteSpec` (inlined into `ServiceSpec`). */
export const routeSpecProperties = { traffic: trafficProperty };

/** Properties of `RouteStatusFields` (inlined into `ServiceStatus`, API.md §1.4/§7). */
export const routeStatusFieldsProperties = {
  url: Type.Optional(Type.String({ description: 'URL holds the url that will distribute traffic over the provided traffic targets.' })),
  address: Type.Optional(AddressSchema),
  traffic: Type.Optional(
    Type.Array(TrafficTargetSchema, { description: 'Traffic holds the configured traffic distribution, resolved to concrete revisions.' }),
  ),
};

/** `RouteSpec`: the traffic targets. */
export const RouteSpecSchema = Type.Object(routeSpecProperties, {
  description: 'Spec holds the desired state of the Route (from the client).',
});
/** A {@link RouteSpecSchema} value. */
export type RouteSpec = Static<typeof RouteSpecSchema>;

/** `RouteStatus`: duck Status + url, address, traffic. */
export const RouteStatusSchema = Type.Object(
  { ...StatusSchema.properties, ...routeStatusFieldsProperties },
  { description: 'Status communicates the observed state of the Route (from the controller).' },
);
/** A {@link RouteStatusSchema} value. */
export type RouteStatus = Static<typeof RouteStatusSchema>;

/** A `serving.knative.dev/v1` Route. */
export const RouteSchema = Type.Object(
  {
    apiVersion: Type.Optional(Type.Literal(ROUTE_API_VERSION)),
    kind: Type.Optional(Type.Literal(ROUTE_KIND)),
    metadata: Type.Optional(ObjectMetaSchema),
    spec: Type.Optional(RouteSpecSchema),
    status: Type.Optional(RouteStatusSchema),
  },
  {
    description:
      'Route is responsible for configuring ingress over a collection of Revisions. Some of the Revisions a Route distributes traffic over may be specified by referencing the Configuration responsible for creating them.',
  },
);
/** A {@link RouteSchema} value. */
export type Route = Static<typeof RouteSchema>;
