// Istio's `networking.istio.io` VirtualService as TypeBox schemas: the routes net-istio writes for
// every Knative Ingress (ISTIO.md §3.3: matches on gateways/authority/uri/headers, weighted
// destinations, request header sets, authority rewrites, `retries: {}`) and the rest of Istio's
// HTTP/TCP/TLS route API a user may apply. Field names and types follow Istio's proto JSON
// (networking/v1beta1/virtual_service.proto); descriptions are Istio's, shortened.
import Type, { type Static, type TString } from 'typebox';
import { ObjectMetaSchema, StringMapSchema } from '../../core/meta.js';
import { described, Int32Schema, IstioStatusSchema, Uint32Schema } from './common.types.js';
import { ISTIO_API_VERSION, VIRTUAL_SERVICE_KIND } from './register.js';

const RE2 = '[RE2 style regex-based match](https://github.com/google/re2/wiki/Syntax).';

/** How to match a string: exactly one of `exact`, `prefix` or `regex` (RE2). */
export const StringMatchSchema = Type.Object(
  {
    exact: Type.Optional(Type.String({ description: 'Exact string match.' })),
    prefix: Type.Optional(Type.String({ description: 'Prefix-based match.' })),
    regex: Type.Optional(Type.String({ description: RE2 })),
  },
  { description: 'Describes how to match a given string in HTTP headers: one of exact, prefix or regex (RE2).' },
);
/** A {@link StringMatchSchema} value. */
export type StringMatch = Static<typeof StringMatchSchema>;

const matchOf = (what: string): string =>
  `${what} values are case-sensitive and formatted as follows: - \`exact: "value"\` for exact string match - \`prefix: "value"\` for prefix-based match - \`regex: "value"\` for ${RE2}`;

type StringMatchMap = ReturnType<typeof Type.Record<TString, typeof StringMatchSchema>>;

/** A map from a header or query parameter name to its {@link StringMatchSchema}. */
function StringMatchMapSchema(description: string): StringMatchMap {
  return Type.Record(Type.String(), StringMatchSchema, { description });
}

/** The conditions one HTTP request must meet for a route to apply (all given ones must match). */
export const HTTPMatchRequestSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ description: 'The name assigned to a match.' })),
    uri: Type.Optional(described(StringMatchSchema, matchOf('URI to match'))),
    scheme: Type.Optional(described(StringMatchSchema, matchOf('URI Scheme'))),
    method: Type.Optional(described(StringMatchSchema, matchOf('HTTP Method'))),
    authority: Type.Optional(described(StringMatchSchema, matchOf('HTTP Authority'))),
    headers: Type.Optional(StringMatchMapSchema('The header keys must be lowercase and use hyphen as the separator, e.g. x-request-id.')),
    port: Type.Optional(Uint32Schema('Specifies the ports on the host that is being addressed.')),
    sourceLabels: Type.Optional(StringMapSchema('One or more labels that constrain the applicability of a rule to source (client) workloads with the given labels.')),
    gateways: Type.Optional(Type.Array(Type.String(), { description: 'Names of gateways where the rule should be applied.' })),
    queryParams: Type.Optional(StringMatchMapSchema('Query parameters for matching.')),
    ignoreUriCase: Type.Optional(Type.Boolean({ description: 'Flag to specify whether the URI matching should be case-insensitive.' })),
    withoutHeaders: Type.Optional(StringMatchMapSchema('withoutHeader has the same syntax with the header, but has opposite meaning.')),
    sourceNamespace: Type.Optional(Type.String({ description: 'Source namespace constraining the applicability of a rule to workloads in that namespace.' })),
    statPrefix: Type.Optional(Type.String({ description: 'The human readable prefix to use when emitting statistics for this route.' })),
  },
  { description: 'HttpMatchRequest specifies a set of criteria to be met in order for the rule to be applied to the HTTP request.' },
);
/** An {@link HTTPMatchRequestSchema} value. */
export type HTTPMatchRequest = Static<typeof HTTPMatchRequestSchema>;

/** The port of a destination (by number). */
export const PortSelectorSchema = Type.Object(
  { number: Type.Optional(Uint32Schema('Valid port number.')) },
  { description: 'Specifies the port on the host that is being addressed.' },
);
/** A {@link PortSelectorSchema} value. */
export type PortSelector = Static<typeof PortSelectorSchema>;

