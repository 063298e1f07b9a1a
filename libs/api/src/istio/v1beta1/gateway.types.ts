// Istio's `networking.istio.io` Gateway as TypeBox schemas: Knative's shared gateways and the
// per-Ingress TLS/HTTP gateways net-istio builds (ISTIO.md §2, §5: selector, servers with port,
// hosts and `tls {mode: SIMPLE, credentialName}` or `{httpsRedirect: true}`), plus the rest of
// Istio's server TLS settings a user may apply. Field names and types follow Istio's proto JSON
// (networking/v1beta1/gateway.proto); descriptions are Istio's, shortened.
import Type, { type Static, type TLiteral, type TUnion } from 'typebox';
import { ObjectMetaSchema, StringMapSchema } from '../../core/meta.js';
import { IstioStatusSchema, Uint32Schema } from './common.types.js';
import { GATEWAY_KIND, ISTIO_API_VERSION } from './register.js';

/** A port a gateway server listens on. */
export const PortSchema = Type.Object(
  {
    number: Uint32Schema('A valid non-negative integer port number.'),
    protocol: Type.String({ description: 'The protocol exposed on the port: HTTP|HTTPS|GRPC|GRPC-WEB|HTTP2|MONGO|TCP|TLS.' }),
    name: Type.String({ description: 'Label assigned to the port.' }),
    targetPort: Type.Optional(Uint32Schema('The port number on the endpoint where the traffic will be received (deprecated).')),
  },
  { description: 'The Port on which the proxy should listen for incoming connections.' },
);
/** A {@link PortSchema} value. */
export type Port = Static<typeof PortSchema>;

/** How a server port is secured (`ServerTLSSettings.TLSmode`). */
export const ServerTLSMode = {
  PASSTHROUGH: 'PASSTHROUGH',
  SIMPLE: 'SIMPLE',
  MUTUAL: 'MUTUAL',
  AUTO_PASSTHROUGH: 'AUTO_PASSTHROUGH',
  ISTIO_MUTUAL: 'ISTIO_MUTUAL',
  OPTIONAL_MUTUAL: 'OPTIONAL_MUTUAL',
} as const;
/** One of {@link ServerTLSMode}. */
export type ServerTLSMode = (typeof ServerTLSMode)[keyof typeof ServerTLSMode];

const TLS_VERSIONS = ['TLS_AUTO', 'TLSV1_0', 'TLSV1_1', 'TLSV1_2', 'TLSV1_3'] as const;

/** A TLS protocol version field (`ServerTLSSettings.TLSProtocol`); the literals spelled out so the static type keeps them. */
function TlsVersionSchema(description: string): TUnion<[TLiteral<'TLS_AUTO'>, TLiteral<'TLSV1_0'>, TLiteral<'TLSV1_1'>, TLiteral<'TLSV1_2'>, TLiteral<'TLSV1_3'>]> {
  return Type.Union([Type.Literal('TLS_AUTO'), Type.Literal('TLSV1_0'), Type.Literal('TLSV1_1'), Type.Literal('TLSV1_2'), Type.Literal('TLSV1_3')], {
    description: `${description} Valid Options: ${TLS_VERSIONS.join(', ')}.`,
  });
}
const SIMPLE_OR_MUTUAL = 'REQUIRED if mode is `SIMPLE` or `MUTUAL`.';

