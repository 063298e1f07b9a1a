// kn's configuration-edit flags as pure edits of a Service (knative/client
// `configuration_edit_flags.go`, `pkg/serving/config_changes.go`; KN.md §1.1): each flag value
// is parsed here and written to the Service's metadata or its revision template. The command
// files only collect the flags; validation of autoscaling annotations uses @ebb/api's port of
// Knative's own validator, as kn does before it sends anything.
import { AUTOSCALING_ANNOTATION_PREFIX, AutoscalingAnnotations, NetworkingLabels, Operation, validateAutoscalingAnnotations, Visibility, type Container, type Service } from '@ebb/api';
import { defaultAutoscalerConfig, defaultDefaultsConfig, defaultFeaturesConfig, parseGoDuration } from '@ebb/config';
import { CliError } from '../context.js';

/** The template annotation kn sets on every create/update so a new revision is always made (not on apply). */
export const UPDATE_TIMESTAMP_ANNOTATION = 'client.knative.dev/updateTimestamp';

/** The configuration-edit flags as commander hands them over (repeatable flags as arrays, numbers as text). */
export interface ServiceEditFlags {
  readonly image?: string;
  readonly env?: readonly string[];
  readonly envFrom?: readonly string[];
  readonly port?: string;
  readonly cmd?: readonly string[];
  readonly arg?: readonly string[];
  readonly concurrencyLimit?: string;
  readonly timeout?: string;
  readonly scale?: string;
  readonly scaleMin?: string;
  readonly scaleMax?: string;
  readonly scaleInit?: string;
  readonly scaleActivation?: string;
  readonly scaleTarget?: string;
  readonly scaleMetric?: string;
  readonly scaleUtilization?: string;
  readonly scaleWindow?: string;
  readonly annotation?: readonly string[];
  readonly annotationService?: readonly string[];
  readonly annotationRevision?: readonly string[];
  readonly label?: readonly string[];
  readonly labelService?: readonly string[];
  readonly labelRevision?: readonly string[];
  readonly revisionName?: string;
  readonly request?: readonly string[];
  readonly limit?: readonly string[];
  readonly serviceAccount?: string;
  readonly pullPolicy?: string;
  readonly clusterLocal?: boolean;
}

/** What an edit needs besides the flags. */
export interface EditContext {
  /** `create`, `update` or `apply`: apply sets no update timestamp; update drops an old template name. */
  readonly mode: 'create' | 'update' | 'apply';
  readonly now: Date;
  /** `{{.Random N}}` of --revision-name: N random lower-case consonants. */
  readonly random: (n: number) => string;
}