/** A service (and optionally a subset and port) traffic is forwarded to. */
export const DestinationSchema = Type.Object(
  {
    host: Type.String({ description: 'The name of a service from the service registry.' }),
    subset: Type.Optional(Type.String({ description: 'The name of a subset within the service.' })),
    port: Type.Optional(PortSelectorSchema),
  },
  { description: 'Destination uniquely identifies the instances of a service to which the request/connection should be forwarded to.' },
);
/** A {@link DestinationSchema} value. */
export type Destination = Static<typeof DestinationSchema>;

/** Header edits of one direction (request or response). */
export const HeaderOperationsSchema = Type.Object(
  {
    set: Type.Optional(StringMapSchema('Overwrite the headers specified by key with the given values.')),
    add: Type.Optional(StringMapSchema('Append the given values to the headers specified by keys (will create a comma-separated list of values).')),
    remove: Type.Optional(Type.Array(Type.String(), { description: 'Remove the specified headers.' })),
  },
  { description: 'HeaderOperations describes the header manipulations to apply.' },
);
/** A {@link HeaderOperationsSchema} value. */
export type HeaderOperations = Static<typeof HeaderOperationsSchema>;

/** Header edits of requests and responses. */
export const HeadersSchema = Type.Object(
  {
    request: Type.Optional(described(HeaderOperationsSchema, 'Header manipulation rules to apply before forwarding a request to the destination service.')),
    response: Type.Optional(described(HeaderOperationsSchema, 'Header manipulation rules to apply before returning a response to the caller.')),
  },
  { description: 'Message headers can be manipulated when Envoy forwards requests to, or responses from, a destination service.' },
);
/** A {@link HeadersSchema} value. */
export type Headers = Static<typeof HeadersSchema>;

const WEIGHT_DESCRIPTION = 'Weight specifies the relative proportion of traffic to be forwarded to the destination.';

/** One weighted destination of an HTTP route. */
export const HTTPRouteDestinationSchema = Type.Object(
  {
    destination: DestinationSchema,
    weight: Type.Optional(Int32Schema(WEIGHT_DESCRIPTION)),
    headers: Type.Optional(HeadersSchema),
  },
  { description: 'Each routing rule is associated with one or more service versions (destinations) and their weights.' },
);
/** An {@link HTTPRouteDestinationSchema} value. */
export type HTTPRouteDestination = Static<typeof HTTPRouteDestinationSchema>;

/** One weighted destination of a TCP or TLS route. */
export const RouteDestinationSchema = Type.Object(
  { destination: DestinationSchema, weight: Type.Optional(Int32Schema(WEIGHT_DESCRIPTION)) },
  { description: 'L4 routing rule weighted destination.' },
);
/** A {@link RouteDestinationSchema} value. */
export type RouteDestination = Static<typeof RouteDestinationSchema>;

/** Rewrites of the path and authority before forwarding. */
export const HTTPRewriteSchema = Type.Object(
  {
    uri: Type.Optional(Type.String({ description: 'rewrite the path (or the prefix) portion of the URI with this value.' })),
    authority: Type.Optional(Type.String({ description: 'rewrite the Authority/Host header with this value.' })),
    uriRegexRewrite: Type.Optional(
      Type.Object(
        {
          match: Type.Optional(Type.String({ description: RE2 })),
          rewrite: Type.Optional(Type.String({ description: 'The string that should replace into matching portions of original URI.' })),
        },
        { description: 'rewrite the path portion of the URI with the specified regex.' },
      ),
    ),
  },
  { description: 'Rewrite HTTP URIs and Authority headers.' },
);
/** An {@link HTTPRewriteSchema} value. */
export type HTTPRewrite = Static<typeof HTTPRewriteSchema>;

/** Retry policy; an empty object (attempts 0) disables Istio's default retries (ISTIO.md §3.3). */
export const HTTPRetrySchema = Type.Object(
  {
    attempts: Type.Optional(Int32Schema('Number of retries to be allowed for a given request.')),
    perTryTimeout: Type.Optional(Type.String({ description: 'Timeout per attempt for a given request, including the initial call and any retries.' })),
    retryOn: Type.Optional(Type.String({ description: 'Specifies the conditions under which retry takes place.' })),
    retryRemoteLocalities: Type.Optional(Type.Boolean({ description: 'Flag to specify whether the retries should retry to other localities.' })),
    retryIgnorePreviousHosts: Type.Optional(Type.Boolean({ description: 'Flag to specify whether the retries should ignore previously tried hosts during retry.' })),
    backoff: Type.Optional(Type.String({ description: 'Specifies the minimum duration between retry attempts.' })),
  },
  { description: 'Retry policy for HTTP requests.' },
);
/** An {@link HTTPRetrySchema} value. */
export type HTTPRetry = Static<typeof HTTPRetrySchema>;

