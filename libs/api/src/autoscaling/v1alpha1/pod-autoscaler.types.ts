import Type, { type Static } from 'typebox';
import { StatusSchema } from '../../core/condition.js';
import { ObjectMetaSchema } from '../../core/meta.js';

/** The API group of the PodAutoscaler kind. */
export const AUTOSCALING_GROUP = 'autoscaling.internal.knative.dev';
/** The version of the PodAutoscaler kind. */
export const AUTOSCALING_V1ALPHA1_VERSION = 'v1alpha1';
/** `apiVersion` of a PodAutoscaler. */
export const POD_AUTOSCALER_API_VERSION = 'autoscaling.internal.knative.dev/v1alpha1';
/** `kind` of a PodAutoscaler. */
export const POD_AUTOSCALER_KIND = 'PodAutoscaler';

/** Whether the scale target is reachable through a Route (`ReachabilityType`); '' = unknown. */
export const Reachability = { Unknown: '', Reachable: 'Reachable', Unreachable: 'Unreachable' } as const;
/** One of {@link Reachability}. */
export type Reachability = (typeof Reachability)[keyof typeof Reachability];

/** The protocol the scale target speaks (`networking.ProtocolType`). */
export const ProtocolType = { HTTP1: 'http1', H2C: 'h2c' } as const;
/** One of {@link ProtocolType}. */
export type ProtocolType = (typeof ProtocolType)[keyof typeof ProtocolType];

/** `PodAutoscalerSpec`. */
export const PodAutoscalerSpecSchema = Type.Object(
  {
    containerConcurrency: Type.Optional(
      Type.Integer({ description: 'ContainerConcurrency specifies the maximum allowed in-flight (concurrent) requests per container of the Revision. Defaults to 0 which means unlimited concurrency.' }),
    ),
    scaleTargetRef: Type.Optional(
      Type.Object(
        {
          apiVersion: Type.Optional(Type.String({ description: 'API version of the referent.' })),
          kind: Type.Optional(Type.String({ description: 'Kind of the referent.' })),
          name: Type.Optional(Type.String({ description: 'Name of the referent.' })),
        },
        { description: 'ScaleTargetRef defines the /scale-able resource that this PodAutoscaler is responsible for quickly right-sizing.' },
      ),
    ),
    reachability: Type.Optional(
      Type.Union([Type.Literal(''), Type.Literal('Reachable'), Type.Literal('Unreachable')], {
        description: 'Reachability specifies whether or not the ScaleTargetRef can be reached (ie. has a route). Defaults to ReachabilityUnknown.',
      }),
    ),
    protocolType: Type.Optional(
      Type.Union([Type.Literal('http1'), Type.Literal('h2c')], { description: 'The application-layer protocol. Matches ProtocolType inferred from the revision spec.' }),
    ),
  },
  { description: 'Spec holds the desired state of the PodAutoscaler (from the client).' },
);
/** A {@link PodAutoscalerSpecSchema} value. */
export type PodAutoscalerSpec = Static<typeof PodAutoscalerSpecSchema>;

/** `PodAutoscalerStatus`: duck Status + service names and scales. */
export const PodAutoscalerStatusSchema = Type.Object(
  {
    ...StatusSchema.properties,
    serviceName: Type.Optional(Type.String({ description: 'ServiceName is the K8s Service name that serves the revision, scaled by this PA.' })),
    metricsServiceName: Type.Optional(Type.String({ description: 'MetricsServiceName is the K8s Service name that provides revision metrics.' })),
    desiredScale: Type.Optional(Type.Integer({ description: 'DesiredScale shows the current desired number of replicas for the revision.' })),
    actualScale: Type.Optional(Type.Integer({ description: 'ActualScale shows the actual number of replicas for the revision.' })),
  },
  { description: 'Status communicates the observed state of the PodAutoscaler (from the controller).' },
);
/** A {@link PodAutoscalerStatusSchema} value. */
export type PodAutoscalerStatus = Static<typeof PodAutoscalerStatusSchema>;

/** An `autoscaling.internal.knative.dev/v1alpha1` PodAutoscaler. */
export const PodAutoscalerSchema = Type.Object(
  {
    apiVersion: Type.Optional(Type.Literal(POD_AUTOSCALER_API_VERSION)),
    kind: Type.Optional(Type.Literal(POD_AUTOSCALER_KIND)),
    metadata: Type.Optional(ObjectMetaSchema),
    spec: Type.Optional(PodAutoscalerSpecSchema),
    status: Type.Optional(PodAutoscalerStatusSchema),
  },
  { description: 'PodAutoscaler is a Knative abstraction that encapsulates the interface by which Knative components instantiate autoscalers.' },
);
/** A {@link PodAutoscalerSchema} value. */
export type PodAutoscaler = Static<typeof PodAutoscalerSchema>;
