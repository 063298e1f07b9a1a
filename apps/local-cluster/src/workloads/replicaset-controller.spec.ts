import type { KubeObject } from '@ebb/apimachinery';
import { KubeApiError } from '@ebb/kube';
import { PodExpectations } from '@ebb/workloads';
import { pino } from 'pino';
import { ReplicaSetSync, type ObjectLister, type ReplicaSetClient } from './replicaset-controller.js';

const NOW = new Date('2026-01-01T12:00:00Z');
const ago = (seconds: number): string => new Date(NOW.getTime() - seconds * 1000).toISOString().replace('.000Z', 'Z');
const REF = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'rs-uid', controller: true, blockOwnerDeletion: true };

function rs(o: { replicas?: number; status?: Record<string, unknown>; minReadySeconds?: number; deleting?: boolean } = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web-1', namespace: 'ns', uid: 'rs-uid', generation: 2, resourceVersion: '10', ...(o.deleting === true ? { deletionTimestamp: ago(1) } : {}) },
    spec: { replicas: o.replicas ?? 3, minReadySeconds: o.minReadySeconds ?? 0, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'dev.local/web' }] } } },
    status: o.status ?? { replicas: 0, observedGeneration: 2 },
  };
}

function pod(name: string, o: { owned?: boolean; labels?: Record<string, string>; phase?: string; readyAgo?: number } = {}): KubeObject {
  const ready = o.readyAgo === undefined ? { type: 'Ready', status: 'False' } : { type: 'Ready', status: 'True', lastTransitionTime: ago(o.readyAgo) };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'ns', uid: `uid-${name}`, creationTimestamp: ago(100), labels: o.labels ?? { app: 'web' }, ...(o.owned === false ? {} : { ownerReferences: [REF] }) },
    spec: { nodeName: 'local' },
    status: { phase: o.phase ?? 'Running', conditions: [ready] },
  };
}

function lister(objects: KubeObject[]): ObjectLister {
  return {
    get: (name, namespace) => objects.find((o) => o.metadata.name === name && (o.metadata.namespace ?? '') === (namespace ?? '')),
    list: (namespace) => objects.filter((o) => namespace === undefined || o.metadata.namespace === namespace),
  };
}

type Call = [string, ...unknown[]];

/** A client that records calls; `failOn` maps a call name to the error it throws (once per entry). */
function fakeClient(failOn: Record<string, Error[]> = {}, fresh?: KubeObject): ReplicaSetClient & { calls: Call[] } {
  const calls: Call[] = [];
  let created = 0;
  const maybeFail = (name: string): void => {
    const error = failOn[name]?.shift();
    if (error !== undefined) throw error;
  };
  return {
    calls,
    createPod: async (namespace, body) => {
      calls.push(['createPod', namespace, body.metadata.generateName]);
      maybeFail('createPod');
      created += 1;
      return Promise.resolve({ ...body, metadata: { ...body.metadata, name: `${body.metadata.generateName ?? ''}p${created}` } });
    },
    deletePod: async (namespace, name) => {
      calls.push(['deletePod', namespace, name]);
      maybeFail('deletePod');
      return Promise.resolve();
    },
    patchPod: async (namespace, name, patch) => {
      calls.push(['patchPod', namespace, name, patch]);
      maybeFail('patchPod');
      return Promise.resolve(pod(name));
    },
    readReplicaSet: async (namespace, name) => {
      calls.push(['readReplicaSet', namespace, name]);
      return Promise.resolve(fresh ?? rs());
    },
    replaceReplicaSetStatus: async (namespace, name, body) => {
      calls.push(['replaceReplicaSetStatus', namespace, name, body.metadata.resourceVersion, body.status]);
      maybeFail('replaceReplicaSetStatus');
      return Promise.resolve();
    },
  };
}

