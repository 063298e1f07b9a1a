import type { KubeObject } from '../object.js';
import { BUILTIN_RESOURCES } from '../resources/builtins.js';
import type { ResourceType } from '../resources/resource-type.js';
import { isNoOpUpdate, markDeleting, prepareForCreate, prepareForUpdate, rfc3339Seconds, type WriteEnvironment } from './lifecycle.js';

function builtin(group: string, kind: string): ResourceType {
  const found = BUILTIN_RESOURCES.find((r) => r.group === group && r.kind === kind);
  if (found === undefined) throw new Error(`no built-in ${group}/${kind}`);
  return found;
}

const DEPLOYMENTS = builtin('apps', 'Deployment');
const CONFIGMAPS = builtin('', 'ConfigMap');
const NAMESPACES = builtin('', 'Namespace');

function custom(statusSubresource: boolean): ResourceType {
  return {
    group: 'example.com',
    version: 'v1',
    kind: 'Widget',
    plural: 'widgets',
    singular: 'widget',
    namespaced: true,
    shortNames: [],
    categories: [],
    verbs: ['get'],
    statusSubresource,
    tracksGeneration: true,
    patchStrategy: 'merge',
    allowCreateOnUpdate: false,
    allowUnconditionalUpdate: false,
    columns: [],
    custom: true,
  };
}

const ENV: WriteEnvironment = { now: '2026-11-26T01:02:03Z', newUid: () => '11111111-2222-4333-8444-555555555555' };

const STORED_META = {
  name: 'web',
  namespace: 'prod',
  uid: 'aaaaaaaa-0000-4000-8000-000000000000',
  resourceVersion: '41',
  generation: 3,
  creationTimestamp: '2026-01-01T00:00:00Z',
  labels: { app: 'web' },
};

function deployment(replicas: number, extra: Partial<KubeObject> = {}): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { ...STORED_META }, spec: { replicas }, status: { replicas: 1 }, ...extra };
}

describe('rfc3339Seconds', () => {
  it.each([
    { name: 'whole seconds', date: new Date('2026-11-26T01:02:03.000Z'), text: '2026-11-26T01:02:03Z' },
    { name: 'fraction truncated, not rounded', date: new Date('2026-11-26T01:02:03.999Z'), text: '2026-11-26T01:02:03Z' },
    { name: 'epoch', date: new Date(0), text: '1970-01-01T00:00:00Z' },
  ])('$name', ({ date, text }) => {
    expect(rfc3339Seconds(date)).toBe(text);
  });
});

describe('prepareForCreate', () => {
  const clientMeta = {
    name: 'web',
    namespace: 'prod',
    uid: 'client-uid',
    resourceVersion: '7',
    generation: 9,
    creationTimestamp: '2020-01-01T00:00:00Z',
    deletionTimestamp: '2020-01-02T00:00:00Z',
    deletionGracePeriodSeconds: 5,
    labels: { app: 'web' },
  };
  it.each([
    {
      name: 'workload: system fields replaced, generation 1, status dropped',
      resource: DEPLOYMENTS,
      object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: clientMeta, spec: { replicas: 2 }, status: { replicas: 5 } },
      expected: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: 'prod', labels: { app: 'web' }, uid: ENV.newUid(), creationTimestamp: ENV.now, generation: 1 },
        spec: { replicas: 2 },
      },
    },
    {
      name: 'configmap: no generation, no status subresource',
      resource: CONFIGMAPS,
      object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: clientMeta, data: { a: '1' } },
      expected: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'web', namespace: 'prod', labels: { app: 'web' }, uid: ENV.newUid(), creationTimestamp: ENV.now },
        data: { a: '1' },
      },
    },
    {
      name: 'custom kind without status subresource keeps status',
      resource: custom(false),
      object: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 1 }, status: { ready: true } },
      expected: {
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: { name: 'w', uid: ENV.newUid(), creationTimestamp: ENV.now, generation: 1 },
        spec: { size: 1 },
        status: { ready: true },
      },
    },
    {
      name: 'custom kind with status subresource drops status',
      resource: custom(true),
      object: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 1 }, status: { ready: true } },
      expected: {
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: { name: 'w', uid: ENV.newUid(), creationTimestamp: ENV.now, generation: 1 },
        spec: { size: 1 },
      },
    },
  ])('$name', ({ resource, object, expected }) => {
    expect(prepareForCreate(resource, object, ENV)).toEqual(expected);
  });

  it.each([{ name: 'input not mutated', resource: DEPLOYMENTS }])('$name', ({ resource }) => {
    const object = deployment(2);
    const before = JSON.stringify(object);
    prepareForCreate(resource, object, ENV);
    expect(JSON.stringify(object)).toBe(before);
  });
});

