// The routes of Istio VirtualServices, built purely, so that Ebb's gateway can stand in for an
// Istio ingress gateway (EBB_GATEWAY_ISTIO_GATEWAYS) where no Istio runs. Istio's semantics for
// the subset net-istio writes (ISTIO.md §3.3):
// - a VirtualService applies when its `gateways` (none: `mesh`; a bare name is in its own
//   namespace) name one of the Gateways this replica acts as; it claims its `hosts` exactly
//   (lower case, no port), the first by namespace/name when two claim one;
// - its `http` routes are tried in order, the first with a fitting `match` entry wins; an entry
//   fits when its `gateways` (none: the VirtualService's) name one of those Gateways and its
//   `authority` (prefix/exact, against the Host header as sent, port included, case kept),
//   `uri` (prefix/exact, against the path without query) and every `headers` entry (exact;
//   names in any case) fit. A route without `match` fits every request;
// - its destinations `<service>.<namespace>[.svc[.cluster.local]]` (a bare `<service>`: in the
//   VirtualService's namespace) are revisions (a Knative revision's Service), weighted as given (a
//   lone one without weight: 100), with the route's then the destination's `headers.request.set`
//   (the later wins), and `rewrite.authority` as the forwarded Host.
// Anything else is reported once per problem text (the caller logs it): a match entry using
// another kind (regex, method, port, queryParams …) never matches — so a route whose entries all
// do never matches; an unparsable destination is left out; other route features (redirect,
// rewrite.uri, header add/remove, timeout, mirror, fault …) are ignored.
// Each route's entries become PathRules in route order sharing one set of RouteSplits, so the
// gateway forwards them exactly as it forwards Ingress rules.
import type { Headers, HTTPMatchRequest, HTTPRoute, HTTPRouteDestination, StringMatch, VirtualService } from '@ebb/api';
import { normalizeHost, type HostRoutes, type PathRule, type RouteSplit, type RoutingTable, type VirtualServiceHostRoutes } from './routing-table.js';

/** The pseudo-gateway of sidecars: the Gateway of a VirtualService that lists none. */
export const MESH_GATEWAY = 'mesh';

/** The table of the VirtualServices, and what of them this gateway cannot serve as Istio would. */
export interface VirtualServiceTable {
  readonly table: RoutingTable;
  /** One line per problem, naming the VirtualService, the route and the field. */
  readonly problems: readonly string[];
}

/** Building one VirtualService. */
interface Building {
  /** `namespace/name`. */
  readonly key: string;
  readonly namespace: string;
  /** Its own (qualified) Gateways. */
  readonly gateways: readonly string[];
  /** The Gateways this replica acts as that it lists. */
  readonly bound: ReadonlySet<string>;
  readonly problems: string[];
}

/** The match part of a rule. */
type RuleMatch = Pick<PathRule, 'path' | 'exactPath' | 'authority' | 'headers'>;

/** Match entry fields that are served or change nothing. */
const SERVED_MATCH_FIELDS = new Set(['name', 'statPrefix', 'gateways', 'uri', 'authority', 'headers']);
/** Route fields that are served (`retries`: the gateway does not retry anyway). */
const SERVED_ROUTE_FIELDS = new Set(['name', 'match', 'route', 'rewrite', 'retries', 'headers']);
/** The suffixes of a Service's cluster-local names. */
const SERVICE_SUFFIXES = ['.svc.cluster.local', '.svc'];

/** A Gateway named by a VirtualService, qualified: `<namespace>/<name>` and `mesh` as they are, a bare name in `namespace`. */
export function qualifyGateway(name: string, namespace: string): string {
  return name === MESH_GATEWAY || name.includes('/') ? name : `${namespace}/${name}`;
}

/** The revision a destination host names: `<service>.<namespace>[.svc[.cluster.local]]`, or a bare `<service>` in `namespace`. */
export function destinationRevision(host: string, namespace: string): { readonly namespace: string; readonly revision: string } | undefined {
  const lower = host.toLowerCase();
  const suffix = SERVICE_SUFFIXES.find((s) => lower.endsWith(s));
  const labels = (suffix === undefined ? lower : lower.slice(0, -suffix.length)).split('.');
  if (labels.some((label) => label === '')) return undefined;
  const [service, ns, ...rest] = labels;
  if (service === undefined || rest.length > 0) return undefined;
  return { namespace: ns ?? namespace, revision: service };
}

