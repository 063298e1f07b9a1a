/**
 * `config-istio` (net-istio's `pkg/reconciler/ingress/config/istio.go`): which Istio Gateways
 * carry external and cluster-local traffic, and the Services in front of their pods. Two formats,
 * never mixed: the YAML lists `external-gateways` / `local-gateways`, or the older one-key-per-
 * gateway `gateway.<ns>.<name>` / `local-gateway.<ns>.<name>`. Error texts are net-istio's (and,
 * for YAML of the wrong shape, those of Go's encoding/json that net-istio passes on).
 */
import { labelSelectorFromSpec, type LabelSelectorSpec, SelectorError, validateDns1123Subdomain } from '@ebb/apimachinery';
import { parse as parseYaml, YAMLError } from 'yaml';
import { firstLine, rawValue } from './fields.js';
import type { LabelSelector } from './network.js';
import type { ConfigData, ConfigProblem, ConfigResult } from './result.js';

/** Name of net-istio's ConfigMap. */
export const ISTIO_CONFIG_NAME = 'config-istio';

/** One Istio Gateway Ingresses are routed through. */
export interface IstioGateway {
  readonly namespace: string;
  readonly name: string;
  /** FQDN of the K8s Service fronting the gateway pods */
  readonly serviceUrl: string;
  /** Which Ingresses (by their labels) use this gateway; absent on the default gateway. */
  readonly labelSelector?: LabelSelector;
}

/** `config-istio` as typed values: the gateways for ExternalIP and for ClusterLocal rules. */
export interface IstioConfig {
  readonly externalGateways: readonly IstioGateway[];
  readonly localGateways: readonly IstioGateway[];
}

/** The keys of the new format (the old format's keys are the prefixes `gateway.` and `local-gateway.`). */
export const ISTIO_KEYS: readonly string[] = ['external-gateways', 'local-gateways'];

/** Ebb's system namespace (Knative's is `knative-serving`). */
const DEFAULT_SYSTEM_NAMESPACE = 'ebb-system';

/** What differs between the two gateway lists: keys, the words of the messages, the default. */
interface GatewayKind {
  readonly key: string;
  readonly prefix: string;
  /** As `Validate` names a gateway of this list. */
  readonly noun: string;
  /** As the exactly-one-default rule names it. */
  readonly adjective: string;
  readonly defaultName: string;
  readonly defaultService: string;
}

const EXTERNAL: GatewayKind = {
  key: 'external-gateways',
  prefix: 'gateway.',
  noun: 'gateway',
  adjective: 'external',
  defaultName: 'knative-ingress-gateway',
  defaultService: 'istio-ingressgateway.istio-system.svc.cluster.local',
};

const LOCAL: GatewayKind = {
  key: 'local-gateways',
  prefix: 'local-gateway.',
  noun: 'local gateway',
  adjective: 'local',
  defaultName: 'knative-local-gateway',
  defaultService: 'knative-local-gateway.istio-system.svc.cluster.local',
};

function defaultGateways(kind: GatewayKind, systemNamespace: string): IstioGateway[] {
  return [{ namespace: systemNamespace, name: kind.defaultName, serviceUrl: kind.defaultService }];
}

/** net-istio's defaults: Knative's two shared gateways in the system namespace (default `ebb-system`). */
export function defaultIstioConfig(systemNamespace: string = DEFAULT_SYSTEM_NAMESPACE): IstioConfig {
  return { externalGateways: defaultGateways(EXTERNAL, systemNamespace), localGateways: defaultGateways(LOCAL, systemNamespace) };
}

/** Whether any gateway is configured; false ("mesh-only") only when both lists are empty. */
export function gatewaysEnabled(config: IstioConfig): boolean {
  return config.externalGateways.length > 0 || config.localGateways.length > 0;
}

/** `<namespace>/<name>`, as VirtualServices name a gateway. */
export function qualifiedName(gateway: Pick<IstioGateway, 'namespace' | 'name'>): string {
  return `${gateway.namespace}/${gateway.name}`;
}