const CM_OLD: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', uid: 'u1', resourceVersion: '5', creationTimestamp: '2026-01-01T00:00:00Z' }, data: { a: '1' } };
const NS_OLD: KubeObject = {
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'ns', uid: 'n1', creationTimestamp: '2026-01-01T00:00:00Z', deletionTimestamp: '2026-02-01T00:00:00Z', deletionGracePeriodSeconds: 0 },
  spec: { finalizers: ['kubernetes'] },
  status: { phase: 'Terminating' },
};
const WIDGET_OLD: KubeObject = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', uid: 'w1', resourceVersion: '41', generation: 1 }, spec: { size: 1 }, status: { ready: true } };

describe('prepareForUpdate', () => {
  const clientSystem = { uid: 'forged', resourceVersion: '41', generation: 100, creationTimestamp: '1999-01-01T00:00:00Z' };
  it.each([
    {
      name: 'spec change bumps generation, system fields kept, status kept from old',
      old: deployment(1),
      resource: DEPLOYMENTS,
      subresource: '' as const,
      incoming: deployment(3, { metadata: { ...STORED_META, ...clientSystem }, status: { replicas: 99 } }),
      expected: deployment(3, { metadata: { ...STORED_META, generation: 4 } }),
    },
    {
      name: 'label change does not bump generation',
      old: deployment(1),
      resource: DEPLOYMENTS,
      subresource: '' as const,
      incoming: deployment(1, { metadata: { ...STORED_META, labels: { app: 'other' } } }),
      expected: deployment(1, { metadata: { ...STORED_META, labels: { app: 'other' } } }),
    },
    {
      // Kubernetes' deployment strategy: annotations are copied to ReplicaSets, so they count.
      name: 'annotation change of a Deployment bumps generation',
      old: deployment(1),
      resource: DEPLOYMENTS,
      subresource: '' as const,
      incoming: deployment(1, { metadata: { ...STORED_META, annotations: { note: 'x' } } }),
      expected: deployment(1, { metadata: { ...STORED_META, annotations: { note: 'x' }, generation: 4 } }),
    },
    {
      name: 'a field set to undefined is a field left out: no bump',
      old: deployment(1),
      resource: DEPLOYMENTS,
      subresource: '' as const,
      incoming: { ...deployment(1), spec: { replicas: 1, paused: undefined } },
      expected: { ...deployment(1), spec: { replicas: 1, paused: undefined } },
    },
    {
      name: 'status subresource of a Deployment takes its annotations too, no generation bump',
      old: deployment(1),
      resource: DEPLOYMENTS,
      subresource: 'status' as const,
      incoming: deployment(9, { metadata: { ...STORED_META, annotations: { 'deployment.kubernetes.io/revision': '2' } }, status: { replicas: 3 } }),
      expected: deployment(1, { metadata: { ...STORED_META, annotations: { 'deployment.kubernetes.io/revision': '2' } }, status: { replicas: 3 } }),
    },
    {
      name: 'status change through the main endpoint is ignored',
      old: deployment(1),
      resource: DEPLOYMENTS,
      subresource: '' as const,
      incoming: deployment(1, { status: { replicas: 7 } }),
      expected: deployment(1),
    },
    {
      name: 'status omitted through the main endpoint is kept',
      old: deployment(1),
      resource: DEPLOYMENTS,
      subresource: '' as const,
      incoming: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { ...STORED_META }, spec: { replicas: 1 } },
      expected: deployment(1),
    },
    {
      name: 'status subresource takes status only, no generation bump',
      old: deployment(1),
      resource: DEPLOYMENTS,
      subresource: 'status' as const,
      incoming: deployment(9, { metadata: { ...STORED_META, labels: { app: 'changed' } }, status: { replicas: 3 } }),
      expected: deployment(1, { status: { replicas: 3 } }),
    },
    {
      name: 'status subresource with no status clears it',
      old: deployment(1),
      resource: DEPLOYMENTS,
      subresource: 'status' as const,
      incoming: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { ...STORED_META }, spec: { replicas: 1 } },
      expected: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { ...STORED_META }, spec: { replicas: 1 } },
    },
    {
      name: 'configmap data change: no generation',
      old: CM_OLD,
      resource: CONFIGMAPS,
      subresource: '' as const,
      incoming: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', uid: 'forged' }, data: { a: '2' } },
      expected: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', uid: 'u1', resourceVersion: '5', creationTimestamp: '2026-01-01T00:00:00Z' }, data: { a: '2' } },
    },
    {
      name: 'deletionTimestamp kept from old',
      old: NS_OLD,
      resource: NAMESPACES,
      subresource: '' as const,
      incoming: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns', labels: { a: 'b' } }, spec: { finalizers: ['kubernetes'] } },
      expected: {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'ns', labels: { a: 'b' }, uid: 'n1', creationTimestamp: '2026-01-01T00:00:00Z', deletionTimestamp: '2026-02-01T00:00:00Z', deletionGracePeriodSeconds: 0 },
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Terminating' },
      },
    },
    {
      name: 'custom kind with status subresource: spec change bumps',
      old: WIDGET_OLD,
      resource: custom(true),
      subresource: '' as const,
      incoming: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', resourceVersion: '41' }, spec: { size: 2 }, status: { ready: false } },
      expected: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', uid: 'w1', resourceVersion: '41', generation: 2 }, spec: { size: 2 }, status: { ready: true } },
    },
    {
      // Kubernetes' customresource strategy: any top-level change outside metadata bumps generation
      // when there is no status subresource (SEMANTICS.md §1 generation).
      name: 'custom kind without status subresource: status change bumps generation',
      old: WIDGET_OLD,
      resource: custom(false),
      subresource: '' as const,
      incoming: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', resourceVersion: '41' }, spec: { size: 1 }, status: { ready: false } },
      expected: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', uid: 'w1', resourceVersion: '41', generation: 2 }, spec: { size: 1 }, status: { ready: false } },
    },
  ])('$name', ({ resource, old, subresource, incoming, expected }) => {
    expect(prepareForUpdate(resource, old, incoming, subresource)).toEqual(expected);
  });
});

