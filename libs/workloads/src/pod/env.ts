// A container's environment as the kubelet builds it (pkg/kubelet/kubelet_pods.go
// `makeEnvironmentVariables`): `envFrom` first, then `env` in order with `$(VAR)` expansion
// against the variables defined so far, downward-API fields, resource fields and ConfigMap/Secret
// keys. Pure: the kubelet fetches the ConfigMaps and Secrets and passes them in; the downward-API
// and resource readers here also serve the downwardAPI volume.
import { fromBase64Text } from '@ebb/apimachinery';
import type { V1Container, V1EnvFromSource, V1EnvVar, V1ObjectFieldSelector, V1Pod, V1ResourceFieldSelector } from '@kubernetes/client-node';

/** A ConfigMap's content (`binaryData` values base64, as the API returns them). */
export interface ConfigMapContent {
  readonly data?: Readonly<Record<string, string>>;
  readonly binaryData?: Readonly<Record<string, string>>;
}

/** A Secret's content (`data` values base64, as the API returns them). */
export interface SecretContent {
  readonly data?: Readonly<Record<string, string>>;
}

/** The ConfigMaps and Secrets of the pod's namespace, by name; a name not in the map was not found. */
export interface EnvSources {
  readonly configMaps: ReadonlyMap<string, ConfigMapContent>;
  readonly secrets: ReadonlyMap<string, SecretContent>;
}

/** The node's allocatable resources (quantities): the kubelet reports them for unset limits. */
export interface NodeAllocatable {
  readonly cpu: string;
  readonly memory: string;
}

/** Everything a container's environment is built from. */
export interface EnvInput {
  readonly pod: V1Pod;
  readonly container: V1Container;
  readonly sources: EnvSources;
  readonly allocatable: NodeAllocatable;
}

/** The environment, or Kubernetes' CreateContainerConfigError message; `warnings` name skipped envFrom keys. */
export type EnvResolution = { readonly ok: true; readonly env: Record<string, string>; readonly warnings: string[] } | { readonly ok: false; readonly message: string };

/** A value read from the pod, or why it cannot be. */
export type FieldValue = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly message: string };

/** The names a container's env refers to, so the caller can fetch them before {@link resolveEnv}. */
export interface EnvReferences {
  readonly configMaps: string[];
  readonly secrets: string[];
}

const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** Whether `name` is a valid environment variable name (apimachinery `IsEnvVarName`). */
export function isEnvVarName(name: string): boolean {
  return ENV_VAR_NAME.test(name);
}

/**
 * Kubernetes' `$(VAR)` expansion (third_party/forked/golang/expansion): a defined VAR is replaced,
 * an undefined one stays `$(VAR)`, `$$` is an escaped `$`, any other `$` stays as it is.
 */
export function expandVariables(input: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  let i = 0;
  while (i < input.length) {
    const next = input.indexOf('$', i);
    if (next < 0 || next === input.length - 1) return out + input.slice(i);
    out += input.slice(i, next);
    const [text, advance] = readReference(input, next + 1, lookup);
    out += text;
    i = next + 1 + advance;
  }
  return out;
}

/**
 * A container's command or args with `$(VAR)` references to its environment expanded, as the
 * kubelet does before it starts the container (ExpandContainerCommandAndArgs); undefined stays
 * undefined (the image's ENTRYPOINT/CMD apply).
 */
export function expandCommand(values: readonly string[] | undefined, env: Readonly<Record<string, string>>): string[] | undefined {
  return values?.map((value) => expandVariables(value, (name) => (Object.hasOwn(env, name) ? env[name] : undefined)));
}

/** What follows a `$` at `at`: the replacement text and how many characters it consumed. */
function readReference(input: string, at: number, lookup: (name: string) => string | undefined): [string, number] {
  const first = input[at];
  if (first === '$') return ['$', 1];
  if (first !== '(') return ['$', 0];
  const close = input.indexOf(')', at + 1);
  if (close < 0) return ['$(', 1];
  const name = input.slice(at + 1, close);
  return [lookup(name) ?? `$(${name})`, close - at + 1];
}

