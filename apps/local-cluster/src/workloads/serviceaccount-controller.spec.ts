import type { KubeObject } from '@ebb/apimachinery';
import { KubeApiError } from '@ebb/kube';
import type { ObjectLister } from './replicaset-controller.js';
import { DESCRIPTION_ANNOTATION, makeRootCaConfigMap, ROOT_CA_DESCRIPTION, rootCaConfigMapUpdate, syncNamespace, type ServiceAccountClient } from './serviceaccount-controller.js';

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

const ns = (name: string, o: { phase?: string; deleting?: boolean } = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, ...(o.deleting === true ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
  status: { phase: o.phase ?? 'Active' },
});
const sa = (namespace: string): KubeObject => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace } });
const cm = (namespace: string, data: Record<string, string>, annotations?: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'kube-root-ca.crt', namespace, resourceVersion: '7', ...(annotations === undefined ? {} : { annotations }) },
  data,
});

const lister = (objects: KubeObject[]): ObjectLister => ({
  get: (name, namespace) => objects.find((o) => o.metadata.name === name && (o.metadata.namespace ?? '') === (namespace ?? '')),
  list: () => objects,
});

function fakeClient(fail?: Error): ServiceAccountClient & { calls: unknown[][] } {
  const calls: unknown[][] = [];
  const call = async (entry: unknown[]): Promise<void> => {
    calls.push(entry);
    if (fail !== undefined) throw fail;
    return Promise.resolve();
  };
  return {
    calls,
    createServiceAccount: (namespace, body) => call(['createServiceAccount', namespace, body.metadata.name]),
    createConfigMap: (namespace, body) => call(['createConfigMap', namespace, body]),
    replaceConfigMap: (namespace, name, body) => call(['replaceConfigMap', namespace, name, body.metadata.resourceVersion, body.data]),
  };
}

const described = { [DESCRIPTION_ANNOTATION]: ROOT_CA_DESCRIPTION };

describe('syncNamespace', () => {
  it.each([
    {
      name: 'a new namespace gets default and kube-root-ca.crt',
      objects: { namespaces: [ns('shop')], accounts: [], maps: [] },
      calls: [
        ['createServiceAccount', 'shop', 'default'],
        ['createConfigMap', 'shop', makeRootCaConfigMap('shop', CA)],
      ],
    },
    { name: 'everything in place: nothing', objects: { namespaces: [ns('shop')], accounts: [sa('shop')], maps: [cm('shop', { 'ca.crt': CA }, described)] }, calls: [] },
    {
      name: 'edited CA data is put back (and only ca.crt kept)',
      objects: { namespaces: [ns('shop')], accounts: [sa('shop')], maps: [cm('shop', { 'ca.crt': 'old', extra: 'x' }, described)] },
      calls: [['replaceConfigMap', 'shop', 'kube-root-ca.crt', '7', { 'ca.crt': CA }]],
    },
    { name: 'a terminating namespace gets nothing', objects: { namespaces: [ns('shop', { phase: 'Terminating', deleting: true })], accounts: [], maps: [] }, calls: [] },
    { name: 'a namespace not in the cache gets nothing', objects: { namespaces: [], accounts: [], maps: [] }, calls: [] },
  ])('$name', async ({ objects, calls }) => {
    const client = fakeClient();
    await syncNamespace('shop', { namespaces: lister(objects.namespaces), serviceAccounts: lister(objects.accounts), configMaps: lister(objects.maps), client, caPem: CA });
    expect(client.calls).toEqual(calls);
  });

  it.each([
    { name: 'AlreadyExists', error: new KubeApiError(409, 'AlreadyExists', 'serviceaccounts "default" already exists', undefined), rejects: false },
    { name: 'namespace terminating', error: new KubeApiError(403, 'Forbidden', 'serviceaccounts "default" is forbidden: unable to create new content in namespace shop because it is being terminated', undefined), rejects: false },
    { name: 'namespace gone', error: new KubeApiError(404, 'NotFound', 'namespaces "shop" not found', undefined), rejects: false },
    { name: 'a server error', error: new KubeApiError(500, 'InternalError', 'boom', undefined), rejects: true },
  ])('a create failing with $name rejects: $rejects', async ({ error, rejects }) => {
    const client = fakeClient(error);
    const result = syncNamespace('shop', { namespaces: lister([ns('shop')]), serviceAccounts: lister([]), configMaps: lister([]), client, caPem: CA });
    if (rejects) await expect(result).rejects.toThrow('boom');
    else await expect(result).resolves.toBeUndefined();
  });
});

describe('rootCaConfigMapUpdate', () => {
  it.each([
    { name: 'right data and description', current: cm('a', { 'ca.crt': CA }, described), update: undefined },
    { name: 'description missing', current: cm('a', { 'ca.crt': CA }), update: { annotations: described, data: { 'ca.crt': CA } } },
    { name: 'other annotations kept', current: cm('a', { 'ca.crt': 'x' }, { keep: 'me' }), update: { annotations: { keep: 'me', ...described }, data: { 'ca.crt': CA } } },
  ])('$name', ({ current, update }) => {
    const result = rootCaConfigMapUpdate(current, CA);
    expect(result === undefined ? undefined : { annotations: result.metadata.annotations, data: result.data }).toEqual(update);
  });
});
