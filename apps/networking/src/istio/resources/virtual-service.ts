// Knative Ingress → Istio VirtualServices, as net-istio builds them (ISTIO.md §3; net-istio
// `pkg/reconciler/ingress/resources/virtual_service.go`): a `-mesh` VS for the cluster-local hosts
// routed through the `mesh` pseudo-gateway and an `-ingress` VS bound to the gateways, each route a
// host-prefix/path/header match onto weighted destinations. Pure builders: objects in, objects out.
import {
  childName,
  INGRESS_API_VERSION,
  INGRESS_KIND,
  ISTIO_API_VERSION,
  ISTIO_INGRESS_CLASS,
  IngressVisibility,
  AnnotationAliases,
  firstKey,
  NetworkingInternalLabels,
  ServingLabels,
  VIRTUAL_SERVICE_KIND,
  type Gateway,
  type HTTPIngressPath,
  type HTTPMatchRequest,
  type HTTPRoute,
  type HTTPRouteDestination,
  type Headers,
  type Ingress,
  type IngressBackendSplit,
  type IngressRule,
  type ObjectMeta,
  type OwnerReference,
  type VirtualService,
  type VirtualServiceSpec,
} from '@ebb/api';
import { controllerReference, isControlledBy } from '@ebb/kube';
import { defaultIngressSpec } from '../../routing-table/ingress-hash.js';
import { CLUSTER_DOMAIN, clusterLocalHosts, compareStrings, distinctHostPrefixes, expandedHosts, ingressHosts, sortedUnique } from './hosts.js';
import { insertProbe } from './probe.js';

/** The pseudo-gateway of sidecar-to-sidecar traffic. */
export const MESH_GATEWAY = 'mesh';
/** Suffix of the VirtualService bound to the gateways. */
export const INGRESS_VIRTUAL_SERVICE_SUFFIX = '-ingress';
/** Suffix of the VirtualService bound to the mesh. */
export const MESH_VIRTUAL_SERVICE_SUFFIX = '-mesh';

/** Qualified gateway names (`namespace/name`) per rule visibility. */
export type GatewaysByVisibility = Readonly<Record<IngressVisibility, readonly string[]>>;

/** What besides the Ingress and its gateways decides the VirtualServices. */
export interface VirtualServiceOptions {
  /** Whether config-istio has at least one local gateway: the mesh VS then also lists the short host forms. */
  readonly localGatewaysConfigured: boolean;
  /** Namespace for an Ingress without one (Knative's system namespace); the Ingress's own otherwise. */
  readonly systemNamespace?: string;
}

/** The gateways every rule of the mesh VS uses. */
const MESH_GATEWAYS: GatewaysByVisibility = { ExternalIP: [MESH_GATEWAY], ClusterLocal: [MESH_GATEWAY] };
/** The route labels the VirtualServices inherit from the Ingress. */
const INHERITED_LABELS: readonly string[] = [ServingLabels.Route, ServingLabels.RouteNamespace];

/** The sorted gateways of a visibility; none for an unset or unknown one (a Go map lookup of a missing key). */
function gatewaysFor(gateways: GatewaysByVisibility, visibility: string | undefined): string[] {
  const names = Object.values<string>(IngressVisibility).includes(visibility ?? '') ? gateways[visibility as IngressVisibility] : [];
  return sortedUnique(names);
}

/** Go's `IntOrString.IntValue()`: the int, or a string's decimal value (0 when it is not one). */
function intValue(port: number | string | undefined): number {
  if (typeof port === 'number') return port;
  return /^[+-]?\d+$/.test(port ?? '') ? Number.parseInt(port ?? '', 10) : 0;
}

/** `{request: {set: headers}}`, or undefined when there are none. */
function requestSet(headers: Readonly<Record<string, string>> | undefined): Headers | undefined {
  return headers === undefined || Object.keys(headers).length === 0 ? undefined : { request: { set: { ...headers } } };
}

/** One match: gateways, authority prefix, uri prefix when the path is set, exact header matches. */
function makeMatch(hostPrefix: string, path: HTTPIngressPath, gateways: readonly string[]): HTTPMatchRequest {
  const match: HTTPMatchRequest = { gateways: [...gateways], authority: { prefix: hostPrefix } };
  if ((path.path ?? '') !== '') match.uri = { prefix: path.path };
  const headers = Object.entries(path.headers ?? {});
  if (headers.length > 0) match.headers = Object.fromEntries(headers.map(([name, m]) => [name, { exact: m.exact }]));
  return match;
}

