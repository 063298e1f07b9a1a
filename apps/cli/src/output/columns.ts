// kn's list columns and condition summaries (knative/client `human_readable_flags.go`,
// `commands.ConditionsValue` & co.; KN.md §1–3) as pure functions of the objects and `now`.
import { formatAge } from '@ebb/apimachinery';
import { ServingLabels, type Condition, type Revision, type Route, type Service } from '@ebb/api';

/** `<#True> OK / <#conditions>`. */
export function conditionsColumn(conditions: readonly Condition[] | undefined): string {
  const all = conditions ?? [];
  return `${all.filter((c) => c.status === 'True').length} OK / ${all.length}`;
}

/** The Ready condition's status, or `<unknown>`. */
export function readyColumn(conditions: readonly Condition[] | undefined): string {
  return conditions?.find((c) => c.type === 'Ready')?.status ?? '<unknown>';
}

/** `<reason> : <message>` of a Ready condition that is not True (`''` when it is), or `<unknown>`. */
export function reasonColumn(conditions: readonly Condition[] | undefined): string {
  const ready = conditions?.find((c) => c.type === 'Ready');
  if (ready === undefined) return '<unknown>';
  if (ready.status === 'True') return '';
  return ready.message !== undefined && ready.message !== '' ? `${ready.reason ?? ''} : ${ready.message}` : (ready.reason ?? '');
}

/** The metadata fields the columns read, with defaults. */
export function metaOf(object: { metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; creationTimestamp?: string } }): {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  creationTimestamp?: string;
} {
  const { name = '', namespace = '', labels = {}, annotations = {}, creationTimestamp } = object.metadata ?? {};
  return { name, namespace, labels, annotations, ...(creationTimestamp === undefined ? {} : { creationTimestamp }) };
}

/** An age column: `''` without a creation timestamp. */
export function ageColumn(timestamp: string | undefined, now: Date): string {
  return timestamp === undefined ? '' : formatAge(timestamp, now);
}

/** `ebb service list` header (with NAMESPACE first when listing all namespaces). */
export function serviceHeader(allNamespaces: boolean): string[] {
  return [...(allNamespaces ? ['NAMESPACE'] : []), 'NAME', 'URL', 'LATEST', 'AGE', 'CONDITIONS', 'READY', 'REASON'];
}

/** One `ebb service list` row. */
export function serviceRow(service: Service, now: Date, allNamespaces: boolean): string[] {
  const { conditions, url = '', latestReadyRevisionName = '' } = service.status ?? {};
  const meta = metaOf(service);
  return [
    ...(allNamespaces ? [meta.namespace] : []),
    meta.name,
    url,
    latestReadyRevisionName,
    ageColumn(meta.creationTimestamp, now),
    conditionsColumn(conditions),
    readyColumn(conditions),
    reasonColumn(conditions),
  ];
}

/** `ebb revision list` header. */
export function revisionHeader(allNamespaces: boolean): string[] {
  return [...(allNamespaces ? ['NAMESPACE'] : []), 'NAME', 'SERVICE', 'TRAFFIC', 'TAGS', 'GENERATION', 'AGE', 'CONDITIONS', 'READY', 'REASON'];
}

/** TRAFFIC and TAGS of a revision from its Service's status.traffic (`0%` shown only with tags). */
export function trafficAndTags(revision: string, service: Service | undefined): [string, string] {
  const targets = (service?.status?.traffic ?? []).filter((t) => t.revisionName === revision);
  const percent = targets.reduce((sum, t) => sum + (t.percent ?? 0), 0);
  const tags = targets.map((t) => t.tag ?? '').filter((tag) => tag !== '');
  return [percent > 0 || tags.length > 0 ? `${percent}%` : '', tags.join(',')];
}

/** One `ebb revision list` row; `service` is the owning Service when known. */
export function revisionRow(revision: Revision, service: Service | undefined, now: Date, allNamespaces: boolean): string[] {
  const meta = metaOf(revision);
  const conditions = revision.status?.conditions;
  const [traffic, tags] = trafficAndTags(meta.name, service);
  return [
    ...(allNamespaces ? [meta.namespace] : []),
    meta.name,
    meta.labels[ServingLabels.Service] ?? '',
    traffic,
    tags,
    meta.labels[ServingLabels.ConfigurationGeneration] ?? '',
    ageColumn(meta.creationTimestamp, now),
    conditionsColumn(conditions),
    readyColumn(conditions),
    reasonColumn(conditions),
  ];
}

/** Revisions sorted as kn sorts them: namespace, service, then generation, newest first. */
export function sortRevisions(revisions: readonly Revision[]): Revision[] {
  const key = (r: Revision): [string, string, number] => [r.metadata?.namespace ?? '', r.metadata?.labels?.[ServingLabels.Service] ?? '', Number(r.metadata?.labels?.[ServingLabels.ConfigurationGeneration] ?? 0)];
  return [...revisions].sort((a, b) => {
    const [na, sa, ga] = key(a);
    const [nb, sb, gb] = key(b);
    return na.localeCompare(nb) || sa.localeCompare(sb) || gb - ga;
  });
}

/** Objects sorted by namespace, then name. */
export function sortByName<T extends { metadata?: { name?: string; namespace?: string } }>(objects: readonly T[]): T[] {
  return [...objects].sort((a, b) => (a.metadata?.namespace ?? '').localeCompare(b.metadata?.namespace ?? '') || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
}

/** `ebb route list` header. */
export function routeHeader(allNamespaces: boolean): string[] {
  return [...(allNamespaces ? ['NAMESPACE'] : []), 'NAME', 'URL', 'READY'];
}

/** One `ebb route list` row. */
export function routeRow(route: Route, allNamespaces: boolean): string[] {
  return [...(allNamespaces ? [route.metadata?.namespace ?? ''] : []), route.metadata?.name ?? '', route.status?.url ?? '', readyColumn(route.status?.conditions)];
}

/** kn's describe marker of a condition: `++` True, `!!` False (error), `W `/`I ` warnings/info, `??` Unknown. */
export function conditionMarker(condition: Condition): string {
  if (condition.status === 'True') return '++';
  if (condition.severity === 'Warning') return 'W ';
  if (condition.severity === 'Info') return 'I ';
  return condition.status === 'False' ? '!!' : '??';
}
