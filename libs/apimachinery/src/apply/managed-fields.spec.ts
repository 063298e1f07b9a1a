import type { JsonObject, ManagedFieldsEntry } from '../object.js';
import type { FieldStrategy, FieldStrategyLookup } from '../patch/list-types.js';
import { compareManagedEntries, managerFromUserAgent, recordUpdate, type RecordUpdateOptions } from './managed-fields.js';

const STRATEGIES: Record<string, FieldStrategy> = { 'spec.containers': { listType: 'map', mapKeys: ['name'] } };
const lookup: FieldStrategyLookup = (path) => STRATEGIES[path.join('.')];

const T0 = '2025-01-01T00:00:00Z';
const T1 = '2025-01-01T00:05:00Z';

/** A stored Update entry. */
function update(manager: string, fieldsV1: JsonObject, extra: Partial<ManagedFieldsEntry> = {}): ManagedFieldsEntry {
  return { manager, operation: 'Update', apiVersion: 'v1', time: T0, fieldsType: 'FieldsV1', fieldsV1, ...extra };
}

/** A ConfigMap with data and stored managedFields. */
function configMap(data: Record<string, string>, managedFields: ManagedFieldsEntry[] = []): JsonObject {
  const metadata: JsonObject = { name: 'cm', namespace: 'default', resourceVersion: '5' };
  if (managedFields.length > 0) metadata['managedFields'] = managedFields as unknown as JsonObject[];
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata, data };
}

const ownedByA = update('a', { 'f:data': { '.': {}, 'f:j': {}, 'f:k': {} } });

describe('managerFromUserAgent', () => {
  it.each([
    { name: 'kubectl', ua: 'kubectl/v1.32.0 (linux/amd64) kubernetes/70d3cc9', manager: 'kubectl' },
    { name: 'no slash', ua: 'curl', manager: 'curl' },
    { name: 'empty', ua: '', manager: '' },
    { name: 'controller', ua: 'kube-controller-manager/v1.32.0 (linux/amd64) kubernetes/70d3cc9/system:serviceaccount:kube-system:deployment-controller', manager: 'kube-controller-manager' },
  ])('$name', ({ ua, manager }) => {
    expect(managerFromUserAgent(ua)).toBe(manager);
  });
});

