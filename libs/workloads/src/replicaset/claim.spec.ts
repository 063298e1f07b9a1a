import type { KubeObject, OwnerReference } from '@ebb/apimachinery';
import { adoptPatch, claimPods, releasePatch, replicaSetsForPod } from './claim.js';

const rsRef: OwnerReference = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'rs-1', controller: true, blockOwnerDeletion: true };
const otherRef: OwnerReference = { ...rsRef, name: 'web-2', uid: 'rs-2' };

function rs(name: string, uid: string, selector: unknown, deleting = false): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name, namespace: 'ns', uid, ...(deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) }, spec: { selector } };
}

function pod(name: string, labels: Record<string, string>, extra: { ref?: OwnerReference; phase?: string; deleting?: boolean; ns?: string } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: extra.ns ?? 'ns',
      uid: `uid-${name}`,
      labels,
      ...(extra.ref === undefined ? {} : { ownerReferences: [extra.ref] }),
      ...(extra.deleting === true ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
    },
    status: { phase: extra.phase ?? 'Running' },
  };
}

const names = (pods: readonly KubeObject[]): string[] => pods.map((p) => p.metadata.name ?? '');
const web = { matchLabels: { app: 'web' } };

describe('claimPods', () => {
  it.each([
    { name: 'owned and matching', rsDeleting: false, pods: [pod('a', { app: 'web' }, { ref: rsRef })], owned: ['a'], adopt: [], release: [] },
    { name: 'orphan matching is adopted', rsDeleting: false, pods: [pod('a', { app: 'web' })], owned: [], adopt: ['a'], release: [] },
    { name: 'orphan not matching is ignored', rsDeleting: false, pods: [pod('a', { app: 'db' })], owned: [], adopt: [], release: [] },
    { name: 'owned but no longer matching is released', rsDeleting: false, pods: [pod('a', { app: 'db' }, { ref: rsRef })], owned: [], adopt: [], release: ['a'] },
    { name: 'controlled by another RS is left alone', rsDeleting: false, pods: [pod('a', { app: 'web' }, { ref: otherRef })], owned: [], adopt: [], release: [] },
    { name: 'a deleting RS neither adopts nor releases', rsDeleting: true, pods: [pod('a', { app: 'web' }), pod('b', { app: 'db' }, { ref: rsRef })], owned: [], adopt: [], release: [] },
    {
      name: 'terminating and finished pods are not claimed',
      rsDeleting: false,
      pods: [pod('t', { app: 'web' }, { ref: rsRef, deleting: true }), pod('s', { app: 'web' }, { ref: rsRef, phase: 'Succeeded' }), pod('f', { app: 'web' }, { phase: 'Failed' }), pod('p', { app: 'web' }, { ref: rsRef, phase: 'Pending' })],
      owned: ['p'],
      adopt: [],
      release: [],
    },
  ])('$name', ({ rsDeleting, pods, owned, adopt, release }) => {
    const claim = claimPods(rs('web-1', 'rs-1', web, rsDeleting), pods);
    expect({ owned: names(claim.owned), adopt: names(claim.adopt), release: names(claim.release) }).toEqual({ owned, adopt, release });
  });

  it('matchExpressions selectors are honoured', () => {
    const claim = claimPods(rs('web-1', 'rs-1', { matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] }), [pod('x', { tier: 'a' }), pod('y', { tier: 'c' })]);
    expect(names(claim.adopt)).toEqual(['x']);
  });
});

describe('adopt and release patches', () => {
  const set = rs('web-1', 'rs-1', web);
  it('adopts with a controller reference and the pod uid as precondition', () => {
    expect(adoptPatch(set, pod('a', {}))).toEqual({ metadata: { ownerReferences: [rsRef], uid: 'uid-a' } });
  });
  it('releases by deleting the owner reference with the RS uid', () => {
    expect(releasePatch(set, pod('a', {}))).toEqual({ metadata: { ownerReferences: [{ $patch: 'delete', uid: 'rs-1' }], uid: 'uid-a' } });
  });
});

describe('replicaSetsForPod', () => {
  const sets = [rs('web-1', 'rs-1', web), rs('web-2', 'rs-2', { matchLabels: { app: 'web', track: 'canary' } }), rs('empty', 'rs-3', {})];
  it.each([
    { name: 'controlled pod → its RS', pod: pod('a', { app: 'db' }, { ref: rsRef }), keys: ['ns/web-1'] },
    { name: 'controlled by an RS not in the cache → none', pod: pod('a', { app: 'web' }, { ref: { ...rsRef, uid: 'gone' } }), keys: [] },
    { name: 'controlled by something else → none', pod: pod('a', { app: 'web' }, { ref: { ...rsRef, kind: 'StatefulSet', uid: 'rs-1' } }), keys: [] },
    { name: 'orphan → every selecting RS (an empty selector selects nothing)', pod: pod('a', { app: 'web', track: 'canary' }), keys: ['ns/web-1', 'ns/web-2'] },
    { name: 'orphan in another namespace → none', pod: pod('a', { app: 'web' }, { ns: 'other' }), keys: [] },
  ])('$name', ({ pod: p, keys }) => {
    expect(replicaSetsForPod(p, sets)).toEqual(keys);
  });
});
