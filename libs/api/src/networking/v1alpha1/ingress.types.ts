import Type, { type Static } from 'typebox';
import { StatusSchema } from '../../core/condition.js';
import { IntOrStringSchema, ObjectMetaSchema, StringMapSchema } from '../../core/meta.js';

/** The API group of the Ingress kind. */
export const NETWORKING_GROUP = 'networking.internal.knative.dev';
/** The version of the Ingress kind. */
export const NETWORKING_V1ALPHA1_VERSION = 'v1alpha1';
/** `apiVersion` of an Ingress. */
export const INGRESS_API_VERSION = 'networking.internal.knative.dev/v1alpha1';
/** `kind` of an Ingress. */
export const INGRESS_KIND = 'Ingress';

/** Who may reach a rule's hosts (ISTIO.md §2 "Visibility"); defaulted to ExternalIP. */
export const IngressVisibility = { ExternalIP: 'ExternalIP', ClusterLocal: 'ClusterLocal' } as const;
/** One of {@link IngressVisibility}. */
export type IngressVisibility = (typeof IngressVisibility)[keyof typeof IngressVisibility];

/** What plain HTTP does when TLS is configured (ISTIO.md §5). */
export const HTTPOption = { Enabled: 'Enabled', Redirected: 'Redirected' } as const;
/** One of {@link HTTPOption}. */
export type HTTPOption = (typeof HTTPOption)[keyof typeof HTTPOption];

/** One backend of a path with its share of traffic (`IngressBackendSplit`). */
export const IngressBackendSplitSchema = Type.Object(
  {
    serviceNamespace: Type.String({ description: 'Specifies the namespace of the referenced service.' }),
    serviceName: Type.String({ description: 'Specifies the name of the referenced service.' }),
    servicePort: IntOrStringSchema('Specifies the port of the referenced service.'),
    percent: Type.Optional(Type.Integer({ description: 'Specifies the split percentage, a number between 0 and 100.' })),
    appendHeaders: Type.Optional(StringMapSchema('AppendHeaders allow specifying additional HTTP headers to add before forwarding a request to the destination service.')),
  },
  { description: 'IngressBackendSplit describes all endpoints for a given service and port.' },
);
/** An {@link IngressBackendSplitSchema} value. */
export type IngressBackendSplit = Static<typeof IngressBackendSplitSchema>;

/** An exact header match of a path. */
export const HeaderMatchSchema = Type.Object(
  { exact: Type.String({ description: 'Exact matches the header value exactly.' }) },
  { description: 'HeaderMatch represents a matching value of Headers in HTTPIngressPath.' },
);

/** One path of a rule (`HTTPIngressPath`). */
export const HTTPIngressPathSchema = Type.Object(
  {
    path: Type.Optional(Type.String({ description: 'Path represents a literal prefix to which this rule should apply.' })),
    rewriteHost: Type.Optional(Type.String({ description: 'RewriteHost rewrites the incoming request\'s host header.' })),
    headers: Type.Optional(
      Type.Record(Type.String(), HeaderMatchSchema, { description: 'Headers defines header matching rules which is a map from a header name to HeaderMatch.' }),
    ),
    splits: Type.Array(IngressBackendSplitSchema, { description: 'Splits defines the referenced service endpoints to which the traffic will be forwarded to.' }),
    appendHeaders: Type.Optional(StringMapSchema('AppendHeaders allow specifying additional HTTP headers to add before forwarding a request to the destination service.')),
  },
  { description: 'HTTPIngressPath associates a path regex with a backend.' },
);
/** An {@link HTTPIngressPathSchema} value. */
export type HTTPIngressPath = Static<typeof HTTPIngressPathSchema>;

/** One rule: hosts, visibility and HTTP paths (`IngressRule`). */
export const IngressRuleSchema = Type.Object(
  {
    hosts: Type.Optional(Type.Array(Type.String(), { description: 'Hosts is a list of hosts this rule applies to.' })),
    visibility: Type.Optional(
      Type.Union([Type.Literal('ExternalIP'), Type.Literal('ClusterLocal')], {
        description: 'Visibility signifies whether this rule should `ClusterLocal`. If it\'s not specified then it defaults to `ExternalIP`.',
      }),
    ),
    http: Type.Optional(
      Type.Object(
        { paths: Type.Array(HTTPIngressPathSchema, { description: 'A collection of paths that map requests to backends.' }) },
        { description: 'HTTP represents a rule to apply against incoming requests.' },
      ),
    ),
  },
  { description: 'IngressRule represents the rules mapping the paths under a specified host to the related backend services.' },
);
/** An {@link IngressRuleSchema} value. */
export type IngressRule = Static<typeof IngressRuleSchema>;

