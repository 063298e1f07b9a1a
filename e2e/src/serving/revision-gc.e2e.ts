import { processAlive, processIdOf, waitFor } from '@ebb/testing';
import { LocalPlatform } from './local-platform.js';

/**
 * Issue 10's garbage collection on `ebb up`, with config-gc at small values (1 s retention, one
 * non-active revision kept): a Service updated five times keeps its routed revision and one
 * reserve revision, and the others go with their Deployments, ReplicaSets and pods (whose
 * processes end); a tagged revision is kept while tagged and collected once untagged and aged.
 * Routing state: routed revisions are labelled active, let-go ones reserve.
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
  await platform?.stop();
}, 200_000);

const revisionName = (n: number): string => `${SERVICE}-${String(n).padStart(5, '0')}`;

interface Listed {
  items: { metadata: { name: string; labels?: Record<string, string> }; status?: { containerStatuses?: { containerID?: string }[] } }[];
}

/** The names of the objects of `kind` belonging to the Service's configuration. */
async function owned(kind: string): Promise<string[]> {
  const list = await platform.json<Listed>(['get', kind, '-n', NS, '-l', `serving.knative.dev/configuration=${SERVICE}`]);
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
