import type { JsonObject, JsonValue } from '../object.js';
import { builtinFieldStrategies } from './builtin-strategies.js';
import { PatchError } from './json-patch.js';
import { applyStrategicMergePatch } from './strategic-merge.js';

/** Freezes a JSON value at every depth, so that a mutation throws. */
function deepFreeze<T extends JsonValue>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach((item: JsonValue) => deepFreeze(item));
    Object.freeze(value);
  }
  return value;
}

const deployment = builtinFieldStrategies('apps', 'Deployment');

/** A Deployment's `spec.template.spec` wrapped into a whole object. */
function podTemplate(spec: JsonObject): JsonObject {
  return { spec: { template: { spec } } };
}

const CONTAINERS = podTemplate({
  containers: [
    { name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], args: ['--x'] },
    { name: 'sidecar', image: 'side:1' },
  ],
});

describe('applyStrategicMergePatch', () => {
  it.each<[string, JsonObject, JsonObject, JsonObject]>([
    [
      'containers merge by name (kubectl apply changing one image)',
      CONTAINERS,
      podTemplate({ '$setElementOrder/containers': [{ name: 'app' }, { name: 'sidecar' }], containers: [{ name: 'sidecar', image: 'side:2' }] }),
      podTemplate({
        containers: [
          { name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], args: ['--x'] },
          { name: 'sidecar', image: 'side:2' },
        ],
      }),
    ],
    [
      'a new container is added and $setElementOrder/containers orders the list',
      CONTAINERS,
      podTemplate({
        '$setElementOrder/containers': [{ name: 'init' }, { name: 'app' }, { name: 'sidecar' }],
        containers: [{ name: 'init', image: 'init:1' }],
      }),
      podTemplate({
        containers: [
          { name: 'init', image: 'init:1' },
          { name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], args: ['--x'] },
          { name: 'sidecar', image: 'side:1' },
        ],
      }),
    ],
    [
      'env merges by name inside a container, with its own $setElementOrder',
      CONTAINERS,
      podTemplate({
        '$setElementOrder/containers': [{ name: 'app' }, { name: 'sidecar' }],
        containers: [{ name: 'app', '$setElementOrder/env': [{ name: 'C' }, { name: 'A' }, { name: 'B' }], env: [{ name: 'A', value: 'one' }, { name: 'C', value: '3' }] }],
      }),
      podTemplate({
        containers: [
          { name: 'app', image: 'app:1', env: [{ name: 'C', value: '3' }, { name: 'A', value: 'one' }, { name: 'B', value: '2' }], args: ['--x'] },
          { name: 'sidecar', image: 'side:1' },
        ],
      }),
    ],
    [
      'an env item is deleted with $patch: delete',
      CONTAINERS,
      podTemplate({ containers: [{ name: 'app', env: [{ name: 'A', $patch: 'delete' }] }] }),
      podTemplate({
        containers: [
          { name: 'app', image: 'app:1', env: [{ name: 'B', value: '2' }], args: ['--x'] },
          { name: 'sidecar', image: 'side:1' },
        ],
      }),
    ],
    [
      'a container is deleted with $patch: delete',
      CONTAINERS,
      podTemplate({ containers: [{ name: 'sidecar', $patch: 'delete' }] }),
      podTemplate({ containers: [{ name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], args: ['--x'] }] }),
    ],
    [
      'an atomic list (args) is replaced and null deletes a field of a keyed item',
      CONTAINERS,
      podTemplate({ containers: [{ name: 'app', args: ['--y', '--z'], env: null }] }),
      podTemplate({ containers: [{ name: 'app', image: 'app:1', args: ['--y', '--z'] }, { name: 'sidecar', image: 'side:1' }] }),
    ],
    [
      'kubectl rollout restart sets the restartedAt annotation',
      { spec: { replicas: 2, template: { metadata: { labels: { app: 'd1' } }, spec: { containers: [{ name: 'app', image: 'app:1' }] } } } },
      { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-26T01:00:00Z' } } } } },
      {
        spec: {
          replicas: 2,
          template: {
            metadata: { labels: { app: 'd1' }, annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-26T01:00:00Z' } },
            spec: { containers: [{ name: 'app', image: 'app:1' }] },
          },
        },
      },
    ],
    [
      'strategy Recreate with $retainKeys and rollingUpdate: null (kubectl apply)',
      { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } } },
      { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: null, type: 'Recreate' } } },
      { spec: { strategy: { type: 'Recreate' } } },
    ],
    [
      'strategy is a retainKeys field: keys the patch does not set are cleared',
      { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } } },
      { spec: { strategy: { type: 'Recreate' } } },
      { spec: { strategy: { type: 'Recreate' } } },
    ],
    [
      'a volume is a retainKeys item: changing its source drops the old one',
      podTemplate({ volumes: [{ name: 'v', configMap: { name: 'cm' } }, { name: 'w', emptyDir: {} }] }),
      podTemplate({ volumes: [{ name: 'v', secret: { secretName: 's' } }] }),
      podTemplate({ volumes: [{ name: 'v', secret: { secretName: 's' } }, { name: 'w', emptyDir: {} }] }),
    ],
    [
      '$deleteFromPrimitiveList/finalizers removes finalizers',
      { metadata: { name: 'x', finalizers: ['a.io/one', 'b.io/two', 'c.io/three'] } },
      { metadata: { '$deleteFromPrimitiveList/finalizers': ['b.io/two'] } },
      { metadata: { name: 'x', finalizers: ['a.io/one', 'c.io/three'] } },
    ],
    [
      'removing the last finalizer drops the field',
      { metadata: { name: 'x', finalizers: ['a.io/one'] } },
      { metadata: { '$deleteFromPrimitiveList/finalizers': ['a.io/one'] } },
      { metadata: { name: 'x' } },
    ],
    [
      'finalizers merge as a set',
      { metadata: { finalizers: ['a.io/one', 'b.io/two'] } },
      { metadata: { finalizers: ['b.io/two', 'c.io/three'] } },
      { metadata: { finalizers: ['a.io/one', 'b.io/two', 'c.io/three'] } },
    ],
    [
      '$setElementOrder orders a set list',
      { metadata: { finalizers: ['a', 'b'] } },
      { metadata: { '$setElementOrder/finalizers': ['c', 'b', 'a'], finalizers: ['c'] } },
      { metadata: { finalizers: ['c', 'b', 'a'] } },
    ],
    [
      '$setElementOrder leaves items it does not name in their slots',
      { metadata: { finalizers: ['a', 'server', 'b'] } },
      { metadata: { '$setElementOrder/finalizers': ['b', 'a'] } },
      { metadata: { finalizers: ['b', 'server', 'a'] } },
    ],
    [
      '$patch: replace as an item of a set list replaces the list',
      { metadata: { finalizers: ['a', 'b'] } },
      { metadata: { finalizers: [{ $patch: 'replace' }, 'c'] } },
      { metadata: { finalizers: ['c'] } },
    ],
    [
      'ownerReferences merge by uid',
      { metadata: { ownerReferences: [{ uid: 'u1', kind: 'ReplicaSet', name: 'rs1', controller: true }] } },
      { metadata: { ownerReferences: [{ uid: 'u1', controller: false }, { uid: 'u2', kind: 'Deployment', name: 'd' }] } },
      { metadata: { ownerReferences: [{ uid: 'u1', kind: 'ReplicaSet', name: 'rs1', controller: false }, { uid: 'u2', kind: 'Deployment', name: 'd' }] } },
    ],
    [
      '$patch: replace on a map replaces it',
      { metadata: { labels: { a: '1', b: '2' } } },
      { metadata: { labels: { $patch: 'replace', c: '3' } } },
      { metadata: { labels: { c: '3' } } },
    ],
    [
      '$patch: replace as a list item replaces the list',
      CONTAINERS,
      podTemplate({ containers: [{ $patch: 'replace' }, { name: 'only', image: 'only:1' }] }),
      podTemplate({ containers: [{ name: 'only', image: 'only:1' }] }),
    ],
    [
      '$patch: delete on a map removes it',
      { metadata: { labels: { a: '1' }, annotations: { b: '2' } } },
      { metadata: { annotations: { $patch: 'delete' } } },
      { metadata: { labels: { a: '1' } } },
    ],
    [
      '$patch: merge is the default',
      { metadata: { labels: { a: '1' } } },
      { metadata: { labels: { $patch: 'merge', b: '2' } } },
      { metadata: { labels: { a: '1', b: '2' } } },
    ],
    [
      'a keyed item with $patch: replace replaces that item only',
      CONTAINERS,
      podTemplate({ containers: [{ name: 'app', image: 'app:2', $patch: 'replace' }] }),
      podTemplate({ containers: [{ name: 'app', image: 'app:2' }, { name: 'sidecar', image: 'side:1' }] }),
    ],
    [
      'status conditions merge by type',
      { status: { replicas: 1, conditions: [{ type: 'Progressing', status: 'True' }] } },
      { status: { replicas: 2, conditions: [{ type: 'Available', status: 'True' }] } },
      { status: { replicas: 2, conditions: [{ type: 'Progressing', status: 'True' }, { type: 'Available', status: 'True' }] } },
    ],
    [
      'container ports merge by containerPort',
      podTemplate({ containers: [{ name: 'c', ports: [{ containerPort: 80, name: 'http' }] }] }),
      podTemplate({ containers: [{ name: 'c', ports: [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 443 }] }] }),
      podTemplate({ containers: [{ name: 'c', ports: [{ containerPort: 80, name: 'http', protocol: 'TCP' }, { containerPort: 443 }] }] }),
    ],
    [
      'a list without a strategy is replaced and other $-keys are plain fields',
      { spec: { list: [1, 2], $schema: 'a' } },
      { spec: { list: [3], $schema: 'b' } },
      { spec: { list: [3], $schema: 'b' } },
    ],
    ['a root $patch: delete leaves an empty object', { a: 1 }, { $patch: 'delete' }, {}],
  ])('%s', (_name, original, patch, expected) => {
    expect(applyStrategicMergePatch(deepFreeze(original), deepFreeze(patch), deployment)).toEqual(expected);
  });

  it.each<[string, JsonObject, JsonObject, Pick<PatchError, 'message' | 'reason'>]>([
    ['an unknown $patch', { a: {} }, { a: { $patch: 'explode' } }, { message: 'unknown patch type: explode in map: map[$patch:explode]', reason: 'BadRequest' }],
    ['$retainKeys that is not a list', { spec: { strategy: {} } }, { spec: { strategy: { $retainKeys: 'type' } } }, { message: 'invalid patch format of retainKeys', reason: 'BadRequest' }],
    ['content outside $retainKeys', { spec: { strategy: {} } }, { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: {} } } }, { message: "patch content doesn't match retainKeys list", reason: 'Invalid' }],
    ['$deleteFromPrimitiveList that is not a list', { metadata: {} }, { metadata: { '$deleteFromPrimitiveList/finalizers': 'a' } }, { message: 'invalid patch format of primitive list', reason: 'BadRequest' }],
    ['$setElementOrder that is not a list', CONTAINERS, podTemplate({ '$setElementOrder/containers': { name: 'app' } }), { message: 'invalid patch format of setElementOrder list', reason: 'BadRequest' }],
    ['$setElementOrder items without the merge key', CONTAINERS, podTemplate({ '$setElementOrder/containers': [{ image: 'x' }] }), { message: 'invalid patch format of setElementOrder list', reason: 'BadRequest' }],
    ['a keyed item without its merge key', CONTAINERS, podTemplate({ containers: [{ image: 'x' }] }), { message: 'map: map[image:x] does not contain declared merge key: name', reason: 'BadRequest' }],
    ['a keyed item that is not a map', CONTAINERS, podTemplate({ containers: ['app'] }), { message: 'expected a map, but received a string', reason: 'BadRequest' }],
    ['a keyed item that is a list', CONTAINERS, podTemplate({ containers: [['app']] }), { message: 'lists of lists are not supported', reason: 'Invalid' }],
  ])('rejects %s', (_name, original, patch, expected) => {
    let caught: unknown;
    try {
      applyStrategicMergePatch(original, patch, deployment);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PatchError);
    const error = caught as PatchError;
    expect({ name: error.name, message: error.message, reason: error.reason }).toEqual({ name: 'PatchError', ...expected });
  });

  it('returns a result that shares no objects with the patch', () => {
    const patch: JsonObject = { spec: { template: { spec: { containers: [{ name: 'new', env: [{ name: 'A', value: '1' }] }] } } } };
    const before = JSON.stringify(patch);
    const result = applyStrategicMergePatch({}, patch, deployment);
    const containers = (((result['spec'] as JsonObject)['template'] as JsonObject)['spec'] as JsonObject)['containers'] as JsonObject[];
    (containers[0]?.['env'] as JsonObject[]).push({ name: 'B' });
    expect(JSON.stringify(patch)).toBe(before);
  });
});