/** One TLS entry (`IngressTLS`). */
export const IngressTLSSchema = Type.Object(
  {
    hosts: Type.Optional(Type.Array(Type.String(), { description: 'Hosts is a list of hosts included in the TLS certificate.' })),
    secretName: Type.Optional(Type.String({ description: 'SecretName is the name of the secret used to terminate SSL traffic.' })),
    secretNamespace: Type.Optional(Type.String({ description: 'SecretNamespace is the namespace of the secret used to terminate SSL traffic.' })),
  },
  { description: 'IngressTLS describes the transport layer security associated with an Ingress.' },
);

/** `IngressSpec`. */
export const IngressSpecSchema = Type.Object(
  {
    tls: Type.Optional(Type.Array(IngressTLSSchema, { description: 'TLS configuration.' })),
    rules: Type.Optional(Type.Array(IngressRuleSchema, { description: 'A list of host rules used to configure the Ingress.' })),
    httpOption: Type.Optional(
      Type.Union([Type.Literal('Enabled'), Type.Literal('Redirected')], {
        description: 'HTTPOption is the option of HTTP. It has the following two values: `HTTPOptionEnabled`, `HTTPOptionRedirected`.',
      }),
    ),
  },
  { description: 'Spec is the desired state of the Ingress.' },
);
/** An {@link IngressSpecSchema} value. */
export type IngressSpec = Static<typeof IngressSpecSchema>;

/** A load balancer's ingress points (`LoadBalancerStatus`, ISTIO.md §3.5). */
export const LoadBalancerStatusSchema = Type.Object(
  {
    ingress: Type.Optional(
      Type.Array(
        Type.Object(
          {
            ip: Type.Optional(Type.String({ description: 'IP is set for load-balancer ingress points that are IP based.' })),
            domain: Type.Optional(Type.String({ description: 'Domain is set for load-balancer ingress points that are DNS based.' })),
            domainInternal: Type.Optional(Type.String({ description: 'DomainInternal is set if there is a cluster-local DNS name to access the Ingress.' })),
            meshOnly: Type.Optional(Type.Boolean({ description: 'MeshOnly is set if the Ingress is only load-balanced through a Service mesh.' })),
          },
          { description: 'LoadBalancerIngressStatus represents the status of a load-balancer ingress point.' },
        ),
        { description: 'Ingress is a list containing ingress points for the load-balancer.' },
      ),
    ),
  },
  { description: 'LoadBalancerStatus represents the status of a load-balancer.' },
);

/** `IngressStatus`: duck Status + public/private load balancers. */
export const IngressStatusSchema = Type.Object(
  {
    ...StatusSchema.properties,
    publicLoadBalancer: Type.Optional(Type.Object(LoadBalancerStatusSchema.properties, { description: 'PublicLoadBalancer contains the current status of the load-balancer.' })),
    privateLoadBalancer: Type.Optional(
      Type.Object(LoadBalancerStatusSchema.properties, { description: 'PrivateLoadBalancer contains the current status of the load-balancer.' }),
    ),
  },
  { description: 'Status is the current state of the Ingress.' },
);
/** An {@link IngressStatusSchema} value. */
export type IngressStatus = Static<typeof IngressStatusSchema>;

/** A `networking.internal.knative.dev/v1alpha1` Ingress. */
export const IngressSchema = Type.Object(
  {
    apiVersion: Type.Optional(Type.Literal(INGRESS_API_VERSION)),
    kind: Type.Optional(Type.Literal(INGRESS_KIND)),
    metadata: Type.Optional(ObjectMetaSchema),
    spec: Type.Optional(IngressSpecSchema),
    status: Type.Optional(IngressStatusSchema),
  },
  { description: 'Ingress is a collection of rules that allow inbound connections to reach the endpoints defined by a backend.' },
);
/** An {@link IngressSchema} value. */
export type Ingress = Static<typeof IngressSchema>;
