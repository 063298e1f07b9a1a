import { kubeConfigFor } from './client.js';
import { LeaderElectionConfigError, LeaderElector, leaseClaim, microTime, type Lease, type LeaseSpec } from './leader-election.js';
import { FakeApiServer, type CannedResponse, type RecordedRequest } from './testing/fake-api-server.js';
import { captureLogger, until } from './testing/support.js';

const LEASES = '/apis/coordination.k8s.io/v1/namespaces/ebb-system/leases';
const LEASE = `${LEASES}/controller`;
const T0 = new Date('2024-05-01T10:00:00.000Z');
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);

describe('microTime', () => {
  it.each([
    { name: 'whole seconds', date: T0, want: '2024-05-01T10:00:00.000000Z' },
    { name: 'milliseconds', date: new Date('2024-05-01T10:00:00.123Z'), want: '2024-05-01T10:00:00.123000Z' },
  ])('$name', ({ date, want }) => {
    expect(microTime(date)).toBe(want);
  });
});

describe('leaseClaim', () => {
  const held = (holder: string, extra: Partial<LeaseSpec> = {}): LeaseSpec => ({
    holderIdentity: holder,
    leaseDurationSeconds: 15,
    acquireTime: '2024-05-01T09:00:00.000000Z',
    renewTime: '2024-05-01T09:59:58.000000Z',
    leaseTransitions: 3,
    ...extra,
  });
  const now = microTime(at(0));
  it.each([
    { name: 'no lease: create it', current: undefined, observedAt: undefined, want: { holderIdentity: 'me', leaseDurationSeconds: 15, acquireTime: now, renewTime: now, leaseTransitions: 0 } },
    {
      name: 'held by me: renew, keeping acquireTime and transitions',
      current: held('me'),
      observedAt: at(-2),
      want: { holderIdentity: 'me', leaseDurationSeconds: 15, acquireTime: '2024-05-01T09:00:00.000000Z', renewTime: now, leaseTransitions: 3 },
    },
    { name: 'held by another, seen changing 14 s ago: wait', current: held('other'), observedAt: at(-14), want: undefined },
    { name: 'held by another, never seen before: wait a full duration', current: held('other'), observedAt: undefined, want: undefined },
    { name: 'held by another, unchanged for 15 s: take over', current: held('other'), observedAt: at(-15), want: { holderIdentity: 'me', leaseDurationSeconds: 15, acquireTime: now, renewTime: now, leaseTransitions: 4 } },
    { name: 'released (no holder): take over at once', current: held('', { leaseDurationSeconds: 1 }), observedAt: at(0), want: { holderIdentity: 'me', leaseDurationSeconds: 15, acquireTime: now, renewTime: now, leaseTransitions: 4 } },
    { name: 'empty spec: take over, first transition', current: {}, observedAt: at(0), want: { holderIdentity: 'me', leaseDurationSeconds: 15, acquireTime: now, renewTime: now, leaseTransitions: 1 } },
  ])('$name', ({ current, observedAt, want }) => {
    expect(leaseClaim(current, { identity: 'me', leaseDurationSeconds: 15, now: at(0), observedAt })).toEqual(want);
  });
});

describe('LeaderElector options', () => {
  const { logger } = captureLogger();
  const kubeConfig = kubeConfigFor({ server: 'http://127.0.0.1:1', caPem: '', token: '' });
  it.each([
    { name: 'fractional lease duration', timings: { leaseDurationSeconds: 1.5 }, identity: 'a' },
    { name: 'lease not longer than renew deadline', timings: { leaseDurationSeconds: 10, renewDeadlineSeconds: 10 }, identity: 'a' },
    { name: 'renew deadline within jittered retry', timings: { renewDeadlineSeconds: 2.4, retryPeriodSeconds: 2 }, identity: 'a' },
    { name: 'empty identity', timings: {}, identity: '' },
  ])('$name is refused', ({ timings, identity }) => {
    expect(() => new LeaderElector({ kubeConfig, namespace: 'ebb-system', name: 'controller', identity, logger, ...timings })).toThrow(LeaderElectionConfigError);
  });
});

/** One Lease as the API server keeps it: create (409 when it exists), get (404), PUT with resourceVersion (409 when stale). */
class LeaseStore {
  lease: Lease | undefined;
  readonly writes: LeaseSpec[] = [];
  private revision = 0;

  respond(request: RecordedRequest): CannedResponse | undefined {
    if (request.method === 'GET' && request.path === LEASE) return this.lease === undefined ? notFound() : { status: 200, body: this.lease };
    if (request.method === 'POST' && request.path === LEASES) return this.lease === undefined ? this.store(request.body as Lease, 201) : conflict('AlreadyExists');
    if (request.method === 'PUT' && request.path === LEASE) return this.replace(request.body as Lease);
    return undefined;
  }

  private replace(body: Lease): CannedResponse {
    if (this.lease === undefined) return notFound();
    if (body.metadata?.resourceVersion !== this.lease.metadata?.resourceVersion) return conflict('Conflict');
    return this.store(body, 200);
  }

  private store(body: Lease, status: number): CannedResponse {
    this.revision += 1;
    this.lease = { ...body, metadata: { ...body.metadata, resourceVersion: String(this.revision) } };
    this.writes.push(body.spec ?? {});
    return { status, body: this.lease };
  }
}