/** A redirect answered by the proxy instead of forwarding. */
export const HTTPRedirectSchema = Type.Object(
  {
    uri: Type.Optional(Type.String({ description: 'On a redirect, overwrite the Path portion of the URL with this value.' })),
    authority: Type.Optional(Type.String({ description: 'On a redirect, overwrite the Authority/Host portion of the URL with this value.' })),
    port: Type.Optional(Uint32Schema('On a redirect, overwrite the port portion of the URL with this value.')),
    derivePort: Type.Optional(
      Type.Union([Type.Literal('FROM_PROTOCOL_DEFAULT'), Type.Literal('FROM_REQUEST_PORT')], {
        description: 'On a redirect, dynamically set the port: FROM_PROTOCOL_DEFAULT (80 for HTTP, 443 for HTTPS) or FROM_REQUEST_PORT.',
      }),
    ),
    scheme: Type.Optional(Type.String({ description: 'On a redirect, overwrite the scheme portion of the URL with this value.' })),
    redirectCode: Type.Optional(Uint32Schema('On a redirect, Specifies the HTTP status code to use in the redirect response.')),
  },
  { description: 'A HTTP rule can either return a direct_response, redirect or forward (default) traffic.' },
);
/** An {@link HTTPRedirectSchema} value. */
export type HTTPRedirect = Static<typeof HTTPRedirectSchema>;

/** A fixed response answered by the proxy instead of forwarding. */
export const HTTPDirectResponseSchema = Type.Object(
  {
    status: Uint32Schema('Specifies the HTTP response status to be returned.'),
    body: Type.Optional(
      Type.Object(
        {
          string: Type.Optional(Type.String({ description: 'response body as a string.' })),
          bytes: Type.Optional(Type.String({ format: 'byte', description: 'response body as base64 encoded bytes.' })),
        },
        { description: 'Specifies the content of the response body.' },
      ),
    ),
  },
  { description: 'A HTTP rule can either return a direct_response, redirect or forward (default) traffic.' },
);
/** An {@link HTTPDirectResponseSchema} value. */
export type HTTPDirectResponse = Static<typeof HTTPDirectResponseSchema>;

/** The VirtualService an HTTP route delegates to. */
export const DelegateSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ description: 'Name specifies the name of the delegate VirtualService.' })),
    namespace: Type.Optional(Type.String({ description: 'Namespace specifies the namespace where the delegate VirtualService resides.' })),
  },
  { description: 'Delegate is used to specify the particular VirtualService which can be used to define delegate HTTPRoute.' },
);
/** A {@link DelegateSchema} value. */
export type Delegate = Static<typeof DelegateSchema>;

/** A percentage in [0.0, 100.0]. */
export const PercentSchema = Type.Object(
  { value: Type.Optional(Type.Number({ format: 'double' })) },
  { description: 'Percent specifies a percentage in the range of [0.0, 100.0].' },
);
/** A {@link PercentSchema} value. */
export type Percent = Static<typeof PercentSchema>;

/** Delays and aborts injected into HTTP traffic at the client side. */
export const HTTPFaultInjectionSchema = Type.Object(
  {
    delay: Type.Optional(
      Type.Object(
        {
          fixedDelay: Type.Optional(Type.String({ description: 'Add a fixed delay before forwarding the request.' })),
          exponentialDelay: Type.Optional(Type.String()),
          percentage: Type.Optional(described(PercentSchema, 'Percentage of requests on which the delay will be injected.')),
          percent: Type.Optional(Int32Schema('Percentage of requests on which the delay will be injected (0-100).')),
        },
        { description: 'Delay requests before forwarding, emulating various failures such as network issues, overloaded upstream service, etc.' },
      ),
    ),
    abort: Type.Optional(
      Type.Object(
        {
          httpStatus: Type.Optional(Int32Schema('HTTP status code to use to abort the Http request.')),
          grpcStatus: Type.Optional(Type.String({ description: 'GRPC status code to use to abort the request.' })),
          http2Error: Type.Optional(Type.String()),
          percentage: Type.Optional(described(PercentSchema, 'Percentage of requests to be aborted with the error code provided.')),
        },
        { description: 'Abort Http request attempts and return error codes back to downstream service.' },
      ),
    ),
  },
  { description: 'Fault injection policy to apply on HTTP traffic at the client side.' },
);
/** An {@link HTTPFaultInjectionSchema} value. */
export type HTTPFaultInjection = Static<typeof HTTPFaultInjectionSchema>;

