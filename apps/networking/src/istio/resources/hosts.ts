// Host-name helpers of Ebb's Istio translator (ISTIO.md §3.1, §3.3; knative/networking
// `pkg/ingress` ExpandedHosts, net-istio `virtual_service.go`): the short forms of cluster-local
// hosts, the host prefixes a VirtualService matches on, and which hosts are cluster-local. Pure.
import type { Ingress } from '@ebb/api';

/** The cluster domain (knative/pkg `network.GetClusterDomainName()` default). */
export const CLUSTER_DOMAIN = 'cluster.local';
/** The suffix of cluster-local Service hosts: `.svc.cluster.local`. */
export const CLUSTER_LOCAL_SUFFIX = `.svc.${CLUSTER_DOMAIN}`;
/** The suffixes ExpandedHosts tries to trim, in order. */
const EXPANDED_SUFFIXES = ['', `.${CLUSTER_DOMAIN}`, CLUSTER_LOCAL_SUFFIX] as const;
/** The longest DNS label. */
const MAX_LABEL_LENGTH = 63;

/** Whether the last label of `host` is a usable top-level label: not all digits and at most 63 characters. */
function validTopLevel(host: string): boolean {
  const tld = host.slice(host.lastIndexOf('.') + 1);
  return tld.length <= MAX_LABEL_LENGTH && !/^[0-9]*$/.test(tld);
}

/** The forms of one host: itself and each suffix trimmed, keeping only those with a valid top-level label. */
function expandHost(host: string): string[] {
  return EXPANDED_SUFFIXES.filter((suffix) => suffix === '' || host.endsWith(suffix))
    .map((suffix) => host.slice(0, host.length - suffix.length))
    .filter(validTopLevel);
}

/**
 * Every host with its cluster-local short forms, sorted and unique (ExpandedHosts):
 * `a.ns.svc.cluster.local` → `a.ns`, `a.ns.svc`, `a.ns.svc.cluster.local`; `x.example.com` → itself.
 */
export function expandedHosts(hosts: Iterable<string>): string[] {
  return sortedUnique([...new Set(hosts)].flatMap(expandHost));
}

/** Whether `host` is a cluster-local Service host (ends with `.svc.cluster.local`). */
export function isClusterLocalHost(host: string): boolean {
  return host.endsWith(CLUSTER_LOCAL_SUFFIX);
}

/** The authority prefix a route matches for `host`: `.svc.cluster.local` trimmed, so `host:port` and short names match too. */
export function hostPrefix(host: string): string {
  return isClusterLocalHost(host) ? host.slice(0, host.length - CLUSTER_LOCAL_SUFFIX.length) : host;
}

/**
 * The distinct host prefixes of `hosts`, sorted (getDistinctHostPrefixes): hosts are sorted, trimmed
 * with {@link hostPrefix}, and one is dropped when an already kept prefix is a string prefix of it
 * (`{a, ab, abc}` → `{a}`), since a prefix match on the shorter accepts the longer.
 */
export function distinctHostPrefixes(hosts: Iterable<string>): string[] {
  const kept: string[] = [];
  for (const host of sortedUnique(hosts)) {
    const prefix = hostPrefix(host);
    if (!kept.some((k) => prefix.startsWith(k))) kept.push(prefix);
  }
  return sortedUnique(kept);
}

/** The hosts of all rules of an Ingress, sorted and unique. */
export function ingressHosts(ingress: Ingress): string[] {
  return sortedUnique((ingress.spec?.rules ?? []).flatMap((rule) => rule.hosts ?? []));
}

/** The cluster-local hosts among `hosts`, sorted and unique (keepLocalHostnames). */
export function clusterLocalHosts(hosts: Iterable<string>): string[] {
  return sortedUnique([...hosts].filter(isClusterLocalHost));
}

/** Go's string order (sort.Strings; UTF-16 order equals byte order for the ASCII names compared here). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Strings sorted by Go's order and deduplicated (Go's sets.List). */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareStrings);
}