/** A list of `KEY=value` (set) and `KEY-` (remove) entries, in the order given. */
export interface KeyValueEdits {
  readonly set: readonly (readonly [string, string])[];
  readonly remove: readonly string[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type StringMap = Record<string, string>;

/** Parses `KEY=value` / `KEY-` entries (kn's `OrderedMapAndRemovalListFromArray`). */
export function parseKeyValues(entries: readonly string[] | undefined, flag: string): KeyValueEdits {
  const set: [string, string][] = [];
  const remove: string[] = [];
  for (const entry of entries ?? []) {
    const at = entry.indexOf('=');
    if (at < 0 && entry.endsWith('-') && entry.length > 1) remove.push(entry.slice(0, -1));
    else if (at <= 0) throw new CliError(`invalid --${flag} '${entry}': want KEY=value, or KEY- to remove`);
    else set.push([entry.slice(0, at), entry.slice(at + 1)]);
  }
  return { set, remove };
}

/** A string map with `edits` applied (removals first); undefined when it ends up empty and was absent. */
export function editMap(map: Readonly<StringMap> | undefined, edits: KeyValueEdits): StringMap | undefined {
  if (edits.set.length === 0 && edits.remove.length === 0) return map === undefined ? undefined : { ...map };
  const next: StringMap = { ...map };
  for (const key of edits.remove) delete next[key];
  for (const [key, value] of edits.set) next[key] = value;
  return Object.keys(next).length === 0 && map === undefined ? undefined : next;
}

/** Go's strconv.Atoi, with its error text. */
export function atoi(text: string): number {
  if (!/^[+-]?\d+$/.test(text)) throw new CliError(`strconv.Atoi: parsing "${text}": invalid syntax`);
  return Number(text);
}

/** An integer flag as cobra's IntVar reads it (32-bit), with pflag's error naming the flag. */
export function intFlag(text: string, flag: string): number {
  const n = /^[+-]?\d+$/.test(text) ? Number(text) : Number.NaN;
  if (Number.isNaN(n)) throw new CliError(`invalid argument ${JSON.stringify(text)} for "--${flag}" flag: strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax`);
  if (n < -2147483648 || n > 2147483647) throw new CliError(`invalid argument ${JSON.stringify(text)} for "--${flag}" flag: strconv.ParseInt: parsing ${JSON.stringify(text)}: value out of range`);
  return n;
}

/** `--scale N | MIN..MAX | MIN.. | ..MAX` as min/max (undefined where not given). */
export function parseScale(scale: string): { min?: number; max?: number } {
  if (!scale.includes('..')) {
    if (!/^[+-]?\d+$/.test(scale)) throw new CliError('Scale must be of the format x..y or x');
    const n = atoi(scale);
    return { min: n, max: n };
  }
  const [min = '', max = '', ...rest] = scale.split('..');
  if (rest.length > 0 || (min === '' && max === '')) throw new CliError(`invalid --scale '${scale}': want N, MIN..MAX, MIN.. or ..MAX`);
  return { ...(min === '' ? {} : { min: atoi(min) }), ...(max === '' ? {} : { max: atoi(max) }) };
}

/** min/max-scale from `--scale` (which excludes --scale-min/--scale-max). */
function scaleFlagAnnotations(flags: ServiceEditFlags): [string, string][] {
  if (flags.scale === undefined) return [];
  if (flags.scaleMax !== undefined) throw new CliError('only --scale or --scale-max can be specified');
  if (flags.scaleMin !== undefined) throw new CliError('only --scale or --scale-min can be specified');
  const { min, max } = parseScale(flags.scale);
  return [...(min === undefined ? [] : [[AutoscalingAnnotations.MinScale, String(min)] as [string, string]]), ...(max === undefined ? [] : [[AutoscalingAnnotations.MaxScale, String(max)] as [string, string]])];
}

/** The autoscaling annotations the --scale-* flags set, in kn's order. */
export function scaleAnnotations(flags: ServiceEditFlags): [string, string][] {
  const out = scaleFlagAnnotations(flags);
  const numeric: [string | undefined, string, string][] = [
    [flags.scaleMin, AutoscalingAnnotations.MinScale, 'scale-min'],
    [flags.scaleMax, AutoscalingAnnotations.MaxScale, 'scale-max'],
    [flags.scaleInit, AutoscalingAnnotations.InitialScale, 'scale-init'],
    [flags.scaleActivation, AutoscalingAnnotations.ActivationScale, 'scale-activation'],
    [flags.scaleTarget, AutoscalingAnnotations.Target, 'scale-target'],
    [flags.scaleUtilization, AutoscalingAnnotations.TargetUtilizationPercentage, 'scale-utilization'],
  ];
  for (const [value, key, flag] of numeric) if (value !== undefined) out.push([key, String(intFlag(value, flag))]);
  if (flags.scaleMetric !== undefined) out.push([AutoscalingAnnotations.Metric, flags.scaleMetric]);
  if (flags.scaleWindow !== undefined) {
    if (parseGoDuration(flags.scaleWindow) === undefined) throw new CliError(`invalid duration for 'scale-window': time: invalid duration "${flags.scaleWindow}"`);
    out.push([AutoscalingAnnotations.Window, flags.scaleWindow]);
  }
  return out;
}

function isAutoscaling(key: string): boolean {
  return key.startsWith(`${AUTOSCALING_ANNOTATION_PREFIX}/`);
}

/** Annotation edits of the Service object and of its template (`-a` goes to both, autoscaling keys only to the template). */
export function annotationEdits(flags: ServiceEditFlags): { service: KeyValueEdits; template: KeyValueEdits } {
  const both = parseKeyValues(flags.annotation, 'annotation');
  const service = parseKeyValues(flags.annotationService, 'annotation-service');
  if (service.set.some(([key]) => isAutoscaling(key))) throw new CliError('service can not have auto-scaling related annotation');
  const revision = parseKeyValues(flags.annotationRevision, 'annotation-revision');
  const initGiven = flags.scaleInit !== undefined;
  if (initGiven && [...both.set, ...revision.set].some(([key]) => key === AutoscalingAnnotations.InitialScale || key === AutoscalingAnnotations.InitialScaleAlias)) {
    throw new CliError(`only one of --scale-init or --annotation ${AutoscalingAnnotations.InitialScale} can be specified`);
  }
  return {
    service: { set: [...both.set.filter(([key]) => !isAutoscaling(key)), ...service.set], remove: [...both.remove, ...service.remove] },
    template: { set: [...both.set, ...scaleAnnotations(flags), ...revision.set], remove: [...both.remove, ...revision.remove] },
  };
}

/** Label edits of the Service and its template: `-l` to both, the specific flags after it (so they win). */
export function labelEdits(flags: ServiceEditFlags): { service: KeyValueEdits; template: KeyValueEdits } {
  const both = parseKeyValues(flags.label, 'label');
  const service = parseKeyValues(flags.labelService, 'label-service');
  const revision = parseKeyValues(flags.labelRevision, 'label-revision');
  const visibility: KeyValueEdits =
    flags.clusterLocal === undefined ? { set: [], remove: [] } : flags.clusterLocal ? { set: [[NetworkingLabels.Visibility, Visibility.ClusterLocal]], remove: [] } : { set: [], remove: [NetworkingLabels.Visibility] };
  return {
    service: { set: [...both.set, ...service.set, ...visibility.set], remove: [...both.remove, ...service.remove, ...visibility.remove] },
    template: { set: [...both.set, ...revision.set], remove: [...both.remove, ...revision.remove] },
  };
}

/** The container env after `-e NAME=value` / `-e NAME-`: existing variables keep their place, new ones are appended. */
export function editEnv(env: Container['env'], entries: readonly string[] | undefined): Container['env'] {
  const edits = parseKeyValues(entries, 'env');
  if (edits.set.length === 0 && edits.remove.length === 0) return env;
  const next = (env ?? []).filter((v) => !edits.remove.includes(v.name ?? '')).map((v) => ({ ...v }));
  for (const [name, value] of edits.set) {
    const existing = next.find((v) => v.name === name);
    if (existing === undefined) next.push({ name, value });
    else {
      existing.value = value;
      delete existing.valueFrom;
    }
  }
  return next;
}

/** The container envFrom after `--env-from cm:NAME|config-map:NAME|secret:NAME` (a trailing `-` removes). */
export function editEnvFrom(envFrom: Container['envFrom'], entries: readonly string[] | undefined): Container['envFrom'] {
  if (entries === undefined || entries.length === 0) return envFrom;
  let next = [...(envFrom ?? [])];
  for (const entry of entries) {
    const removing = entry.endsWith('-');
    const spec = removing ? entry.slice(0, -1) : entry;
    const match = /^(cm|config-map|secret):(.+)$/.exec(spec);
    if (match === null) throw new CliError(`invalid --env-from '${entry}': want cm:NAME, config-map:NAME or secret:NAME`);
    const isSecret = match[1] === 'secret';
    const name = match[2] ?? '';
    const same = (source: NonNullable<Container['envFrom']>[number]): boolean => (isSecret ? source.secretRef?.name === name : source.configMapRef?.name === name);
    next = next.filter((source) => !same(source));
    if (!removing) next.push(isSecret ? { secretRef: { name } } : { configMapRef: { name } });
  }
  return next;
}

/** `--port [NAME:]PORT` as the single container port. */
export function parsePort(port: string): { containerPort: number; name?: string } {
  const at = port.lastIndexOf(':');
  const name = at < 0 ? undefined : port.slice(0, at);
  const number = at < 0 ? port : port.slice(at + 1);
  if (!/^\d+$/.test(number) || Number(number) < 1 || Number(number) > 65535 || name === '') throw new CliError(`invalid --port '${port}': want [NAME:]PORT, e.g. 8080 or h2c:8080`);
  return { containerPort: Number(number), ...(name === undefined ? {} : { name }) };
}

/** Resource quantities after `--request`/`--limit` entries like `cpu=100m,memory=64Mi` (`memory-` unsets). */
export function editResources(current: Readonly<StringMap> | undefined, entries: readonly string[] | undefined, flag: string): StringMap | undefined {
  const split = (entries ?? []).flatMap((entry) => entry.split(',')).filter((entry) => entry !== '');
  const edits = parseKeyValues(split, flag);
  for (const [key] of edits.set) if (!['cpu', 'memory', 'ephemeral-storage'].includes(key) && !key.includes('/')) throw new CliError(`invalid --${flag} resource '${key}': want cpu, memory, ephemeral-storage or a domain-qualified name`);
  const next = editMap(current, edits);
  return next !== undefined && Object.keys(next).length === 0 ? undefined : next;
}

const PULL_POLICIES = ['Always', 'Never', 'IfNotPresent'] as const;

/** `--pull-policy` in its canonical spelling (kn accepts any case). */
export function parsePullPolicy(policy: string): string {
  const found = PULL_POLICIES.find((p) => p.toLowerCase() === policy.toLowerCase());
  if (found === undefined) throw new CliError(`invalid --pull-policy ${policy}. Valid arguments (case insensitive): Always | Never | IfNotPresent`);
  return found;
}

/** `--revision-name` with `{{.Service}}`, `{{.Generation}}`, `{{.Random N}}` filled in, prefixed with `<service>-` when it is not, lower-cased. */
export function revisionNameFor(template: string, service: string, nextGeneration: number, random: (n: number) => string): string {
  const filled = template.replace(/\{\{\s*\.(Service|Generation|Random\s+(\d+))\s*\}\}/g, (_all: string, what: string, n: string | undefined) => {
    if (what === 'Service') return service;
    if (what === 'Generation') return String(nextGeneration);
    return random(Number(n ?? '0'));
  });
  if (/\{\{|\}\}/.test(filled)) throw new CliError(`invalid --revision-name '${template}': only {{.Service}}, {{.Generation}} and {{.Random N}} are known`);
  if (filled === '') return '';
  return (filled.startsWith(`${service}-`) ? filled : `${service}-${filled}`).toLowerCase();
}

/** Validates the template's autoscaling annotations with Knative's validator (zero initial scale allowed, as kn does). */
export function checkAutoscalingAnnotations(annotations: Readonly<StringMap> | undefined): void {
  const ctx = { defaults: defaultDefaultsConfig(), features: defaultFeaturesConfig(), autoscaler: { ...defaultAutoscalerConfig(), allowZeroInitialScale: true }, operation: Operation.Create };
  const error = validateAutoscalingAnnotations(annotations, ctx);
  if (!error.isEmpty()) throw new CliError(error.render());
}

function editContainer(container: Mutable<Container>, flags: ServiceEditFlags): void {
  if (flags.image !== undefined) container.image = flags.image;
  if (flags.cmd !== undefined) container.command = [...flags.cmd];
  if (flags.arg !== undefined) container.args = [...flags.arg];
  if (flags.port !== undefined) container.ports = [parsePort(flags.port)];
  if (flags.pullPolicy !== undefined) container.imagePullPolicy = parsePullPolicy(flags.pullPolicy);
  editContainerEnvironment(container, flags);
}

function editContainerEnvironment(container: Mutable<Container>, flags: ServiceEditFlags): void {
  const env = editEnv(container.env, flags.env);
  if (env !== undefined) container.env = env;
  const envFrom = editEnvFrom(container.envFrom, flags.envFrom);
  if (envFrom !== undefined) container.envFrom = envFrom;
  if (flags.request === undefined && flags.limit === undefined) return;
  const requests = editResources(container.resources?.requests as StringMap | undefined, flags.request, 'request');
  const limits = editResources(container.resources?.limits as StringMap | undefined, flags.limit, 'limit');
  container.resources = { ...(requests === undefined ? {} : { requests }), ...(limits === undefined ? {} : { limits }) };
}

function nonNegative(text: string, flag: string): number {
  const n = intFlag(text, flag);
  if (n < 0) throw new CliError(`invalid ${flag} ${n} (must not be less than 0)`);
  return n;
}

/** Template metadata: name, annotations (validated) and labels. */
function editTemplateMeta(service: Service, flags: ServiceEditFlags, ctx: EditContext): void {
  const spec = (service.spec ??= {});
  const template = (spec.template ??= {});
  const meta = (template.metadata ??= {});
  if (flags.revisionName !== undefined) setOrDelete(meta, 'name', revisionNameFor(flags.revisionName, service.metadata?.name ?? '', (service.metadata?.generation ?? 0) + 1, ctx.random) || undefined);
  const annotations = editMap(meta.annotations, annotationEdits(flags).template);
  checkAutoscalingAnnotations(annotations);
  setOrDelete(meta, 'annotations', annotations);
  setOrDelete(meta, 'labels', editMap(meta.labels, labelEdits(flags).template));
}

/** Sets a field, or deletes it when the value is undefined. */
function setOrDelete<T extends object, K extends keyof T>(object: T, key: K, value: T[K] | undefined): void {
  if (value === undefined) delete object[key];
  else object[key] = value;
}

/** Whether the revision template differs between two versions of a Service. */
export function templateChanged(before: Service, after: Service): boolean {
  return JSON.stringify(before.spec?.template ?? {}) !== JSON.stringify(after.spec?.template ?? {});
}

/** Go's RFC 3339 in UTC with whole seconds. */
export function rfc3339(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Stamps a changed template (create always; update when it changed, dropping a stale revision name); apply never. */
function stampTemplate(base: Service, service: Service, flags: ServiceEditFlags, ctx: EditContext): void {
  const changed = ctx.mode === 'create' || (ctx.mode === 'update' && templateChanged(base, service));
  if (!changed) return;
  const meta = ((service.spec ??= {}).template ??= {}).metadata ?? {};
  if (ctx.mode === 'update' && flags.revisionName === undefined) delete meta.name;
  meta.annotations = { ...meta.annotations, [UPDATE_TIMESTAMP_ANNOTATION]: rfc3339(ctx.now) };
  service.spec.template.metadata = meta;
}

/**
 * The Service with every flag applied (a new object; `base` is not changed): container fields,
 * revision behaviour, autoscaling annotations, labels and annotations of the Service and its
 * template, and (except for apply) the `client.knative.dev/updateTimestamp` template annotation.
 */
export function editService(base: Service, flags: ServiceEditFlags, ctx: EditContext): Service {
  const service = structuredClone(base);
  const metadata = (service.metadata ??= {});
  const annotations = editMap(metadata.annotations, annotationEdits(flags).service);
  if (annotations !== undefined) metadata.annotations = annotations;
  const labels = editMap(metadata.labels, labelEdits(flags).service);
  if (labels !== undefined) metadata.labels = labels;
  editTemplateMeta(service, flags, ctx);
  editPodSpec(service, flags);
  stampTemplate(base, service, flags, ctx);
  return service;
}

/** The pod spec fields: the first container, concurrency, timeout, service account. */
function editPodSpec(service: Service, flags: ServiceEditFlags): void {
  const template = ((service.spec ??= {}).template ??= {});
  const podSpec = (template.spec ??= { containers: [] });
  const containers = (podSpec.containers ??= []);
  if (containers.length === 0) containers.push({});
  editContainer(containers[0] as Mutable<Container>, flags);
  if (flags.concurrencyLimit !== undefined) podSpec.containerConcurrency = nonNegative(flags.concurrencyLimit, 'concurrency-limit');
  if (flags.timeout !== undefined) podSpec.timeoutSeconds = nonNegative(flags.timeout, 'timeout');
  if (flags.serviceAccount !== undefined) {
    if (flags.serviceAccount === '') delete podSpec.serviceAccountName;
    else podSpec.serviceAccountName = flags.serviceAccount;
  }
}