/** One mirror target of an HTTP route. */
export const HTTPMirrorPolicySchema = Type.Object(
  {
    destination: described(DestinationSchema, 'Destination specifies the target of the mirror operation.'),
    percentage: Type.Optional(described(PercentSchema, 'Percentage of the traffic to be mirrored by the `destination` field.')),
  },
  { description: 'HTTPMirrorPolicy can be used to specify the destinations to mirror HTTP traffic in addition to the original destination.' },
);
/** An {@link HTTPMirrorPolicySchema} value. */
export type HTTPMirrorPolicy = Static<typeof HTTPMirrorPolicySchema>;

/** The CORS policy of an HTTP route. */
export const CorsPolicySchema = Type.Object(
  {
    allowOrigins: Type.Optional(Type.Array(StringMatchSchema, { description: 'String patterns that match allowed origins.' })),
    allowMethods: Type.Optional(Type.Array(Type.String(), { description: 'List of HTTP methods allowed to access the resource.' })),
    allowHeaders: Type.Optional(Type.Array(Type.String(), { description: 'List of HTTP headers that can be used when requesting the resource.' })),
    exposeHeaders: Type.Optional(Type.Array(Type.String(), { description: 'A list of HTTP headers that the browsers are allowed to access.' })),
    maxAge: Type.Optional(Type.String({ description: 'Specifies how long the results of a preflight request can be cached.' })),
    allowCredentials: Type.Optional(
      Type.Boolean({ description: 'Indicates whether the caller is allowed to send the actual request (not the preflight) using credentials.' }),
    ),
    unmatchedPreflights: Type.Optional(
      Type.Union([Type.Literal('UNSPECIFIED'), Type.Literal('FORWARD'), Type.Literal('IGNORE')], {
        description: "Indicates whether preflight requests not matching the configured allowed origin shouldn't be forwarded to the upstream.",
      }),
    ),
  },
  { description: 'Cross-Origin Resource Sharing policy (CORS).' },
);
/** A {@link CorsPolicySchema} value. */
export type CorsPolicy = Static<typeof CorsPolicySchema>;

/** One HTTP route: where matching requests go and what happens to them on the way. */
export const HTTPRouteSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ description: 'The name assigned to the route for debugging purposes.' })),
    match: Type.Optional(Type.Array(HTTPMatchRequestSchema, { description: 'Match conditions to be satisfied for the rule to be activated.' })),
    route: Type.Optional(
      Type.Array(HTTPRouteDestinationSchema, { description: 'A HTTP rule can either return a direct_response, redirect or forward (default) traffic.' }),
    ),
    redirect: Type.Optional(HTTPRedirectSchema),
    directResponse: Type.Optional(HTTPDirectResponseSchema),
    delegate: Type.Optional(DelegateSchema),
    rewrite: Type.Optional(HTTPRewriteSchema),
    timeout: Type.Optional(Type.String({ description: 'Timeout for HTTP requests, default is disabled.' })),
    retries: Type.Optional(HTTPRetrySchema),
    fault: Type.Optional(HTTPFaultInjectionSchema),
    mirror: Type.Optional(
      described(DestinationSchema, 'Mirror HTTP traffic to a another destination in addition to forwarding the requests to the intended destination.'),
    ),
    mirrors: Type.Optional(
      Type.Array(HTTPMirrorPolicySchema, { description: 'Specifies the destinations to mirror HTTP traffic in addition to the original destination.' }),
    ),
    mirrorPercentage: Type.Optional(described(PercentSchema, 'Percentage of the traffic to be mirrored by the `mirror` field.')),
    corsPolicy: Type.Optional(CorsPolicySchema),
    headers: Type.Optional(HeadersSchema),
  },
  { description: 'Describes match conditions and actions for routing HTTP/1.1, HTTP2, and gRPC traffic.' },
);
/** An {@link HTTPRouteSchema} value. */
export type HTTPRoute = Static<typeof HTTPRouteSchema>;

