// What the gateway does with one request, decided purely from the routing table: answer a
// network probe itself (K-Network-Probe: probe → 200 with the serving Ingress' hash, or 404),
// refuse an unknown host or path with 404, or send it to a split chosen by weight. A probe of a
// host a VirtualService serves is routed like any request, as through Istio (ISTIO.md §4): the
// gateway answers in the backend's place with the K-Network-Hash the backend would receive (the
// route's header set, else the request's own). The texts of the gateway's own answers live here
// too, so tests and code agree on them.
import { KnativeHeaders } from '@ebb/api';
import type { IncomingHttpHeaders } from 'node:http';
import { fromVirtualService, normalizeHost, pathOf, pickSplit, routeRequestOf, type PathRule, type RouteSplit, type RoutingTable } from '../routing-table/routing-table.js';

/** The value of `K-Network-Probe` that asks the gateway itself. */
export const PROBE_VALUE = 'probe';
const PROBE_HEADER = KnativeHeaders.Probe.toLowerCase();
const HASH_HEADER = KnativeHeaders.Hash.toLowerCase();

/** The outcome of routing one request. */
export type RequestRoute =
  /** A network probe: `hash` of the Ingress serving the host, undefined when none does. */
  | { readonly type: 'probe'; readonly host: string; readonly hash: string | undefined }
  /** A network probe of a VirtualService host that a route matched: 200, with `hash` when there is one. */
  | { readonly type: 'routed-probe'; readonly host: string; readonly hash: string | undefined }
  /** No Ingress serves the host. */
  | { readonly type: 'no-host'; readonly host: string }
  /** The host is served but no path rule matches (or its splits weigh nothing). */
  | { readonly type: 'no-rule'; readonly host: string; readonly path: string }
  /** Forward to this split. */
  | { readonly type: 'split'; readonly host: string; readonly rule: PathRule; readonly split: RouteSplit };

/** What routing reads of a request (an `IncomingMessage` fits). */
export interface RoutableRequest {
  readonly url?: string | undefined;
  /** The raw header list: Host and K-Network-Probe are read from it. */
  readonly rawHeaders: readonly string[];
  /** The header object, read only for rules that match on headers (built lazily by node). */
  readonly headers: IncomingHttpHeaders;
}

/** The first Host and K-Network-Probe values of a raw header list (names compared by length first). */
export function hostAndProbe(raw: readonly string[]): { host: string | undefined; probe: string | undefined } {
  let host: string | undefined;
  let probe: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length === 4 && host === undefined && name.toLowerCase() === 'host') host = raw[i + 1];
    else if (name.length === PROBE_HEADER.length && probe === undefined && name.toLowerCase() === PROBE_HEADER) probe = raw[i + 1];
  }
  return { host, probe };
}

/** Routes a request by Host, path and headers; `random` in [0, 1) picks the split. */
export function routeRequest(table: RoutingTable, request: RoutableRequest, random: number): RequestRoute {
  const head = hostAndProbe(request.rawHeaders);
  const host = normalizeHost(head.host);
  const routes = table.get(host);
  const probe = head.probe === PROBE_VALUE;
  if (routes === undefined) return probe ? { type: 'probe', host, hash: undefined } : { type: 'no-host', host };
  if (probe && !fromVirtualService(routes)) return { type: 'probe', host, hash: routes.hash };
  const path = pathOf(request.url);
  const rule = routeRequestOf(routes, path, request, head.host);
  const split = rule === undefined ? undefined : pickSplit(rule, random);
  if (rule === undefined || split === undefined) return { type: 'no-rule', host, path };
  if (probe) return { type: 'routed-probe', host, hash: forwardedHash(split, request.headers) };
  return { type: 'split', host, rule, split };
}

/** The K-Network-Hash the split's backend would receive: the one the route sets, else the request's. */
export function forwardedHash(split: RouteSplit, headers: IncomingHttpHeaders): string | undefined {
  const set = Object.entries(split.appendHeaders).findLast(([name]) => name.toLowerCase() === HASH_HEADER);
  if (set !== undefined) return set[1];
  const received = headers[HASH_HEADER];
  return Array.isArray(received) ? received[0] : received;
}

/** The 404 body for a host no Ingress serves. */
export function noHostBody(host: string): string {
  return `no route for host "${host}"`;
}

/** The 404 body for a path no rule of the host matches. */
export function noRuleBody(host: string, path: string): string {
  return `no route for path "${path}" on host "${host}"`;
}

/** The 503 body while the chosen revision has no ready endpoint. */
export function noEndpointsBody(namespace: string, revision: string): string {
  return `no ready endpoints for revision "${namespace}/${revision}"`;
}