function setup(objects: { sets: KubeObject[]; pods: KubeObject[] }, client: ReplicaSetClient, expectations = new PodExpectations()): { sync: ReplicaSetSync; events: string[] } {
  const events: string[] = [];
  const sync = new ReplicaSetSync({
    replicaSets: lister(objects.sets),
    pods: lister(objects.pods),
    client,
    events: { record: (_o, type, reason, message) => events.push(`${type} ${reason} ${message}`) },
    clock: () => NOW,
    logger: pino({ enabled: false }),
    expectations,
  });
  return { sync, events };
}

const forbidden = new KubeApiError(403, 'Forbidden', 'pods "web-1-" is forbidden: exceeded quota', undefined);

describe('ReplicaSetSync', () => {
  it.each([
    {
      name: 'creates the missing pods (batches 1, 2) and writes no status when it is unchanged',
      set: rs({ replicas: 3 }),
      pods: [],
      failOn: {},
      calls: [
        ['createPod', 'ns', 'web-1-'],
        ['createPod', 'ns', 'web-1-'],
        ['createPod', 'ns', 'web-1-'],
      ],
      events: ['Normal SuccessfulCreate Created pod: web-1-p1', 'Normal SuccessfulCreate Created pod: web-1-p2', 'Normal SuccessfulCreate Created pod: web-1-p3'],
    },
    {
      name: 'at size with a stale status: writes the status only',
      set: rs({ replicas: 1 }),
      pods: [pod('a', { readyAgo: 5 })],
      failOn: {},
      calls: [['replaceReplicaSetStatus', 'ns', 'web-1', '10', { replicas: 1, fullyLabeledReplicas: 1, readyReplicas: 1, availableReplicas: 1, observedGeneration: 2 }]],
      events: [],
    },
    {
      name: 'deletes the surplus in rank order (pending, then not ready)',
      set: rs({ replicas: 1, status: { replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 1, availableReplicas: 1, observedGeneration: 2 } }),
      pods: [pod('ready', { readyAgo: 50 }), pod('pending', { phase: 'Pending' }), pod('notready')],
      failOn: {},
      calls: [
        ['deletePod', 'ns', 'pending'],
        ['deletePod', 'ns', 'notready'],
      ],
      events: ['Normal SuccessfulDelete Deleted pod: pending', 'Normal SuccessfulDelete Deleted pod: notready'],
    },
    {
      name: 'adopts a matching orphan and counts it',
      set: rs({ replicas: 1 }),
      pods: [pod('orphan', { owned: false })],
      failOn: {},
      calls: [
        ['patchPod', 'ns', 'orphan', { metadata: { ownerReferences: [REF], uid: 'uid-orphan' } }],
        ['replaceReplicaSetStatus', 'ns', 'web-1', '10', { replicas: 1, fullyLabeledReplicas: 1, observedGeneration: 2 }],
      ],
      events: [],
    },
    {
      name: 'releases an owned pod that no longer matches, and replaces it',
      set: rs({ replicas: 1 }),
      pods: [pod('relabelled', { labels: { app: 'debug' } })],
      failOn: {},
      calls: [
        ['patchPod', 'ns', 'relabelled', { metadata: { ownerReferences: [{ $patch: 'delete', uid: 'rs-uid' }], uid: 'uid-relabelled' } }],
        ['createPod', 'ns', 'web-1-'],
      ],
      events: ['Normal SuccessfulCreate Created pod: web-1-p1'],
    },
    {
      name: 'a deleting ReplicaSet creates nothing',
      set: rs({ replicas: 2, deleting: true }),
      pods: [],
      failOn: {},
      calls: [],
      events: [],
    },
    {
      name: 'a missing ReplicaSet does nothing',
      set: undefined,
      pods: [pod('a')],
      failOn: {},
      calls: [],
      events: [],
    },
  ])('$name', async ({ set, pods, failOn, calls, events }) => {
    const client = fakeClient(failOn);
    const { sync, events: recorded } = setup({ sets: set === undefined ? [] : [set], pods }, client);
    await sync.sync('ns/web-1');
    expect({ calls: client.calls, events: recorded }).toEqual({ calls, events });
  });

  it('a failed create stops the slow start, records FailedCreate, sets ReplicaFailure and fails the sync', async () => {
    const client = fakeClient({ createPod: [forbidden] });
    const { sync, events } = setup({ sets: [rs({ replicas: 3 })], pods: [] }, client);
    await expect(sync.sync('ns/web-1')).rejects.toThrow('pods "web-1-" is forbidden: exceeded quota');
    expect({ calls: client.calls, events }).toEqual({
      calls: [
        ['createPod', 'ns', 'web-1-'],
        [
          'replaceReplicaSetStatus',
          'ns',
          'web-1',
          '10',
          { replicas: 0, observedGeneration: 2, conditions: [{ type: 'ReplicaFailure', status: 'True', lastTransitionTime: '2026-01-01T12:00:00Z', reason: 'FailedCreate', message: 'pods "web-1-" is forbidden: exceeded quota' }] },
        ],
      ],
      events: ['Warning FailedCreate Error creating: pods "web-1-" is forbidden: exceeded quota'],
    });
  });

  it('a create refused because the namespace is terminating is not an error', async () => {
    const client = fakeClient({ createPod: [new KubeApiError(403, 'Forbidden', 'pods "web-1-" is forbidden: unable to create new content in namespace ns because it is being terminated', undefined)] });
    const { sync, events } = setup({ sets: [rs({ replicas: 1 })], pods: [] }, client);
    await sync.sync('ns/web-1');
    expect(events).toEqual([]);
  });

  it('does not create again while its creations are not in the cache yet', async () => {
    const client = fakeClient();
    const expectations = new PodExpectations();
    const { sync } = setup({ sets: [rs({ replicas: 2 })], pods: [] }, client, expectations);
    await sync.sync('ns/web-1');
    await sync.sync('ns/web-1');
    expect(client.calls.filter((c) => c[0] === 'createPod')).toHaveLength(2);
  });

  it('does not delete again while its deletions are not in the cache yet', async () => {
    const client = fakeClient();
    const { sync } = setup({ sets: [rs({ replicas: 0, status: { replicas: 1, fullyLabeledReplicas: 1, observedGeneration: 2 } })], pods: [pod('a')] }, client);
    await sync.sync('ns/web-1');
    await sync.sync('ns/web-1');
    expect(client.calls.filter((c) => c[0] === 'deletePod')).toEqual([['deletePod', 'ns', 'a']]);
  });

  it('a pod already gone when deleted is neither an error nor an event', async () => {
    const client = fakeClient({ deletePod: [new KubeApiError(404, 'NotFound', 'pods "a" not found', undefined)] });
    const { sync, events } = setup({ sets: [rs({ replicas: 0, status: { replicas: 1, fullyLabeledReplicas: 1, observedGeneration: 2 } })], pods: [pod('a')] }, client);
    await sync.sync('ns/web-1');
    expect(events).toEqual([]);
  });

  it('retries the status write on a conflict with the fresh resourceVersion', async () => {
    const conflict = new KubeApiError(409, 'Conflict', 'the object has been modified', undefined);
    const fresh = { ...rs(), metadata: { ...rs().metadata, resourceVersion: '11' } };
    const client = fakeClient({ replaceReplicaSetStatus: [conflict] }, fresh);
    const { sync } = setup({ sets: [rs({ replicas: 1 })], pods: [pod('a', { readyAgo: 5 })] }, client);
    await sync.sync('ns/web-1');
    expect(client.calls.map((c) => (c[0] === 'replaceReplicaSetStatus' ? `${c[0]}@${String(c[3])}` : c[0]))).toEqual(['replaceReplicaSetStatus@10', 'readReplicaSet', 'replaceReplicaSetStatus@11']);
  });

  it('asks to look again when a ready pod becomes available (minReadySeconds)', async () => {
    const client = fakeClient();
    const { sync } = setup({ sets: [rs({ replicas: 1, minReadySeconds: 10 })], pods: [pod('a', { readyAgo: 4 })] }, client);
    expect(await sync.sync('ns/web-1')).toBe(6001);
  });
});
