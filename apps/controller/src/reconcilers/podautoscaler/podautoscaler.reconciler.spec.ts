// Reconcile-table rows for the minimal PodAutoscaler reconciler, with FakeKind Deployments.
import type { PodAutoscaler } from '@ebb/api';
import { KubeApiError, type KubeObjectLike } from '@ebb/kube';
import { defaultAutoscalerConfig } from '@ebb/config';
import type { V1Deployment } from '@kubernetes/client-node';
import { pino } from 'pino';
import type { ConfigSource, ServingConfig } from '../deps.js';
import { FakeKind } from '../testing/fake-kind.js';
import { CONFLICT_REQUEUE_MS, PodAutoscalerReconciler } from './podautoscaler.reconciler.js';

const NOW = new Date('2026-01-01T00:05:00Z');

/** The PA of hello-00001 with `annotations`. */
function pa(annotations: Record<string, string> = {}): PodAutoscaler {
  return {
    apiVersion: 'autoscaling.internal.knative.dev/v1alpha1',
    kind: 'PodAutoscaler',
    metadata: { name: 'hello-00001', namespace: 'default', uid: 'pa-uid', generation: 1, annotations },
    spec: { containerConcurrency: 0, protocolType: 'http1', reachability: '', scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'hello-00001-deployment' } },
  };
}

/** The target Deployment with `replicas` wanted and `ready` ready. */
function target(replicas: number, ready: number): V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'hello-00001-deployment', namespace: 'default', uid: 'd-uid', resourceVersion: '5', labels: { 'serving.knative.dev/revision': 'hello-00001' } },
    spec: { replicas, selector: { matchLabels: { 'serving.knative.dev/revisionUID': 'rev-uid' } }, template: { spec: { containers: [{ name: 'c', image: 'i' }] } } },
    status: { readyReplicas: ready },
  };
}

/** A reconciler over a FakeKind holding `deployments`. */
function setup(deployments: V1Deployment[]) {
  const fake = new FakeKind<V1Deployment>(deployments);
  const config: ConfigSource = { current: () => ({ autoscaler: defaultAutoscalerConfig() }) as ServingConfig, onChange: () => undefined };
  const reconciler = new PodAutoscalerReconciler({ deployments: fake, deploymentWriter: fake, config });
  const ctx = { now: NOW, logger: pino({ level: 'silent' }), events: { record: (_o: KubeObjectLike) => undefined } };
  return { fake, reconciler, ctx };
}

/** Conditions as `type=status[/reason]`. */
const brief = (p: PodAutoscaler): string[] => (p.status?.conditions ?? []).map((c) => `${c.type}=${c.status}${c.reason ? `/${c.reason}` : ''}`);

describe('PodAutoscalerReconciler', () => {
  it('scales the target up to min-scale and reports Queued', async () => {
    const { fake, reconciler, ctx } = setup([target(1, 1)]);
    const object = pa({ 'autoscaling.knative.dev/min-scale': '2' });
    await reconciler.reconcile(object, ctx);
    const [updated] = fake.written('update');
    expect(updated?.spec?.replicas).toBe(2);
    expect(updated?.spec?.template).toEqual(target(1, 1).spec?.template);
    expect(brief(object)).toEqual(['Active=True', 'Ready=Unknown', 'SKSReady=True', 'ScaleTargetInitialized=Unknown']);
    expect([object.status?.desiredScale, object.status?.actualScale, object.status?.observedGeneration]).toEqual([2, 1, 1]);
  });

  it('steady state → no writes, Ready', async () => {
    const { fake, reconciler, ctx } = setup([target(1, 1)]);
    const object = pa();
    await reconciler.reconcile(object, ctx);
    expect(fake.writes).toEqual([]);
    expect(brief(object)).toEqual(['Active=True', 'Ready=True', 'SKSReady=True', 'ScaleTargetInitialized=True']);
    expect(object.status?.serviceName).toBe('hello-00001-private');
  });

  it('conflict on the replicas update → requeue, status still computed', async () => {
    const { fake, reconciler, ctx } = setup([target(3, 0)]);
    fake.failNext('update');
    const object = pa();
    await expect(reconciler.reconcile(object, ctx)).resolves.toEqual({ requeueAfterMs: CONFLICT_REQUEUE_MS });
    expect(fake.writes).toEqual([]);
    expect(brief(object)).toEqual(['Active=Unknown/Queued', 'Ready=Unknown/Queued', 'SKSReady=True', 'ScaleTargetInitialized=Unknown']);
  });

  it('other update errors are thrown', async () => {
    const { fake, reconciler, ctx } = setup([target(3, 0)]);
    fake.failNext('update', new KubeApiError(500, 'InternalError', 'boom'));
    await expect(reconciler.reconcile(pa(), ctx)).rejects.toThrow('boom');
  });

  it('missing target → no writes, Queued', async () => {
    const { fake, reconciler, ctx } = setup([]);
    const object = pa();
    await reconciler.reconcile(object, ctx);
    expect(fake.writes).toEqual([]);
    expect(brief(object)).toEqual(['Active=Unknown/Queued', 'Ready=Unknown/Queued', 'SKSReady=Unknown', 'ScaleTargetInitialized=Unknown']);
  });
});