const l4MatchProperties = {
  destinationSubnets: Type.Optional(Type.Array(Type.String(), { description: 'IPv4 or IPv6 ip addresses of destination with optional subnet.' })),
  port: Type.Optional(Uint32Schema('Specifies the port on the host that is being addressed.')),
  sourceLabels: Type.Optional(StringMapSchema('One or more labels that constrain the applicability of a rule to workloads with the given labels.')),
  gateways: Type.Optional(Type.Array(Type.String(), { description: 'Names of gateways where the rule should be applied.' })),
  sourceNamespace: Type.Optional(Type.String({ description: 'Source namespace constraining the applicability of a rule to workloads in that namespace.' })),
};

/** Match conditions of a TCP route. */
export const L4MatchAttributesSchema = Type.Object(
  { ...l4MatchProperties, sourceSubnet: Type.Optional(Type.String()) },
  { description: 'L4 connection match attributes.' },
);
/** An {@link L4MatchAttributesSchema} value. */
export type L4MatchAttributes = Static<typeof L4MatchAttributesSchema>;

/** Match conditions of a TLS route. */
export const TLSMatchAttributesSchema = Type.Object(
  { sniHosts: Type.Array(Type.String(), { description: 'SNI (server name indicator) to match on.' }), ...l4MatchProperties },
  { description: 'TLS connection match attributes.' },
);
/** A {@link TLSMatchAttributesSchema} value. */
export type TLSMatchAttributes = Static<typeof TLSMatchAttributesSchema>;

/** A route for opaque TCP traffic. */
export const TCPRouteSchema = Type.Object(
  {
    match: Type.Optional(Type.Array(L4MatchAttributesSchema, { description: 'Match conditions to be satisfied for the rule to be activated.' })),
    route: Type.Optional(Type.Array(RouteDestinationSchema, { description: 'The destination to which the connection should be forwarded to.' })),
  },
  { description: 'Describes match conditions and actions for routing TCP traffic.' },
);
/** A {@link TCPRouteSchema} value. */
export type TCPRoute = Static<typeof TCPRouteSchema>;

/** A route for non-terminated TLS and HTTPS traffic (by SNI). */
export const TLSRouteSchema = Type.Object(
  {
    match: Type.Array(TLSMatchAttributesSchema, { description: 'Match conditions to be satisfied for the rule to be activated.' }),
    route: Type.Optional(Type.Array(RouteDestinationSchema, { description: 'The destination to which the connection should be forwarded to.' })),
  },
  { description: 'Describes match conditions and actions for routing unterminated TLS traffic (TLS/HTTPS).' },
);
/** A {@link TLSRouteSchema} value. */
export type TLSRoute = Static<typeof TLSRouteSchema>;

/** `VirtualService.spec`. */
export const VirtualServiceSpecSchema = Type.Object(
  {
    hosts: Type.Optional(Type.Array(Type.String(), { description: 'The destination hosts to which traffic is being sent.' })),
    gateways: Type.Optional(Type.Array(Type.String(), { description: 'The names of gateways and sidecars that should apply these routes.' })),
    http: Type.Optional(Type.Array(HTTPRouteSchema, { description: 'An ordered list of route rules for HTTP traffic.' })),
    tls: Type.Optional(Type.Array(TLSRouteSchema, { description: 'An ordered list of route rule for non-terminated TLS & HTTPS traffic.' })),
    tcp: Type.Optional(Type.Array(TCPRouteSchema, { description: 'An ordered list of route rules for opaque TCP traffic.' })),
    exportTo: Type.Optional(Type.Array(Type.String(), { description: 'A list of namespaces to which this virtual service is exported.' })),
  },
  {
    description:
      'Configuration affecting label/content routing, sni routing, etc. See more details at: https://istio.io/docs/reference/config/networking/virtual-service.html',
  },
);
/** A {@link VirtualServiceSpecSchema} value. */
export type VirtualServiceSpec = Static<typeof VirtualServiceSpecSchema>;

/** A `networking.istio.io/v1beta1` VirtualService. */
export const VirtualServiceSchema = Type.Object(
  {
    apiVersion: Type.Optional(Type.Literal(ISTIO_API_VERSION)),
    kind: Type.Optional(Type.Literal(VIRTUAL_SERVICE_KIND)),
    metadata: Type.Optional(ObjectMetaSchema),
    spec: Type.Optional(VirtualServiceSpecSchema),
    status: Type.Optional(IstioStatusSchema),
  },
  { description: 'A VirtualService defines a set of traffic routing rules to apply when a host is addressed.' },
);
/** A {@link VirtualServiceSchema} value. */
export type VirtualService = Static<typeof VirtualServiceSchema>;
