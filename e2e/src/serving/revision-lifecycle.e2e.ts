import { atRate, processAlive, processIdOf, waitFor } from '@ebb/testing';
import { closeGatewayClient, gatewayGetFresh, servingRevision } from './gateway-client.js';
import { LocalPlatform } from './local-platform.js';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Issue 10's revision lifecycle on `ebb up`. Garbage collection with config-gc at small values
 * (1 s retention, one non-active revision kept): a Service updated five times keeps its routed
 * revision and one reserve revision, and the others go with their Deployments, ReplicaSets and
 * pods (whose processes end); a tagged revision is kept while tagged and collected once untagged
 * and aged. Routing state: routed revisions are labelled active, let-go ones reserve. A bad
 * config-gc is refused at admission. Then a gradual rollout over 20 s under 20 requests/s, and a
 * rollback by pinning after which the let-go revision scales to zero despite its min-scale.
 */
const NS = 'default';
const SERVICE = 'gc';

let platform: LocalPlatform;
/** The process ids of each revision's pods, recorded while they ran. */
const pids = new Map<string, number[]>();

beforeAll(async () => {
  platform = await LocalPlatform.start({ example: false, images: ['echo'] });
  await platform.ok(['patch', 'configmap', 'config-gc', '-n', 'ebb-system', '--type', 'merge', '-p', JSON.stringify({ data: { 'retain-since-create-time': '1s', 'retain-since-last-active-time': '1s', 'min-non-active-revisions': '1' } })]);
}, 420_000);

afterAll(async () => {
  closeGatewayClient();
  await platform?.stop();
}, 200_000);

const revisionName = (n: number): string => `${SERVICE}-${String(n).padStart(5, '0')}`;

interface Listed {
  items: { metadata: { name: string; labels?: Record<string, string> }; status?: { containerStatuses?: { containerID?: string }[] } }[];
}

/** The names of the objects of `kind` belonging to a Service's configuration. */
async function owned(kind: string, configuration = SERVICE): Promise<string[]> {
  const list = await platform.json<Listed>(['get', kind, '-n', NS, '-l', `serving.knative.dev/configuration=${configuration}`]);
  return list.items.map((item) => item.metadata.name).sort();
}

/** Each revision's routingState label. */
async function routingStates(): Promise<Record<string, string>> {
  const list = await platform.json<Listed>(['get', 'revisions', '-n', NS, '-l', `serving.knative.dev/configuration=${SERVICE}`]);
  return Object.fromEntries(list.items.map((item) => [item.metadata.name, item.metadata.labels?.['serving.knative.dev/routingState'] ?? '']));
}

/** Records the process ids of a revision's running pods. */
async function recordPids(revision: string): Promise<void> {
  const pods = await platform.json<Listed>(['get', 'pods', '-n', NS, '-l', `serving.knative.dev/revision=${revision}`]);
  const ids = pods.items.map((pod) => processIdOf(pod.status?.containerStatuses?.[0]?.containerID)).filter((pid): pid is number => pid !== undefined);
  pids.set(revision, [...(pids.get(revision) ?? []), ...ids]);
}

/** Waits until exactly `revisions` are left, and returns their routing states. */
async function leftWith(revisions: string[]): Promise<Record<string, string>> {
  await waitFor(async () => JSON.stringify(await owned('revisions')) === JSON.stringify([...revisions].sort()), { description: `only ${revisions.join(', ')} left`, timeoutMs: 60_000, intervalMs: 500 });
  return routingStates();
}

