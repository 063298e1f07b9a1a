// The gateway's routing table, built purely from the Ingresses it serves: host → path rules
// (longest path prefix first, then the rules with more header matches) → weighted splits to
// revisions. `route` finds the rule of a request and `pickSplit` chooses a split by weight with
// a random number passed in. Hosts are matched lower-cased without port or trailing dot; when
// two Ingresses claim a host, the first by namespace/name keeps it. The same types carry the
// routes the gateway builds from Istio VirtualServices (virtual-service-table.ts): those rules
// keep their VirtualService order and may also match the Host as sent (`authority`) or a whole
// path (`exactPath`); Ingress rules never set either.
import { AnnotationAliases, EBB_INGRESS_CLASS, firstKey, type HTTPIngressPath, type Ingress } from '@ebb/api';
import type { IncomingHttpHeaders } from 'node:http';
import { ingressHash } from './ingress-hash.js';

/** One weighted backend of a rule: a revision (the split's serviceName) in a namespace. */
export interface RouteSplit {
  readonly namespace: string;
  readonly revision: string;
  readonly port: number | string;
  /** The split's weight (its percent; a lone split without one weighs 100). */
  readonly percent: number;
  /** Headers to set on requests sent to this split (the rule's, then the split's). */
  readonly appendHeaders: Readonly<Record<string, string>>;
}

/** A match on the Host header as the client sent it (port included, case kept). */
export interface AuthorityMatch {
  readonly kind: 'prefix' | 'exact';
  readonly value: string;
}

/** One path of an Ingress rule (or one match of a VirtualService route), ready to match. */
export interface PathRule {
  /** The path prefix; `/` when the Ingress gave none. */
  readonly path: string;
  /** True: the path must equal {@link path} (a VirtualService's `uri.exact`). */
  readonly exactPath?: boolean;
  /** A match on the Host header as sent (a VirtualService's `authority`); none: any Host. */
  readonly authority?: AuthorityMatch;
  /** Exact header matches: lower-cased name and value. */
  readonly headers: readonly (readonly [string, string])[];
  readonly rewriteHost?: string;
  readonly splits: readonly RouteSplit[];
  /** The sum of the split weights. */
  readonly totalPercent: number;
}

/** What the table knows about a host an Ingress serves. */
export interface IngressHostRoutes {
  /** `namespace/name` of the Ingress serving the host. */
  readonly ingress: string;
  /** {@link ingressHash} of that Ingress. */
  readonly hash: string;
  readonly rules: readonly PathRule[];
}

/** What the table knows about a host a VirtualService serves (rules in the VirtualService's order). */
export interface VirtualServiceHostRoutes {
  /** `namespace/name` of the VirtualService serving the host. */
  readonly virtualService: string;
  readonly rules: readonly PathRule[];
}

/** What the table knows about one host. */
export type HostRoutes = IngressHostRoutes | VirtualServiceHostRoutes;

/** Whether a host's routes come from a VirtualService (rather than an Ingress). */
export function fromVirtualService(routes: HostRoutes): routes is VirtualServiceHostRoutes {
  return 'virtualService' in routes;
}

/** Host (lower case, no port) → its routes. */
export type RoutingTable = ReadonlyMap<string, HostRoutes>;

/** Whether the gateway serves an Ingress: its class annotation is Ebb's, or absent. */
export function servedByEbb(ingress: Ingress): boolean {
  const found = firstKey(ingress.metadata?.annotations, AnnotationAliases.IngressClass);
  return found === undefined || found.value === EBB_INGRESS_CLASS;
}

/**
 * Whether the gateway still routes an Ingress: one of its class, or one that left its class but
 * whose status still names this gateway (`ownLoadBalancer`) as its load balancer — make before
 * break: it keeps serving until the Ingress' new class marks it Ready with its own load balancer
 * (a not-ready mark keeps the old one), so a Route moving to another class loses no request while
 * that class sets up.
 */
export function routedByEbb(ingress: Ingress, ownLoadBalancer: string): boolean {
  if (servedByEbb(ingress)) return true;
  const points = ingress.status?.publicLoadBalancer?.ingress ?? [];
  return points.length === 1 && points[0]?.domainInternal === ownLoadBalancer;
}

/** A Host header as a table key: lower case, without port, brackets kept for IPv6, no trailing dot. */
export function normalizeHost(host: string | undefined): string {
  if (host === undefined) return '';
  let h = host.toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    return end < 0 ? h : h.slice(0, end + 1);
  }
  const colon = h.indexOf(':');
  if (colon >= 0) h = h.slice(0, colon);
  return h.endsWith('.') ? h.slice(0, -1) : h;
}