function keyOf(vs: VirtualService): string {
  return `${vs.metadata?.namespace ?? ''}/${vs.metadata?.name ?? ''}`;
}

function startBuilding(vs: VirtualService, acting: ReadonlySet<string>, problems: string[]): Building {
  const namespace = vs.metadata?.namespace ?? '';
  const listed = vs.spec?.gateways ?? [];
  const gateways = (listed.length === 0 ? [MESH_GATEWAY] : listed).map((g) => qualifyGateway(g, namespace));
  return { key: keyOf(vs), namespace, gateways, bound: new Set(gateways.filter((g) => acting.has(g))), problems };
}

/** The kind of a string match: `exact`, `prefix`, else the fields it uses (`regex`). */
function matchKind(match: StringMatch): string {
  if (match.exact !== undefined) return 'exact';
  if (match.prefix !== undefined) return 'prefix';
  const uses = Object.keys(match).join(', ');
  return uses === '' ? 'an empty match' : uses;
}

/** The fields of a match entry this gateway cannot evaluate (empty: it can). */
function unsupportedMatchFields(entry: HTTPMatchRequest): string[] {
  const found = Object.entries(entry)
    .filter(([field, value]) => value !== undefined && !SERVED_MATCH_FIELDS.has(field))
    .map(([field]) => field);
  for (const [field, match] of [['uri', entry.uri] as const, ['authority', entry.authority] as const]) {
    const kind = match === undefined ? 'exact' : matchKind(match);
    if (kind !== 'exact' && kind !== 'prefix') found.push(`${field} (${kind})`);
  }
  for (const [name, match] of Object.entries(entry.headers ?? {})) {
    const kind = matchKind(match);
    if (kind !== 'exact') found.push(`headers.${name} (${kind})`);
  }
  return found;
}

/** The path part of a rule: a `uri` prefix, or exact; none: every path. */
function pathPart(uri: StringMatch | undefined): Pick<PathRule, 'path' | 'exactPath'> {
  if (uri?.exact !== undefined) return { path: uri.exact, exactPath: true };
  return { path: uri?.prefix ?? '' };
}

/** The authority part of a rule: a prefix or an exact match; none: every Host. */
function authorityPart(authority: StringMatch | undefined): Pick<PathRule, 'authority'> {
  if (authority?.exact !== undefined) return { authority: { kind: 'exact', value: authority.exact } };
  return authority?.prefix === undefined ? {} : { authority: { kind: 'prefix', value: authority.prefix } };
}

/** The rule part of a match entry this gateway can evaluate (see {@link unsupportedMatchFields}). */
function ruleMatchOf(entry: HTTPMatchRequest): RuleMatch {
  return {
    ...pathPart(entry.uri),
    ...authorityPart(entry.authority),
    headers: Object.entries(entry.headers ?? {}).map(([name, match]) => [name.toLowerCase(), match.exact ?? ''] as const),
  };
}

/** Whether a match entry applies on this replica's Gateways (its own, else the VirtualService's). */
function onOurGateways(entry: HTTPMatchRequest, building: Building): boolean {
  const listed = entry.gateways ?? [];
  const gateways = listed.length === 0 ? building.gateways : listed.map((g) => qualifyGateway(g, building.namespace));
  return gateways.some((g) => building.bound.has(g));
}

/** A match entry as the match part of a rule; undefined when it never matches here. */
function matchOf(entry: HTTPMatchRequest, where: string, building: Building): RuleMatch | undefined {
  if (!onOurGateways(entry, building)) return undefined;
  const unsupported = unsupportedMatchFields(entry);
  if (unsupported.length === 0) return ruleMatchOf(entry);
  building.problems.push(`${where}: ${unsupported.join(', ')} not supported; this match never matches`);
  return undefined;
}

function splitOf(destination: HTTPRouteDestination, route: HTTPRoute, lone: boolean, building: Building): RouteSplit | undefined {
  const target = destinationRevision(destination.destination.host, building.namespace);
  if (target === undefined) return undefined;
  return {
    ...target,
    port: destination.destination.port?.number ?? 80,
    percent: destination.weight ?? (lone ? 100 : 0),
    appendHeaders: { ...route.headers?.request?.set, ...destination.headers?.request?.set },
  };
}

