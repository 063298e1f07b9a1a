import type { JsonObject, JsonValue, ManagedFieldsEntry } from '../object.js';
import type { FieldStrategy, FieldStrategyLookup } from '../patch/list-types.js';
import { conflictCauses, formatConflictMessage, serverSideApply, type ApplyConflict, type ServerSideApplyOptions } from './server-side-apply.js';

const STRATEGIES: Record<string, FieldStrategy> = {
  'spec.template.spec.containers': { listType: 'map', mapKeys: ['name'] },
  'spec.selector': { mapType: 'atomic' },
};
const lookup: FieldStrategyLookup = (path) => STRATEGIES[path.join('.')];

const T0 = '2025-01-01T00:00:00Z';
const T1 = '2025-01-01T00:05:00Z';
const T2 = '2025-01-01T00:10:00Z';

/** A Deployment with the given spec and metadata extras. */
function deployment(spec: JsonObject, metadata: JsonObject = {}): JsonObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', ...metadata }, spec };
}

/** Containers of a pod template. */
function containers(...items: JsonObject[]): JsonObject {
  return { template: { spec: { containers: items } } };
}

/** Applies and expects success. */
function applyOk(opts: Partial<ServerSideApplyOptions> & { applied: JsonObject }): JsonObject {
  const result = serverSideApply({ live: undefined, manager: 'kubectl', force: false, apiVersion: 'apps/v1', now: T1, lookup, ...opts });
  if (!result.ok) throw new Error(formatConflictMessage(result.conflicts));
  return result.object;
}

/** The managedFields of an object. */
function managedFields(object: JsonObject): ManagedFieldsEntry[] {
  const metadata = object['metadata'] as JsonObject;
  return (metadata['managedFields'] ?? []) as unknown as ManagedFieldsEntry[];
}

/** The object without metadata.managedFields. */
function body(object: JsonObject): JsonObject {
  const { managedFields: _m, ...metadata } = object['metadata'] as JsonObject;
  return { ...object, metadata };
}

/** A stored Update entry. */
function updateEntry(manager: string, fieldsV1: JsonObject): ManagedFieldsEntry {
  return { manager, operation: 'Update', apiVersion: 'apps/v1', time: T0, fieldsType: 'FieldsV1', fieldsV1 };
}

/** A live object with the given managedFields. */
function withEntries(object: JsonObject, entries: ManagedFieldsEntry[]): JsonObject {
  return { ...object, metadata: { ...(object['metadata'] as JsonObject), managedFields: entries as unknown as JsonValue } };
}

const replicasOwnedByCsa = withEntries(deployment({ replicas: 3 }), [updateEntry('kubectl-client-side-apply', { 'f:spec': { 'f:replicas': {} } })]);

describe('serverSideApply: results', () => {
  const created = applyOk({ applied: deployment({ replicas: 2, ...containers({ name: 'app', image: 'nginx:1' }) }, { labels: { app: 'web' } }), now: T0 });

  it.each<{ name: string; run: () => JsonValue; expected: JsonValue }>([
    {
      name: 'create when absent: the body plus an Apply entry owning exactly the applied fields',
      run: () => created,
      expected: {
        ...deployment({ replicas: 2, ...containers({ name: 'app', image: 'nginx:1' }) }, { labels: { app: 'web' } }),
        metadata: {
          name: 'web',
          namespace: 'default',
          labels: { app: 'web' },
          managedFields: [
            {
              manager: 'kubectl',
              operation: 'Apply',
              apiVersion: 'apps/v1',
              time: T0,
              fieldsType: 'FieldsV1',
              fieldsV1: {
                'f:metadata': { 'f:labels': { 'f:app': {} } },
                'f:spec': { 'f:replicas': {}, 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } } },
              },
            },
          ],
        },
      },
    },
    {
      name: 're-apply of the same body: the live object unchanged, time included',
      run: () => applyOk({ live: created, applied: deployment({ replicas: 2, ...containers({ name: 'app', image: 'nginx:1' }) }, { labels: { app: 'web' } }), now: T2 }),
      expected: created,
    },
    {
      name: 'fields the manager applied before and now omits are removed (emptied maps go too)',
      run: () => body(applyOk({ live: created, applied: deployment(containers({ name: 'app', image: 'nginx:1' })), now: T2 })),
      expected: deployment(containers({ name: 'app', image: 'nginx:1' })),
    },
    {
      name: 'an omitted field another manager co-owns stays',
      run: () => {
        const live = withEntries(deployment({ replicas: 2 }), [
          ...managedFields(applyOk({ applied: deployment({ replicas: 2 }) })),
          updateEntry('kubectl-scale', { 'f:spec': { 'f:replicas': {} } }),
        ]);
        return body(applyOk({ live, applied: deployment({ paused: true }), now: T2 }));
      },
      expected: deployment({ replicas: 2, paused: true }),
    },
    {
      name: 'metadata.managedFields in the body is ignored',
      run: () => managedFields(applyOk({ applied: deployment({ replicas: 1 }, { managedFields: [{ manager: 'x', operation: 'Update' }] }) })).map((e) => e.manager ?? ''),
      expected: ['kubectl'],
    },
  ])('$name', ({ run, expected }) => {
    expect(run()).toEqual(expected);
  });
});

