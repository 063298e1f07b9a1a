// Two autoscaler replicas with EBB_AUTOSCALER_BUCKETS=2 against a real local cluster and a real
// nats-server: the bucket Leases are real Leases, each revision is decided by the holder of its
// bucket only, and when a replica stops the other takes its buckets and resumes their revisions
// from the ebb-decisions KV.
import { bucketName, bucketOf } from '@ebb/autoscaling';
import { DECISIONS_BUCKET } from '@ebb/messaging/nats';
import { kubectl, NatsServer, parsePrometheusText, sharedClusterWithCrds, startAppUnderTest, waitFor, type AppUnderTest, type LocalCluster } from '@ebb/testing';
import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { autoscalerApp } from './app.js';
import type { DecisionRecord } from './history/decision-history.js';

const SLOW_MS = 90_000;
const NS = 'buckets';
const COUNT = 2;
const REVISIONS = Array.from({ length: 6 }, (_, i) => `rev-${i}-00001`);

function podAutoscaler(name: string): object {
  return {
    apiVersion: 'autoscaling.internal.knative.dev/v1alpha1',
    kind: 'PodAutoscaler',
    metadata: { name, namespace: NS, annotations: { 'autoscaling.knative.dev/class': 'kpa.autoscaling.knative.dev' } },
    spec: { containerConcurrency: 0, reachability: 'Reachable', protocolType: 'http1', scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: `${name}-deployment` } },
  };
}

interface Replica {
  readonly name: string;
  readonly app: AppUnderTest;
}

describe('autoscaler replicas splitting revisions by bucket Leases', () => {
  const shared = sharedClusterWithCrds();
  let cluster: LocalCluster;
  let nats: NatsServer;
  let nc: NatsConnection;
  const replicas: Replica[] = [];

  const start = async (name: string): Promise<Replica> => {
    const app = await startAppUnderTest(autoscalerApp, { KUBECONFIG: cluster.kubeconfigPath, EBB_SYSTEM_NAMESPACE: NS, EBB_NATS_URL: nats.url, EBB_AUTOSCALER_BUCKETS: String(COUNT), HOSTNAME: name });
    const replica = { name, app };
    replicas.push(replica);
    return replica;
  };
  const owned = async (replica: Replica): Promise<number> => {
    const text = String((await replica.app.get('/metrics')).body);
    const samples = parsePrometheusText(text.split('\n').filter((line) => line.startsWith('ebb_')).join('\n'));
    return samples.find((s) => s.name === 'ebb_autoscaler_buckets_owned')?.value ?? 0;
  };
  const decisions = async (replica: Replica, revision: string): Promise<DecisionRecord[]> => {
    const answer = await replica.app.get(`/decisions/${NS}/${revision}`);
    return answer.status === 200 ? ((answer.body as { decisions?: DecisionRecord[] }).decisions ?? []) : [];
  };
  /** The replica (by HOSTNAME) holding a bucket's Lease. */
  const holder = async (bucket: number): Promise<string> => {
    const result = await kubectl(cluster, ['get', 'lease', bucketName(bucket, COUNT), '-n', NS, '-o', 'jsonpath={.spec.holderIdentity}']);
    return result.stdout.split('_')[0] ?? '';
  };

  beforeAll(async () => {
    cluster = await shared.get();
    nats = await NatsServer.start();
    nc = await connect({ servers: nats.url, name: 'test' });
    await new Kvm(nc).create(DECISIONS_BUCKET, { history: 1 });
    const objects = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config-autoscaler', namespace: NS }, data: { 'tick-interval': '500ms' } },
      ...REVISIONS.map(podAutoscaler),
    ];
    const applied = await kubectl(cluster, ['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }) });
    expect(applied).toMatchObject({ code: 0, stderr: '' });
    // Both buckets hold revisions, so both replicas have work.
    expect(new Set(REVISIONS.map((r) => bucketOf(NS, r, COUNT)))).toEqual(new Set([0, 1]));
  }, SLOW_MS);

  afterAll(async () => {
    for (const replica of replicas) await replica.app.app.shutdown('test over');
    await nc?.close();
    await nats?.dispose();
    await shared.dispose();
  }, SLOW_MS);

  it('takes every bucket Lease between them, and each revision is decided only by the holder of its bucket', async () => {
    const [a, b] = await Promise.all([start('as-a'), start('as-b')]);
    await waitFor(async () => (await owned(a)) + (await owned(b)) === COUNT, { description: 'both bucket Leases held', timeoutMs: 20_000, intervalMs: 250 });
    const holders = [await holder(0), await holder(1)];
    expect(holders.every((h) => h === 'as-a' || h === 'as-b')).toBe(true);
    const since = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    for (const revision of REVISIONS) {
      const byA = (await decisions(a, revision)).filter((d) => d.timestamp > since).length;
      const byB = (await decisions(b, revision)).filter((d) => d.timestamp > since).length;
      const expected = holders[bucketOf(NS, revision, COUNT)] === 'as-a' ? [true, false] : [false, true];
      expect({ revision, a: byA > 0, b: byB > 0 }).toEqual({ revision, a: expected[0], b: expected[1] });
    }
  }, SLOW_MS);

  it('hands the buckets of a replica that stops to the other, which resumes their revisions from the KV', async () => {
    const [a, b] = replicas as [Replica, Replica];
    const leaving = (await owned(a)) > 0 ? a : b;
    const staying = leaving === a ? b : a;
    const before = [await holder(0), await holder(1)];
    const theirs = REVISIONS.filter((r) => before[bucketOf(NS, r, COUNT)] === leaving.name);
    expect(theirs.length).toBeGreaterThan(0);
    await leaving.app.app.shutdown('stopping one replica');
    replicas.splice(replicas.indexOf(leaving), 1);
    await waitFor(async () => (await owned(staying)) === COUNT, { description: `${staying.name} holding every bucket`, timeoutMs: 20_000, intervalMs: 250 });
    expect([await holder(0), await holder(1)]).toEqual([staying.name, staying.name]);
    for (const revision of theirs) {
      const history = await waitFor(async () => {
        const list = await decisions(staying, revision);
        return list.some((d) => d.trigger === 'tick') ? list : undefined;
      }, { description: `${staying.name} deciding for ${revision}`, timeoutMs: 10_000, intervalMs: 250 });
      // Newest first: ticks after the decision it read from the KV when it took the bucket.
      expect(history.map((d) => d.trigger)).toContain('restored');
    }
  }, SLOW_MS);
});