/** One weighted destination: the split's Service on its port (zero port and weight omitted, as in Istio's JSON). */
function makeDestination(split: IngressBackendSplit): HTTPRouteDestination {
  const number = intValue(split.servicePort);
  const out: HTTPRouteDestination = {
    destination: { host: `${split.serviceName}.${split.serviceNamespace}.svc.${CLUSTER_DOMAIN}`, port: number === 0 ? {} : { number } },
  };
  if ((split.percent ?? 0) !== 0) out.weight = split.percent;
  const headers = requestSet(split.appendHeaders);
  if (headers !== undefined) out.headers = headers;
  return out;
}

/** The route of one path for the rule hosts `hosts`: a match per distinct host prefix, a destination per split, `retries: {}`. */
function makeRoute(hosts: readonly string[], path: HTTPIngressPath, gateways: readonly string[]): HTTPRoute {
  const route: HTTPRoute = {
    match: distinctHostPrefixes(hosts).map((host) => makeMatch(host, path, gateways)),
    route: (path.splits ?? []).map(makeDestination),
    retries: {},
  };
  const headers = requestSet(path.appendHeaders);
  if (headers !== undefined) route.headers = headers;
  if ((path.rewriteHost ?? '') !== '') route.rewrite = { authority: path.rewriteHost };
  return route;
}

/** The routes of one rule: one per path, when the rule has hosts among the VS hosts. */
function ruleRoutes(rule: IngressRule, vsHosts: ReadonlySet<string>, gateways: GatewaysByVisibility): HTTPRoute[] {
  const hosts = (rule.hosts ?? []).filter((h) => vsHosts.has(h));
  if (hosts.length === 0) return [];
  const names = gatewaysFor(gateways, rule.visibility);
  return (rule.http?.paths ?? []).map((path) => makeRoute(hosts, path, names));
}

/** A VS spec for `hosts`: the routes of every rule in order, and the sorted gateways those routes use. */
function makeSpec(ingress: Ingress, gateways: GatewaysByVisibility, hosts: readonly string[]): VirtualServiceSpec {
  const vsHosts = new Set(hosts);
  const http = (ingress.spec?.rules ?? []).flatMap((rule) => ruleRoutes(rule, vsHosts, gateways));
  const used = http.flatMap((route) => (route.match ?? []).flatMap((m) => m.gateways ?? []));
  return { hosts: sortedUnique(hosts), gateways: sortedUnique(used), http };
}

/**
 * The spec of the mesh VS: the cluster-local hosts (with their short forms when a local gateway is
 * configured), every route on the `mesh` gateway; undefined when the Ingress has no cluster-local host.
 */
export function makeMeshVirtualServiceSpec(ingress: Ingress, options: Pick<VirtualServiceOptions, 'localGatewaysConfigured'>): VirtualServiceSpec | undefined {
  const local = clusterLocalHosts(ingressHosts(ingress));
  const hosts = options.localGatewaysConfigured ? expandedHosts(local) : local;
  return hosts.length === 0 ? undefined : makeSpec(ingress, MESH_GATEWAYS, hosts);
}

/** The spec of the ingress VS: all hosts expanded, each rule's routes on the gateways of its visibility. */
export function makeIngressVirtualServiceSpec(ingress: Ingress, gateways: GatewaysByVisibility): VirtualServiceSpec {
  return makeSpec(ingress, gateways, expandedHosts(ingressHosts(ingress)));
}

/** The controller reference of a VirtualService or per-Ingress Gateway to its Ingress (kmeta.NewControllerRef). */
export function ingressOwnerReference(ingress: Ingress): OwnerReference {
  return controllerReference(ingress, { apiVersion: INGRESS_API_VERSION, kind: INGRESS_KIND });
}

/** A VS's metadata: child name, the Ingress namespace, owner, annotations verbatim, route labels + the ingress label. */
function makeMetadata(ingress: Ingress, suffix: string, options: VirtualServiceOptions): ObjectMeta {
  const meta = ingress.metadata ?? {};
  const name = meta.name ?? '';
  const routeLabels = Object.entries(meta.labels ?? {}).filter(([key]) => INHERITED_LABELS.includes(key));
  const out: ObjectMeta = {
    name: childName(name, suffix),
    namespace: (meta.namespace ?? '') === '' ? (options.systemNamespace ?? '') : meta.namespace,
    ownerReferences: [ingressOwnerReference(ingress)],
    labels: { ...Object.fromEntries(routeLabels), [NetworkingInternalLabels.Ingress]: name },
  };
  if (Object.keys(meta.annotations ?? {}).length > 0) out.annotations = { ...meta.annotations };
  return out;
}

