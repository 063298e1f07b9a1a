import type { KubeObject } from '@ebb/apimachinery';
import { formatStoreKey, sameStoreKey, storeKeyOf, storeKeyOfObject } from './keys.js';

describe('store keys', () => {
  it.each([
    ['a namespaced object', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'prod' } }, 'prod', 'web'],
    ['a cluster-scoped object', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod' } }, '', 'prod'],
  ])('reads the key of %s', (_name, object: KubeObject, namespace, name) => {
    expect(storeKeyOfObject('', 'pods', object)).toEqual({ group: '', resource: 'pods', namespace, name });
  });

  it.each([
    ['the core group', storeKeyOf('', 'pods', 'prod', 'web'), '/pods/prod/web'],
    ['a named group, cluster-scoped', storeKeyOf('apiextensions.k8s.io', 'customresourcedefinitions', '', 'a.b.c'), 'apiextensions.k8s.io/customresourcedefinitions//a.b.c'],
  ])('formats a key in %s', (_name, key, text) => {
    expect(formatStoreKey(key)).toBe(text);
  });

  it.each([
    ['equal keys', storeKeyOf('apps', 'deployments', 'a', 'b'), true],
    ['another group', storeKeyOf('', 'deployments', 'a', 'b'), false],
    ['another resource', storeKeyOf('apps', 'replicasets', 'a', 'b'), false],
    ['another namespace', storeKeyOf('apps', 'deployments', 'x', 'b'), false],
    ['another name', storeKeyOf('apps', 'deployments', 'a', 'x'), false],
  ])('compares %s', (_name, other, same) => {
    expect(sameStoreKey(storeKeyOf('apps', 'deployments', 'a', 'b'), other)).toBe(same);
  });
});
