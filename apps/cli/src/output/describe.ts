// kn's `describe` views (human_readable_flags / describe.go): aligned `Key:  value` lines, the
// revisions with their traffic, and a conditions table. Pure: objects and `now` in, text out.
import { AutoscalingAnnotations, ServingLabels, type Condition, type Revision, type Route, type Service, type TrafficTarget } from '@ebb/api';
import { ageColumn, conditionMarker, metaOf, trafficAndTags } from './columns.js';

type Row = readonly [string, string];

function section(rows: readonly Row[]): string {
  const width = Math.max(...rows.map(([key]) => key.length)) + 3;
  return rows.map(([key, value]) => `${`${key}:`.padEnd(width)}${value}`.trimEnd() + '\n').join('');
}

/** A row only when the value is not empty. */
function optional(key: string, value: string | undefined): Row[] {
  return value === undefined || value === '' ? [] : [[key, value]];
}

function mapLine(map: Readonly<Record<string, string>>): string {
  return Object.entries(map)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

/** The Conditions table of a describe view. */
export function describeConditions(conditions: readonly Condition[] | undefined, now: Date): string {
  const rows = (conditions ?? []).map((c) => [conditionMarker(c), c.type, ageColumn(c.lastTransitionTime, now), c.reason ?? '']);
  const typeWidth = Math.max(4, ...rows.map((r) => (r[1] ?? '').length));
  const ageWidth = Math.max(3, ...rows.map((r) => (r[2] ?? '').length));
  const line = (cells: readonly string[]): string => `  ${(cells[0] ?? '').padEnd(3)}${(cells[1] ?? '').padEnd(typeWidth + 2)}${(cells[2] ?? '').padStart(ageWidth)} ${cells[3] ?? ''}`.trimEnd() + '\n';
  return `\nConditions:\n${line(['OK', 'TYPE', 'AGE', 'REASON'])}${rows.map(line).join('')}`;
}

function metaRows(object: Parameters<typeof metaOf>[0], now: Date): Row[] {
  const meta = metaOf(object);
  return [['Name', meta.name], ['Namespace', meta.namespace], ...optional('Labels', mapLine(meta.labels)), ...optional('Annotations', mapLine(meta.annotations)), ['Age', ageColumn(meta.creationTimestamp, now)]];
}

function imageName(revision: Revision | undefined): string {
  return revision?.spec?.containers?.[0]?.image ?? '';
}

function imageDigest(revision: Revision | undefined): string {
  return revision?.status?.containerStatuses?.[0]?.imageDigest ?? '';
}

function imageOf(revision: Revision | undefined): string {
  const digest = imageDigest(revision);
  return digest === '' ? imageName(revision) : `${imageName(revision)} (at ${digest})`;
}

function replicas(revision: Revision | undefined): string {
  const { actualReplicas = 0, desiredReplicas = 0 } = revision?.status ?? {};
  return `${actualReplicas}/${desiredReplicas}`;
}

/** `@latest (name)` or the revision name, and ` #tag` when tagged. */
function targetName(target: TrafficTarget, latestReady: string): string {
  const name = target.latestRevision === true ? `@latest (${target.revisionName ?? latestReady})` : (target.revisionName ?? '');
  return target.tag !== undefined && target.tag !== '' ? `${name} #${target.tag}` : name;
}

function percentCell(target: TrafficTarget): string {
  return `${target.percent ?? 0}%`.padStart(4);
}

/** One traffic target of `service describe`: percent, name, generation, age, then image and replicas. */
function revisionLines(target: TrafficTarget, revision: Revision | undefined, latestReady: string, now: Date): string {
  const meta = revision === undefined ? undefined : metaOf(revision);
  const generation = meta?.labels[ServingLabels.ConfigurationGeneration] ?? '';
  const first = `  ${percentCell(target)}  ${targetName(target, latestReady)} [${generation}] (${ageColumn(meta?.creationTimestamp, now)})\n`;
  return `${first}        Image:     ${imageOf(revision)}\n        Replicas:  ${replicas(revision)}\n`;
}

/** kn's `service describe`. */
export function describeService(service: Service, revisions: readonly Revision[], now: Date): string {
  const byName = new Map(revisions.map((r) => [metaOf(r).name, r]));
  const { latestReadyRevisionName = '', traffic = [], url = '', conditions } = service.status ?? {};
  const head = section([...metaRows(service, now), ['URL', url], ...optional('Service Account', service.spec?.template?.spec?.serviceAccountName)]);
  const lines = traffic.map((t) => revisionLines(t, byName.get(t.revisionName ?? ''), latestReadyRevisionName, now));
  return `${head}\nRevisions:\n${lines.join('')}${describeConditions(conditions, now)}`;
}

function envLine(revision: Revision): string {
  return (revision.spec?.containers?.[0]?.env ?? []).map((e) => `${e.name ?? ''}=${e.value ?? (e.valueFrom === undefined ? '' : '<from source>')}`).join(', ');
}

function portLine(revision: Revision): string | undefined {
  const port = revision.spec?.containers?.[0]?.ports?.[0];
  if (port === undefined) return undefined;
  return port.name === undefined ? String(port.containerPort) : `${port.containerPort} (${port.name})`;
}

function scaleLine(annotations: Readonly<Record<string, string>>): string | undefined {
  const min = annotations[AutoscalingAnnotations.MinScale];
  const max = annotations[AutoscalingAnnotations.MaxScale];
  if (min === undefined && max === undefined) return undefined;
  return `${min ?? '0'} ... ${max ?? '∞'}`;
}

function serviceLine(revision: Revision, service: Service | undefined): string {
  const meta = metaOf(revision);
  const [traffic, tags] = trafficAndTags(meta.name, service);
  const owner = meta.labels[ServingLabels.Service] ?? '';
  if (traffic === '') return owner;
  return `${owner} (traffic ${traffic}${tags === '' ? '' : `, tags ${tags}`})`;
}

/** kn's `revision describe`: image, port, env, scale bounds, concurrency, replicas, service and traffic, conditions. */
export function describeRevision(revision: Revision, service: Service | undefined, now: Date): string {
  const meta = metaOf(revision);
  const limit = revision.spec?.containerConcurrency;
  const rows: Row[] = [
    ...metaRows(revision, now),
    ['Image', imageOf(revision)],
    ...optional('Port', portLine(revision)),
    ...optional('Env', envLine(revision)),
    ...optional('Scale', scaleLine(meta.annotations)),
    ...optional('Concurrency', limit === undefined ? undefined : `Limit: ${limit}`),
    ...optional('Target', meta.annotations[AutoscalingAnnotations.Target]),
    ['Replicas', replicas(revision)],
    ['Service', serviceLine(revision, service)],
    ['Generation', meta.labels[ServingLabels.ConfigurationGeneration] ?? ''],
  ];
  return `${section(rows)}${describeConditions(revision.status?.conditions, now)}`;
}

/** kn's `route describe`: URL, service, traffic targets (percent, name, tag, URL), conditions. */
export function describeRoute(route: Route, now: Date): string {
  const { url = '', traffic = [], conditions } = route.status ?? {};
  const head = section([...metaRows(route, now), ['URL', url], ['Service', metaOf(route).labels[ServingLabels.Service] ?? '']]);
  const targets = traffic.map((t) => `  ${percentCell(t)}  ${targetName(t, '')}${t.url === undefined ? '' : `  ${t.url}`}\n`);
  return `${head}\nTraffic Targets:\n${targets.join('')}${describeConditions(conditions, now)}`;
}