/** The `-mesh` VirtualService of an Ingress, or undefined when it has no cluster-local host. */
export function makeMeshVirtualService(ingress: Ingress, options: VirtualServiceOptions): VirtualService | undefined {
  const spec = makeMeshVirtualServiceSpec(ingress, options);
  if (spec === undefined) return undefined;
  return { apiVersion: ISTIO_API_VERSION, kind: VIRTUAL_SERVICE_KIND, metadata: makeMetadata(ingress, MESH_VIRTUAL_SERVICE_SUFFIX, options), spec };
}

/** The `-ingress` VirtualService of an Ingress. */
export function makeIngressVirtualService(ingress: Ingress, gateways: GatewaysByVisibility, options: VirtualServiceOptions): VirtualService {
  const metadata = makeMetadata(ingress, INGRESS_VIRTUAL_SERVICE_SUFFIX, options);
  return { apiVersion: ISTIO_API_VERSION, kind: VIRTUAL_SERVICE_KIND, metadata, spec: makeIngressVirtualServiceSpec(ingress, gateways) };
}

/** How many gateways the ingress VS would bind: external ones if a rule is ExternalIP (or unset), local ones if one is ClusterLocal. */
function requiredGatewayCount(ingress: Ingress, gateways: GatewaysByVisibility): number {
  const rules = ingress.spec?.rules ?? [];
  const external = rules.some((r) => (r.visibility ?? '') === '' || r.visibility === IngressVisibility.ExternalIP);
  const local = rules.some((r) => r.visibility === IngressVisibility.ClusterLocal);
  return (external ? new Set(gateways.ExternalIP).size : 0) + (local ? new Set(gateways.ClusterLocal).size : 0);
}

/** The Ingress with Knative's defaults and probe routes, as net-istio's reconciler hands it to the builders. */
function probedIngress(ingress: Ingress): Ingress {
  try {
    return insertProbe({ ...ingress, spec: defaultIngressSpec(ingress.spec) }).ingress;
  } catch (err) {
    throw new Error(`failed to insert a probe into the Ingress: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * The desired VirtualServices of an Ingress (MakeVirtualServices): the Ingress is defaulted and
 * probe routes are inserted, then the mesh VS (if any) and the ingress VS (if any gateway would be
 * bound), in that order. Mesh-only mode (both gateway lists empty) yields only the mesh VS, hosts
 * unexpanded. Throws when a rule has no `http`.
 */
export function makeVirtualServices(ingress: Ingress, gateways: GatewaysByVisibility, options: VirtualServiceOptions): VirtualService[] {
  const probed = probedIngress(ingress);
  const meshOnly = gateways.ExternalIP.length === 0 && gateways.ClusterLocal.length === 0;
  const mesh = makeMeshVirtualService(probed, { ...options, localGatewaysConfigured: options.localGatewaysConfigured && !meshOnly });
  const out = mesh === undefined ? [] : [mesh];
  if (requiredGatewayCount(probed, gateways) > 0) out.push(makeIngressVirtualService(probed, gateways, options));
  return out;
}

/** Whether net-istio would apply a desired VS: its (copied) ingress class annotation is the Istio class. */
export function hasIstioIngressClass(vs: VirtualService): boolean {
  return firstKey(vs.metadata?.annotations, AnnotationAliases.IngressClass)?.value === ISTIO_INGRESS_CLASS;
}

/** What {@link staleChildren} reads of an object. */
type Labelled = VirtualService | Gateway;

/** Whether `object` carries the ingress label of `ingress`, or (legacy, pre-0.12) its route label. */
function labelledFor(object: Labelled, ingress: Ingress): boolean {
  const labels = object.metadata?.labels ?? {};
  const route = ingress.metadata?.labels?.[ServingLabels.Route] ?? '';
  return labels[NetworkingInternalLabels.Ingress] === (ingress.metadata?.name ?? '') || (route !== '' && labels[ServingLabels.Route] === route);
}

/**
 * The existing VirtualServices (or per-Ingress Gateways) to delete after applying `desired`
 * (ISTIO.md §3.1 step 4): in the Ingress namespace, labelled for it, controlled by it, and not
 * among the applied desired ones (for VirtualServices: those with the Istio class, see
 * {@link hasIstioIngressClass}); sorted by name.
 */
export function staleChildren<T extends Labelled>(existing: readonly T[], desired: readonly T[], ingress: Ingress): T[] {
  const kept = new Set(desired.map((object) => object.metadata?.name ?? ''));
  const namespace = ingress.metadata?.namespace ?? '';
  return existing
    .filter((object) => (object.metadata?.namespace ?? '') === namespace && labelledFor(object, ingress) && isControlledBy(object, ingress))
    .filter((object) => !kept.has(object.metadata?.name ?? ''))
    .sort((a, b) => compareStrings(a.metadata?.name ?? '', b.metadata?.name ?? ''));
}
