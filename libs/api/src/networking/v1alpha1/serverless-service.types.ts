import Type, { type Static } from 'typebox';
import { StatusSchema } from '../../core/condition.js';
import { ObjectMetaSchema } from '../../core/meta.js';

/**
 * The ServerlessService (SKS, `networking.internal.knative.dev/v1alpha1`): per revision, whether
 * the data plane sends its requests to the pods directly (`Serve`) or through the activator
 * (`Proxy`), and how many activators take part. The PodAutoscaler reconciler writes the spec, the
 * SKS reconciler its status; the gateway reads the mode (Knative `serverlessservice_types.go`).
 */

/** `apiVersion` of a ServerlessService. */
export const SERVERLESS_SERVICE_API_VERSION = 'networking.internal.knative.dev/v1alpha1';
/** `kind` of a ServerlessService. */
export const SERVERLESS_SERVICE_KIND = 'ServerlessService';

/** How requests reach the revision (`ServerlessServiceOperationMode`). */
export const ServerlessServiceMode = {
  /** The pods serve requests directly. */
  Serve: 'Serve',
  /** The activator is in the path: it buffers while pods come up. */
  Proxy: 'Proxy',
} as const;
/** One of {@link ServerlessServiceMode}. */
export type ServerlessServiceMode = (typeof ServerlessServiceMode)[keyof typeof ServerlessServiceMode];

/** `ServerlessServiceSpec`. */
export const ServerlessServiceSpecSchema = Type.Object(
  {
    mode: Type.Union([Type.Literal('Serve'), Type.Literal('Proxy')], { description: 'Mode describes the mode of operation of the ServerlessService.' }),
    objectRef: Type.Object(
      {
        apiVersion: Type.Optional(Type.String({ description: 'API version of the referent.' })),
        kind: Type.Optional(Type.String({ description: 'Kind of the referent.' })),
        name: Type.Optional(Type.String({ description: 'Name of the referent.' })),
      },
      { description: 'ObjectRef defines the resource that this ServerlessService is responsible for making "serverless".' },
    ),
    protocolType: Type.Optional(
      Type.Union([Type.Literal('http1'), Type.Literal('h2c')], { description: 'The application-layer protocol. Matches `RevisionProtocolType` set on the owning pa/revision.' }),
    ),
    numActivators: Type.Optional(Type.Integer({ description: 'NumActivators contains number of Activators that this revision should be assigned. O means — assign all.' })),
  },
  { description: 'Spec is the desired state of the ServerlessService.' },
);
/** A {@link ServerlessServiceSpecSchema} value. */
export type ServerlessServiceSpec = Static<typeof ServerlessServiceSpecSchema>;

/** `ServerlessServiceStatus`: duck Status + the Services that front the revision. */
export const ServerlessServiceStatusSchema = Type.Object(
  {
    ...StatusSchema.properties,
    serviceName: Type.Optional(Type.String({ description: 'ServiceName holds the name of a core K8s Service resource that load balances over the pods backing this Revision (activator or revision).' })),
    privateServiceName: Type.Optional(Type.String({ description: 'PrivateServiceName holds the name of a core K8s Service resource that load balances over the user service pods backing this Revision.' })),
  },
  { description: 'Status is the current state of the ServerlessService.' },
);
/** A {@link ServerlessServiceStatusSchema} value. */
export type ServerlessServiceStatus = Static<typeof ServerlessServiceStatusSchema>;

/** A `networking.internal.knative.dev/v1alpha1` ServerlessService. */
export const ServerlessServiceSchema = Type.Object(
  {
    apiVersion: Type.Optional(Type.Literal(SERVERLESS_SERVICE_API_VERSION)),
    kind: Type.Optional(Type.Literal(SERVERLESS_SERVICE_KIND)),
    metadata: Type.Optional(ObjectMetaSchema),
    spec: Type.Optional(ServerlessServiceSpecSchema),
    status: Type.Optional(ServerlessServiceStatusSchema),
  },
  { description: 'ServerlessService is a proxy for the K8s service objects containing the endpoints for the revision, whether those are endpoints of the activator or revision pods.' },
);
/** A {@link ServerlessServiceSchema} value. */
export type ServerlessService = Static<typeof ServerlessServiceSchema>;
