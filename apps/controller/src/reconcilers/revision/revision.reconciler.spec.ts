// Reconcile-table rows for the Revision reconciler, with FakeKind standing in for listers and the API server.
import { PodAutoscalerLifecycle, type PodAutoscaler, type PodAutoscalerStatus, type Revision } from '@ebb/api';
import type { KubeObjectLike } from '@ebb/kube';
import type { V1Deployment, V1Pod, V1Service } from '@kubernetes/client-node';
import { pino } from 'pino';
import type { ConfigSource, ServingConfig } from '../deps.js';
import { FakeKind } from '../testing/fake-kind.js';
import { defaultServingConfig, RecordingEvents } from '../testing/reconcile-context.spec-support.js';
import { makeDeployment } from './resources/deployment.js';
import { testRevision } from './resources/fixtures.spec-support.js';
import { makePodAutoscaler } from './resources/pa.js';
import { makePrivateService } from './resources/private-service.js';
import { RevisionReconciler } from './revision.reconciler.js';

const NOW = new Date('2026-01-01T00:05:00Z');
const T0 = '2026-01-01T00:00:00Z';
const CONFIG: ServingConfig = defaultServingConfig();
const BUILD = { deployment: CONFIG.deployment, autoscaler: CONFIG.autoscaler };


/** The world one row starts from. */
interface World {
  deployments?: V1Deployment[];
  services?: V1Service[];
  pas?: PodAutoscaler[];
  pods?: V1Pod[];
}

/** A reconciler over fakes holding `world`. */
function setup(world: World) {
  const fakes = {
    deployments: new FakeKind<V1Deployment>(world.deployments ?? []),
    services: new FakeKind<V1Service>(world.services ?? []),
    pas: new FakeKind<PodAutoscaler>(world.pas ?? []),
    pods: new FakeKind<V1Pod>(world.pods ?? []),
  };
  const config: ConfigSource = { current: () => CONFIG, onChange: () => undefined };
  const reconciler = new RevisionReconciler({
    deployments: fakes.deployments,
    deploymentWriter: fakes.deployments,
    services: fakes.services,
    serviceWriter: fakes.services,
    podAutoscalers: fakes.pas,
    podAutoscalerWriter: fakes.pas,
    pods: fakes.pods,
    config,
  });
  const events = new RecordingEvents();
  const ctx = { now: NOW, logger: pino({ level: 'silent' }), events };
  return { fakes, reconciler, events, ctx };
}

/** Without the fields the fake API server stamps. */
function unstamped<T extends KubeObjectLike>(objects: T[]): T[] {
  return objects.map((o) => {
    const { uid: _u, resourceVersion: _r, generation: _g, creationTimestamp: _c, ...metadata } = o.metadata as Record<string, unknown>;
    return { ...o, metadata };
  });
}

/** Conditions as `type=status[/reason]`. */
function conditions(revision: Revision): string[] {
  return (revision.status?.conditions ?? []).map((c) => `${c.type}=${c.status}${c.reason ? `/${c.reason}` : ''}`);
}

/** A child of the Revision as the API server would hold it. */
function stored<T extends KubeObjectLike>(object: T, extra: Partial<T> = {}): T {
  return { ...object, ...extra, metadata: { ...object.metadata, uid: `uid-${object.metadata?.name ?? ''}`, resourceVersion: '7' } };
}

/** The PA with a ready status. */
function readyPA(revision: Revision): PodAutoscaler {
  const steps = [PodAutoscalerLifecycle.markScaleTargetInitialized, PodAutoscalerLifecycle.markSKSReady, PodAutoscalerLifecycle.markActive];
  const status = steps.reduce<PodAutoscalerStatus>((s, verb) => verb(s, T0), {
    ...PodAutoscalerLifecycle.initialize({}, T0),
    serviceName: 'hello-00001-private',
    desiredScale: 1,
    actualScale: 1,
  });
  return stored({ ...makePodAutoscaler(revision), status });
}

