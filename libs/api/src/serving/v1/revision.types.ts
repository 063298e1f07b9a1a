import Type, { type Static } from 'typebox';
import { StatusSchema } from '../../core/condition.js';
import { ObjectMetaSchema, TemplateMetaSchema } from '../../core/meta.js';
import { podSpecProperties } from '../../core/podspec.js';
import { SERVING_V1_API_VERSION } from './register.js';

/** `apiVersion` of a Revision. */
export const REVISION_API_VERSION = SERVING_V1_API_VERSION;
/** `kind` of a Revision. */
export const REVISION_KIND = 'Revision';

/** `RevisionSpec`: the PodSpec subset (API.md §3) plus Knative's four fields (API.md §1.2). */
export const RevisionSpecSchema = Type.Object(
  {
    ...podSpecProperties,
    containerConcurrency: Type.Optional(
      Type.Integer({
        description:
          'ContainerConcurrency specifies the maximum allowed in-flight (concurrent) requests per container of the Revision. Defaults to 0 which means concurrency to the application is not limited, and the system decides the target concurrency for the autoscaler.',
      }),
    ),
    timeoutSeconds: Type.Optional(
      Type.Integer({ description: 'TimeoutSeconds is the maximum duration in seconds that the request instance is allowed to respond to a request.' }),
    ),
    responseStartTimeoutSeconds: Type.Optional(
      Type.Integer({ description: 'ResponseStartTimeoutSeconds is the maximum duration in seconds that the request routing layer will wait for a request delivered to a container to begin sending any network traffic.' }),
    ),
    idleTimeoutSeconds: Type.Optional(
      Type.Integer({ description: 'IdleTimeoutSeconds is the maximum duration in seconds a request will be allowed to stay open while not receiving any bytes from the user\'s application.' }),
    ),
  },
  { description: 'RevisionSpec holds the desired state of the Revision (from the client).' },
);
/** A {@link RevisionSpecSchema} value. */
export type RevisionSpec = Static<typeof RevisionSpecSchema>;

/** `RevisionTemplateSpec`: `{metadata (unknown fields preserved), spec: RevisionSpec}`. */
export const RevisionTemplateSpecSchema = Type.Object(
  {
    metadata: Type.Optional(TemplateMetaSchema),
    spec: Type.Optional(RevisionSpecSchema),
  },
  { description: 'Template holds the latest specification for the Revision to be stamped out.' },
);
/** A {@link RevisionTemplateSpecSchema} value. */
export type RevisionTemplateSpec = Static<typeof RevisionTemplateSpecSchema>;

/** A container's resolved image (`ContainerStatus`). */
export const ContainerStatusSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ description: 'Name of the container.' })),
    imageDigest: Type.Optional(Type.String({ description: 'ImageDigest is the resolved digest of the container image.' })),
  },
  { description: 'ContainerStatus holds the information of container name and image digest value.' },
);
/** A {@link ContainerStatusSchema} value. */
export type ContainerStatus = Static<typeof ContainerStatusSchema>;

/** `RevisionStatus`: duck Status + logUrl, container statuses and replica counts. */
export const RevisionStatusSchema = Type.Object(
  {
    ...StatusSchema.properties,
    logUrl: Type.Optional(Type.String({ description: 'LogURL specifies the generated logging url for this particular revision.' })),
    containerStatuses: Type.Optional(
      Type.Array(ContainerStatusSchema, { description: 'ContainerStatuses is a slice of images present in .Spec.Container[*].Image to their respective digests, in spec order.' }),
    ),
    initContainerStatuses: Type.Optional(
      Type.Array(ContainerStatusSchema, { description: 'InitContainerStatuses is a slice of images present in .Spec.InitContainer[*].Image to their respective digests, in spec order.' }),
    ),
    actualReplicas: Type.Optional(Type.Integer({ description: 'ActualReplicas reflects the amount of ready pods running this revision.' })),
    desiredReplicas: Type.Optional(Type.Integer({ description: 'DesiredReplicas reflects the desired amount of pods running this revision.' })),
  },
  { description: 'RevisionStatus communicates the observed state of the Revision (from the controller).' },
);
/** A {@link RevisionStatusSchema} value. */
export type RevisionStatus = Static<typeof RevisionStatusSchema>;

/** A `serving.knative.dev/v1` Revision. */
export const RevisionSchema = Type.Object(
  {
    apiVersion: Type.Optional(Type.Literal(REVISION_API_VERSION)),
    kind: Type.Optional(Type.Literal(REVISION_KIND)),
    metadata: Type.Optional(ObjectMetaSchema),
    spec: Type.Optional(RevisionSpecSchema),
    status: Type.Optional(RevisionStatusSchema),
  },
  { description: 'Revision is an immutable snapshot of code and configuration.' },
);
/** A {@link RevisionSchema} value. */
export type Revision = Static<typeof RevisionSchema>;
