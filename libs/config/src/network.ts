import { parse as parseYaml } from 'yaml';
import { accept, asBool, asChoice, asInt, asString, type FieldTable, firstLine, keysOf, parseWith, refuse, type Rule, type ValueParser } from './fields.js';
import type { ConfigData, ConfigResult } from './result.js';
import { executeTemplate } from './template.js';

/** Name of the networking ConfigMap (knative/networking `pkg/config/config.go`). */
export const NETWORK_CONFIG_NAME = 'config-network';

/** What the ingress does with plain HTTP. */
export const HttpProtocol = { Enabled: 'enabled', Redirected: 'redirected', Disabled: 'disabled' } as const;
/** One of {@link HttpProtocol}. */
export type HttpProtocol = (typeof HttpProtocol)[keyof typeof HttpProtocol];

/** How data-plane peers reach pods: pod IPs, ClusterIPs, or detect. */
export const MeshCompatibilityMode = { Auto: 'auto', Enabled: 'enabled', Disabled: 'disabled' } as const;
/** One of {@link MeshCompatibilityMode}. */
export type MeshCompatibilityMode = (typeof MeshCompatibilityMode)[keyof typeof MeshCompatibilityMode];

/** A Kubernetes label selector, as `namespace-wildcard-cert-selector` holds it. */
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly { readonly key: string; readonly operator: string; readonly values?: readonly string[] }[];
}

/** `config-network` as typed values; `rolloutDuration` in ms. */
export interface NetworkConfig {
  readonly ingressClass: string;
  readonly certificateClass: string;
  readonly domainTemplate: string;
  readonly tagTemplate: string;
  readonly externalDomainTls: boolean;
  readonly clusterLocalDomainTls: boolean;
  readonly systemInternalTls: boolean;
  readonly httpProtocol: HttpProtocol;
  readonly defaultExternalScheme: string;
  readonly rolloutDuration: number;
  readonly namespaceWildcardCertSelector: LabelSelector | undefined;
  readonly autocreateClusterDomainClaims: boolean;
  readonly enableMeshPodAddressability: boolean;
  readonly meshCompatibilityMode: MeshCompatibilityMode;
}

/** Knative's defaults. */
export function defaultNetworkConfig(): NetworkConfig {
  return {
    ingressClass: 'istio.ingress.networking.knative.dev',
    certificateClass: 'cert-manager.certificate.networking.knative.dev',
    domainTemplate: '{{.Name}}.{{.Namespace}}.{{.Domain}}',
    tagTemplate: '{{.Tag}}-{{.Name}}',
    externalDomainTls: false,
    clusterLocalDomainTls: false,
    systemInternalTls: false,
    httpProtocol: HttpProtocol.Enabled,
    defaultExternalScheme: 'http',
    rolloutDuration: 0,
    namespaceWildcardCertSelector: undefined,
    autocreateClusterDomainClaims: false,
    enableMeshPodAddressability: false,
    meshCompatibilityMode: MeshCompatibilityMode.Auto,
  };
}

/** Only "enabled" (any case) turns TLS on; anything else leaves it off (Knative's auto-tls reading). */
const asEnabled: ValueParser<boolean> = (raw) => accept(raw.toLowerCase() === 'enabled');

/** "" / "disabled" / "enabled" (any case), else Knative's refusal. */
const asEncryption: ValueParser<boolean> = (raw, key) => {
  const lower = raw.toLowerCase();
  if (lower === '' || lower === 'disabled') return accept(false);
  if (lower === 'enabled') return accept(true);
  return refuse(`${key} with value: ${JSON.stringify(raw)} in config-network ConfigMap is not supported`);
};

/** `system-internal-tls`, or the legacy boolean `internal-encryption`. */
const asSystemInternalTls: ValueParser<boolean> = (raw, key) => (key === 'internal-encryption' ? asBool(raw, key) : asEncryption(raw, key));

const asHttpProtocol: ValueParser<HttpProtocol> = (raw) => {
  const found = Object.values(HttpProtocol).find((p) => p === raw.toLowerCase());
  if (raw === '') return accept(HttpProtocol.Enabled);
  return found ? accept(found) : refuse(`httpProtocol ${raw} in config-network ConfigMap is not supported`);
};

/** Whole seconds (Go's `strconv.Atoi`), kept in ms. */
const asSeconds: ValueParser<number> = (raw, key) => {
  const read = asInt(64, 'strconv.Atoi')(raw, key);
  return read.ok ? accept(read.value * 1000) : read;
};

const isStringMap = (v: unknown): v is Record<string, string> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');

const isExpression = (v: unknown): boolean => {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  return typeof e.key === 'string' && typeof e.operator === 'string' && (e.values === undefined || (Array.isArray(e.values) && e.values.every((x) => typeof x === 'string')));
};

function selectorProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'a label selector must be a mapping';
  const s = value as Record<string, unknown>;
  if (s.matchLabels !== undefined && !isStringMap(s.matchLabels)) return 'matchLabels must map label keys to strings';
  const expressions = s.matchExpressions;
  if (expressions !== undefined && !(Array.isArray(expressions) && expressions.every(isExpression))) {
    return 'matchExpressions must be a list of {key, operator, values}';
  }
  return undefined;
}

/** A YAML label selector; empty means none (Knative's `asLabelSelector`). */
const asLabelSelector: ValueParser<LabelSelector | undefined> = (raw, key) => {
  if (raw.trim() === '') return accept(undefined);
  let value: unknown;
  try {
    value = parseYaml(raw);
  } catch (error) {
    return refuse(`failed to parse ${JSON.stringify(key)}: ${firstLine(error)}`);
  }
  const problem = selectorProblem(value);
  return problem === undefined ? accept(value as LabelSelector) : refuse(`failed to parse ${JSON.stringify(key)}: ${problem}`);
};

const TABLE: FieldTable<NetworkConfig> = {
  ingressClass: { key: 'ingress-class', legacy: ['ingress.class'], parse: asString },
  certificateClass: { key: 'certificate-class', legacy: ['certificate.class'], parse: asString },
  domainTemplate: { key: 'domain-template', legacy: ['domainTemplate'], parse: asString },
  tagTemplate: { key: 'tag-template', legacy: ['tagTemplate'], parse: asString },
  externalDomainTls: { key: 'external-domain-tls', legacy: ['auto-tls', 'autoTLS'], parse: asEnabled },
  clusterLocalDomainTls: { key: 'cluster-local-domain-tls', parse: asEncryption },
  systemInternalTls: { key: 'system-internal-tls', legacy: ['internal-encryption'], parse: asSystemInternalTls },
  httpProtocol: { key: 'http-protocol', legacy: ['httpProtocol'], parse: asHttpProtocol },
  defaultExternalScheme: { key: 'default-external-scheme', legacy: ['defaultExternalScheme'], parse: asString },
  rolloutDuration: { key: 'rollout-duration', legacy: ['rolloutDuration'], parse: asSeconds },
  namespaceWildcardCertSelector: { key: 'namespace-wildcard-cert-selector', parse: asLabelSelector },
  autocreateClusterDomainClaims: { key: 'autocreate-cluster-domain-claims', legacy: ['autocreateClusterDomainClaims'], parse: asBool },
  enableMeshPodAddressability: { key: 'enable-mesh-pod-addressability', parse: asBool },
  meshCompatibilityMode: { key: 'mesh-compatibility-mode', parse: asChoice<MeshCompatibilityMode>(Object.values(MeshCompatibilityMode)) },
};

/** Every key `parseNetworkConfig` reads (legacy spellings are read too). */
export const NETWORK_KEYS: readonly string[] = keysOf(TABLE);

/** Go's `url.Parse("https://" + host)` reduced to what Knative checks: a host name and no path. */
function hostProblem(rendered: string): string | undefined {
  const cut = rendered.search(/[/?#]/);
  const authority = cut < 0 ? rendered : rendered.slice(0, cut);
  if (/\s/.test(authority)) return `parse ${JSON.stringify(`https://${rendered}`)}: invalid character " " in host name`;
  const host = authority.slice(authority.lastIndexOf('@') + 1).replace(/:\d*$/, '');
  if (host === '') return 'empty hostname';
  const rest = cut < 0 ? '' : rendered.slice(cut).replace(/#.*$/, '');
  const requestUri = rest === '' ? '/' : rest.startsWith('?') ? `/${rest}` : rest;
  return requestUri === '/' ? undefined : `domain template has url path: ${requestUri}`;
}

function domainTemplateProblem(text: string): string | undefined {
  const values = { Name: 'foo', Namespace: 'bar', Domain: 'baz.com', Annotations: {}, Labels: {} };
  const run = executeTemplate({ name: 'domain-template', text, values, typeName: 'config.DomainTemplateValues' });
  return run.ok ? hostProblem(run.text) : run.message;
}

function tagTemplateProblem(text: string): string | undefined {
  const run = executeTemplate({ name: 'tag-template', text, values: { Name: 'foo', Tag: 'v2' }, typeName: 'config.TagTemplateValues' });
  return run.ok ? undefined : run.message;
}

const RULES: readonly Rule<NetworkConfig>[] = [
  {
    key: 'rollout-duration',
    check: (c) => (c.rolloutDuration < 0 ? `rollout-duration must be a positive integer, but was ${c.rolloutDuration / 1000}` : undefined),
  },
  { key: 'domain-template', check: (c) => domainTemplateProblem(c.domainTemplate) },
  { key: 'tag-template', check: (c) => tagTemplateProblem(c.tagTemplate) },
];

/** Parses `config-network` data over the defaults; new keys win over their legacy spellings. */
export function parseNetworkConfig(data: ConfigData): ConfigResult<NetworkConfig> {
  return parseWith(data, { table: TABLE, rules: RULES, defaults: defaultNetworkConfig() });
}
