// meta.k8s.io/v1 Table conversion (what `kubectl get` asks for with `Accept: ...;as=Table`) and
// Kubernetes' short human durations (apimachinery/pkg/util/duration HumanDuration), which
// every AGE cell uses.
import type { JsonObject, JsonValue } from '../object.js';
import { isPlainObject } from '../object.js';
import { firstJsonPathMatch, formatJsonPathValue } from './jsonpath.js';
import type { PrinterColumn, ResourceType } from './resource-type.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** `<n><unit>` or `<n><unit><m><unit2>` when `m` is not zero. */
function twoUnits(major: number, majorUnit: string, minor: number, minorUnit: string): string {
  return minor === 0 ? `${major}${majorUnit}` : `${major}${majorUnit}${minor}${minorUnit}`;
}

/** Kubernetes' `duration.HumanDuration`: `45s`, `4m30s`, `12m`, `5h20m`, `20h`, `3d4h`, `300d`, `3y20d`, `9y`; `<invalid>` below −1 s. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 10) return twoUnits(minutes, 'm', seconds % 60, 's');
  if (minutes < 180) return `${minutes}m`;
  return humanHours(Math.trunc(ms / HOUR), minutes);
}

function humanHours(hours: number, minutes: number): string {
  if (hours < 8) return twoUnits(hours, 'h', minutes % 60, 'm');
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) return twoUnits(days, 'd', hours % 24, 'h');
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) return twoUnits(years, 'y', days % 365, 'd');
  return `${years}y`;
}

/** The age of a timestamp as `kubectl get` shows it; `<unknown>` when absent, `<invalid>` when unparsable. */
export function formatAge(from: string | undefined | null, now: Date): string {
  if (from === undefined || from === null || from === '') return '<unknown>';
  const at = Date.parse(from);
  if (Number.isNaN(at)) return '<invalid>';
  return humanDuration(now.getTime() - at);
}

/** Description of the NAME column (metav1.ObjectMeta `name`). */
export const NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';

/** Description of AGE columns (metav1.ObjectMeta `creationTimestamp`). */
export const CREATION_TIMESTAMP_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

/** The NAME column every table starts with (unless the resource places its own `format: name` column, as Events do). */
export const NAME_COLUMN: PrinterColumn = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: NAME_DESCRIPTION,
  priority: 0,
  cell: (object) => metadataOf(object).name ?? '',
};

/** What `includeObject` puts in each row's `object`. */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** Options of {@link toTable}. */
export interface TableOptions {
  resource: ResourceType;
  objects: JsonObject[];
  now: Date;
  includeObject: IncludeObject;
  /** The list's (or the single object's) resourceVersion. */
  resourceVersion: string;
  continue?: string;
  /** `TableOptions.noHeaders`: leave `columnDefinitions` empty (watch events after the first). */
  omitHeaders?: boolean;
}

/** The columns of a resource's table, NAME first. */
export function tableColumns(resource: Pick<ResourceType, 'columns'>): PrinterColumn[] {
  return resource.columns.some((c) => c.format === 'name') ? resource.columns : [NAME_COLUMN, ...resource.columns];
}

/** A meta.k8s.io/v1 Table of the objects: column definitions, one row of cells per object, and each row's object as asked. */
export function toTable(opts: TableOptions): JsonObject {
  const columns = tableColumns(opts.resource);
  const metadata: JsonObject = { resourceVersion: opts.resourceVersion };
  if (opts.continue !== undefined && opts.continue !== '') metadata['continue'] = opts.continue;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: opts.omitHeaders === true ? [] : columns.map(columnDefinition),
    rows: opts.objects.map((object) => tableRow(object, columns, opts)),
  };
}

/** A TableColumnDefinition: every field present, as Go writes it. */
export function columnDefinition(column: PrinterColumn): JsonObject {
  return {
    name: column.name,
    type: column.type,
    format: column.format ?? '',
    description: column.description ?? '',
    priority: column.priority,
  };
}

function tableRow(object: JsonObject, columns: readonly PrinterColumn[], opts: TableOptions): JsonObject {
  const row: JsonObject = { cells: columns.map((c) => cellOf(c, object, opts.now)) };
  if (opts.includeObject === 'Object') row['object'] = object;
  if (opts.includeObject === 'Metadata') row['object'] = partialObjectMetadata(object);
  return row;
}

/** A meta.k8s.io/v1 PartialObjectMetadata of the object (its whole metadata). */
export function partialObjectMetadata(object: JsonObject): JsonObject {
  const metadata = object['metadata'];
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: isPlainObject(metadata) ? metadata : {} };
}

/** One cell: the column's `cell` function, else its JSONPath evaluated as the CRD table convertor does. */
export function cellOf(column: PrinterColumn, object: JsonObject, now: Date): JsonValue {
  if (column.cell !== undefined) return column.cell(object, now);
  if (column.jsonPath === undefined) return null;
  const value = firstJsonPathMatch(object, column.jsonPath);
  if (value === undefined || value === null) return null;
  return typedCell(column.type, value, now);
}

function typedCell(type: PrinterColumn['type'], value: JsonValue, now: Date): JsonValue {
  switch (type) {
    case 'string':
      return formatJsonPathValue(value);
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date':
      return typeof value === 'string' ? formatAge(value, now) : null;
  }
}

function metadataOf(object: JsonObject): { name?: string } {
  const metadata = object['metadata'];
  if (!isPlainObject(metadata)) return {};
  return typeof metadata['name'] === 'string' ? { name: metadata['name'] } : {};
}
