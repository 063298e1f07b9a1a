// Reconcile-table rows for the PodAutoscaler reconciler: the autoscaler's decision applied to
// FakeKind Deployments and ServerlessServices (AUTOSCALING.md §4.6–4.8).
import { ServerlessServiceLifecycle as SKS, type PodAutoscaler, type PodAutoscalerStatus, type ServerlessService } from '@ebb/api';
import { defaultAutoscalerConfig, defaultDeploymentConfig } from '@ebb/config';
import { KubeApiError, type KubeObjectLike } from '@ebb/kube';
import type { ScaleDecision } from '@ebb/messaging';
import type { V1Deployment } from '@kubernetes/client-node';
import { pino } from 'pino';
import type { ConfigSource, ServingConfig } from '../deps.js';
import { FakeKind } from '../testing/fake-kind.js';
import { CONFLICT_REQUEUE_MS, PodAutoscalerReconciler } from './podautoscaler.reconciler.js';

const NOW = new Date('2026-01-01T00:05:00Z');
const ago = (seconds: number): string => new Date(NOW.getTime() - seconds * 1000).toISOString();

/** The PA of hello-00001 with `annotations` and `status`. */
function pa(annotations: Record<string, string> = {}, status?: PodAutoscalerStatus): PodAutoscaler {
  return {
    apiVersion: 'autoscaling.internal.knative.dev/v1alpha1',
    kind: 'PodAutoscaler',
    metadata: { name: 'hello-00001', namespace: 'default', uid: 'pa-uid', generation: 1, annotations },
    spec: { containerConcurrency: 0, protocolType: 'http1', reachability: 'Reachable', scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'hello-00001-deployment' } },
    ...(status === undefined ? {} : { status }),
  };
}