describe('revision garbage collection with config-gc at 1 s and one non-active revision', () => {
  it('keeps only the routed and one reserve revision of a Service updated five times', async () => {
    const plain = 'plain';
    const named = (n: number): string => `${plain}-${String(n).padStart(5, '0')}`;
    await platform.ebb(['service', 'create', plain, '--image', 'dev.local/echo']);
    for (let n = 2; n <= 6; n += 1) await platform.ebb(['service', 'update', plain, '--env', `VERSION=${n}`]);
    const left = [named(5), named(6)];
    await waitFor(async () => JSON.stringify(await owned('revisions', plain)) === JSON.stringify(left), { description: `only ${left.join(' and ')} left`, timeoutMs: 60_000, intervalMs: 500 });
    await waitFor(async () => JSON.stringify(await owned('deployments', plain)) === JSON.stringify(left.map((r) => `${r}-deployment`)), { description: `only their Deployments left`, timeoutMs: 30_000 });
  }, 240_000);

  it('keeps a tagged revision while five updates come and go; the routed and one reserve revision stay, the rest go with their children', async () => {
    await platform.ebb(['service', 'create', SERVICE, '--image', 'dev.local/echo']);
    await recordPids(revisionName(1));
    await platform.ebb(['service', 'update', SERVICE, '--tag', `${revisionName(1)}=first`]);
    for (let n = 2; n <= 6; n += 1) {
      await platform.ebb(['service', 'update', SERVICE, '--env', `VERSION=${n}`]);
      await recordPids(revisionName(n));
    }
    expect(await leftWith([revisionName(1), revisionName(5), revisionName(6)])).toEqual({ [revisionName(1)]: 'active', [revisionName(5)]: 'reserve', [revisionName(6)]: 'active' });
    const kept = [revisionName(1), revisionName(5), revisionName(6)];
    await waitFor(async () => (await owned('deployments')).every((name) => kept.some((revision) => name === `${revision}-deployment`)), { description: 'only the kept revisions have Deployments', timeoutMs: 30_000 });
    await waitFor(async () => (await owned('replicasets')).every((name) => kept.some((revision) => name.startsWith(`${revision}-deployment-`))), { description: 'only the kept revisions have ReplicaSets', timeoutMs: 30_000 });
    await waitFor(async () => (await owned('pods')).every((name) => kept.some((revision) => name.startsWith(`${revision}-deployment-`))), { description: 'only the kept revisions have pods', timeoutMs: 60_000 });
    const collected = [2, 3, 4].flatMap((n) => pids.get(revisionName(n)) ?? []);
    expect(collected.length).toBeGreaterThanOrEqual(3);
    await waitFor(() => collected.every((pid) => !processAlive(pid)), { description: `the processes of the collected revisions' pods (${collected.join(', ')}) gone`, timeoutMs: 60_000 });
  }, 300_000);

  it('collects the revision once untagged and older than the retention, as soon as a newer one is in reserve', async () => {
    await platform.ebb(['service', 'update', SERVICE, '--untag', 'first']);
    // Now in reserve and the freshest non-active revision: the one kept; gc-00005 goes.
    expect(await leftWith([revisionName(1), revisionName(6)])).toEqual({ [revisionName(1)]: 'reserve', [revisionName(6)]: 'active' });
    await platform.ebb(['service', 'update', SERVICE, '--env', 'VERSION=7']);
    expect(await leftWith([revisionName(6), revisionName(7)])).toEqual({ [revisionName(6)]: 'reserve', [revisionName(7)]: 'active' });
  }, 180_000);
});

describe('a bad config-gc', () => {
  it.each([
    { name: 'a min above the max', data: { 'min-non-active-revisions': '5', 'max-non-active-revisions': '2' }, message: 'min-non-active-revisions(5) must be <= max-non-active-revisions(2)' },
    { name: 'a negative duration', data: { 'retain-since-create-time': '-1h' }, message: 'failed to parse retain-since-create-time: must be non-negative' },
  ])('is refused by the webhook for $name, naming the key, and changes nothing', async ({ data, message }) => {
    const result = await platform.kubectl(['patch', 'configmap', 'config-gc', '-n', 'ebb-system', '--type', 'merge', '-p', JSON.stringify({ data })]);
    expect(result.stderr).toContain('denied the request');
    expect(result.stderr).toContain(message);
    expect(result.code).toBe(1);
    const stored = await platform.json<{ data: Record<string, string> }>(['get', 'configmap', 'config-gc', '-n', 'ebb-system']);
    expect(stored.data).toMatchObject({ 'retain-since-create-time': '1s', 'min-non-active-revisions': '1' });
    expect(stored.data['max-non-active-revisions']).toBeUndefined();
  });
});

