import Type, { type Static } from 'typebox';
import { StatusSchema } from '../../core/condition.js';
import { ObjectMetaSchema } from '../../core/meta.js';
import { SERVING_V1_API_VERSION } from './register.js';
import { RevisionTemplateSpecSchema } from './revision.types.js';

/** `apiVersion` of a Configuration. */
export const CONFIGURATION_API_VERSION = SERVING_V1_API_VERSION;
/** `kind` of a Configuration. */
export const CONFIGURATION_KIND = 'Configuration';

/** Properties of `ConfigurationSpec` (inlined into `ServiceSpec`). */
export const configurationSpecProperties = { template: Type.Optional(RevisionTemplateSpecSchema) };

/** Properties of `ConfigurationStatusFields` (inlined into `ServiceStatus`). */
export const configurationStatusFieldsProperties = {
  latestReadyRevisionName: Type.Optional(
    Type.String({ description: 'LatestReadyRevisionName holds the name of the latest Revision stamped out from this Configuration that has had its "Ready" condition become "True".' }),
  ),
  latestCreatedRevisionName: Type.Optional(
    Type.String({ description: 'LatestCreatedRevisionName is the last revision that was created from this Configuration. It might not be ready yet.' }),
  ),
};

/** `ConfigurationSpec`: the revision template. */
export const ConfigurationSpecSchema = Type.Object(configurationSpecProperties, {
  description: 'ConfigurationSpec holds the desired state of the Configuration (from the client).',
});
/** A {@link ConfigurationSpecSchema} value. */
export type ConfigurationSpec = Static<typeof ConfigurationSpecSchema>;

/** `ConfigurationStatus`: duck Status + latestCreated/latestReady revision names. */
export const ConfigurationStatusSchema = Type.Object(
  { ...StatusSchema.properties, ...configurationStatusFieldsProperties },
  { description: 'ConfigurationStatus communicates the observed state of the Configuration (from the controller).' },
);
/** A {@link ConfigurationStatusSchema} value. */
export type ConfigurationStatus = Static<typeof ConfigurationStatusSchema>;

/** A `serving.knative.dev/v1` Configuration. */
export const ConfigurationSchema = Type.Object(
  {
    apiVersion: Type.Optional(Type.Literal(CONFIGURATION_API_VERSION)),
    kind: Type.Optional(Type.Literal(CONFIGURATION_KIND)),
    metadata: Type.Optional(ObjectMetaSchema),
    spec: Type.Optional(ConfigurationSpecSchema),
    status: Type.Optional(ConfigurationStatusSchema),
  },
  {
    description:
      'Configuration represents the "floating HEAD" of a linear history of Revisions. Users create new Revisions by updating the Configuration\'s spec.',
  },
);
/** A {@link ConfigurationSchema} value. */
export type Configuration = Static<typeof ConfigurationSchema>;