/** A PA status whose Active condition is `active` since `since` seconds, target initialized. */
function paStatus(active: 'True' | 'False' | 'Unknown', since: number): PodAutoscalerStatus {
  const at = ago(since);
  return {
    observedGeneration: 1,
    conditions: [
      { type: 'Active', status: active, lastTransitionTime: at, ...(active === 'False' ? { reason: 'NoTraffic' } : {}) },
      { type: 'ScaleTargetInitialized', status: 'True', lastTransitionTime: ago(600) },
    ],
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

/** An SKS of hello-00001 owned by the PA, in `mode` for `proxiedFor` seconds (undefined: not proxied), with `ready` endpoints. */
function sks(mode: 'Serve' | 'Proxy', proxiedFor: number | undefined, ready: boolean): ServerlessService {
  let status: ServerlessService['status'] & object = { serviceName: 'hello-00001', privateServiceName: 'hello-00001-private' };
  status = ready ? SKS.markEndpointsReady(status, ago(600)) : SKS.markEndpointsNotReady(status, ago(600));
  if (proxiedFor !== undefined) status = SKS.markActivatorEndpointsPopulated(status, ago(proxiedFor));
  return {
    apiVersion: 'networking.internal.knative.dev/v1alpha1',
    kind: 'ServerlessService',
    metadata: { name: 'hello-00001', namespace: 'default', uid: 'sks-uid', ownerReferences: [{ apiVersion: 'autoscaling.internal.knative.dev/v1alpha1', kind: 'PodAutoscaler', name: 'hello-00001', uid: 'pa-uid', controller: true }] },
    spec: { mode, numActivators: 2, objectRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'hello-00001-deployment' }, protocolType: 'http1' },
    status,
  };
}

/** A decision of `desiredScale` with `excessBurstCapacity`. */
function decision(desiredScale: number, excessBurstCapacity = -200): ScaleDecision {
  return { v: 1, desiredScale, excessBurstCapacity, panic: false, observedStableValue: 0, observedPanicValue: 0, reason: 'test', timestamp: NOW.getTime() };
}

interface World {
  readonly deployments?: V1Deployment[];
  readonly services?: ServerlessService[];
  readonly decision?: ScaleDecision;
  readonly activatorReady?: boolean;
}

/** A reconciler over FakeKinds. */
function setup(world: World) {
  const deployments = new FakeKind<V1Deployment>(world.deployments ?? []);
  const services = new FakeKind<ServerlessService>(world.services ?? []);
  const config: ConfigSource = { current: () => ({ autoscaler: defaultAutoscalerConfig(), deployment: defaultDeploymentConfig() }) as ServingConfig, onChange: () => undefined };
  const reconciler = new PodAutoscalerReconciler({
    deployments,
    deploymentWriter: deployments,
    serverlessServices: services,
    serverlessServiceWriter: services,
    decisions: { get: () => world.decision },
    activatorReady: () => world.activatorReady ?? true,
    config,
  });
  const ctx = { now: NOW, logger: pino({ level: 'silent' }), events: { record: (_o: KubeObjectLike) => undefined } };
  return { deployments, services, reconciler, ctx };
}

/** Conditions as `type=status[/reason]`. */
const brief = (p: PodAutoscaler): string[] => (p.status?.conditions ?? []).map((c) => `${c.type}=${c.status}${c.reason ? `/${c.reason}` : ''}`);

describe('PodAutoscalerReconciler', () => {
  // 1 ready pod × total 100 + TBC 211 = 311 of activator capacity 100 → 4 activators.
  it('a new PA without a decision: SKS created in Proxy mode, nothing scaled, Active with its ready pod', async () => {
    const { deployments, services, reconciler, ctx } = setup({ deployments: [target(1, 1)] });
    const object = pa();
    await reconciler.reconcile(object, ctx);
    expect(deployments.writes).toEqual([]);
    expect(services.written('create').map((s) => s.spec)).toEqual([
      { mode: 'Proxy', numActivators: 4, objectRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'hello-00001-deployment' }, protocolType: 'http1' },
    ]);
    expect(brief(object)).toEqual(['Active=True', 'Ready=Unknown/NotReady', 'SKSReady=Unknown/NotReady', 'ScaleTargetInitialized=True']);
    expect([object.status?.desiredScale, object.status?.actualScale, object.status?.serviceName]).toEqual([undefined, 1, 'hello-00001-private']);
  });

  it.each<{ name: string; decision: ScaleDecision; annotations: Record<string, string>; replicas: number; mode: string }>([
    { name: 'scale up to the decision; EBC ≥ 0 → Serve', decision: decision(3, 10), annotations: {}, replicas: 3, mode: 'Serve' },
    { name: 'EBC < 0 keeps the activator in the path', decision: decision(3, -5), annotations: {}, replicas: 3, mode: 'Proxy' },
    { name: 'max-scale caps the decision', decision: decision(10, 10), annotations: { 'autoscaling.knative.dev/max-scale': '3' }, replicas: 3, mode: 'Serve' },
    { name: 'min-scale floors the decision', decision: decision(1, 10), annotations: { 'autoscaling.knative.dev/min-scale': '2' }, replicas: 2, mode: 'Serve' },
  ])('active revision: $name', async ({ decision: d, annotations, replicas, mode }) => {
    const { deployments, services, reconciler, ctx } = setup({ deployments: [target(1, 1)], services: [sks('Proxy', 120, true)], decision: d });
    const object = pa(annotations, paStatus('True', 600));
    await reconciler.reconcile(object, ctx);
    expect(deployments.written('update').map((x) => x.spec?.replicas)).toEqual([replicas]);
    expect(services.get('hello-00001', 'default')?.spec?.mode).toBe(mode);
    expect(object.status?.desiredScale).toBe(replicas);
  });

  it('idle for less than a stable window: keeps 1 and looks again when the window ends', async () => {
    const { deployments, reconciler, ctx } = setup({ deployments: [target(1, 1)], services: [sks('Proxy', 120, true)], decision: decision(0) });
    const object = pa({}, paStatus('True', 20));
    await expect(reconciler.reconcile(object, ctx)).resolves.toEqual({ requeueAfterMs: 40_000 });
    expect(deployments.writes).toEqual([]);
    expect(brief(object)).toContain('Active=True');
  });

  it('idle for a stable window: Inactive (NoTraffic), Proxy mode, replicas untouched', async () => {
    const { deployments, services, reconciler, ctx } = setup({ deployments: [target(1, 1)], services: [sks('Serve', undefined, true)], decision: decision(0, 5) });
    const object = pa({}, paStatus('True', 61));
    await reconciler.reconcile(object, ctx);
    expect(deployments.writes).toEqual([]);
    expect(services.written('update').map((s) => s.spec?.mode)).toEqual(['Proxy']);
    expect(brief(object)).toEqual(['Active=False/NoTraffic', 'Ready=False/NoTraffic', 'SKSReady=True', 'ScaleTargetInitialized=True']);
    expect(object.status?.desiredScale).toBe(0);
  });

  it('inactive and proxied for the grace period: scales to zero', async () => {
    const { deployments, reconciler, ctx } = setup({ deployments: [target(1, 1)], services: [sks('Proxy', 31, true)], decision: decision(0) });
    const object = pa({}, paStatus('False', 31));
    await reconciler.reconcile(object, ctx);
    expect(deployments.written('update').map((x) => x.spec?.replicas)).toEqual([0]);
  });

  it('inactive but proxied for less than the grace period: waits for the rest', async () => {
    const { deployments, reconciler, ctx } = setup({ deployments: [target(1, 1)], services: [sks('Proxy', 10, true)], decision: decision(0) });
    const object = pa({}, paStatus('False', 10));
    await expect(reconciler.reconcile(object, ctx)).resolves.toEqual({ requeueAfterMs: 20_000 });
    expect(deployments.writes).toEqual([]);
  });

  it('no activator ready: never scales to zero', async () => {
    const { deployments, reconciler, ctx } = setup({ deployments: [target(1, 1)], services: [sks('Proxy', 31, true)], decision: decision(0), activatorReady: false });
    await reconciler.reconcile(pa({}, paStatus('False', 31)), ctx);
    expect(deployments.writes).toEqual([]);
  });

  it('scale from zero: a decision of 1 for an inactive revision scales up and queues', async () => {
    const { deployments, reconciler, ctx } = setup({ deployments: [target(0, 0)], services: [sks('Proxy', 300, false)], decision: decision(1) });
    const object = pa({}, paStatus('False', 300));
    await reconciler.reconcile(object, ctx);
    expect(deployments.written('update').map((x) => x.spec?.replicas)).toEqual([1]);
    expect(brief(object)).toContain('Active=Unknown/Queued');
  });

  it('conflict on the replicas update → requeue, status still computed', async () => {
    const { deployments, reconciler, ctx } = setup({ deployments: [target(1, 1)], services: [sks('Proxy', 120, true)], decision: decision(3) });
    deployments.failNext('update');
    const object = pa({}, paStatus('True', 600));
    await expect(reconciler.reconcile(object, ctx)).resolves.toEqual({ requeueAfterMs: CONFLICT_REQUEUE_MS });
    expect(object.status?.desiredScale).toBe(3);
  });

  it('other update errors are thrown', async () => {
    const { deployments, reconciler, ctx } = setup({ deployments: [target(1, 1)], services: [sks('Proxy', 120, true)], decision: decision(3) });
    deployments.failNext('update', new KubeApiError(500, 'InternalError', 'boom'));
    await expect(reconciler.reconcile(pa({}, paStatus('True', 600)), ctx)).rejects.toThrow('boom');
  });

  it('an SKS we do not own → NotOwned', async () => {
    const foreign = { ...sks('Proxy', 120, true), metadata: { name: 'hello-00001', namespace: 'default', uid: 'x' } };
    const { reconciler, ctx } = setup({ deployments: [target(1, 1)], services: [foreign] });
    const object = pa();
    await expect(reconciler.reconcile(object, ctx)).rejects.toThrow('does not own ServerlessService');
    expect(brief(object)).toContain('Active=False/NotOwned');
  });

  it('missing target → no writes, Queued', async () => {
    const { deployments, services, reconciler, ctx } = setup({});
    const object = pa();
    await reconciler.reconcile(object, ctx);
    expect([deployments.writes, services.writes]).toEqual([[], []]);
    expect(brief(object)).toEqual(['Active=Unknown/Queued', 'Ready=Unknown/Queued', 'SKSReady=Unknown', 'ScaleTargetInitialized=Unknown']);
  });
});
