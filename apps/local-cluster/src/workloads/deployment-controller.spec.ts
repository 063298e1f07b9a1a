import { KubeApiError } from '@ebb/kube';
import { podTemplateHash } from '@ebb/workloads';
import type { KubernetesObject, V1Deployment, V1DeploymentStatus, V1OwnerReference, V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import pino from 'pino';
import type { Lister } from './controller.js';
import { DeploymentKeys, DeploymentSync, SyncIncomplete, type DeploymentClient } from './deployment-controller.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const TEMPLATE = (image: string, hash?: string): NonNullable<V1Deployment['spec']>['template'] => ({
  metadata: { labels: hash === undefined ? { app: 'web' } : { app: 'web', 'pod-template-hash': hash } },
  spec: { containers: [{ name: 'app', image }] },
});
const NEW_RS = `web-${podTemplateHash(TEMPLATE('app:v2'))}`;
const OWNER: V1OwnerReference = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'uid-web', controller: true, blockOwnerDeletion: true };

function deployment(status: V1DeploymentStatus = {}, strategy = 'RollingUpdate'): V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', uid: 'uid-web', generation: 1, resourceVersion: '10', annotations: { 'deployment.kubernetes.io/revision': '1' } },
    spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: TEMPLATE('app:v2'), strategy: { type: strategy, rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } },
    status,
  };
}

function replicaSet(tag: string, replicas: number, owners: V1OwnerReference[] = [OWNER]): V1ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: `web-${tag}`, namespace: 'default', uid: `uid-${tag}`, resourceVersion: '5', creationTimestamp: '2026-11-26T11:00:00Z' as unknown as Date, labels: { app: 'web', 'pod-template-hash': tag }, annotations: { 'deployment.kubernetes.io/revision': '1' }, ownerReferences: owners },
    spec: { replicas, selector: { matchLabels: { app: 'web', 'pod-template-hash': tag } }, template: TEMPLATE(`app:${tag}`, tag) },
    status: { replicas, readyReplicas: replicas, availableReplicas: replicas, observedGeneration: 1 },
  };
}

class FakeLister<T extends KubernetesObject> implements Lister<T> {
  constructor(private readonly items: T[]) {}
  get(name: string, namespace?: string): T | undefined {
    return this.items.find((o) => o.metadata?.name === name && o.metadata.namespace === namespace);
  }
  list(namespace?: string): T[] {
    return this.items.filter((o) => namespace === undefined || o.metadata?.namespace === namespace);
  }
}

/** Records every call as one line; `failures` makes the named call throw, once per entry. */
class FakeClient implements DeploymentClient {
  readonly calls: string[] = [];
  readonly statuses: V1DeploymentStatus[] = [];
  constructor(
    private readonly failures: Record<string, KubeApiError[]> = {},
    private readonly existing?: V1ReplicaSet,
  ) {}
  private call(line: string, name: string): void {
    this.calls.push(line);
    const failure = this.failures[name]?.shift();
    if (failure !== undefined) throw failure;
  }
  async createReplicaSet(_ns: string, rs: V1ReplicaSet): Promise<void> {
    this.call(`create ${rs.metadata?.name ?? ''} ${rs.spec?.replicas ?? 0}`, 'create');
    await Promise.resolve();
  }
  async readReplicaSet(_ns: string, name: string): Promise<V1ReplicaSet> {
    this.call(`read rs ${name}`, 'readReplicaSet');
    return Promise.resolve(this.existing ?? replicaSet('x', 0));
  }
  async replaceReplicaSet(_ns: string, rs: V1ReplicaSet): Promise<void> {
    this.call(`replace ${rs.metadata?.name ?? ''} ${rs.spec?.replicas ?? 0} rv=${rs.metadata?.resourceVersion ?? ''}`, 'replace');
    await Promise.resolve();
  }
  async setReplicaSetOwners(_ns: string, name: string, owners: V1OwnerReference[]): Promise<void> {
    this.call(`owners ${name} [${owners.map((o) => o.uid).join(',')}]`, 'owners');
    await Promise.resolve();
  }
  async deleteReplicaSet(_ns: string, name: string, uid: string): Promise<void> {
    this.call(`delete ${name} ${uid}`, 'delete');
    await Promise.resolve();
  }
  async readDeployment(): Promise<V1Deployment> {
    this.call('read deployment', 'readDeployment');
    return Promise.resolve({ ...deployment(), metadata: { ...deployment().metadata, resourceVersion: '11' } });
  }
  async replaceDeploymentStatus(_ns: string, d: V1Deployment): Promise<void> {
    this.statuses.push(d.status ?? {});
    const revision = d.metadata?.annotations?.['deployment.kubernetes.io/revision'];
    this.call(`status rv=${d.metadata?.resourceVersion ?? ''}${revision === undefined ? '' : ` revision=${revision}`}`, 'status');
    await Promise.resolve();
  }
}