describe('serverSideApply: conflicts and ownership', () => {
  it.each<{ name: string; opts: Partial<ServerSideApplyOptions> & { applied: JsonObject }; message: string }>([
    {
      name: 'with an Update manager',
      opts: { live: replicasOwnedByCsa, applied: deployment({ replicas: 5 }) },
      message: 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
    },
    {
      name: 'with another Apply manager (no apiVersion printed)',
      opts: { live: applyOk({ applied: deployment({ replicas: 3 }), manager: 'helm' }), applied: deployment({ replicas: 5 }) },
      message: 'Apply failed with 1 conflict: conflict with "helm": .spec.replicas',
    },
    {
      name: 'with an object that has no managedFields',
      opts: { live: deployment({ replicas: 3 }), applied: deployment({ replicas: 5 }) },
      message: 'Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas',
    },
    {
      name: 'inside a keyed item',
      opts: {
        live: withEntries(deployment(containers({ name: 'app', image: 'nginx:1' })), [
          updateEntry('kubectl-set', { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"app"}': { 'f:image': {} } } } } } }),
        ]),
        applied: deployment(containers({ name: 'app', image: 'nginx:2' })),
      },
      message: 'Apply failed with 1 conflict: conflict with "kubectl-set" using apps/v1: .spec.template.spec.containers[name="app"].image',
    },
    {
      name: 'two fields of one manager',
      opts: {
        live: withEntries(deployment({ replicas: 3, paused: false }), [updateEntry('mgr', { 'f:spec': { 'f:paused': {}, 'f:replicas': {} } })]),
        applied: deployment({ replicas: 5, paused: true }),
      },
      message: 'Apply failed with 2 conflicts: conflicts with "mgr" using apps/v1:\n- .spec.paused\n- .spec.replicas',
    },
  ])('conflict $name', ({ opts, message }) => {
    const result = serverSideApply({ live: undefined, manager: 'kubectl', force: false, apiVersion: 'apps/v1', now: T1, lookup, ...opts });
    expect(result.ok ? 'applied' : formatConflictMessage(result.conflicts)).toBe(message);
  });

  it('conflict causes name the manager and the path', () => {
    const result = serverSideApply({ live: replicasOwnedByCsa, applied: deployment({ replicas: 5 }), manager: 'kubectl', force: false, apiVersion: 'apps/v1', now: T1, lookup });
    expect(result.ok ? [] : conflictCauses(result.conflicts)).toEqual([
      { reason: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: '.spec.replicas' },
    ]);
  });

  it.each<{ name: string; force: boolean; replicas: number; fields: Record<string, JsonObject> }>([
    {
      name: 'force takes ownership',
      force: true,
      replicas: 5,
      fields: { kubectl: { 'f:spec': { 'f:replicas': {} } } },
    },
    {
      name: 'the same value is shared',
      force: false,
      replicas: 3,
      fields: { kubectl: { 'f:spec': { 'f:replicas': {} } }, 'kubectl-client-side-apply': { 'f:spec': { 'f:replicas': {} } } },
    },
  ])('$name', ({ force, replicas, fields }) => {
    const object = applyOk({ live: replicasOwnedByCsa, applied: deployment({ replicas }), force });
    expect({
      replicas: (object['spec'] as JsonObject)['replicas'] as JsonValue,
      fields: Object.fromEntries(managedFields(object).map((e): [string, JsonValue] => [e.manager ?? '', e.fieldsV1 ?? null])),
    }).toEqual({ replicas, fields });
  });
});

describe('serverSideApply: lists', () => {
  const twoManagers = (): JsonObject => {
    const first = applyOk({ applied: deployment(containers({ name: 'app', image: 'nginx:1' }), { finalizers: ['a.io/x'] }), manager: 'a', now: T0 });
    return applyOk({ live: first, applied: deployment(containers({ name: 'sidecar', image: 'envoy:1' }), { finalizers: ['b.io/y'] }), manager: 'b' });
  };

  it.each<{ name: string; run: () => JsonObject; expected: JsonObject }>([
    {
      name: 'keyed items and set members of two managers merge',
      run: () => body(twoManagers()),
      expected: deployment(containers({ name: 'app', image: 'nginx:1' }, { name: 'sidecar', image: 'envoy:1' }), { finalizers: ['a.io/x', 'b.io/y'] }),
    },
    {
      name: 'a manager dropping its item and member leaves the other manager\'s',
      run: () => body(applyOk({ live: twoManagers(), applied: deployment({ replicas: 1 }), manager: 'a', now: T2 })),
      expected: deployment({ replicas: 1, ...containers({ name: 'sidecar', image: 'envoy:1' }) }, { finalizers: ['b.io/y'] }),
    },
    {
      name: 'a changed item merges field by field, its place kept',
      run: () => body(applyOk({ live: twoManagers(), applied: deployment(containers({ name: 'app', image: 'nginx:2' }), { finalizers: ['a.io/x'] }), manager: 'a', now: T2 })),
      expected: deployment(containers({ name: 'app', image: 'nginx:2' }, { name: 'sidecar', image: 'envoy:1' }), { finalizers: ['a.io/x', 'b.io/y'] }),
    },
    {
      name: 'an item the manager dropped is removed',
      run: () => {
        const live = applyOk({ applied: deployment(containers({ name: 'app', image: 'nginx:1' }, { name: 'log', image: 'fluent:1' })) });
        return body(applyOk({ live, applied: deployment(containers({ name: 'app', image: 'nginx:1' })), now: T2 }));
      },
      expected: deployment(containers({ name: 'app', image: 'nginx:1' })),
    },
    {
      name: 'shared items follow the applied order, live-only items keep their place',
      run: () => {
        const live = applyOk({ applied: deployment(containers({ name: 'a' }, { name: 'b' }, { name: 'c' })), manager: 'x', now: T0 });
        return body(applyOk({ live, applied: deployment(containers({ name: 'c' }, { name: 'a' }, { name: 'd' })), manager: 'y' }));
      },
      expected: deployment(containers({ name: 'b' }, { name: 'c' }, { name: 'a' }, { name: 'd' })),
    },
    {
      name: 'atomic lists and maps are replaced whole',
      run: () => {
        const live = applyOk({ applied: deployment({ selector: { matchLabels: { app: 'web', tier: 'x' } }, ...containers({ name: 'app', args: ['a', 'b'] }) }) });
        return body(applyOk({ live, applied: deployment({ selector: { matchLabels: { app: 'web' } }, ...containers({ name: 'app', args: ['c'] }) }), now: T2 }));
      },
      expected: deployment({ selector: { matchLabels: { app: 'web' } }, ...containers({ name: 'app', args: ['c'] }) }),
    },
  ])('$name', ({ run, expected }) => {
    expect(run()).toEqual(expected);
  });
});

describe('formatConflictMessage', () => {
  const update = (manager: string, field: string, subresource?: string): ApplyConflict =>
    subresource === undefined ? { manager, field, operation: 'Update', apiVersion: 'apps/v1' } : { manager, field, operation: 'Update', apiVersion: 'apps/v1', subresource };

  it.each<{ name: string; conflicts: ApplyConflict[]; message: string }>([
    {
      name: 'one conflict',
      conflicts: [update('kubectl-client-side-apply', '.spec.replicas')],
      message: 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
    },
    {
      name: 'a subresource manager',
      conflicts: [update('kube-controller-manager', '.status.replicas', 'status')],
      message: 'Apply failed with 1 conflict: conflict with "kube-controller-manager" with subresource "status" using apps/v1: .status.replicas',
    },
    {
      name: 'several managers, sorted',
      conflicts: [update('zeta', '.spec.paused'), { manager: 'alpha', field: '.spec.replicas', operation: 'Apply', apiVersion: 'apps/v1' }, update('zeta', '.spec.minReadySeconds')],
      message: 'Apply failed with 3 conflicts: conflicts with "alpha":\n- .spec.replicas\nconflicts with "zeta" using apps/v1:\n- .spec.paused\n- .spec.minReadySeconds',
    },
  ])('$name', ({ conflicts, message }) => {
    expect(formatConflictMessage(conflicts)).toBe(message);
  });
});
