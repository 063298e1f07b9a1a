// The autoscaler app against a real local cluster and a real nats-server: PodAutoscalers,
// config-autoscaler, selector-less private Services and hand-made EndpointSlices are applied with
// kubectl; the test plays the data plane (stats, pokes) and the controller (decisions subject,
// the ebb-decisions KV) over NATS, and reads the history over the admin HTTP server.
import { decode, encode, revisionKey, subjects, type ScaleDecision, type Stat } from '@ebb/messaging';
import { DECISIONS_BUCKET } from '@ebb/messaging/nats';
import { kubectl, NatsServer, parsePrometheusText, sharedClusterWithCrds, startAppUnderTest, waitFor, type AppUnderTest, type LocalCluster } from '@ebb/testing';
import { Kvm, type KV } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { autoscalerApp } from './app.js';
import type { DecisionRecord } from './history/decision-history.js';

const SLOW_MS = 60_000;
const NS = 'default';
const BUSY = 'busy-00001';
const IDLE = 'idle-00001';

interface History {
  readonly status: number;
  readonly decisions: DecisionRecord[];
}

function podAutoscaler(name: string, annotations: Record<string, string> = {}): object {
  return {
    apiVersion: 'autoscaling.internal.knative.dev/v1alpha1',
    kind: 'PodAutoscaler',
    metadata: { name, namespace: NS, annotations: { 'autoscaling.knative.dev/class': 'kpa.autoscaling.knative.dev', ...annotations } },
    spec: { containerConcurrency: 0, reachability: 'Reachable', protocolType: 'http1', scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: `${name}-deployment` } },
  };
}

function privateService(revision: string): object {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: `${revision}-private`, namespace: NS }, spec: { ports: [{ name: 'http', port: 80 }] } };
}

function slice(revision: string, ready: number): object {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: `${revision}-private-hand`, namespace: NS, labels: { 'kubernetes.io/service-name': `${revision}-private` } },
    addressType: 'IPv4',
    endpoints: Array.from({ length: ready }, (_, i) => ({ addresses: [`127.0.0.${i + 2}`], conditions: { ready: true } })),
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
  };
}

function configAutoscaler(data: Record<string, string>): object {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config-autoscaler', namespace: NS }, data };
}

function stat(averageConcurrency: number): Stat {
  return { v: 1, instance: 'gateway-test', averageConcurrency, requestCount: averageConcurrency, averageProxiedConcurrency: 0, proxiedRequestCount: 0, windowSeconds: 1, timestamp: Date.now() };
}