/** The ConfigMaps and Secrets the container's envFrom and env name. */
export function envReferences(container: V1Container): EnvReferences {
  const envFrom = container.envFrom ?? [];
  const env = container.env ?? [];
  return {
    configMaps: distinctNames([...envFrom.map((s) => s.configMapRef?.name), ...env.map((v) => v.valueFrom?.configMapKeyRef?.name)]),
    secrets: distinctNames([...envFrom.map((s) => s.secretRef?.name), ...env.map((v) => v.valueFrom?.secretKeyRef?.name)]),
  };
}

function distinctNames(names: readonly (string | undefined)[]): string[] {
  return [...new Set(names.filter((name): name is string => name !== undefined && name !== ''))];
}

/** The container's environment (see the file header for the order). */
export function resolveEnv(input: EnvInput): EnvResolution {
  const env: Record<string, string> = {};
  const warnings: string[] = [];
  for (const source of input.container.envFrom ?? []) {
    const applied = applyEnvFrom(env, source, input);
    if (typeof applied === 'string') return { ok: false, message: applied };
    if (applied.length > 0) warnings.push(skippedKeysWarning(applied, source, input.pod));
  }
  for (const variable of input.container.env ?? []) {
    const value = envVarValue(variable, env, input);
    if (value === undefined) continue;
    if (!value.ok) return value;
    env[variable.name] = value.value;
  }
  return { ok: true, env, warnings };
}

/** Adds one envFrom source's keys to `env`; returns the skipped invalid keys, or an error message. */
function applyEnvFrom(env: Record<string, string>, source: V1EnvFromSource, input: EnvInput): string[] | string {
  const values = envFromValues(source, input.sources);
  if (typeof values === 'string') return values;
  const skipped: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    const name = (source.prefix ?? '') + key;
    if (isEnvVarName(name)) env[name] = value;
    else skipped.push(name);
  }
  return skipped.sort();
}

/** The key/value pairs of an envFrom source (empty for a missing optional one), or an error message. */
function envFromValues(source: V1EnvFromSource, sources: EnvSources): Record<string, string> | string {
  if (source.configMapRef) {
    const name = source.configMapRef.name ?? '';
    const configMap = sources.configMaps.get(name);
    if (configMap) return { ...configMap.data };
    return source.configMapRef.optional === true ? {} : `configmap "${name}" not found`;
  }
  if (source.secretRef) {
    const name = source.secretRef.name ?? '';
    const secret = sources.secrets.get(name);
    if (secret) return Object.fromEntries(Object.entries(secret.data ?? {}).map(([k, v]) => [k, fromBase64Text(v)]));
    return source.secretRef.optional === true ? {} : `secret "${name}" not found`;
  }
  return {};
}

/** The InvalidEnvironmentVariableNames event message for skipped envFrom keys. */
function skippedKeysWarning(keys: string[], source: V1EnvFromSource, pod: V1Pod): string {
  const kind = source.configMapRef ? 'configMap' : 'secret';
  const name = source.configMapRef?.name ?? source.secretRef?.name ?? '';
  return `Keys [${keys.join(', ')}] from the EnvFrom ${kind} ${pod.metadata?.namespace ?? ''}/${name} were skipped since they are considered invalid environment variable names.`;
}

/** One env entry's value; undefined when an optional source is missing (the variable is then not set). */
function envVarValue(variable: V1EnvVar, env: Record<string, string>, input: EnvInput): FieldValue | undefined {
  if (variable.value) return { ok: true, value: expandVariables(variable.value, (name) => env[name]) };
  const from = variable.valueFrom;
  if (from?.fieldRef) return podFieldValue(input.pod, from.fieldRef);
  if (from?.resourceFieldRef) return containerResourceValue(input.pod, input.container, from.resourceFieldRef, input.allocatable);
  if (from?.configMapKeyRef) return keyRefValue(from.configMapKeyRef, 'ConfigMap', input);
  if (from?.secretKeyRef) return keyRefValue(from.secretKeyRef, 'Secret', input);
  return { ok: true, value: '' };
}