function notFound(): CannedResponse {
  return { status: 404, body: { kind: 'Status', code: 404, reason: 'NotFound', message: 'leases.coordination.k8s.io "controller" not found' } };
}

function conflict(reason: string): CannedResponse {
  return { status: 409, body: { kind: 'Status', code: 409, reason, message: 'Operation cannot be fulfilled on leases.coordination.k8s.io "controller": the object has been modified' } };
}

interface Candidate {
  readonly server: FakeApiServer;
  readonly elector: LeaderElector;
  readonly changes: boolean[];
}

const running: Candidate[] = [];

afterEach(async () => {
  for (const candidate of running.splice(0)) {
    await candidate.elector.stop();
    await candidate.server.close();
  }
});

/** A candidate with its own API server in front of the shared store (closing it is the candidate "dying"). */
async function candidate(store: LeaseStore, identity: string): Promise<Candidate> {
  const server = await FakeApiServer.start('/api/v1/pods');
  server.respond = (request): CannedResponse | undefined => store.respond(request);
  const { logger } = captureLogger();
  const kubeConfig = kubeConfigFor({ server: server.url, caPem: '', token: '' });
  const elector = new LeaderElector({ kubeConfig, namespace: 'ebb-system', name: 'controller', identity, logger, leaseDurationSeconds: 1, renewDeadlineSeconds: 0.5, retryPeriodSeconds: 0.1 });
  const changes: boolean[] = [];
  elector.onChange((leading) => changes.push(leading));
  const c = { server, elector, changes };
  running.push(c);
  return c;
}

const MICRO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

describe('LeaderElector', () => {
  it('creates the lease and renews it, keeping acquireTime', async () => {
    const store = new LeaseStore();
    const a = await candidate(store, 'a');
    a.elector.start();
    await until(() => a.elector.isLeader());
    expect(a.changes).toEqual([true]);
    await until(() => store.writes.length >= 3);
    const [created, , renewed] = store.writes;
    expect(created).toEqual({ holderIdentity: 'a', leaseDurationSeconds: 1, acquireTime: created?.renewTime, renewTime: created?.renewTime, leaseTransitions: 0 });
    expect(created?.renewTime).toMatch(MICRO_TIME);
    expect(renewed).toMatchObject({ holderIdentity: 'a', leaseDurationSeconds: 1, acquireTime: created?.acquireTime, leaseTransitions: 0 });
    expect(renewed?.renewTime).toMatch(MICRO_TIME);
    expect(store.lease).toMatchObject({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'controller', namespace: 'ebb-system' } });
  });

  it('lets exactly one of two candidates lead; the other takes over at once when the leader stops (release)', async () => {
    const store = new LeaseStore();
    const a = await candidate(store, 'a');
    const b = await candidate(store, 'b');
    a.elector.start();
    b.elector.start();
    await until(() => a.elector.isLeader() || b.elector.isLeader());
    const [leader, follower] = a.elector.isLeader() ? [a, b] : [b, a];
    const leaderId = leader === a ? 'a' : 'b';
    const seenBefore = follower.server.requestsOf('GET').length;
    await until(() => follower.server.requestsOf('GET').length >= seenBefore + 3);
    expect([leader.elector.isLeader(), follower.elector.isLeader(), follower.changes]).toEqual([true, false, []]);
    expect(store.lease?.spec?.holderIdentity).toBe(leaderId);

    await leader.elector.stop();
    expect([leader.elector.isLeader(), leader.changes]).toEqual([false, [true, false]]);
    expect(store.writes.find((spec) => spec.holderIdentity === '')).toMatchObject({ holderIdentity: '', leaseDurationSeconds: 1, leaseTransitions: 0 });
    await until(() => follower.elector.isLeader(), 1500);
    expect(follower.changes).toEqual([true]);
    expect(store.lease?.spec).toMatchObject({ holderIdentity: follower === a ? 'a' : 'b', leaseTransitions: 1 });
  });

  it('takes over after the lease expires when the leader dies without releasing; the cut-off leader steps down', async () => {
    const store = new LeaseStore();
    const a = await candidate(store, 'a');
    a.elector.start();
    await until(() => a.elector.isLeader());
    const b = await candidate(store, 'b');
    b.elector.start();
    await until(() => b.server.requestsOf('GET').length >= 2);
    expect(b.elector.isLeader()).toBe(false);

    await a.server.close();
    await until(() => a.changes.length === 2);
    expect([a.changes, a.elector.isLeader()]).toEqual([[true, false], false]);
    await until(() => b.elector.isLeader());
    expect(store.writes.some((spec) => spec.holderIdentity === '')).toBe(false);
    expect(store.lease?.spec).toMatchObject({ holderIdentity: 'b', leaseDurationSeconds: 1, leaseTransitions: 1 });
    expect(b.changes).toEqual([true]);
  });

  it('steps down when another holder took the lease', async () => {
    const store = new LeaseStore();
    const a = await candidate(store, 'a');
    a.elector.start();
    await until(() => a.elector.isLeader());
    const lease = store.lease as Lease;
    store.lease = { ...lease, metadata: { ...lease.metadata, resourceVersion: '1000' }, spec: { ...lease.spec, holderIdentity: 'intruder', leaseDurationSeconds: 60 } };
    await until(() => a.changes.length === 2);
    expect([a.changes, a.elector.isLeader(), store.lease.spec?.holderIdentity]).toEqual([[true, false], false, 'intruder']);
  });
});
