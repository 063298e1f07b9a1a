import type { KubeObject } from '@ebb/apimachinery';
import { KubeApiError } from '@ebb/kube';
import type { ObjectLister } from './replicaset-controller.js';
import { bindPod, needsBinding, NODE_NAME, type SchedulerClient } from './scheduler.js';

const NOW = new Date('2026-01-01T12:00:00Z');

function pod(spec: Record<string, unknown> = {}, o: { phase?: string; deleting?: boolean } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'ns', uid: 'uid-web', ...(o.deleting === true ? { deletionTimestamp: '2026-01-01T11:00:00Z' } : {}) },
    spec: { containers: [{ name: 'app', image: 'x' }], ...spec },
    status: { phase: o.phase ?? 'Pending' },
  };
}

const lister = (objects: KubeObject[]): ObjectLister => ({
  get: (name, namespace) => objects.find((o) => o.metadata.name === name && o.metadata.namespace === namespace),
  list: () => objects,
});

function fakeClient(fail?: Error): SchedulerClient & { calls: unknown[][] } {
  const calls: unknown[][] = [];
  return {
    calls,
    patchPod: async (namespace, name, patch) => {
      calls.push(['patchPod', namespace, name, patch]);
      if (fail !== undefined) throw fail;
      return Promise.resolve();
    },
    patchPodStatus: async (namespace, name, patch) => {
      calls.push(['patchPodStatus', namespace, name, patch]);
      return Promise.resolve();
    },
  };
}

describe('needsBinding', () => {
  it.each([
    { name: 'unscheduled pending pod', pod: pod(), bind: true },
    { name: 'empty nodeName', pod: pod({ nodeName: '' }), bind: true },
    { name: 'explicit default-scheduler', pod: pod({ schedulerName: 'default-scheduler' }), bind: true },
    { name: 'already on a node', pod: pod({ nodeName: 'other' }), bind: false },
    { name: 'being deleted', pod: pod({}, { deleting: true }), bind: false },
    { name: 'finished (Succeeded)', pod: pod({}, { phase: 'Succeeded' }), bind: false },
    { name: 'finished (Failed)', pod: pod({}, { phase: 'Failed' }), bind: false },
    { name: 'another scheduler', pod: pod({ schedulerName: 'my-scheduler' }), bind: false },
  ])('$name → $bind', ({ pod: p, bind }) => {
    expect(needsBinding(p)).toBe(bind);
  });
});

describe('bindPod', () => {
  it('patches nodeName (with the uid as guard), then sets PodScheduled through status', async () => {
    const client = fakeClient();
    await bindPod('ns/web', { pods: lister([pod()]), client, clock: () => NOW });
    expect(client.calls).toEqual([
      ['patchPod', 'ns', 'web', { metadata: { uid: 'uid-web' }, spec: { nodeName: NODE_NAME } }],
      ['patchPodStatus', 'ns', 'web', { status: { conditions: [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T12:00:00Z' }] } }],
    ]);
  });

  it.each([
    { name: 'gone from the cache', pods: [] },
    { name: 'bound meanwhile', pods: [pod({ nodeName: 'local' })] },
  ])('does nothing when the pod is $name', async ({ pods }) => {
    const client = fakeClient();
    await bindPod('ns/web', { pods: lister(pods), client, clock: () => NOW });
    expect(client.calls).toEqual([]);
  });

  it('a pod deleted before the patch is not an error', async () => {
    const client = fakeClient(new KubeApiError(404, 'NotFound', 'pods "web" not found', undefined));
    await expect(bindPod('ns/web', { pods: lister([pod()]), client, clock: () => NOW })).resolves.toBeUndefined();
  });

  it('other failures are thrown for the work queue to retry', async () => {
    const client = fakeClient(new KubeApiError(500, 'InternalError', 'boom', undefined));
    await expect(bindPod('ns/web', { pods: lister([pod()]), client, clock: () => NOW })).rejects.toThrow('boom');
  });
});