/** The TLS settings of a gateway server. */
export const ServerTLSSettingsSchema = Type.Object(
  {
    httpsRedirect: Type.Optional(
      Type.Boolean({ description: 'If set to true, the load balancer will send a 301 redirect for all http connections, asking the clients to use HTTPS.' }),
    ),
    mode: Type.Optional(
      Type.Union(
        [
          Type.Literal(ServerTLSMode.PASSTHROUGH),
          Type.Literal(ServerTLSMode.SIMPLE),
          Type.Literal(ServerTLSMode.MUTUAL),
          Type.Literal(ServerTLSMode.AUTO_PASSTHROUGH),
          Type.Literal(ServerTLSMode.ISTIO_MUTUAL),
          Type.Literal(ServerTLSMode.OPTIONAL_MUTUAL),
        ],
        {
          description:
            'Optional: Indicates whether connections to this port should be secured using TLS. Valid Options: PASSTHROUGH, SIMPLE, MUTUAL, AUTO_PASSTHROUGH, ISTIO_MUTUAL, OPTIONAL_MUTUAL.',
        },
      ),
    ),
    serverCertificate: Type.Optional(Type.String({ description: SIMPLE_OR_MUTUAL })),
    privateKey: Type.Optional(Type.String({ description: SIMPLE_OR_MUTUAL })),
    caCertificates: Type.Optional(Type.String({ description: 'REQUIRED if mode is `MUTUAL` or `OPTIONAL_MUTUAL`.' })),
    caCrl: Type.Optional(
      Type.String({ description: 'OPTIONAL: The path to the file containing the certificate revocation list (CRL) to use in verifying a presented client side certificate.' }),
    ),
    credentialName: Type.Optional(
      Type.String({ description: 'For gateways running on Kubernetes, the name of the secret that holds the TLS certs including the CA certificates.' }),
    ),
    credentialNames: Type.Optional(
      Type.Array(Type.String(), { minItems: 1, maxItems: 2, description: 'Same as CredentialName but for multiple certificates.' }),
    ),
    caCertCredentialName: Type.Optional(
      Type.String({ description: 'For mutual TLS, the name of the secret or the configmap that holds CA certificates.' }),
    ),
    tlsCertificates: Type.Optional(
      Type.Array(
        Type.Object({
          serverCertificate: Type.Optional(Type.String({ description: SIMPLE_OR_MUTUAL })),
          privateKey: Type.Optional(Type.String({ description: SIMPLE_OR_MUTUAL })),
          caCertificates: Type.Optional(Type.String()),
        }),
        {
          minItems: 1,
          maxItems: 2,
          description: 'Only one of `server_certificate`, `private_key` or `credential_name` or `credential_names` or `tls_certificates` should be specified.',
        },
      ),
    ),
    subjectAltNames: Type.Optional(
      Type.Array(Type.String(), { description: 'A list of alternate names to verify the subject identity in the certificate presented by the client.' }),
    ),
    verifyCertificateSpki: Type.Optional(
      Type.Array(Type.String(), { description: 'An optional list of base64-encoded SHA-256 hashes of the SPKIs of authorized client certificates.' }),
    ),
    verifyCertificateHash: Type.Optional(
      Type.Array(Type.String(), { description: 'An optional list of hex-encoded SHA-256 hashes of the authorized client certificates.' }),
    ),
    minProtocolVersion: Type.Optional(TlsVersionSchema('Optional: Minimum TLS protocol version.')),
    maxProtocolVersion: Type.Optional(TlsVersionSchema('Optional: Maximum TLS protocol version.')),
    cipherSuites: Type.Optional(Type.Array(Type.String(), { description: 'Optional: If specified, only support the specified cipher list.' })),
  },
  { description: "Set of TLS related options that govern the server's behavior." },
);
/** A {@link ServerTLSSettingsSchema} value. */
export type ServerTLSSettings = Static<typeof ServerTLSSettingsSchema>;

/** One listener of a gateway: port, hosts and TLS. */
export const ServerSchema = Type.Object(
  {
    port: PortSchema,
    bind: Type.Optional(Type.String({ description: 'The ip or the Unix domain socket to which the listener should be bound to.' })),
    hosts: Type.Array(Type.String(), { description: 'One or more hosts exposed by this gateway.' }),
    tls: Type.Optional(ServerTLSSettingsSchema),
    defaultEndpoint: Type.Optional(Type.String({ description: 'The loopback IP endpoint or Unix domain socket to which traffic should be forwarded to by default.' })),
    name: Type.Optional(Type.String({ description: 'An optional name of the server, when set must be unique across all servers.' })),
  },
  { description: 'Server describes the properties of the proxy on a given load balancer port.' },
);
/** A {@link ServerSchema} value. */
export type Server = Static<typeof ServerSchema>;

/** `Gateway.spec`. */
export const GatewaySpecSchema = Type.Object(
  {
    servers: Type.Optional(Type.Array(ServerSchema, { description: 'A list of server specifications.' })),
    selector: Type.Optional(
      StringMapSchema('One or more labels that indicate a specific set of pods/VMs on which this gateway configuration should be applied.'),
    ),
  },
  { description: 'Configuration affecting edge load balancer. See more details at: https://istio.io/docs/reference/config/networking/gateway.html' },
);
/** A {@link GatewaySpecSchema} value. */
export type GatewaySpec = Static<typeof GatewaySpecSchema>;

/** A `networking.istio.io/v1beta1` Gateway. */
export const GatewaySchema = Type.Object(
  {
    apiVersion: Type.Optional(Type.Literal(ISTIO_API_VERSION)),
    kind: Type.Optional(Type.Literal(GATEWAY_KIND)),
    metadata: Type.Optional(ObjectMetaSchema),
    spec: Type.Optional(GatewaySpecSchema),
    status: Type.Optional(IstioStatusSchema),
  },
  { description: 'Gateway describes a load balancer operating at the edge of the mesh receiving incoming or outgoing HTTP/TCP connections.' },
);
/** A {@link GatewaySchema} value. */
export type Gateway = Static<typeof GatewaySchema>;