/** A configMapKeyRef or secretKeyRef. */
function keyRefValue(ref: { name?: string; key: string; optional?: boolean }, kind: 'ConfigMap' | 'Secret', input: EnvInput): FieldValue | undefined {
  const name = ref.name ?? '';
  const source = (kind === 'ConfigMap' ? input.sources.configMaps : input.sources.secrets).get(name);
  const value = source?.data?.[ref.key];
  if (value !== undefined) return { ok: true, value: kind === 'Secret' ? fromBase64Text(value) : value };
  if (ref.optional === true) return undefined;
  return { ok: false, message: source ? `couldn't find key ${ref.key} in ${kind} ${namespaceOf(input.pod)}/${name}` : `${kind.toLowerCase()} "${name}" not found` };
}

function namespaceOf(pod: V1Pod): string {
  return pod.metadata?.namespace ?? '';
}

const SUBSCRIPTED_FIELD = /^metadata\.(labels|annotations)\['(.*)'\]$/;

/** A downward-API field of the pod (kubelet `podFieldSelectorRuntimeValue` and fieldpath `ExtractFieldPathAsString`). */
export function podFieldValue(pod: V1Pod, selector: Pick<V1ObjectFieldSelector, 'fieldPath'>): FieldValue {
  const path = selector.fieldPath;
  const subscripted = SUBSCRIPTED_FIELD.exec(path);
  if (subscripted) {
    const map = subscripted[1] === 'labels' ? pod.metadata?.labels : pod.metadata?.annotations;
    return { ok: true, value: map?.[subscripted[2] ?? ''] ?? '' };
  }
  const read = POD_FIELDS[path];
  return read ? { ok: true, value: read(pod) } : { ok: false, message: `unsupported fieldPath: ${path}` };
}

/** The readers of the whole-field paths. */
const POD_FIELDS: Readonly<Record<string, (pod: V1Pod) => string>> = {
  'metadata.name': (pod) => pod.metadata?.name ?? '',
  'metadata.namespace': (pod) => pod.metadata?.namespace ?? '',
  'metadata.uid': (pod) => pod.metadata?.uid ?? '',
  'metadata.labels': (pod) => formatMap(pod.metadata?.labels ?? {}),
  'metadata.annotations': (pod) => formatMap(pod.metadata?.annotations ?? {}),
  'spec.nodeName': (pod) => pod.spec?.nodeName ?? '',
  'spec.serviceAccountName': (pod) => pod.spec?.serviceAccountName ?? '',
  'status.podIP': (pod) => podIPs(pod)[0] ?? '',
  'status.podIPs': (pod) => podIPs(pod).join(','),
  'status.hostIP': (pod) => hostIPs(pod)[0] ?? '',
  'status.hostIPs': (pod) => hostIPs(pod).join(','),
};

function podIPs(pod: V1Pod): string[] {
  const listed = (pod.status?.podIPs ?? []).map((entry) => entry.ip).filter((ip) => ip !== '');
  return listed.length > 0 ? listed : [pod.status?.podIP ?? ''].filter((ip) => ip !== '');
}

function hostIPs(pod: V1Pod): string[] {
  const listed = (pod.status?.hostIPs ?? []).map((entry) => entry.ip ?? '').filter((ip) => ip !== '');
  return listed.length > 0 ? listed : [pod.status?.hostIP ?? ''].filter((ip) => ip !== '');
}

/** fieldpath `FormatMap`: sorted `key="value"` lines. */
function formatMap(map: Readonly<Record<string, string>>): string {
  return Object.keys(map)
    .sort()
    .map((key) => `${key}=${JSON.stringify(map[key])}`)
    .join('\n');
}