interface World {
  readonly deployments?: V1Deployment[];
  readonly replicaSets?: V1ReplicaSet[];
  readonly pods?: V1Pod[];
  readonly client?: FakeClient;
}

function run(world: World): { sync: DeploymentSync; client: FakeClient; events: string[] } {
  const client = world.client ?? new FakeClient();
  const events: string[] = [];
  const sync = new DeploymentSync({
    deployments: new FakeLister(world.deployments ?? [deployment()]),
    replicaSets: new FakeLister(world.replicaSets ?? []),
    pods: new FakeLister(world.pods ?? []),
    client,
    events: { record: (object, type, reason, message) => events.push(`${object.metadata?.name ?? ''} ${type} ${reason}: ${message}`) },
    clock: () => NOW,
    logger: pino({ level: 'silent' }),
  });
  return { sync, client, events };
}

const conflict = (): KubeApiError => new KubeApiError(409, 'Conflict', 'the object has been modified');

describe('DeploymentSync', () => {
  it.each([
    {
      name: 'first rollout: creates the new ReplicaSet at full size, then status',
      world: { replicaSets: [] },
      calls: [`create ${NEW_RS} 3`, 'status rv=10 revision=1'],
      events: [`web Normal ScalingReplicaSet: Scaled up replica set ${NEW_RS} from 0 to 3`],
    },
    {
      name: 'mid-rollout step: scales the old ReplicaSet down with its resourceVersion',
      world: { deployments: [deployment({ observedGeneration: 1, replicas: 4, updatedReplicas: 1, readyReplicas: 4, availableReplicas: 4 })], replicaSets: [replicaSet('v1', 3), { ...replicaSet('v2', 1), metadata: { ...replicaSet('v2', 1).metadata, name: NEW_RS, annotations: { 'deployment.kubernetes.io/revision': '2' } }, spec: { ...replicaSet('v2', 1).spec, selector: {}, template: TEMPLATE('app:v2', 'v2') } }] },
      calls: ['replace web-v1 2 rv=5', 'status rv=10 revision=2'],
      events: ['web Normal ScalingReplicaSet: Scaled down replica set web-v1 from 3 to 2'],
    },
    {
      name: 'adopts a matching orphan before planning with it',
      world: { deployments: [deployment()], replicaSets: [{ ...replicaSet('v2', 3, []), metadata: { ...replicaSet('v2', 3, []).metadata, name: NEW_RS }, spec: { ...replicaSet('v2', 3).spec, selector: {}, template: TEMPLATE('app:v2', 'v2') } }] },
      calls: [`owners ${NEW_RS} [uid-web]`, 'status rv=10 revision=1'],
      events: [],
    },
    {
      name: 'releases an owned ReplicaSet that no longer matches, leaving other owners',
      world: { replicaSets: [{ ...replicaSet('v0', 0), metadata: { ...replicaSet('v0', 0).metadata, labels: { app: 'other' }, ownerReferences: [OWNER, { apiVersion: 'v1', kind: 'ConfigMap', name: 'c', uid: 'uid-c' }] } }] },
      calls: ['owners web-v0 [uid-c]', `create ${NEW_RS} 3`, 'status rv=10 revision=1'],
      events: [`web Normal ScalingReplicaSet: Scaled up replica set ${NEW_RS} from 0 to 3`],
    },
    {
      name: 'a missing Deployment is done',
      world: { deployments: [] },
      calls: [],
      events: [],
    },
  ])('$name', async ({ world, calls, events }) => {
    const result = run(world);
    await result.sync.sync('default/web');
    expect(result.client.calls).toEqual(calls);
    expect(result.events).toEqual(events);
  });

  it('a status conflict re-reads the Deployment and writes again on the fresh one', async () => {
    const { sync, client } = run({ client: new FakeClient({ status: [conflict()] }) });
    await sync.sync('default/web');
    expect(client.calls).toEqual([`create ${NEW_RS} 3`, 'status rv=10 revision=1', 'read deployment', 'status rv=11 revision=1']);
  });

  it('AlreadyExists for the same template (the cache lags): no collision, the sync is retried', async () => {
    const same = { ...replicaSet('v2', 3), spec: { ...replicaSet('v2', 3).spec, selector: {}, template: TEMPLATE('app:v2', 'h') } };
    const { sync, client } = run({ client: new FakeClient({ create: [new KubeApiError(409, 'AlreadyExists', 'exists')] }, same) });
    await expect(sync.sync('default/web')).rejects.toBeInstanceOf(SyncIncomplete);
    expect(client.calls).toEqual([`create ${NEW_RS} 3`, `read rs ${NEW_RS}`]);
  });

  it('AlreadyExists for another template: collisionCount goes up', async () => {
    const { sync, client } = run({ client: new FakeClient({ create: [new KubeApiError(409, 'AlreadyExists', 'exists')] }, replicaSet('other', 1)) });
    await expect(sync.sync('default/web')).rejects.toBeInstanceOf(SyncIncomplete);
    expect([client.calls, client.statuses.map((s) => s.collisionCount)]).toEqual([[`create ${NEW_RS} 3`, `read rs ${NEW_RS}`, 'status rv=10 revision=1'], [1]]);
  });

  it('a failed create sets Progressing False ReplicaSetCreateError and records a Warning', async () => {
    const { sync, client, events } = run({ client: new FakeClient({ create: [new KubeApiError(403, 'Forbidden', 'quota exceeded')] }) });
    await expect(sync.sync('default/web')).rejects.toThrow(`creating ReplicaSet default/${NEW_RS}: quota exceeded`);
    const message = `Failed to create new replica set "${NEW_RS}": quota exceeded`;
    expect(client.statuses[0]?.conditions?.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([['Progressing', 'False', 'ReplicaSetCreateError', message]]);
    expect(events).toEqual([`web Warning ReplicaSetCreateError: ${message}`]);
  });

  it('deletes history beyond the limit with the uid as precondition, a gone one is fine', async () => {
    const complete = { observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 };
    const d = { ...deployment(complete), spec: { ...deployment().spec, selector: { matchLabels: { app: 'web' } }, template: TEMPLATE('app:v2'), revisionHistoryLimit: 0 } };
    const current = { ...replicaSet('v2', 3), metadata: { ...replicaSet('v2', 3).metadata, annotations: { 'deployment.kubernetes.io/revision': '2' } }, spec: { ...replicaSet('v2', 3).spec, selector: {}, template: TEMPLATE('app:v2', 'v2') } };
    const { sync, client } = run({ deployments: [d], replicaSets: [replicaSet('v1', 0), current], client: new FakeClient({ delete: [new KubeApiError(404, 'NotFound', 'gone')] }) });
    await sync.sync('default/web');
    expect(client.calls.filter((c) => c.startsWith('delete'))).toEqual(['delete web-v1 uid-v1']);
  });

  it('a spec Kubernetes would refuse is logged and not retried', async () => {
    const d = { ...deployment(), spec: { ...deployment().spec, selector: { matchLabels: { app: 'web' } }, template: TEMPLATE('app:v2'), strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 'lots' } } } };
    const { sync, client } = run({ deployments: [d] });
    await expect(sync.sync('default/web')).resolves.toBeUndefined();
    expect(client.calls).toEqual([]);
  });

  it('says when to look again for the progress deadline', async () => {
    const progressing = { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: 'x', lastUpdateTime: new Date(NOW.getTime() - 60_000), lastTransitionTime: NOW };
    const v2 = { ...replicaSet('v2', 1), metadata: { ...replicaSet('v2', 1).metadata, annotations: { 'deployment.kubernetes.io/revision': '2' } }, spec: { ...replicaSet('v2', 1).spec, selector: {}, template: TEMPLATE('app:v2', 'v2') }, status: { replicas: 1 } };
    const d = deployment({ observedGeneration: 1, replicas: 4, updatedReplicas: 1, readyReplicas: 3, availableReplicas: 3, conditions: [progressing] });
    const { sync } = run({ deployments: [d], replicaSets: [replicaSet('v1', 3), v2] });
    await expect(sync.sync('default/web')).resolves.toBe(541_000);
  });
});