describe('isNoOpUpdate', () => {
  it.each([
    { name: 'identical', updated: deployment(1), noOp: true },
    { name: 'only resourceVersion differs', updated: deployment(1, { metadata: { ...STORED_META, resourceVersion: '99' } }), noOp: true },
    {
      name: 'only managedFields differ',
      updated: deployment(1, { metadata: { ...STORED_META, managedFields: [{ manager: 'kubectl', operation: 'Update' as const }] } }),
      noOp: true,
    },
    { name: 'spec differs', updated: deployment(2), noOp: false },
    { name: 'label differs', updated: deployment(1, { metadata: { ...STORED_META, labels: { app: 'x' } } }), noOp: false },
    { name: 'status differs', updated: deployment(1, { status: { replicas: 2 } }), noOp: false },
  ])('$name', ({ updated, noOp }) => {
    expect(isNoOpUpdate(deployment(1), updated)).toBe(noOp);
  });
});

describe('markDeleting', () => {
  const NOW = '2026-11-26T01:02:03Z';
  it.each([
    {
      name: 'workload: deletionTimestamp, grace 0, generation +1',
      resource: DEPLOYMENTS,
      object: deployment(1),
      grace: undefined,
      expected: deployment(1, { metadata: { ...STORED_META, generation: 4, deletionTimestamp: NOW, deletionGracePeriodSeconds: 0 } }),
    },
    {
      name: 'explicit grace',
      resource: DEPLOYMENTS,
      object: deployment(1),
      grace: 30,
      expected: deployment(1, { metadata: { ...STORED_META, generation: 4, deletionTimestamp: NOW, deletionGracePeriodSeconds: 30 } }),
    },
    {
      name: 'configmap: no generation to bump',
      resource: CONFIGMAPS,
      object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', finalizers: ['x/y'] } },
      grace: undefined,
      expected: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', finalizers: ['x/y'], deletionTimestamp: NOW, deletionGracePeriodSeconds: 0 } },
    },
    {
      name: 'already deleting: unchanged',
      resource: DEPLOYMENTS,
      object: deployment(1, { metadata: { ...STORED_META, deletionTimestamp: '2026-01-01T00:00:00Z', deletionGracePeriodSeconds: 0 } }),
      grace: undefined,
      expected: deployment(1, { metadata: { ...STORED_META, deletionTimestamp: '2026-01-01T00:00:00Z', deletionGracePeriodSeconds: 0 } }),
    },
  ])('$name', ({ resource, object, grace, expected }) => {
    expect(markDeleting(resource, object, NOW, grace)).toEqual(expected);
  });
});