// ---- Decoding a YAML list the way sigs.k8s.io/yaml + encoding/json do ----------------------

/** A YAML value of the wrong shape; its message is Go's encoding/json text. */
class UnmarshalError extends Error {}

/** Where a value was going: a Go struct field (`struct`.`field`) or the top-level value, and its Go type. */
interface Target {
  readonly struct?: string;
  readonly field?: string;
  readonly type: string;
}

/** A value's kind as encoding/json names it. */
function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number' || typeof value === 'bigint') return 'number';
  return typeof value === 'string' ? 'string' : 'object';
}

function cannot(value: unknown, target: Target): UnmarshalError {
  const into = target.struct === undefined ? `Go value of type ${target.type}` : `Go struct field ${target.struct}.${target.field ?? ''} of type ${target.type}`;
  return new UnmarshalError(`json: cannot unmarshal ${jsonKind(value)} into ${into}`);
}

const isNil = (value: unknown): value is null | undefined => value === null || value === undefined;

const isMapping = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A struct field of a mapping, matched as encoding/json does: case-insensitively, the last key written wins. */
function field(mapping: Record<string, unknown>, name: string): unknown {
  const wanted = name.toLowerCase();
  let found: unknown;
  for (const [key, value] of Object.entries(mapping)) if (key.toLowerCase() === wanted) found = value;
  return found;
}

/** A string; null is empty, and numbers and booleans are written out (sigs.k8s.io/yaml does so for string targets). */
function decodeString(value: unknown, target: Target): string {
  if (isNil(value)) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  throw cannot(value, target);
}

/** A YAML sequence (null is none). */
function decodeList<V>(value: unknown, target: Target, item: (element: unknown) => V): V[] | undefined {
  if (isNil(value)) return undefined;
  if (!Array.isArray(value)) throw cannot(value, target);
  return value.map(item);
}

const SELECTOR_FIELD = 'labelSelector';
const EXPRESSIONS = `${SELECTOR_FIELD}.matchExpressions`;

function decodeMatchLabels(value: unknown): Record<string, string> | undefined {
  if (isNil(value)) return undefined;
  const target = { struct: 'LabelSelector', field: `${SELECTOR_FIELD}.matchLabels` };
  if (!isMapping(value)) throw cannot(value, { ...target, type: 'map[string]string' });
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, decodeString(v, { ...target, type: 'string' })]));
}

type Expression = NonNullable<LabelSelector['matchExpressions']>[number];

function decodeExpression(value: unknown): Expression {
  if (isNil(value)) return { key: '', operator: '' };
  if (!isMapping(value)) throw cannot(value, { struct: 'LabelSelector', field: EXPRESSIONS, type: 'v1.LabelSelectorRequirement' });
  const at = (name: string): Target => ({ struct: 'LabelSelectorRequirement', field: `${EXPRESSIONS}.${name}`, type: 'string' });
  const values = decodeList(field(value, 'values'), { ...at('values'), type: '[]string' }, (v) => decodeString(v, at('values')));
  const expression = { key: decodeString(field(value, 'key'), at('key')), operator: decodeString(field(value, 'operator'), at('operator')) };
  return values === undefined ? expression : { ...expression, values };
}

/** A metav1.LabelSelector; null or absent is none. */
function decodeSelector(value: unknown): LabelSelector | undefined {
  if (isNil(value)) return undefined;
  if (!isMapping(value)) throw cannot(value, { struct: 'Gateway', field: SELECTOR_FIELD, type: 'v1.LabelSelector' });
  const matchLabels = decodeMatchLabels(field(value, 'matchLabels'));
  const matchExpressions = decodeList(field(value, 'matchExpressions'), { struct: 'LabelSelector', field: EXPRESSIONS, type: '[]v1.LabelSelectorRequirement' }, decodeExpression);
  return { ...(matchLabels === undefined ? {} : { matchLabels }), ...(matchExpressions === undefined ? {} : { matchExpressions }) };
}

