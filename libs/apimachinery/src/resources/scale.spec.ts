import type { KubeObject } from '../object.js';
import { BUILTIN_RESOURCES } from './builtins.js';
import type { ScaleSubresource } from './resource-type.js';
import { requestedReplicas, scaleOf, valueAtPath, withValueAtPath } from './scale.js';

const DEPLOYMENT_SCALE = BUILTIN_RESOURCES.find((r) => r.group === 'apps' && r.kind === 'Deployment')?.scale;
const CRD_SCALE: ScaleSubresource = { specReplicasPath: '.spec.size', statusReplicasPath: '.status.size', labelSelectorPath: '.status.selector' };
const META = { name: 'web', namespace: 'prod', uid: 'u-1', resourceVersion: '17', creationTimestamp: '2026-01-01T00:00:00Z', labels: { app: 'web' }, generation: 4 };
const SCALE_META = { name: 'web', namespace: 'prod', uid: 'u-1', resourceVersion: '17', creationTimestamp: '2026-01-01T00:00:00Z' };

describe('valueAtPath', () => {
  const object = { spec: { replicas: 3, template: { metadata: { labels: { app: 'web' } } } }, list: [1] };
  it.each([
    { name: 'leading dot', path: '.spec.replicas', value: 3 },
    { name: 'no leading dot', path: 'spec.replicas', value: 3 },
    { name: 'nested object', path: '.spec.template.metadata.labels', value: { app: 'web' } },
    { name: 'missing leaf', path: '.spec.paused', value: undefined },
    { name: 'through a missing parent', path: '.status.replicas', value: undefined },
    { name: 'through a scalar', path: '.spec.replicas.x', value: undefined },
    { name: 'through an array', path: '.list.0', value: undefined },
    { name: 'empty path: the object', path: '', value: object },
  ])('$name', ({ path, value }) => {
    expect(valueAtPath(object, path)).toEqual(value);
  });
});

describe('withValueAtPath', () => {
  const base: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 1, paused: false } };
  it.each([
    { name: 'replaces a leaf, keeps siblings', path: '.spec.replicas', value: 5, expected: { ...base, spec: { replicas: 5, paused: false } } },
    { name: 'creates missing parents', path: '.status.replicas', value: 2, expected: { ...base, status: { replicas: 2 } } },
    { name: 'replaces a scalar parent with an object', path: '.spec.paused.x', value: 1, expected: { ...base, spec: { replicas: 1, paused: { x: 1 } } } },
    { name: 'empty path: unchanged', path: '', value: 9, expected: base },
  ])('$name', ({ path, value, expected }) => {
    const before = JSON.stringify(base);
    expect(withValueAtPath(base, path, value)).toEqual(expected);
    expect(JSON.stringify(base)).toBe(before);
  });
});

describe('scaleOf', () => {
  it.each([
    { name: 'built-in deployments declare labelSelectorPath .spec.selector', scale: DEPLOYMENT_SCALE, expected: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.spec.selector' } },
  ])('$name', ({ scale, expected }) => {
    expect(scale).toEqual(expected);
  });

  it.each([
    {
      name: 'Deployment with matchLabels',
      parent: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: META, spec: { replicas: 3, selector: { matchLabels: { app: 'web', tier: 'fe' } } }, status: { replicas: 2 } },
      scale: DEPLOYMENT_SCALE,
      expected: { kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: SCALE_META, spec: { replicas: 3 }, status: { replicas: 2, selector: 'app=web,tier=fe' } },
    },
    {
      name: 'Deployment with matchExpressions',
      parent: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: META,
        spec: { replicas: 1, selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }] } },
        status: { replicas: 1 },
      },
      scale: DEPLOYMENT_SCALE,
      expected: { kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: SCALE_META, spec: { replicas: 1 }, status: { replicas: 1, selector: 'app=web,tier in (a,b)' } },
    },
    {
      name: 'Deployment without status: status replicas 0',
      parent: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: META, spec: { replicas: 3, selector: { matchLabels: { app: 'web' } } } },
      scale: DEPLOYMENT_SCALE,
      expected: { kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: SCALE_META, spec: { replicas: 3 }, status: { replicas: 0, selector: 'app=web' } },
    },
    {
      name: 'CRD with a string selector in status',
      parent: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: META, spec: { size: 4 }, status: { size: 4, selector: 'app=widget' } },
      scale: CRD_SCALE,
      expected: { kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: SCALE_META, spec: { replicas: 4 }, status: { replicas: 4, selector: 'app=widget' } },
    },
    {
      name: 'CRD without labelSelectorPath: no selector',
      parent: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 2 }, status: { size: 1, selector: 'app=widget' } },
      scale: { specReplicasPath: '.spec.size', statusReplicasPath: '.status.size' },
      expected: { kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { name: 'w' }, spec: { replicas: 2 }, status: { replicas: 1 } },
    },
    {
      name: 'CRD with an empty selector string: no selector',
      parent: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 2 }, status: { size: 2, selector: '' } },
      scale: CRD_SCALE,
      expected: { kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { name: 'w' }, spec: { replicas: 2 }, status: { replicas: 2 } },
    },
  ])('$name', ({ parent, scale, expected }) => {
    if (scale === undefined) throw new Error('deployments have no scale subresource');
    expect(scaleOf(parent, scale)).toEqual(expected);
  });
});

describe('requestedReplicas', () => {
  it.each([
    { name: 'a number', body: { spec: { replicas: 5 } }, result: 5 },
    { name: 'zero', body: { spec: { replicas: 0 } }, result: 0 },
    { name: 'no spec: 0', body: { kind: 'Scale' }, result: 0 },
    { name: 'not an object: 0', body: 'x', result: 0 },
    { name: 'negative', body: { spec: { replicas: -1 } }, result: 'spec.replicas: Invalid value: -1: must be greater than or equal to 0' },
    { name: 'a string', body: { spec: { replicas: '3' } }, result: 'spec.replicas: Invalid value: must be an integer' },
    { name: 'a fraction', body: { spec: { replicas: 1.5 } }, result: 'spec.replicas: Invalid value: must be an integer' },
  ])('$name', ({ body, result }) => {
    expect(requestedReplicas(body)).toBe(result);
  });
});