describe('gradual rollout and rollback', () => {
  const ROLL = 'roll';
  const HOST = `${ROLL}.${NS}.localhost`;
  const manifest = (version: number): string =>
    JSON.stringify({
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      metadata: { name: ROLL, namespace: NS, annotations: { 'serving.knative.dev/rollout-duration': '20s' } },
      spec: {
        template: {
          // min-scale 1 holds a routed revision's pod; a 6 s window lets a let-go one scale down soon.
          metadata: { annotations: { 'autoscaling.knative.dev/min-scale': '1', 'autoscaling.knative.dev/window': '6s' } },
          spec: { containers: [{ image: 'dev.local/echo', env: [{ name: 'VERSION', value: String(version) }] }] },
        },
      },
    });

  interface RouteView {
    status?: { traffic?: { revisionName: string; percent: number }[]; conditions?: { type: string; status: string; reason?: string }[] };
  }

  /** Notes the Route's share for `revision` when it changed and IngressReady's reasons; true once `revision` has it all. */
  async function watchRoute(revision: string, seen: { steps: number[]; reasons: Set<string> }): Promise<boolean> {
    const { status = {} } = await platform.json<RouteView>(['get', 'route', ROLL, '-n', NS]);
    const traffic = status.traffic ?? [];
    const share = traffic.find((t) => t.revisionName === revision)?.percent;
    if (share !== undefined && seen.steps.at(-1) !== share) seen.steps.push(share);
    const reason = (status.conditions ?? []).find((c) => c.type === 'IngressReady')?.reason;
    if (reason !== undefined) seen.reasons.add(reason);
    return share === 100 && traffic.length === 1;
  }

  it('moves the traffic to a new revision in steps over ~20 s under 20 req/s, failing no request, the Route showing each step', async () => {
    await platform.ok(['apply', '-f', '-'], { input: manifest(1) });
    await platform.ok(['wait', `ksvc/${ROLL}`, '-n', NS, '--for=condition=Ready', '--timeout=120s']);
    const answers: { at: number; status: number; revision: string }[] = [];
    const load = atRate(20, async () => {
      const answer = await gatewayGetFresh(platform.port, HOST).catch((error: Error) => ({ status: 0, body: error.message }));
      answers.push({ at: Date.now(), status: answer.status, revision: servingRevision(answer.body) });
    });
    const steps: number[] = [];
    const reasons = new Set<string>();
    try {
      await sleep(2000);
      await platform.ok(['apply', '-f', '-'], { input: manifest(2) });
      const next = `${ROLL}-00002`;
      await waitFor(() => watchRoute(next, { steps, reasons }), { description: `${next} at 100 % of the Route`, timeoutMs: 90_000, intervalMs: 250 });
      await sleep(2000);
    } finally {
      await load.stop();
    }
    const fromNew = answers.filter((a) => a.revision === `${ROLL}-00002`);
    const first = fromNew[0]?.at ?? 0;
    const allNew = answers.find((a, i) => answers.slice(i).every((b) => b.revision === `${ROLL}-00002`))?.at ?? 0;
    console.log(`rollout: ${answers.length} answers; Route steps for ${ROLL}-00002: ${steps.join(' → ')} %; first answer from it to the last from ${ROLL}-00001: ${((allNew - first) / 1000).toFixed(1)} s`);
    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    // From 1 % up in several steps to the whole, IngressReady Unknown RolloutInProgress meanwhile.
    expect(steps[0]).toBe(1);
    expect(steps.at(-1)).toBe(100);
    expect(steps.length).toBeGreaterThanOrEqual(5);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
    expect(reasons).toContain('RolloutInProgress');
    // The share of answers from the new revision rose: a little in the first quarter of the rollout, all of it at the end.
    const last = answers.at(-1)?.at ?? 0;
    const during = answers.filter((a) => a.at >= first && a.at < first + (last - first) / 4);
    expect(during.filter((a) => a.revision === `${ROLL}-00002`).length / during.length).toBeLessThan(0.5);
    expect(answers.slice(-20).every((a) => a.revision === `${ROLL}-00002`)).toBe(true);
  }, 180_000);

  it('rolls back by pinning all traffic to -00001; the let-go -00002 scales to zero despite its min-scale', async () => {
    await platform.ebb(['service', 'update', ROLL, '--traffic', `${ROLL}-00001=100`]);
    const seen = new Set<string>();
    for (let i = 0; i < 20; i += 1) seen.add(servingRevision((await gatewayGetFresh(platform.port, HOST)).body));
    expect([...seen]).toEqual([`${ROLL}-00001`]);
    // In reserve its PodAutoscaler is Unreachable: min-scale no longer holds its pod.
    const reachability = await waitFor(async () => (await platform.ok(['get', 'podautoscaler', `${ROLL}-00002`, '-n', NS, '-o', 'jsonpath={.spec.reachability}'])) === 'Unreachable', { description: `${ROLL}-00002 Unreachable`, timeoutMs: 30_000 });
    expect(reachability).toBe(true);
    await waitFor(async () => (await platform.ok(['get', 'pods', '-n', NS, '-l', `serving.knative.dev/revision=${ROLL}-00002`, '-o', 'name'])).trim() === '', { description: `${ROLL}-00002 at zero pods`, timeoutMs: 150_000, intervalMs: 1000 });
    expect(await platform.ok(['get', 'pods', '-n', NS, '-l', `serving.knative.dev/revision=${ROLL}-00001`, '-o', 'name'])).not.toBe('');
  }, 240_000);
});