/** One list entry `{namespace, name, service, labelSelector?}`; null is an empty gateway (refused later). */
function decodeGateway(value: unknown): IstioGateway {
  if (isNil(value)) return { namespace: '', name: '', serviceUrl: '' };
  if (!isMapping(value)) throw cannot(value, { type: 'config.Gateway' });
  const text = (name: string): string => decodeString(field(value, name), { struct: 'Gateway', field: name, type: 'string' });
  const gateway = { namespace: text('Namespace'), name: text('Name'), serviceUrl: text('service') };
  const labelSelector = decodeSelector(field(value, SELECTOR_FIELD));
  return labelSelector === undefined ? gateway : { ...gateway, labelSelector };
}

/** A new-format value as gateways, or net-istio's message for YAML that is not a list of them. */
function readGatewayList(raw: string, key: string): { gateways: IstioGateway[] } | { message: string } {
  try {
    return { gateways: decodeList(parseYaml(raw), { type: '[]config.Gateway' }, decodeGateway) ?? [] };
  } catch (error) {
    if (!(error instanceof UnmarshalError || error instanceof YAMLError)) throw error;
    return { message: `failed to parse ${JSON.stringify(key)} gateways: failed to unmarshal: ${firstLine(error)}` };
  }
}

// ---- Validation ----------------------------------------------------------------------------

/** A label selector as apimachinery's LabelSelectorAsSelector takes it. */
function selectorSpec(selector: LabelSelector): LabelSelectorSpec {
  const spec: LabelSelectorSpec = {};
  if (selector.matchLabels !== undefined) spec.matchLabels = { ...selector.matchLabels };
  if (selector.matchExpressions !== undefined) {
    spec.matchExpressions = selector.matchExpressions.map((e) => ({ key: e.key, operator: e.operator, ...(e.values === undefined ? {} : { values: [...e.values] }) }));
  }
  return spec;
}

function selectorProblem(selector: LabelSelector | undefined): string | undefined {
  if (selector === undefined) return undefined;
  try {
    labelSelectorFromSpec(selectorSpec(selector));
    return undefined;
  } catch (error) {
    if (error instanceof SelectorError) return `failed to create selector from label selector: ${error.message}`;
    throw error;
  }
}

/** net-istio's `Gateway.Validate`: the first thing wrong with a gateway. */
function gatewayProblem(gateway: IstioGateway): string | undefined {
  if (gateway.namespace === '') return 'missing namespace';
  if (gateway.name === '') return 'missing name';
  if (gateway.serviceUrl === '') return 'missing service';
  const dns = validateDns1123Subdomain(gateway.serviceUrl.replace(/\.$/, ''));
  if (dns.length > 0) return `invalid gateway service format: [${dns.join(' ')}]`;
  return selectorProblem(gateway.labelSelector);
}

/** The message for an invalid gateway of `kind`, or undefined when it is valid. */
function invalidGateway(kind: GatewayKind, gateway: IstioGateway): string | undefined {
  const problem = gatewayProblem(gateway);
  return problem === undefined ? undefined : `invalid ${kind.noun} ${qualifiedName(gateway)}: ${problem}`;
}

/** Go's `%v` of the selector-less gateways: `[{ns name service <nil>} …]`. */
function goGateways(gateways: readonly IstioGateway[]): string {
  return `[${gateways.map((g) => `{${g.namespace} ${g.name} ${g.serviceUrl} <nil>}`).join(' ')}]`;
}

/** A non-empty list needs exactly one gateway without a selector: the one unmatched Ingresses use. */
function defaultRuleProblem(kind: GatewayKind, gateways: readonly IstioGateway[]): string | undefined {
  const defaults = gateways.filter((g) => g.labelSelector === undefined);
  if (gateways.length === 0 || defaults.length === 1) return undefined;
  return `exactly one ${kind.adjective} gateway with no selector can be defined, here: ${goGateways(defaults)}`;
}

// ---- The two formats -----------------------------------------------------------------------