describe('DeploymentKeys', () => {
  const recreate = deployment({}, 'Recreate');
  const pod = (owner: V1OwnerReference | undefined): V1Pod => ({ metadata: { name: 'p', namespace: 'default', ...(owner === undefined ? {} : { ownerReferences: [owner] }) } });
  const rsRef = (uid: string): V1OwnerReference => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-v1', uid, controller: true });

  it.each([
    { name: 'owned ReplicaSet → its Deployment', rs: replicaSet('v1', 1), expected: ['default/web'] },
    { name: 'orphan → the Deployments whose selector matches', rs: replicaSet('v1', 1, []), expected: ['default/web'] },
    { name: 'orphan matching nothing → none', rs: { ...replicaSet('v1', 1, []), metadata: { ...replicaSet('v1', 1, []).metadata, labels: { app: 'db' } } }, expected: [] },
    { name: 'controlled by something else → none', rs: replicaSet('v1', 1, [{ ...OWNER, kind: 'Other' }]), expected: [] },
  ])('ReplicaSet: $name', ({ rs, expected }) => {
    expect(new DeploymentKeys(new FakeLister([deployment()]), new FakeLister([])).forReplicaSet(rs)).toEqual(expected);
  });

  it.each([
    { name: 'pod of a Recreate Deployment\'s ReplicaSet', d: recreate, owner: rsRef('uid-v1'), expected: ['default/web'] },
    { name: 'RollingUpdate does not wait for pods', d: deployment(), owner: rsRef('uid-v1'), expected: [] },
    { name: 'stale owner uid', d: recreate, owner: rsRef('uid-old'), expected: [] },
    { name: 'no owner', d: recreate, owner: undefined, expected: [] },
  ])('pod: $name', ({ d, owner, expected }) => {
    expect(new DeploymentKeys(new FakeLister([d]), new FakeLister([replicaSet('v1', 1)])).forPod(pod(owner))).toEqual(expected);
  });
});

describe('DeploymentSync revision annotation', () => {
  it('goes with the status write, not as a write of its own', async () => {
    const d = { ...deployment(), metadata: { ...deployment().metadata, annotations: { note: 'kept' } } };
    const v2 = { ...replicaSet('v2', 3), metadata: { ...replicaSet('v2', 3).metadata, annotations: { 'deployment.kubernetes.io/revision': '1' } }, spec: { ...replicaSet('v2', 3).spec, selector: {}, template: TEMPLATE('app:v2', 'v2') } };
    const client = new FakeClient();
    const { sync } = run({ deployments: [d], replicaSets: [v2], client });
    await sync.sync('default/web');
    expect(client.calls.filter((call) => call.startsWith('status'))).toEqual(['status rv=10 revision=1']);
  });
});
