import type { JsonObject, JsonValue } from '../object.js';
import type { FieldStrategy, FieldStrategyLookup } from '../patch/list-types.js';
import type { FieldPath } from './field-set.js';
import {
  compareFields,
  difference,
  fieldPaths,
  fieldSet,
  fieldSetOf,
  formatPath,
  fromFieldsV1,
  intersection,
  toFieldsV1,
  union,
} from './field-set.js';

const STRATEGIES: Record<string, FieldStrategy> = {
  'spec.template.spec.containers': { listType: 'map', mapKeys: ['name'] },
  'spec.template.spec.containers.ports': { listType: 'map', mapKeys: ['containerPort', 'protocol'] },
  'spec.selector': { mapType: 'atomic' },
};
const lookup: FieldStrategyLookup = (path) => STRATEGIES[path.join('.')];

const deployment: JsonObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', uid: 'u-1', resourceVersion: '7', labels: { app: 'web' } },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    template: { spec: { containers: [{ name: 'app', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] } },
  },
};

const deploymentFields: JsonObject = {
  'f:metadata': { 'f:labels': { 'f:app': {} } },
  'f:spec': {
    'f:replicas': {},
    'f:selector': {},
    'f:template': {
      'f:spec': {
        'f:containers': {
          'k:{"name":"app"}': {
            '.': {},
            'f:image': {},
            'f:name': {},
            'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
          },
        },
      },
    },
  },
};

