import type { Configuration, Revision } from '@ebb/api';
import { GC_DISABLED } from '@ebb/config';
import { KubeApiError } from '@ebb/kube';
import type { ServingConfig } from '../deps.js';
import { FakeKind } from '../testing/fake-kind.js';
import { defaultServingConfig, reconcileContext } from '../testing/reconcile-context.spec-support.js';
import { GcReconciler } from './gc.reconciler.js';

const NOW = new Date('2026-11-26T12:00:10Z');
const config: ServingConfig = { ...defaultServingConfig(), gc: { retainSinceCreateTime: 2000, retainSinceLastActiveTime: 2000, minNonActiveRevisions: 1, maxNonActiveRevisions: GC_DISABLED } };
const configuration: Configuration = { metadata: { name: 'hello', namespace: 'default' }, status: { latestReadyRevisionName: 'hello-00004' } };

/** A Revision of hello (or of `owner`) in `state`, created and last active at the given seconds past 12:00. */
function revision(name: string, state: string, seconds: { created: number; active: number }, owner = 'hello'): Revision {
  const at = (s: number): string => `2026-11-26T12:00:${String(s).padStart(2, '0')}Z`;
  return {
    metadata: {
      name,
      namespace: 'default',
      creationTimestamp: at(seconds.created),
      labels: { 'serving.knative.dev/configuration': owner, 'serving.knative.dev/routingState': state },
      annotations: { 'serving.knative.dev/routingStateModified': at(seconds.active) },
    },
  };
}

describe('GcReconciler', () => {
  const world = (): FakeKind<Revision> =>
    new FakeKind([
      revision('hello-00001', 'reserve', { created: 0, active: 2 }),
      revision('hello-00002', 'reserve', { created: 1, active: 3 }),
      revision('hello-00003', 'reserve', { created: 2, active: 9 }),
      revision('hello-00004', 'active', { created: 3, active: 4 }),
      revision('other-00001', 'reserve', { created: 0, active: 0 }, 'other'),
    ]);

  it("deletes the Configuration's stale reserve revisions down to min, never another Configuration's, and looks again when the kept one turns stale", async () => {
    const revisions = world();
    const gc = new GcReconciler({ revisions, revisionWriter: revisions, config: { current: () => config } });
    const result = await gc.reconcile(configuration, reconcileContext(NOW).ctx);
    expect(revisions.writes.map((w) => `${w.verb} ${w.object.metadata?.name ?? ''}`)).toEqual(['delete hello-00001', 'delete hello-00002']);
    expect(result).toBeUndefined();
  });

  it('keeps a revision that is not stale yet and asks to be called when it is', async () => {
    const revisions = world();
    const gc = new GcReconciler({ revisions, revisionWriter: revisions, config: { current: () => ({ ...config, gc: { ...config.gc, minNonActiveRevisions: 0 } }) } });
    const result = await gc.reconcile(configuration, reconcileContext(NOW).ctx);
    expect(revisions.writes.map((w) => w.object.metadata?.name)).toEqual(['hello-00001', 'hello-00002']);
    // hello-00003 was last active at 12:00:09: stale at 12:00:11, a second from now, plus a margin.
    expect(result).toEqual({ requeueAfterMs: 1100 });
  });

  it('logs a failed delete and goes on with the next one', async () => {
    const revisions = world();
    revisions.failNext('delete', new KubeApiError(500, 'InternalError', 'etcd is down'));
    const gc = new GcReconciler({ revisions, revisionWriter: revisions, config: { current: () => config } });
    await gc.reconcile(configuration, reconcileContext(NOW).ctx);
    expect(revisions.writes.map((w) => w.object.metadata?.name)).toEqual(['hello-00002']);
  });
});