describe('the autoscaler on a local cluster with real NATS', () => {
  const shared = sharedClusterWithCrds();
  let cluster: LocalCluster;
  let nats: NatsServer;
  let nc: NatsConnection;
  let app: AppUnderTest;
  let kv: KV;
  const published = new Map<string, ScaleDecision[]>();
  let statTimer: NodeJS.Timeout | undefined;

  const apply = async (...objects: object[]): Promise<void> => {
    const result = await kubectl(cluster, ['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }) });
    expect(result).toMatchObject({ code: 0, stderr: '' });
  };
  const history = async (revision: string): Promise<History> => {
    const answer = await app.get(`/decisions/${NS}/${revision}`);
    return { status: answer.status, decisions: (answer.body as { decisions?: DecisionRecord[] }).decisions ?? [] };
  };
  const metric = async (name: string, labels: Record<string, string> = {}): Promise<number> => {
    // Only our own samples: prom-client writes NaN as "Nan" (the event-loop lag gauges early on), which the parser refuses.
    const text = String((await app.get('/metrics')).body);
    const samples = parsePrometheusText(text.split('\n').filter((line) => line.startsWith('ebb_')).join('\n'));
    const found = samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
    return found?.value ?? 0;
  };
  const stored = async (revision: string): Promise<ScaleDecision | undefined> => {
    const entry = await kv.get(revisionKey(NS, revision));
    if (entry?.operation !== 'PUT') return undefined;
    const result = decode('scaleDecision', entry.value);
    return result.ok ? result.message : undefined;
  };
  /** One stat per second, sent in the middle of each wall-clock second (one bucket each), like a gateway instance. */
  const sendStatsEverySecond = (revision: string, concurrency: number): void => {
    const next = (): void => {
      statTimer = setTimeout(() => {
        nc.publish(subjects.metrics(NS, revision), encode('stat', stat(concurrency)));
        next();
      }, 1500 - (Date.now() % 1000));
    };
    next();
  };

  beforeAll(async () => {
    cluster = await shared.get();
    nats = await NatsServer.start();
    nc = await connect({ servers: nats.url, name: 'test' });
    kv = await new Kvm(nc).create(DECISIONS_BUCKET, { history: 1 });
    nc.subscribe(subjects.allDecisions, {
      callback: (_error, msg) => {
        const result = decode('scaleDecision', msg.data);
        if (result.ok) published.set(msg.subject, [...(published.get(msg.subject) ?? []), result.message]);
      },
    });
    await apply(
      configAutoscaler({ 'stable-window': '6s', 'tick-interval': '500ms' }),
      podAutoscaler(BUSY, { 'autoscaling.knative.dev/target': '10', 'autoscaling.knative.dev/target-utilization-percentage': '100' }),
      podAutoscaler(IDLE),
      podAutoscaler('hpa-00001', { 'autoscaling.knative.dev/class': 'hpa.autoscaling.knative.dev' }),
      privateService(BUSY),
      privateService(IDLE),
      slice(BUSY, 1),
    );
    app = await startAppUnderTest(autoscalerApp, { KUBECONFIG: cluster.kubeconfigPath, EBB_SYSTEM_NAMESPACE: NS, EBB_NATS_URL: nats.url, EBB_DECISION_HISTORY: '40' });
    await waitFor(async () => (await app.get('/readyz')).status === 200, { description: 'autoscaler ready (nats + informers)', timeoutMs: 20_000 });
  }, SLOW_MS);

  afterAll(async () => {
    clearTimeout(statTimer);
    await app?.app.shutdown('test over');
    await nc?.close();
    await nats?.dispose();
    await shared.dispose();
  }, SLOW_MS);

  it('turns 35 concurrent requests at target 10 into 4 pods: on the subject every tick, in the KV, and in the history with reasons', async () => {
    sendStatsEverySecond(BUSY, 35);
    const subject = subjects.decisions(NS, BUSY);
    await waitFor(() => (published.get(subject) ?? []).some((d) => d.desiredScale === 4), { description: 'a decision of 4 pods on the subject', timeoutMs: 15_000 });
    const count = published.get(subject)?.length ?? 0;
    await waitFor(() => (published.get(subject)?.length ?? 0) >= count + 2, { description: 'decisions keep coming every tick (level state)', timeoutMs: 5_000 });
    const latest = published.get(subject)?.at(-1);
    expect(latest).toMatchObject({ v: 1, desiredScale: 4, readyPods: 1, target: 10, metric: 'concurrency', stableWindowSeconds: 6, activators: 3 });
    expect(latest?.observedStableValue).toBeCloseTo(35, 0);
    await expect(waitFor(async () => (await stored(BUSY))?.desiredScale === 4, { description: 'the KV holds 4', timeoutMs: 5_000 })).resolves.toBe(true);

    const { status, decisions } = await history(BUSY);
    expect(status).toBe(200);
    expect(decisions.length).toBeGreaterThan(2);
    expect(decisions.length).toBeLessThanOrEqual(40);
    expect(decisions.map((d) => d.timestamp)).toEqual([...decisions.map((d) => d.timestamp)].sort((a, b) => b - a));
    expect(decisions[0]).toMatchObject({ desiredScale: 4, readyPods: 1, trigger: 'tick', panicWindowSeconds: 1, panicThreshold: 2, target: 10 });
    expect(decisions.every((d) => d.reason.length > 0)).toBe(true);
    expect(await metric('ebb_autoscaler_stats_total', { result: 'recorded' })).toBeGreaterThan(0);
    expect(await metric('ebb_autoscaler_decisions_total', { trigger: 'tick' })).toBeGreaterThan(0);
    expect(await metric('ebb_autoscaler_revisions')).toBe(2);
  }, SLOW_MS);

  it('lists every KPA revision with its latest decision, and none of another class', async () => {
    const answer = await app.get('/decisions');
    const revisions = (answer.body as { revisions: { namespace: string; revision: string; decision: DecisionRecord | null }[] }).revisions;
    expect(revisions.map((r) => r.revision)).toEqual([BUSY, IDLE]);
    expect(revisions[0]?.decision).toMatchObject({ desiredScale: 4 });
    expect(await history('hpa-00001')).toEqual({ status: 404, decisions: [] });
    expect((await app.get(`/decisions/${NS}/hpa-00001`)).body).toMatchObject({ message: expect.stringContaining('no decisions for revision "default/hpa-00001"') as unknown });
  }, SLOW_MS);

  it('decides at once on a poke, and on load seen while the last decision is 0', async () => {
    await waitFor(async () => (await history(IDLE)).decisions[0]?.desiredScale === 0, { description: 'the idle revision at 0', timeoutMs: 10_000 });
    nc.publish(subjects.poke(NS, IDLE), encode('poke', { v: 1, instance: 'activator-test', bufferedRequests: 1, timestamp: Date.now() }));
    await waitFor(async () => (await history(IDLE)).decisions.some((d) => d.trigger === 'poke'), { description: 'a decision triggered by the poke', timeoutMs: 10_000 });
    nc.publish(subjects.metrics(NS, IDLE), encode('stat', stat(1)));
    const woken = await waitFor(async () => (await history(IDLE)).decisions.find((d) => d.trigger === 'stat'), { description: 'a decision triggered by load at 0', timeoutMs: 10_000 });
    expect(woken).toMatchObject({ desiredScale: 1, readyPods: 0, observedStableValue: 1 });
    expect(await metric('ebb_autoscaler_decisions_total', { trigger: 'poke' })).toBeGreaterThanOrEqual(1);
  }, SLOW_MS);

  it('counts a malformed metrics message and a stat of a revision without a KPA PodAutoscaler, and drops both', async () => {
    nc.publish(subjects.metrics(NS, BUSY), new TextEncoder().encode('{"v":1,"averageConcurrency":"lots"}'));
    nc.publish(subjects.metrics(NS, 'hpa-00001'), encode('stat', stat(50)));
    await waitFor(async () => (await metric('ebb_messaging_malformed_messages_total', { subject: subjects.allMetrics })) === 1, { description: 'the malformed message counted' });
    await waitFor(async () => (await metric('ebb_autoscaler_stats_total', { result: 'unknown-revision' })) >= 1, { description: 'the unknown revision counted' });
    expect((await history(BUSY)).decisions[0]?.desiredScale).toBe(4);
  }, SLOW_MS);

  it('applies a config-autoscaler change at the next tick, and ignores an invalid one keeping the last good config', async () => {
    await apply(configAutoscaler({ 'stable-window': '12s', 'tick-interval': '500ms' }));
    await waitFor(async () => (await history(BUSY)).decisions[0]?.stableWindowSeconds === 12, { description: 'the 12 s window in use', timeoutMs: 10_000 });
    await apply(configAutoscaler({ 'stable-window': '1s', 'tick-interval': '500ms' }));
    await waitFor(async () => (await metric('ebb_autoscaler_config_errors_total')) === 1, { description: 'the invalid map counted', timeoutMs: 10_000 });
    const refusedAt = Date.now();
    expect(app.logs.some((l) => String(l['msg']).includes('key "stable-window"'))).toBe(true);
    const after = await waitFor(async () => (await history(BUSY)).decisions.find((d) => d.timestamp > refusedAt + 1000), { description: 'a decision after the refusal', timeoutMs: 10_000 });
    expect(after.stableWindowSeconds).toBe(12);
  }, SLOW_MS);

  it('resumes from the KV after a restart: the last decision is the first of the new history', async () => {
    clearTimeout(statTimer);
    await app.app.shutdown('restart');
    app = await startAppUnderTest(autoscalerApp, { KUBECONFIG: cluster.kubeconfigPath, EBB_SYSTEM_NAMESPACE: NS, EBB_NATS_URL: nats.url });
    const restored = await waitFor(async () => (await history(BUSY)).decisions.find((d) => d.trigger === 'restored'), { description: 'the restored decision', timeoutMs: 20_000 });
    expect(restored.desiredScale).toBe(4);
  }, SLOW_MS);

  it('forgets a deleted PodAutoscaler: history gone (404) and its KV key deleted', async () => {
    await waitFor(async () => (await stored(IDLE)) !== undefined, { description: 'the idle revision in the KV', timeoutMs: 10_000 });
    const deleted = await kubectl(cluster, ['delete', 'podautoscalers.autoscaling.internal.knative.dev', IDLE, '-n', NS]);
    expect(deleted.code).toBe(0);
    await waitFor(async () => (await history(IDLE)).status === 404, { description: 'history gone', timeoutMs: 10_000 });
    await waitFor(async () => (await stored(IDLE)) === undefined, { description: 'KV key gone', timeoutMs: 10_000 });
  }, SLOW_MS);
});