/** The weighted revisions of a route (unparsable destinations left out and reported). */
function splitsOf(route: HTTPRoute, where: string, building: Building): RouteSplit[] {
  const destinations = route.route ?? [];
  return destinations.flatMap((destination, i) => {
    const split = splitOf(destination, route, destinations.length === 1, building);
    if (split === undefined) building.problems.push(`${where} route[${i}]: destination host "${destination.destination.host}" is not <service>.<namespace>[.svc[.cluster.local]]; left out`);
    return split === undefined ? [] : [split];
  });
}

/** Header operations the gateway cannot do (it only sets request headers). */
function ignoredHeaderOps(headers: Headers | undefined, prefix: string): [string, unknown][] {
  return [
    [`${prefix}headers.request.add`, headers?.request?.add],
    [`${prefix}headers.request.remove`, headers?.request?.remove],
    [`${prefix}headers.response`, headers?.response],
  ];
}

/** The features of a route the gateway ignores. */
function ignoredRouteFields(route: HTTPRoute): string[] {
  const ignored = Object.entries(route)
    .filter(([field, value]) => value !== undefined && !SERVED_ROUTE_FIELDS.has(field))
    .map(([field]) => field);
  const candidates: [string, unknown][] = [
    ['rewrite.uri', route.rewrite?.uri],
    ['rewrite.uriRegexRewrite', route.rewrite?.uriRegexRewrite],
    ...ignoredHeaderOps(route.headers, ''),
    ...(route.route ?? []).flatMap((d, i): [string, unknown][] => [[`route[${i}].destination.subset`, d.destination.subset], ...ignoredHeaderOps(d.headers, `route[${i}].`)]),
  ];
  return [...ignored, ...candidates.filter(([, value]) => value !== undefined).map(([field]) => field)];
}

/** The rules of one HTTP route: one per match entry that can match here, sharing the route's splits. */
function routeRules(route: HTTPRoute, where: string, building: Building): PathRule[] {
  const entries = route.match === undefined || route.match.length === 0 ? [{}] : route.match;
  const matches = entries.flatMap((entry, i) => matchOf(entry, `${where} match[${i}]`, building) ?? []);
  if (matches.length === 0) return [];
  const ignored = ignoredRouteFields(route);
  if (ignored.length > 0) building.problems.push(`${where}: ${ignored.join(', ')} not supported; ignored`);
  const splits = splitsOf(route, where, building);
  const rewrite = route.rewrite?.authority;
  const totalPercent = splits.reduce((sum, s) => sum + Math.max(0, s.percent), 0);
  return matches.map((match) => ({ ...match, ...(rewrite === undefined ? {} : { rewriteHost: rewrite }), splits, totalPercent }));
}

/** The rules of a VirtualService in route order. */
function virtualServiceRules(vs: VirtualService, building: Building): PathRule[] {
  return (vs.spec?.http ?? []).flatMap((route, i) => routeRules(route, `VirtualService ${building.key} http[${i}]`, building));
}

/**
 * The routes of the VirtualServices bound to the Gateways this replica acts as (`gateways`,
 * qualified names), per host; see the file comment for the semantics.
 */
export function buildVirtualServiceTable(virtualServices: readonly VirtualService[], gateways: readonly string[]): VirtualServiceTable {
  const acting = new Set(gateways);
  const problems: string[] = [];
  const table = new Map<string, VirtualServiceHostRoutes>();
  const ordered = [...virtualServices].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  for (const vs of ordered) {
    const building = startBuilding(vs, acting, problems);
    if (building.bound.size === 0) continue;
    const routes: VirtualServiceHostRoutes = { virtualService: building.key, rules: virtualServiceRules(vs, building) };
    for (const host of vs.spec?.hosts ?? []) {
      const h = normalizeHost(host);
      if (!table.has(h)) table.set(h, routes);
    }
  }
  return { table, problems: [...new Set(problems)] };
}

/** The gateway's table: every host of the Ingress table, plus the VirtualService hosts it does not have (an Ebb-class Ingress wins a host). */
export function combineTables(ingresses: RoutingTable, virtualServices: RoutingTable): RoutingTable {
  const table = new Map<string, HostRoutes>(ingresses);
  for (const [host, routes] of virtualServices) {
    if (!table.has(host)) table.set(host, routes);
  }
  return table;
}