/** One list being read: its gateways and the problems found, each under the key it came from. */
interface ListResult {
  readonly gateways: readonly IstioGateway[];
  readonly problems: readonly ConfigProblem[];
}

/** A new-format value when it is set: missing or blank means "the default". */
function newFormatValue(data: ConfigData, key: string): string | undefined {
  const raw = rawValue(data, key);
  return raw === undefined || raw.trim() === '' ? undefined : raw;
}

function parseNewList(data: ConfigData, kind: GatewayKind, systemNamespace: string): ListResult {
  const raw = newFormatValue(data, kind.key);
  if (raw === undefined) return { gateways: defaultGateways(kind, systemNamespace), problems: [] };
  const read = readGatewayList(raw, kind.key);
  if ('message' in read) return { gateways: [], problems: [{ key: kind.key, value: raw, message: read.message }] };
  const messages = [defaultRuleProblem(kind, read.gateways), ...read.gateways.map((g) => invalidGateway(kind, g))];
  const problems = messages.flatMap((message) => (message === undefined ? [] : [{ key: kind.key, value: raw, message }]));
  return { gateways: read.gateways, problems };
}

/** `gateway.<ns>.<name>` → ns/name; without a dot the namespace is the system namespace. */
function oldFormatGateway(suffix: string, serviceUrl: string, systemNamespace: string): IstioGateway {
  const dot = suffix.indexOf('.');
  if (dot < 0) return { namespace: systemNamespace, name: suffix, serviceUrl };
  return { namespace: suffix.slice(0, dot), name: suffix.slice(dot + 1), serviceUrl };
}

function parseOldList(data: ConfigData, kind: GatewayKind, systemNamespace: string): ListResult {
  const keys = Object.keys(data)
    .filter((key) => key.startsWith(kind.prefix) && key !== kind.prefix)
    .sort();
  if (keys.length === 0) return { gateways: defaultGateways(kind, systemNamespace), problems: [] };
  const gateways: IstioGateway[] = [];
  const problems: ConfigProblem[] = [];
  for (const key of keys) {
    const value = data[key] ?? '';
    const gateway = oldFormatGateway(key.slice(kind.prefix.length), value, systemNamespace);
    const message = invalidGateway(kind, gateway);
    if (message !== undefined) problems.push({ key, value, message });
    gateways.push(gateway);
  }
  return { gateways, problems };
}

function isOldFormatKey(key: string): boolean {
  return key.startsWith(EXTERNAL.prefix) || key.startsWith(LOCAL.prefix);
}

function mixedFormats(data: ConfigData): ConfigResult<IstioConfig> {
  const key = newFormatValue(data, EXTERNAL.key) === undefined ? LOCAL.key : EXTERNAL.key;
  const message = `invalid configmap: "${LOCAL.key}" or "${EXTERNAL.key}" can not be defined simultaneously with "${EXTERNAL.prefix}" or "${LOCAL.prefix}"`;
  return { ok: false, problems: [{ key, value: rawValue(data, key) ?? '', message }] };
}

/**
 * Parses `config-istio` data. `systemNamespace` (default `ebb-system`) is where the default
 * gateways live and the namespace of old-format keys without one. Keys net-istio does not read
 * (`_example`, anything else) are ignored.
 */
export function parseIstioConfig(data: ConfigData, systemNamespace: string = DEFAULT_SYSTEM_NAMESPACE): ConfigResult<IstioConfig> {
  const newFormat = newFormatValue(data, EXTERNAL.key) !== undefined || newFormatValue(data, LOCAL.key) !== undefined;
  const oldFormat = Object.keys(data).some(isOldFormatKey);
  if (newFormat && oldFormat) return mixedFormats(data);
  const parseList = newFormat ? parseNewList : parseOldList;
  const external = parseList(data, EXTERNAL, systemNamespace);
  const local = parseList(data, LOCAL, systemNamespace);
  const problems = [...external.problems, ...local.problems];
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, config: { externalGateways: external.gateways, localGateways: local.gateways } };
}
