import type { V1ReplicaSet } from '@kubernetes/client-node';
import { claimReplicaSets, equalIgnoreHash, findNewReplicaSet, findOldReplicaSets, maxRevision, timeMsOrZero } from './replica-sets.js';
import { deployment, replicaSet, template } from './spec-fixtures.js';

const names = (list: readonly V1ReplicaSet[]): string[] => list.map((rs) => rs.metadata?.name ?? '');

describe('a Deployment\'s ReplicaSets', () => {
  it.each([
    ['same template, hash label on one side', template('app:v1', 'abc'), template('app:v1'), true],
    ['same template, different hash labels', template('app:v1', 'abc'), template('app:v1', 'def'), true],
    ['different image', template('app:v1', 'abc'), template('app:v2'), false],
    ['nil vs empty fields', { ...template('app:v1'), spec: { containers: [{ name: 'app', image: 'app:v1', env: [] }] } }, template('app:v1'), true],
  ])('EqualIgnoreHash: %s', (_name, a, b, expected) => {
    expect(equalIgnoreHash(a, b)).toBe(expected);
  });

  it('finds the new ReplicaSet by template (the oldest of equals) and the rest as old', () => {
    const v1 = replicaSet({ image: 'app:v1', created: 10, replicas: 1 });
    const v2 = replicaSet({ image: 'app:v2', created: 20, replicas: 2 });
    const d = deployment({ image: 'app:v2' });
    expect(findNewReplicaSet(d, [v1, v2])?.metadata?.name).toBe('web-v2');
    expect(names(findOldReplicaSets(d, [v1, v2]))).toEqual(['web-v1']);
    expect(findNewReplicaSet(deployment({ image: 'app:v3' }), [v1, v2])).toBeUndefined();
  });

  it.each([
    ['revisions 1, 3, 2', [1, 3, 2], 3],
    ['none annotated', [undefined], 0],
  ])('max revision: %s', (_name, revisions, expected) => {
    const list = revisions.map((revision, i) => replicaSet({ image: `app:v${i}`, created: i, replicas: 0, ...(revision === undefined ? {} : { revision }) }));
    expect(maxRevision(list)).toBe(expected);
  });

  it.each([
    ['Date', new Date('2026-01-01T00:00:01Z'), 1767225601000],
    ['RFC 3339 string from a watch', '2026-01-01T00:00:01Z', 1767225601000],
    ['absent', undefined, 0],
    ['garbage', 'soon', 0],
  ])('times: %s', (_name, value, expected) => {
    expect(timeMsOrZero(value)).toBe(expected);
  });

  it('claims: keeps its own, adopts matching orphans, releases its own that stopped matching, ignores others', () => {
    const own = replicaSet({ image: 'app:v1', created: 1, replicas: 1 });
    const orphan = replicaSet({ image: 'app:v2', created: 2, replicas: 1, owner: null });
    const foreign = replicaSet({ image: 'app:v3', created: 3, replicas: 1, owner: 'uid-other' });
    const relabelled = replicaSet({ image: 'app:v4', created: 4, replicas: 1 });
    relabelled.metadata = { ...relabelled.metadata, labels: { app: 'other' } };
    const elsewhere = { ...replicaSet({ image: 'app:v5', created: 5, replicas: 1, owner: null }), metadata: { name: 'x', namespace: 'other', labels: { app: 'web' } } };
    const claims = claimReplicaSets(deployment(), [own, orphan, foreign, relabelled, elsewhere]);
    expect({ owned: names(claims.owned), adopt: names(claims.adopt), release: names(claims.release) }).toEqual({ owned: ['web-v1', 'web-v2'], adopt: ['web-v2'], release: ['web-v4'] });
  });

  it('claims: a Deployment being deleted adopts and releases nothing', () => {
    const d = deployment();
    d.metadata = { ...d.metadata, deletionTimestamp: new Date() };
    const orphan = replicaSet({ image: 'app:v2', created: 2, replicas: 1, owner: null });
    const claims = claimReplicaSets(d, [orphan]);
    expect([claims.owned.length, claims.adopt.length, claims.release.length]).toEqual([0, 0, 0]);
  });
});
