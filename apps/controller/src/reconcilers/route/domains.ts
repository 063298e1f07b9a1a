// The host names of a Route (serving `pkg/reconciler/route/domains/domains.go`,
// `config/domain.go`, `visibility/visibility.go`; API.md §7): the domain from config-domain's most
// specific selector, the external host from config-network's domain template, the tag hosts from
// its tag template, and the cluster-local names. Pure: the config comes in as a parameter.
import { NetworkingLabels, Visibility, type Route } from '@ebb/api';
import { fieldInvalid, fieldRequired, formatCause, validateDns1123Label, validateDns1123Subdomain, type FieldCause } from '@ebb/apimachinery';
import { DEFAULT_DOMAIN, executeTemplate, type DomainConfig, type NetworkConfig } from '@ebb/config';

/** The cluster's DNS domain (Knative reads it from resolv.conf; Ebb's clusters use the default). */
export const CLUSTER_DOMAIN = 'cluster.local';
/** Knative's default domain template, always used for cluster-local hosts. */
export const DEFAULT_DOMAIN_TEMPLATE = '{{.Name}}.{{.Namespace}}.{{.Domain}}';

/** Who can reach a Route's hosts (the Ingress rule visibilities). */
export const RouteVisibility = { ExternalIP: 'ExternalIP', ClusterLocal: 'ClusterLocal' } as const;
/** One of {@link RouteVisibility}. */
export type RouteVisibility = (typeof RouteVisibility)[keyof typeof RouteVisibility];

/** The hosts of one traffic name (the Route itself, or one tag). */
export interface TargetHosts {
  /** The host of the external rule; undefined when cluster-local. */
  readonly external: string | undefined;
  /** `<name>.<ns>`, `<name>.<ns>.svc`, `<name>.<ns>.svc.cluster.local` (sorted). */
  readonly clusterLocal: readonly string[];
  /** The host of its URL: the external host, else the full cluster-local name. */
  readonly host: string;
  /** The placeholder Service name: the Route name, or the tag template's `<tag>-<route>`. */
  readonly serviceName: string;
}

/** All hosts of a Route: its own, and each tag's. */
export interface RouteHosts extends TargetHosts {
  readonly visibility: RouteVisibility;
  /** Hosts by tag. */
  readonly tags: ReadonlyMap<string, TargetHosts>;
}

/** Either the hosts, or why the templates gave none (the Route's `ErrorConfig`). */
export type RouteHostsResult = { readonly ok: true; readonly hosts: RouteHosts } | { readonly ok: false; readonly message: string };

/** The config a host computation reads. */
export interface HostsConfig {
  readonly network: Pick<NetworkConfig, 'domainTemplate' | 'tagTemplate'>;
  readonly domain: DomainConfig;
}

type Rendered = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string };

/** `scheme://host`, as Knative's `domains.URL` prints it. */
export function urlOf(scheme: string, host: string): string {
  return `${scheme}://${host}`;
}

/** The config-domain domain for `labels`: the most specific matching selector, ties by lexical order; none → `svc.cluster.local`. */
export function domainForLabels(domain: DomainConfig, labels: Readonly<Record<string, string>>): string {
  if (labels[NetworkingLabels.Visibility] === Visibility.ClusterLocal) return DEFAULT_DOMAIN;
  let best: { domain: string; specificity: number } | undefined;
  for (const [name, entry] of Object.entries(domain.domains)) {
    const selector = Object.entries(entry.selector);
    if (!selector.every(([k, v]) => labels[k] === v)) continue;
    const better = best === undefined || selector.length > best.specificity || (selector.length === best.specificity && name < best.domain);
    if (better) best = { domain: name, specificity: selector.length };
  }
  return best?.domain ?? DEFAULT_DOMAIN;
}

/** IsFullyQualifiedDomainName's first error for `host` (field `url`), if any. */
function hostError(host: string): FieldCause | undefined {
  if (host === '') return fieldRequired('url');
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  const subdomain = validateDns1123Subdomain(name);
  if (subdomain.length > 0) return fieldInvalid('url', name, subdomain.join(','));
  if (name.split('.').length < 2) return fieldInvalid('url', name, 'should be a domain with at least two segments separated by dots');
  for (const label of name.split('.')) {
    const errs = validateDns1123Label(label);
    if (errs.length > 0) return fieldInvalid('url', label, errs.join(','));
  }
  return undefined;
}