function makeSplits(path: HTTPIngressPath): RouteSplit[] {
  const lone = path.splits.length === 1;
  return path.splits.map((s) => ({
    namespace: s.serviceNamespace,
    revision: s.serviceName,
    port: s.servicePort,
    percent: s.percent ?? (lone ? 100 : 0),
    appendHeaders: { ...path.appendHeaders, ...s.appendHeaders },
  }));
}

function makePathRule(path: HTTPIngressPath): PathRule {
  const splits = makeSplits(path);
  return {
    path: path.path === undefined || path.path === '' ? '/' : path.path,
    headers: Object.entries(path.headers ?? {}).map(([name, match]) => [name.toLowerCase(), match.exact] as const),
    ...(path.rewriteHost === undefined ? {} : { rewriteHost: path.rewriteHost }),
    splits,
    totalPercent: splits.reduce((sum, s) => sum + Math.max(0, s.percent), 0),
  };
}

/** Longest path first, then more header matches first; otherwise the Ingress' order. */
function compareRules(a: PathRule, b: PathRule): number {
  return b.path.length - a.path.length || b.headers.length - a.headers.length;
}

function keyOf(ingress: Ingress): string {
  return `${ingress.metadata?.namespace ?? ''}/${ingress.metadata?.name ?? ''}`;
}

/** The path rules of an Ingress per host (a host named by two rules gets the paths of both). */
function rulesByHost(ingress: Ingress): Map<string, PathRule[]> {
  const byHost = new Map<string, PathRule[]>();
  for (const rule of ingress.spec?.rules ?? []) {
    const paths = (rule.http?.paths ?? []).map(makePathRule);
    for (const host of rule.hosts ?? []) {
      const h = normalizeHost(host);
      byHost.set(h, [...(byHost.get(h) ?? []), ...paths]);
    }
  }
  return byHost;
}

/** Adds the hosts of one Ingress that no earlier Ingress claimed. */
function addIngress(table: Map<string, HostRoutes>, ingress: Ingress): void {
  const key = keyOf(ingress);
  const hash = ingressHash(ingress);
  for (const [host, rules] of rulesByHost(ingress)) {
    if (!table.has(host)) table.set(host, { ingress: key, hash, rules: rules.sort(compareRules) });
  }
}

/**
 * The table of the Ingresses the gateway routes ({@link routedByEbb}, with `ownLoadBalancer` the
 * gateway Service's in-cluster name), in namespace/name order.
 */
export function buildRoutingTable(ingresses: readonly Ingress[], ownLoadBalancer: string): RoutingTable {
  const table = new Map<string, HostRoutes>();
  const served = ingresses.filter((ingress) => routedByEbb(ingress, ownLoadBalancer)).sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  for (const ingress of served) addIngress(table, ingress);
  return table;
}

/** The path of a request target, without its query. */
export function pathOf(url: string | undefined): string {
  if (url === undefined || url === '') return '/';
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

function headersMatch(rule: PathRule, headers: IncomingHttpHeaders): boolean {
  return rule.headers.every(([name, value]) => headers[name] === value);
}

function authorityMatches(match: AuthorityMatch, host: string): boolean {
  return match.kind === 'exact' ? host === match.value : host.startsWith(match.value);
}

/** Whether a rule fits the path and Host: path (prefix, or whole with exactPath), then authority. */
function pathAndHostMatch(rule: PathRule, path: string, host: string): boolean {
  if (rule.exactPath === true ? path !== rule.path : !path.startsWith(rule.path)) return false;
  return rule.authority === undefined || authorityMatches(rule.authority, host);
}

/** The first rule of the host whose path, Host (as sent) and header matches fit; undefined when none. */
export function route(routes: HostRoutes, path: string, headers: IncomingHttpHeaders): PathRule | undefined {
  return routeRequestOf(routes, path, { headers }, headers.host ?? '');
}

/**
 * {@link route} for a request whose `headers` are read only when a rule with header matches is
 * tried (an `IncomingMessage` builds its header object lazily, on first read); `host` is the
 * Host header as sent, read only by rules with an {@link AuthorityMatch}.
 */
export function routeRequestOf(routes: HostRoutes, path: string, request: { readonly headers: IncomingHttpHeaders }, host = ''): PathRule | undefined {
  for (const rule of routes.rules) {
    if (pathAndHostMatch(rule, path, host) && (rule.headers.length === 0 || headersMatch(rule, request.headers))) return rule;
  }
  return undefined;
}

/** The split a random number in [0, 1) falls on, by weight; undefined when the rule weighs nothing. */
export function pickSplit(rule: PathRule, random: number): RouteSplit | undefined {
  if (rule.totalPercent <= 0) return undefined;
  let point = random * rule.totalPercent;
  for (const split of rule.splits) {
    if (split.percent <= 0) continue;
    if (point < split.percent) return split;
    point -= split.percent;
  }
  return rule.splits.findLast((s) => s.percent > 0);
}