/** The Deployment with replicas and availability. */
function deployment(revision: Revision, replicas: number, available: number): V1Deployment {
  const built = makeDeployment(revision, BUILD);
  return stored({ ...built, spec: { ...built.spec!, replicas }, status: { availableReplicas: available, readyReplicas: available } });
}

const FOREIGN = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'other', uid: 'other-uid', controller: true }];

describe('RevisionReconciler', () => {
  it('new Revision → creates Deployment, private Service and PodAutoscaler; Deploying', async () => {
    const revision = testRevision();
    const { fakes, reconciler, events, ctx } = setup({});
    await reconciler.reconcile(revision, ctx);
    expect(unstamped(fakes.deployments.written('create'))).toEqual([makeDeployment(revision, BUILD)]);
    expect(unstamped(fakes.services.written('create'))).toEqual([makePrivateService(revision)]);
    expect(unstamped(fakes.pas.written('create'))).toEqual([makePodAutoscaler(revision)]);
    expect(events.lines).toEqual([
      'Normal Created Created Deployment "hello-00001-deployment"',
      'Normal Created Created Service "hello-00001-private"',
      'Normal Created Created PodAutoscaler "hello-00001"',
    ]);
    expect(conditions(revision)).toEqual(['Active=Unknown/Deploying', 'ContainerHealthy=Unknown/Deploying', 'Ready=Unknown/Deploying', 'ResourcesAvailable=Unknown/Deploying']);
    expect(revision.status?.observedGeneration).toBe(1);
    expect(revision.status?.containerStatuses).toEqual([{ name: 'user-container', imageDigest: 'dev.local/hello:1' }]);
  });

  it('steady state → no writes, Ready True with replicas', async () => {
    const revision = testRevision();
    const { fakes, reconciler, events, ctx } = setup({
      deployments: [deployment(revision, 1, 1)],
      services: [stored(makePrivateService(revision), { spec: { ...makePrivateService(revision).spec, clusterIP: '10.0.0.9', type: 'ClusterIP' } })],
      pas: [readyPA(revision)],
    });
    await reconciler.reconcile(revision, ctx);
    expect([...fakes.deployments.writes, ...fakes.services.writes, ...fakes.pas.writes]).toEqual([]);
    expect(events.lines).toEqual([]);
    expect(conditions(revision)).toEqual(['Active=True', 'ContainerHealthy=True', 'Ready=True', 'ResourcesAvailable=True']);
    expect([revision.status?.actualReplicas, revision.status?.desiredReplicas]).toEqual([1, 1]);
  });

  it('Deployment scaled by the PodAutoscaler → not drift, no writes', async () => {
    const revision = testRevision();
    const { fakes, reconciler, ctx } = setup({ deployments: [deployment(revision, 3, 3)], services: [stored(makePrivateService(revision))], pas: [readyPA(revision)] });
    await reconciler.reconcile(revision, ctx);
    expect(fakes.deployments.writes).toEqual([]);
  });

  it('drifted Deployment → updated spec, labels and annotations, replicas left to the PodAutoscaler', async () => {
    const revision = testRevision();
    const drifted = deployment(revision, 4, 4);
    drifted.metadata = { ...drifted.metadata, labels: { stray: 'x', app: 'changed' }, annotations: { 'deployment.kubernetes.io/revision': '1' } };
    drifted.spec!.template.spec!.containers[0]!.image = 'dev.local/other:9';
    const { fakes, reconciler, events, ctx } = setup({ deployments: [drifted], services: [stored(makePrivateService(revision))], pas: [readyPA(revision)] });
    await reconciler.reconcile(revision, ctx);
    const want = makeDeployment(revision, BUILD);
    const [updated] = fakes.deployments.written('update');
    expect(updated?.spec).toEqual({ ...want.spec, replicas: 4 });
    expect(updated?.metadata?.labels).toEqual({ stray: 'x', ...want.metadata?.labels });
    expect(updated?.metadata?.annotations).toEqual({ 'deployment.kubernetes.io/revision': '1' });
    expect(updated?.status).toEqual({ availableReplicas: 4, readyReplicas: 4 });
    expect(events.lines).toEqual(['Normal Updated Updated Deployment "hello-00001-deployment"']);
  });

  it('Deployment not owned → ResourcesAvailable False NotOwned, error, no writes', async () => {
    const revision = testRevision();
    const foreign = deployment(revision, 1, 1);
    foreign.metadata = { ...foreign.metadata, ownerReferences: FOREIGN };
    const { fakes, reconciler, ctx } = setup({ deployments: [foreign] });
    await expect(reconciler.reconcile(revision, ctx)).rejects.toThrow('revision: "hello-00001" does not own Deployment: "hello-00001-deployment"');
    expect(fakes.deployments.writes).toEqual([]);
    const ready = revision.status?.conditions?.find((c) => c.type === 'Ready');
    expect(ready).toMatchObject({ status: 'False', reason: 'NotOwned', message: 'There is an existing Deployment "hello-00001-deployment" that we do not own.' });
    expect(revision.status?.observedGeneration).toBe(1);
  });

  it('PodAutoscaler not owned → ResourcesAvailable False NotOwned', async () => {
    const revision = testRevision();
    const pa = readyPA(revision);
    pa.metadata = { ...pa.metadata, ownerReferences: FOREIGN };
    const { reconciler, ctx } = setup({ deployments: [deployment(revision, 1, 1)], services: [stored(makePrivateService(revision))], pas: [pa] });
    await expect(reconciler.reconcile(revision, ctx)).rejects.toThrow('does not own PodAutoscaler: "hello-00001"');
    expect(revision.status?.conditions?.find((c) => c.type === 'ResourcesAvailable')).toMatchObject({
      status: 'False',
      reason: 'NotOwned',
      message: 'There is an existing PodAutoscaler "hello-00001" that we do not own.',
    });
  });

  it('create conflict → error, Deploying kept, nothing stored', async () => {
    const revision = testRevision();
    const { fakes, reconciler, ctx } = setup({});
    fakes.deployments.failNext('create');
    await expect(reconciler.reconcile(revision, ctx)).rejects.toThrow('the object has been modified');
    expect(fakes.deployments.list()).toEqual([]);
    expect(conditions(revision)).toEqual(['ContainerHealthy=Unknown/Deploying', 'Ready=Unknown/Deploying', 'ResourcesAvailable=Unknown/Deploying']);
  });

  it('crashing container → ContainerHealthy False ExitCode, Ready False', async () => {
    const revision = testRevision();
    const pod: V1Pod = {
      metadata: { name: 'hello-00001-deployment-x', namespace: 'default', labels: { 'serving.knative.dev/revisionUID': 'rev-uid', 'serving.knative.dev/revision': 'hello-00001' } },
      status: { containerStatuses: [{ name: 'user-container', state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 2, message: 'no config' } } }] } as never,
    };
    const { reconciler, ctx } = setup({
      deployments: [deployment(revision, 1, 0)],
      services: [stored(makePrivateService(revision))],
      pas: [stored(makePodAutoscaler(revision))],
      pods: [pod],
    });
    await reconciler.reconcile(revision, ctx);
    expect(revision.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ExitCode2', message: 'Container failed with: no config' });
  });

  it('new generation observed → observedGeneration follows', async () => {
    const revision = testRevision({ generation: 2 });
    revision.status = { observedGeneration: 1 };
    const { reconciler, ctx } = setup({ deployments: [deployment(revision, 1, 1)], services: [stored(makePrivateService(revision))], pas: [readyPA(revision)] });
    await reconciler.reconcile(revision, ctx);
    expect(revision.status?.observedGeneration).toBe(2);
    expect(conditions(revision)).toContain('Ready=True');
  });
});