/** The tag's host name (`{{.Tag}}-{{.Name}}` by default); the Route name for the untagged target. */
function hostnameOf(route: RouteMeta, tag: string, network: HostsConfig['network']): Rendered {
  if (tag === '') return { ok: true, text: route.name };
  const run = executeTemplate({ name: 'tag-template', text: network.tagTemplate, values: { Name: route.name, Tag: tag }, typeName: 'network.TagTemplateValues' });
  return run.ok ? run : { ok: false, message: `error executing the TagTemplate: ${run.message}` };
}

/** What the templates read of a Route. */
function routeMeta(route: Route): RouteMeta {
  const metadata = route.metadata ?? {};
  return { name: metadata.name ?? '', namespace: metadata.namespace ?? '', labels: metadata.labels ?? {}, annotations: metadata.annotations ?? {} };
}

interface RouteMeta {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** The domain template rendered for `hostname` on `domain`, checked to be a host name. */
function fullHost(route: RouteMeta, hostname: string, input: { readonly domain: string; readonly template: string }): Rendered {
  const values = { Name: hostname, Namespace: route.namespace, Domain: input.domain, Annotations: route.annotations, Labels: route.labels };
  const run = executeTemplate({ name: 'domain-template', text: input.template, values, typeName: 'network.DomainTemplateValues' });
  if (!run.ok) return { ok: false, message: `error executing the DomainTemplate: ${run.message}` };
  const error = hostError(run.text);
  return error === undefined ? run : { ok: false, message: `invalid domain name ${JSON.stringify(run.text)}: ${formatCause(error)}` };
}

/** `x.ns.svc.cluster.local` expanded to its shorter forms (knative/networking `ExpandedHosts`), sorted. */
function expandedHosts(host: string): string[] {
  const suffix = `.svc.${CLUSTER_DOMAIN}`;
  if (!host.endsWith(suffix)) return [host];
  const short = host.slice(0, -suffix.length);
  return [short, `${short}.svc`, host].sort();
}

type TargetResult = { readonly ok: true; readonly hosts: TargetHosts } | { readonly ok: false; readonly message: string };

/** The hosts of one traffic name. */
function targetHosts(route: RouteMeta, tag: string, input: { readonly config: HostsConfig; readonly domain: string | undefined }): TargetResult {
  const hostname = hostnameOf(route, tag, input.config.network);
  if (!hostname.ok) return hostname;
  const local = fullHost(route, hostname.text, { domain: DEFAULT_DOMAIN, template: DEFAULT_DOMAIN_TEMPLATE });
  if (!local.ok) return local;
  const clusterLocal = expandedHosts(local.text);
  if (input.domain === undefined) return { ok: true, hosts: { external: undefined, clusterLocal, host: local.text, serviceName: hostname.text } };
  const external = fullHost(route, hostname.text, { domain: input.domain, template: input.config.network.domainTemplate });
  if (!external.ok) return external;
  return { ok: true, hosts: { external: external.text, clusterLocal, host: external.text, serviceName: hostname.text } };
}

/** The tags of a Route's spec, deduplicated, in spec order. */
export function tagsOf(route: Route): string[] {
  return [...new Set((route.spec?.traffic ?? []).map((t) => t.tag ?? '').filter((t) => t !== ''))];
}

/**
 * The hosts of `route`: cluster-local only when it carries `networking.knative.dev/visibility:
 * cluster-local` or its domain is `svc.cluster.local`; otherwise also the external host from the
 * domain template. Tags get the same with the tag template's host name.
 */
export function routeHosts(route: Route, config: HostsConfig): RouteHostsResult {
  const meta = routeMeta(route);
  const domain = domainForLabels(config.domain, meta.labels);
  const clusterLocal = domain === DEFAULT_DOMAIN;
  const input = { config, domain: clusterLocal ? undefined : domain };
  const main = targetHosts(meta, '', input);
  if (!main.ok) return main;
  const tags = new Map<string, TargetHosts>();
  for (const tag of tagsOf(route)) {
    const hosts = targetHosts(meta, tag, input);
    if (!hosts.ok) return hosts;
    tags.set(tag, hosts.hosts);
  }
  const visibility = clusterLocal ? RouteVisibility.ClusterLocal : RouteVisibility.ExternalIP;
  return { ok: true, hosts: { ...main.hosts, visibility, tags } };
}
