import Type, { type Static } from 'typebox';
import { StatusSchema } from '../../core/condition.js';
import { ObjectMetaSchema } from '../../core/meta.js';
import { AddressSchema } from '../v1/route.types.js';

/** The version of the DomainMapping kind. */
export const SERVING_V1BETA1_VERSION = 'v1beta1';
/** `apiVersion` of a DomainMapping. */
export const DOMAIN_MAPPING_API_VERSION = 'serving.knative.dev/v1beta1';
/** `kind` of a DomainMapping. */
export const DOMAIN_MAPPING_KIND = 'DomainMapping';

/** `DomainMappingSpec`: the Addressable to map to (`ref`) and optional TLS. */
export const DomainMappingSpecSchema = Type.Object(
  {
    ref: Type.Optional(
      Type.Object(
        {
          kind: Type.Optional(Type.String({ description: 'Kind of the referent.' })),
          namespace: Type.Optional(Type.String({ description: 'Namespace of the referent; must equal the DomainMapping\'s namespace.' })),
          name: Type.Optional(Type.String({ description: 'Name of the referent.' })),
          apiVersion: Type.Optional(Type.String({ description: 'API version of the referent.' })),
        },
        { description: 'Ref specifies which Addressable the DomainMapping is mapping to. The Addressable must be in the same namespace.' },
      ),
    ),
    tls: Type.Optional(
      Type.Object(
        { secretName: Type.Optional(Type.String({ description: 'SecretName is the name of the existing secret used to terminate TLS traffic.' })) },
        { description: 'TLS allows the DomainMapping to terminate TLS traffic with an existing secret.' },
      ),
    ),
  },
  { description: 'Spec is the desired state of the DomainMapping.' },
);
/** A {@link DomainMappingSpecSchema} value. */
export type DomainMappingSpec = Static<typeof DomainMappingSpecSchema>;

/** `DomainMappingStatus`: duck Status + url, address. */
export const DomainMappingStatusSchema = Type.Object(
  {
    ...StatusSchema.properties,
    url: Type.Optional(Type.String({ description: 'URL is the URL of this DomainMapping.' })),
    address: Type.Optional(AddressSchema),
  },
  { description: 'Status is the current state of the DomainMapping.' },
);
/** A {@link DomainMappingStatusSchema} value. */
export type DomainMappingStatus = Static<typeof DomainMappingStatusSchema>;

/** A `serving.knative.dev/v1beta1` DomainMapping (shape only). */
export const DomainMappingSchema = Type.Object(
  {
    apiVersion: Type.Optional(Type.Literal(DOMAIN_MAPPING_API_VERSION)),
    kind: Type.Optional(Type.Literal(DOMAIN_MAPPING_KIND)),
    metadata: Type.Optional(ObjectMetaSchema),
    spec: Type.Optional(DomainMappingSpecSchema),
    status: Type.Optional(DomainMappingStatusSchema),
  },
  { description: 'DomainMapping is a mapping from a custom hostname to an Addressable.' },
);
/** A {@link DomainMappingSchema} value. */
export type DomainMapping = Static<typeof DomainMappingSchema>;
