import type { JsonObject } from '../object.js';
import { BUILTIN_RESOURCES } from './builtins.js';
import type { ResourceType } from './resource-type.js';
import { NAME_COLUMN, cellOf, formatAge, humanDuration, partialObjectMetadata, tableColumns, toTable } from './table.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('humanDuration (Kubernetes duration.HumanDuration)', () => {
  it.each([
    { name: 'zero', ms: 0, text: '0s' },
    { name: 'clock skew under 2s', ms: -1900, text: '0s' },
    { name: 'clock skew of 2s', ms: -2 * S, text: '<invalid>' },
    { name: 'sub-second', ms: 999, text: '0s' },
    { name: 'seconds', ms: 45 * S, text: '45s' },
    { name: 'last second shown as seconds', ms: 119 * S + 999, text: '119s' },
    { name: 'two minutes', ms: 2 * M, text: '2m' },
    { name: 'minutes and seconds', ms: 2 * M + 30 * S, text: '2m30s' },
    { name: 'under ten minutes', ms: 9 * M + 59 * S, text: '9m59s' },
    { name: 'ten minutes', ms: 10 * M + 30 * S, text: '10m' },
    { name: 'under three hours', ms: 179 * M, text: '179m' },
    { name: 'three hours', ms: 3 * H, text: '3h' },
    { name: 'hours and minutes', ms: 5 * H + 20 * M, text: '5h20m' },
    { name: 'eight hours', ms: 8 * H + 20 * M, text: '8h' },
    { name: 'under two days', ms: 47 * H + 59 * M, text: '47h' },
    { name: 'two days', ms: 48 * H, text: '2d' },
    { name: 'days and hours', ms: 3 * D + 4 * H, text: '3d4h' },
    { name: 'under eight days', ms: 7 * D + 23 * H, text: '7d23h' },
    { name: 'eight days', ms: 8 * D + 5 * H, text: '8d' },
    { name: 'under two years', ms: 729 * D, text: '729d' },
    { name: 'two years', ms: 730 * D, text: '2y' },
    { name: 'years and days', ms: 3 * 365 * D + 20 * D, text: '3y20d' },
    { name: 'eight years', ms: 8 * 365 * D + 20 * D, text: '8y' },
  ])('$name → $text', ({ ms, text }) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

describe('formatAge', () => {
  const now = new Date('2026-11-26T12:00:00Z');
  it.each([
    { name: 'five seconds', from: '2026-11-26T11:59:55Z', text: '5s' },
    { name: 'three minutes', from: '2026-11-26T11:57:00Z', text: '3m' },
    { name: 'a day and a half', from: '2026-11-25T00:00:00Z', text: '36h' },
    { name: 'absent', from: undefined, text: '<unknown>' },
    { name: 'empty', from: '', text: '<unknown>' },
    { name: 'unparsable', from: 'yesterday', text: '<invalid>' },
  ])('$name → $text', ({ from, text }) => {
    expect(formatAge(from, now)).toBe(text);
  });
});

function resource(plural: string, group = ''): ResourceType {
  const found = BUILTIN_RESOURCES.find((r) => r.plural === plural && r.group === group);
  if (found === undefined) throw new Error(`no ${plural}`);
  return found;
}

const widget: ResourceType = {
  group: 'example.com',
  version: 'v1',
  kind: 'Widget',
  plural: 'widgets',
  singular: 'widget',
  namespaced: true,
  shortNames: [],
  categories: [],
  verbs: ['get', 'list'],
  statusSubresource: true,
  tracksGeneration: true,
  patchStrategy: 'merge',
  allowCreateOnUpdate: false,
  allowUnconditionalUpdate: false,
  custom: true,
  columns: [
    { name: 'Ready', type: 'string', priority: 0, jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
    { name: 'Replicas', type: 'integer', priority: 0, jsonPath: '.spec.replicas' },
    { name: 'Ratio', type: 'number', priority: 1, jsonPath: '.spec.ratio' },
    { name: 'Paused', type: 'boolean', priority: 1, jsonPath: '.spec.paused' },
    { name: 'Started', type: 'date', priority: 0, jsonPath: '.status.startTime' },
    { name: 'Spec', type: 'string', priority: 1, jsonPath: '.spec' },
  ],
};

const now = new Date('2026-11-26T12:00:00Z');

const w1: JsonObject = {
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name: 'w1', namespace: 'default', resourceVersion: '7', labels: { app: 'w' }, creationTimestamp: '2026-11-26T11:00:00Z' },
  spec: { replicas: 3, ratio: 0.5, paused: false },
  status: { conditions: [{ type: 'Ready', status: 'True' }], startTime: '2026-11-26T11:55:00Z' },
};

describe('CRD printer-column cells', () => {
  it.each([
    { name: 'string via filter', column: 0, object: w1, cell: 'True' },
    { name: 'integer', column: 1, object: w1, cell: 3 },
    { name: 'number', column: 2, object: w1, cell: 0.5 },
    { name: 'boolean', column: 3, object: w1, cell: false },
    { name: 'date renders as age', column: 4, object: w1, cell: '5m' },
    { name: 'object as JSON string', column: 5, object: w1, cell: '{"paused":false,"ratio":0.5,"replicas":3}' },
    { name: 'missing value', column: 0, object: { metadata: { name: 'x' } }, cell: null },
    { name: 'integer column with a string', column: 1, object: { spec: { replicas: 'three' } }, cell: null },
    { name: 'integer column truncates', column: 1, object: { spec: { replicas: 2.7 } }, cell: 2 },
    { name: 'unparsable date', column: 4, object: { status: { startTime: 'soon' } }, cell: '<invalid>' },
  ])('$name → $cell', ({ column, object, cell }) => {
    const definition = widget.columns[column];
    if (definition === undefined) throw new Error('no column');
    expect(cellOf(definition, object as JsonObject, now)).toEqual(cell);
  });
});

describe('toTable', () => {
  it('builds a meta.k8s.io/v1 Table with NAME first and PartialObjectMetadata rows', () => {
    const table = toTable({ resource: widget, objects: [w1], now, includeObject: 'Metadata', resourceVersion: '9', continue: 'abc' });
    expect(table).toEqual({
      kind: 'Table',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { resourceVersion: '9', continue: 'abc' },
      columnDefinitions: [
        { name: 'Name', type: 'string', format: 'name', description: NAME_COLUMN.description, priority: 0 },
        { name: 'Ready', type: 'string', format: '', description: '', priority: 0 },
        { name: 'Replicas', type: 'integer', format: '', description: '', priority: 0 },
        { name: 'Ratio', type: 'number', format: '', description: '', priority: 1 },
        { name: 'Paused', type: 'boolean', format: '', description: '', priority: 1 },
        { name: 'Started', type: 'date', format: '', description: '', priority: 0 },
        { name: 'Spec', type: 'string', format: '', description: '', priority: 1 },
      ],
      rows: [
        {
          cells: ['w1', 'True', 3, 0.5, false, '5m', '{"paused":false,"ratio":0.5,"replicas":3}'],
          object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: w1['metadata'] },
        },
      ],
    });
  });

  it.each([
    { name: 'None leaves the object out', includeObject: 'None' as const, object: undefined },
    { name: 'Object carries the whole object', includeObject: 'Object' as const, object: w1 },
    { name: 'Metadata carries PartialObjectMetadata', includeObject: 'Metadata' as const, object: partialObjectMetadata(w1) },
  ])('includeObject $name', ({ includeObject, object }) => {
    const table = toTable({ resource: widget, objects: [w1], now, includeObject, resourceVersion: '9' });
    const rows = table['rows'] as JsonObject[];
    expect(rows[0]?.['object']).toEqual(object);
    expect(table['metadata']).toEqual({ resourceVersion: '9' });
  });

  it('omits column definitions when asked (watch events after the first)', () => {
    const table = toTable({ resource: widget, objects: [w1], now, includeObject: 'None', resourceVersion: '9', omitHeaders: true });
    expect(table['columnDefinitions']).toEqual([]);
    expect((table['rows'] as JsonObject[])[0]?.['cells']).toHaveLength(7);
  });

  it('prints a ConfigMap list as kubectl shows NAME DATA AGE', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm1', creationTimestamp: '2026-11-26T11:58:00Z' }, data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } };
    const table = toTable({ resource: resource('configmaps'), objects: [cm, { ...cm, metadata: { name: 'cm2' }, data: {}, binaryData: {} }], now, includeObject: 'None', resourceVersion: '3' });
    expect((table['columnDefinitions'] as JsonObject[]).map((c) => c['name'])).toEqual(['Name', 'Data', 'Age']);
    expect((table['rows'] as JsonObject[]).map((r) => r['cells'])).toEqual([
      ['cm1', 3, '2m'],
      ['cm2', 0, '<unknown>'],
    ]);
  });

  it('does not add NAME before Event columns, which carry their own (wide) Name column', () => {
    const columns = tableColumns(resource('events'));
    expect(columns.map((c) => `${c.name}:${c.priority}`)).toEqual([
      'Last Seen:0',
      'Type:0',
      'Reason:0',
      'Object:0',
      'Subobject:1',
      'Source:1',
      'Message:0',
      'First Seen:1',
      'Count:1',
      'Name:1',
    ]);
  });
});