/**
 * A resourceFieldRef (fieldpath `ExtractContainerResourceValue`): the container's limit or request
 * divided by `divisor` (default 1), rounded up; an unset limit reads as the node's allocatable.
 */
export function containerResourceValue(pod: V1Pod, container: V1Container, selector: V1ResourceFieldSelector, allocatable: NodeAllocatable): FieldValue {
  const target = pod.spec?.containers.find((c) => c.name === selector.containerName) ?? container;
  const [kind, resource] = selector.resource.split('.', 2);
  if ((kind !== 'limits' && kind !== 'requests') || (resource !== 'cpu' && resource !== 'memory')) {
    return { ok: false, message: `unsupported container resource : ${selector.resource}` };
  }
  const quotient = divideQuantities(resourceAmount(target, kind, resource, allocatable), selector.divisor ?? '1', resource === 'cpu' ? 3 : 0);
  return quotient === undefined ? { ok: false, message: `invalid quantity in resourceFieldRef ${selector.resource}` } : { ok: true, value: quotient.toString() };
}

/** ceil(amount / divisor), both taken in units of 10^-scale rounded up (as Go's `MilliValue`/`Value`). */
function divideQuantities(amount: string, divisor: string, scale: number): bigint | undefined {
  const value = parseQuantity(amount);
  const by = parseQuantity(divisor);
  const units = by ? scaledCeil(by, scale) : 0n;
  return value && units > 0n ? ceilDiv(scaledCeil(value, scale), units) : undefined;
}

/** The container's limit (the node's allocatable when unset) or request (its limit, else 0, when unset). */
function resourceAmount(container: V1Container, kind: 'limits' | 'requests', resource: 'cpu' | 'memory', allocatable: NodeAllocatable): string {
  const limit = container.resources?.limits?.[resource];
  if (kind === 'limits') return limit ?? allocatable[resource];
  return container.resources?.requests?.[resource] ?? limit ?? '0';
}

/** A Kubernetes quantity as `digits × 10^exp10 × 2^exp2` (exact, no floating point). */
export interface Quantity {
  readonly digits: bigint;
  readonly exp10: number;
  readonly exp2: number;
}

const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([numkMGTPE])|[eE]([+-]?\d+))?$/;
const DECIMAL_SUFFIX: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIX: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/** Parses a quantity (`100m`, `1.5Gi`, `2e3`); undefined when it is not one. */
export function parseQuantity(text: string): Quantity | undefined {
  const match = QUANTITY.exec(text.trim());
  return match ? quantityOf(match.slice(1).map((part) => part ?? '')) : undefined;
}

/** The quantity of QUANTITY's groups: sign, number, binary suffix, decimal suffix, exponent. */
function quantityOf(groups: readonly string[]): Quantity {
  const [sign, number, binary, decimal, exponent] = groups as [string, string, string, string, string];
  const [whole, fraction = ''] = number.split('.') as [string, string?];
  const digits = BigInt(`${whole}${fraction}` || '0') * (sign === '-' ? -1n : 1n);
  const exp10 = -fraction.length + (DECIMAL_SUFFIX[decimal] ?? 0) + Number(exponent);
  return { digits, exp10, exp2: BINARY_SUFFIX[binary] ?? 0 };
}

/** ceil(quantity × 10^scale) as an integer (`Value()` for scale 0, `MilliValue()` for 3). */
export function scaledCeil(quantity: Quantity, scale: number): bigint {
  const exp10 = quantity.exp10 + scale;
  const numerator = quantity.digits * 2n ** BigInt(quantity.exp2) * 10n ** BigInt(Math.max(exp10, 0));
  return ceilDiv(numerator, 10n ** BigInt(Math.max(-exp10, 0)));
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return a >= 0n ? (a + b - 1n) / b : a / b;
}

