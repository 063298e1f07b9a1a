import { appendRevisionHistory, makeReplicaSet, setNewReplicaSetAnnotations } from './new-replica-set.js';
import { deployment } from './spec-fixtures.js';

interface AnnotationRow {
  readonly name: string;
  readonly fromDeployment?: Record<string, string>;
  readonly before: Record<string, string>;
  readonly revision: number;
  readonly bounds?: { desired: number; max: number };
  readonly changed: boolean;
  readonly after: Record<string, string>;
}

describe('the new ReplicaSet', () => {
  it('is named after the hash, labelled, selected and owned by its Deployment', () => {
    const d = deployment({ image: 'app:v1', minReadySeconds: 5 });
    expect(makeReplicaSet(d, '6c586d8d9d', 2)).toEqual({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: 'web-6c586d8d9d',
        namespace: 'default',
        labels: { app: 'web', 'pod-template-hash': '6c586d8d9d' },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'uid-web', controller: true, blockOwnerDeletion: true }],
      },
      spec: {
        replicas: 2,
        minReadySeconds: 5,
        selector: { matchLabels: { app: 'web', 'pod-template-hash': '6c586d8d9d' } },
        template: { metadata: { labels: { app: 'web', 'pod-template-hash': '6c586d8d9d' } }, spec: { containers: [{ name: 'app', image: 'app:v1' }] } },
      },
    });
  });

  it('does not change the Deployment it was made from', () => {
    const d = deployment();
    makeReplicaSet(d, 'x', 1);
    expect(d.spec?.template.metadata?.labels).toEqual({ app: 'web' });
  });

  it.each<AnnotationRow>([
    {
      name: 'a new ReplicaSet gets copied annotations, its revision and its sizes',
      fromDeployment: { 'kubernetes.io/change-cause': 'v2', 'kubectl.kubernetes.io/last-applied-configuration': '{}', 'deployment.kubernetes.io/revision': '4' },
      before: {},
      revision: 5,
      bounds: { desired: 3, max: 4 },
      changed: true,
      after: { 'kubernetes.io/change-cause': 'v2', 'deployment.kubernetes.io/revision': '5', 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4' },
    },
    {
      name: 'a reused ReplicaSet (rollback) keeps its old revision in the history',
      before: { 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/revision-history': '' },
      revision: 4,
      changed: true,
      after: { 'deployment.kubernetes.io/revision': '4', 'deployment.kubernetes.io/revision-history': '1' },
    },
    {
      name: 'history grows on each reuse',
      before: { 'deployment.kubernetes.io/revision': '4', 'deployment.kubernetes.io/revision-history': '1' },
      revision: 7,
      changed: true,
      after: { 'deployment.kubernetes.io/revision': '7', 'deployment.kubernetes.io/revision-history': '1,4' },
    },
    { name: 'steady state: the same revision changes nothing', before: { 'deployment.kubernetes.io/revision': '3' }, revision: 3, changed: false, after: { 'deployment.kubernetes.io/revision': '3' } },
    { name: 'a higher revision already there is kept', before: { 'deployment.kubernetes.io/revision': '9' }, revision: 3, changed: false, after: { 'deployment.kubernetes.io/revision': '9' } },
    { name: 'a revision that is not a number is left alone', before: { 'deployment.kubernetes.io/revision': 'x' }, revision: 3, changed: false, after: { 'deployment.kubernetes.io/revision': 'x' } },
  ])('annotations: $name', ({ fromDeployment, before, revision, bounds, changed, after }) => {
    const rs = { metadata: { annotations: { ...before } } };
    expect(setNewReplicaSetAnnotations(deployment({ annotations: fromDeployment ?? {} }), rs, revision, bounds)).toBe(changed);
    expect(rs.metadata.annotations).toEqual(after);
  });

  it.each([
    ['no history yet', undefined, '3', '3'],
    ['appended', '1,2', '3', '1,2,3'],
    ['oldest entries dropped past 2000 characters', `${'1'.repeat(1000)},${'2'.repeat(998)}`, '33', `${'2'.repeat(998)},33`],
    ['the whole history dropped for a long revision', '1', '9'.repeat(2000), '9'.repeat(2000)],
    ['nothing fits', '1', '9'.repeat(2001), undefined],
  ])('revision history: %s', (_name, history, revision, expected) => {
    expect(appendRevisionHistory(history, revision)).toBe(expected);
  });
});