describe('recordUpdate', () => {
  const base = { manager: 'b', apiVersion: 'v1', now: T1, lookup };

  it.each<{ name: string; opts: RecordUpdateOptions; expected: ManagedFieldsEntry[] }>([
    {
      name: 'create: the creator owns every field it set, new maps included',
      opts: {
        ...base,
        manager: 'kubectl-create',
        updated: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', labels: { app: 'x' } }, data: { k: 'v' } },
      },
      expected: [
        update('kubectl-create', { 'f:data': { '.': {}, 'f:k': {} }, 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } }, { time: T1 }),
      ],
    },
    {
      name: 'a changed value moves to the writer; the other manager keeps the rest and its time',
      opts: { ...base, live: configMap({ j: '1', k: '1' }, [ownedByA]), updated: configMap({ j: '1', k: '2' }, [ownedByA]) },
      expected: [update('a', { 'f:data': { '.': {}, 'f:j': {} } }), update('b', { 'f:data': { 'f:k': {} } }, { time: T1 })],
    },
    {
      name: 'a removal takes the field from everyone and records no entry for the writer',
      opts: { ...base, live: configMap({ j: '1', k: '1' }, [ownedByA]), updated: configMap({ k: '1' }, [ownedByA]) },
      expected: [update('a', { 'f:data': { '.': {}, 'f:k': {} } })],
    },
    {
      name: 'an entry left empty is dropped',
      opts: {
        ...base,
        live: configMap({ k: '1' }, [update('a', { 'f:data': { 'f:k': {} } })]),
        updated: configMap({ k: '2' }, [update('a', { 'f:data': { 'f:k': {} } })]),
      },
      expected: [update('b', { 'f:data': { 'f:k': {} } }, { time: T1 })],
    },
    {
      name: 'a no-op keeps the entries and their times',
      opts: { ...base, live: configMap({ j: '1', k: '1' }, [ownedByA]), updated: configMap({ j: '1', k: '1' }, [ownedByA]) },
      expected: [ownedByA],
    },
    {
      name: 'the same manager accumulates fields in one Update entry',
      opts: {
        ...base,
        live: configMap({ j: '1' }, [update('b', { 'f:data': { 'f:j': {} } })]),
        updated: configMap({ j: '1', k: '1' }, [update('b', { 'f:data': { 'f:j': {} } })]),
      },
      expected: [update('b', { 'f:data': { 'f:j': {}, 'f:k': {} } }, { time: T1 })],
    },
    {
      name: 'another apiVersion is another Update entry',
      opts: {
        ...base,
        apiVersion: 'v2',
        live: configMap({ j: '1' }, [update('b', { 'f:data': { 'f:j': {} } })]),
        updated: configMap({ j: '1', k: '1' }, [update('b', { 'f:data': { 'f:j': {} } })]),
      },
      expected: [update('b', { 'f:data': { 'f:j': {} } }), update('b', { 'f:data': { 'f:k': {} } }, { time: T1, apiVersion: 'v2' })],
    },
    {
      name: 'a subresource write has its own entry and starts from the stored entries',
      opts: {
        ...base,
        manager: 'kubelet',
        subresource: 'status',
        live: { metadata: { name: 'p', managedFields: [update('a', { 'f:spec': { 'f:x': {} } })] as unknown as JsonObject[] }, spec: { x: 1 } },
        updated: { metadata: { name: 'p', managedFields: [{}] }, spec: { x: 1 }, status: { phase: 'Running' } },
      },
      expected: [
        update('a', { 'f:spec': { 'f:x': {} } }),
        update('kubelet', { 'f:status': { '.': {}, 'f:phase': {} } }, { time: T1, subresource: 'status' }),
      ],
    },
    {
      name: 'managedFields: [{}] in the written object clears them',
      opts: { ...base, live: configMap({ k: '1' }, [ownedByA]), updated: { ...configMap({ k: '1' }), metadata: { name: 'cm', namespace: 'default', managedFields: [{}] } } },
      expected: [],
    },
    {
      name: 'keyed items: the writer owns the new item and its fields',
      opts: {
        ...base,
        live: { spec: { containers: [{ name: 'a', image: '1' }] }, metadata: { managedFields: [update('a', { 'f:spec': { 'f:containers': { 'k:{"name":"a"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } })] as unknown as JsonObject[] } },
        updated: { spec: { containers: [{ name: 'a', image: '1' }, { name: 'b', image: '2' }] } },
      },
      expected: [
        update('a', { 'f:spec': { 'f:containers': { 'k:{"name":"a"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } }),
        update('b', { 'f:spec': { 'f:containers': { 'k:{"name":"b"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } }, { time: T1 }),
      ],
    },
  ])('$name', ({ opts, expected }) => {
    expect(recordUpdate(opts)).toEqual(expected);
  });
});

describe('compareManagedEntries', () => {
  it.each<{ name: string; a: ManagedFieldsEntry; b: ManagedFieldsEntry; sign: number }>([
    { name: 'Apply before Update even when newer', a: { operation: 'Apply', time: T1 }, b: { operation: 'Update', time: T0 }, sign: -1 },
    { name: 'older first', a: { operation: 'Update', time: T1, manager: 'a' }, b: { operation: 'Update', time: T0, manager: 'b' }, sign: 1 },
    { name: 'then manager', a: { operation: 'Update', time: T0, manager: 'a' }, b: { operation: 'Update', time: T0, manager: 'b' }, sign: -1 },
    { name: 'then apiVersion', a: { operation: 'Update', time: T0, manager: 'a', apiVersion: 'v2' }, b: { operation: 'Update', time: T0, manager: 'a', apiVersion: 'v1' }, sign: 1 },
    { name: 'then subresource', a: { operation: 'Update', manager: 'a', subresource: 'status' }, b: { operation: 'Update', manager: 'a' }, sign: 1 },
    { name: 'equal', a: { operation: 'Update', manager: 'a' }, b: { operation: 'Update', manager: 'a' }, sign: 0 },
  ])('$name', ({ a, b, sign }) => {
    expect(Math.sign(compareManagedEntries(a, b))).toBe(sign);
  });
});