describe('fieldSetOf and toFieldsV1', () => {
  it.each<{ name: string; object: JsonValue; fields: JsonObject }>([
    { name: 'deployment: leaves, atomic selector, keyed items, defaulted port key', object: deployment, fields: deploymentFields },
    {
      name: 'finalizers are a set, ownerReferences keyed by uid',
      object: { metadata: { name: 'x', finalizers: ['b', 'a'], ownerReferences: [{ uid: 'u1', name: 'rs', kind: 'ReplicaSet', apiVersion: 'apps/v1' }] } },
      fields: {
        'f:metadata': {
          'f:finalizers': { 'v:"a"': {}, 'v:"b"': {} },
          'f:ownerReferences': { 'k:{"uid":"u1"}': { '.': {}, 'f:apiVersion': {}, 'f:kind': {}, 'f:name': {}, 'f:uid': {} } },
        },
      },
    },
    {
      name: 'atomic list, empty map and null are leaves',
      object: { spec: { args: ['a', 'b'], extra: {}, gone: null } },
      fields: { 'f:spec': { 'f:args': {}, 'f:extra': {}, 'f:gone': {} } },
    },
    {
      name: 'an item without its key makes the list atomic',
      object: { spec: { template: { spec: { containers: [{ image: 'x' }] } } } },
      fields: { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': {} } } } },
    },
    { name: 'only server metadata: nothing', object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', generation: 2 } }, fields: {} },
  ])('$name', ({ object, fields }) => {
    expect(toFieldsV1(fieldSetOf(object, lookup))).toEqual(fields);
  });

  it('writes keys in Kubernetes order: "." first, fields sorted, then keys', () => {
    const set = fieldSet([
      ['f:spec', 'f:b'],
      ['f:spec', 'f:a', 'k:{"name":"z"}'],
      ['f:spec', 'f:a', 'k:{"name":"z"}', 'f:name'],
      ['f:spec', 'f:a', 'k:{"name":"m"}'],
      ['f:spec', 'f:a', 'f:x'],
    ]);
    expect(JSON.stringify(toFieldsV1(set))).toBe(
      '{"f:spec":{"f:a":{"f:x":{},"k:{\\"name\\":\\"m\\"}":{},"k:{\\"name\\":\\"z\\"}":{".":{},"f:name":{}}},"f:b":{}}}',
    );
  });
});

describe('fromFieldsV1', () => {
  it.each<{ name: string; json: JsonObject }>([
    { name: 'deployment', json: deploymentFields },
    { name: 'set members', json: { 'f:metadata': { 'f:finalizers': { '.': {}, 'v:"a"': {}, 'v:"b"': {} } } } },
    { name: 'index elements', json: { 'f:spec': { 'f:list': { 'i:0': {}, 'i:1': { '.': {}, 'f:a': {} } } } } },
  ])('round-trips $name', ({ json }) => {
    expect(JSON.stringify(toFieldsV1(fromFieldsV1(json)))).toBe(JSON.stringify(json));
  });

  it.each<{ name: string; json: JsonValue; paths: string[] }>([
    { name: 'sorts the fields of a k: key', json: { 'f:ports': { 'k:{"protocol":"TCP","containerPort":80}': {} } }, paths: ['.ports[containerPort=80,protocol="TCP"]'] },
    { name: 'skips keys it cannot read', json: { 'f:a': {}, 'x:b': {}, 'k:notjson': {} }, paths: ['.a'] },
    { name: 'a non-object is empty', json: 'f:a', paths: [] },
    { name: 'a "." at the root is ignored', json: { '.': {}, 'f:a': {} }, paths: ['.a'] },
  ])('$name', ({ json, paths }) => {
    expect(fieldPaths(fromFieldsV1(json)).map(formatPath)).toEqual(paths);
  });
});

describe('formatPath', () => {
  it.each<{ name: string; path: FieldPath; text: string }>([
    { name: 'fields', path: ['f:spec', 'f:replicas'], text: '.spec.replicas' },
    {
      name: 'keyed item',
      path: ['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"app"}', 'f:image'],
      text: '.spec.template.spec.containers[name="app"].image',
    },
    { name: 'two keys, a number', path: ['f:ports', 'k:{"containerPort":80,"protocol":"TCP"}'], text: '.ports[containerPort=80,protocol="TCP"]' },
    { name: 'set member', path: ['f:metadata', 'f:finalizers', 'v:"a"'], text: '.metadata.finalizers[="a"]' },
    { name: 'index', path: ['f:list', 'i:2'], text: '.list[2]' },
  ])('$name', ({ path, text }) => {
    expect(formatPath(path)).toBe(text);
  });
});

describe('set algebra', () => {
  const a = fieldSet([['f:a'], ['f:b'], ['f:c', 'f:d']]);
  const b = fieldSet([['f:b'], ['f:c', 'f:d'], ['f:e']]);
  it.each<{ name: string; result: () => string[]; paths: string[] }>([
    { name: 'union', result: () => fieldPaths(union(a, b)).map(formatPath), paths: ['.a', '.b', '.e', '.c.d'] },
    { name: 'difference', result: () => fieldPaths(difference(a, b)).map(formatPath), paths: ['.a'] },
    { name: 'intersection', result: () => fieldPaths(intersection(a, b)).map(formatPath), paths: ['.b', '.c.d'] },
  ])('$name (members before deeper paths)', ({ result, paths }) => {
    expect(result()).toEqual(paths);
  });
});

describe('compareFields', () => {
  it.each<{ name: string; before: JsonValue; after: JsonValue; added: string[]; removed: string[]; modified: string[] }>([
    {
      name: 'scalar changed, label added',
      before: { metadata: { name: 'a' }, spec: { replicas: 1 } },
      after: { metadata: { name: 'a', labels: { x: 'y' } }, spec: { replicas: 2 } },
      added: ['.metadata.labels', '.metadata.labels.x'],
      removed: [],
      modified: ['.spec.replicas'],
    },
    {
      name: 'container removed, other container image changed',
      before: { spec: { template: { spec: { containers: [{ name: 'a', image: '1' }, { name: 'b', image: '1' }] } } } },
      after: { spec: { template: { spec: { containers: [{ name: 'a', image: '2' }] } } } },
      added: [],
      removed: ['.spec.template.spec.containers[name="b"]', '.spec.template.spec.containers[name="b"].image', '.spec.template.spec.containers[name="b"].name'],
      modified: ['.spec.template.spec.containers[name="a"].image'],
    },
    {
      name: 'metadata the server owns is not compared',
      before: { metadata: { name: 'a', resourceVersion: '1', generation: 1 } },
      after: { metadata: { name: 'a', resourceVersion: '2', generation: 2 } },
      added: [],
      removed: [],
      modified: [],
    },
  ])('$name', ({ before, after, added, removed, modified }) => {
    const changes = compareFields(before, after, lookup);
    expect({
      added: fieldPaths(changes.added).map(formatPath),
      removed: fieldPaths(changes.removed).map(formatPath),
      modified: fieldPaths(changes.modified).map(formatPath),
    }).toEqual({ added, removed, modified });
  });
});
