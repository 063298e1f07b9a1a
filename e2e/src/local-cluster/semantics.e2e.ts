import {
  apiRequest,
  createTestCertificates,
  kubectl,
  namespaceReady,
  startLocalCluster,
  startTestWebhook,
  waitFor,
  type ApiAnswer,
  type KubectlResult,
  type LocalCluster,
  type TestReply,
  type TestWebhook,
} from '@ebb/testing';
import type { ClientRequest, IncomingHttpHeaders } from 'node:http';
import { Agent, request } from 'node:https';

/**
 * API-server semantics the kubectl suite does not reach, each against Kubernetes' exact
 * behaviour: owner-reference garbage collection (background, foreground, orphan, dangling and
 * partly dangling references), deletecollection, the watch protocol over raw HTTPS (resume from
 * a resourceVersion, synthetic ADDED, label- and field-selector watches, initial events with their
 * bookmark, 410 Expired on a compacted history, timeoutSeconds), optimistic concurrency and
 * generation, a mutating webhook reached through a Service and its EndpointSlice, and dryRun=All.
 */
const WAIT_MS = 20_000;

type Target = Pick<LocalCluster, 'port' | 'caPem' | 'token'>;

interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

interface Meta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  deletionTimestamp?: string;
  ownerReferences?: OwnerReference[];
  continue?: string;
}

/** An object, list or Status as the server sends it. */
interface Obj {
  apiVersion?: string;
  kind?: string;
  metadata: Meta;
  items?: Obj[];
  spec?: Record<string, unknown>;
  status?: unknown;
  data?: Record<string, string>;
  code?: number;
  reason?: string;
  message?: string;
}

interface WatchEvent {
  type: string;
  object: Obj;
}

/** A watch stream being read as it arrives. */
interface Watch {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** Every event so far, in arrival order. */
  readonly events: WatchEvent[];
  /** Resolves when the response is over: true when the server ended it cleanly. */
  readonly ended: Promise<boolean>;
  close(): void;
}

let cluster: LocalCluster;
/** Every watch request opened by a test; destroyed after each test. */
const openRequests = new Set<ClientRequest>();

async function call(method: string, path: string, body?: unknown, contentType?: string): Promise<ApiAnswer> {
  return apiRequest(cluster, { method, path, body, ...(contentType === undefined ? {} : { headers: { 'content-type': contentType } }) });
}

/**
 * PUT `change(object)`; on 409 Conflict (a controller wrote the object meanwhile) re-read it and
 * try again, as clients do (client-go's RetryOnConflict).
 */
async function putRetryingConflicts(path: string, object: Obj, change: (o: Obj) => unknown): Promise<ApiAnswer> {
  let answer = await call('PUT', path, change(object));
  for (let tries = 1; answer.status === 409 && tries < 5; tries += 1) answer = await call('PUT', path, change(await getOk(path.replace(/\/status$/, ''))));
  return answer;
}

/** The object at `path`, or undefined on 404; anything else fails the test. */
async function get(path: string): Promise<Obj | undefined> {
  const answer = await call('GET', path);
  if (answer.status === 404) return undefined;
  expect(answer).toMatchObject({ status: 200 });
  return answer.json as Obj;
}

/** GET that must find the object. */
async function getOk(path: string): Promise<Obj> {
  const found = await get(path);
  if (found === undefined) throw new Error(`${path} not found`);
  return found;
}

/** POST that must answer 201; returns the created object. */
async function create(path: string, object: unknown): Promise<Obj> {
  const answer = await call('POST', path, object);
  expect({ path, status: answer.status, body: answer.status === 201 ? '' : answer.body }).toEqual({ path, status: 201, body: '' });
  return answer.json as Obj;
}

async function createNamespace(name: string, labels: Record<string, string> = {}): Promise<void> {
  await create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
  await namespaceReady(cluster, name);
}

function cms(ns: string): string {
  return `/api/v1/namespaces/${ns}/configmaps`;
}

function configMap(name: string, metadata: Partial<Meta> = {}, data: Record<string, string> = { a: '1' }): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...metadata }, data };
}

function secret(name: string, metadata: Partial<Meta> = {}): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, ...metadata }, type: 'Opaque', stringData: { key: 'value' } };
}

function deployment(name: string): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'nginx:1.26' }] } } },
  };
}

function ownerRef(owner: Obj, extra: Partial<OwnerReference> = {}): OwnerReference {
  return { apiVersion: 'v1', kind: 'ConfigMap', name: owner.metadata.name ?? '', uid: owner.metadata.uid ?? '', ...extra };
}

/** Waits (bounded) until `path` answers 404. */
async function gone(path: string): Promise<void> {
  await waitFor(async () => (await call('GET', path)).status === 404, { description: `${path} to be gone`, timeoutMs: WAIT_MS, intervalMs: 100 });
}

/** The resourceVersion of a list at `path`. */
async function listVersion(path: string): Promise<string> {
  return (await getOk(path)).metadata.resourceVersion ?? '';
}

function names(objects: readonly Obj[] | undefined): string[] {
  return (objects ?? []).map((object) => object.metadata.name ?? '').sort();
}

function summary(events: readonly WatchEvent[]): string[] {
  return events.map((event) => `${event.type} ${event.object.metadata.name ?? ''}`);
}

/** Splits the chunked body into JSON lines as they arrive. */
function lineReader(events: WatchEvent[]): (chunk: Buffer) => void {
  let buffer = '';
  return (chunk) => {
    buffer += chunk.toString('utf8');
    for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (line !== '') events.push(JSON.parse(line) as WatchEvent);
    }
  };
}

/** Opens a watch over raw HTTPS (the cluster's CA and token) and resolves once the headers came. */
function openWatch(target: Target, path: string): Promise<Watch> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const headers = { accept: 'application/json', authorization: `Bearer ${target.token}` };
    const req = request({ host: '127.0.0.1', port: target.port, path, method: 'GET', ca: target.caPem, headers, agent: false }, (res) => {
      answered = true;
      const events: WatchEvent[] = [];
      const ended = new Promise<boolean>((done) => {
        res.once('end', () => done(true));
        res.once('close', () => done(res.complete));
      });
      res.on('data', lineReader(events));
      resolve({ status: res.statusCode ?? 0, headers: res.headers, events, ended, close: () => req.destroy() });
    });
    openRequests.add(req);
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    req.end();
  });
}

/** Waits (bounded) until the watch has at least `count` events and returns them. */
async function events(watch: Watch, count: number, what: string): Promise<WatchEvent[]> {
  const options = {
    get description(): string {
      return `${what}: ${count} events, got ${JSON.stringify(summary(watch.events))}`;
    },
    timeoutMs: WAIT_MS,
  };
  return waitFor(() => (watch.events.length >= count ? watch.events.slice() : undefined), options);
}

/** Resolves with the promise's value, or rejects after `ms`. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

async function run(args: readonly string[]): Promise<KubectlResult> {
  return kubectl(cluster, args, { timeoutMs: 60_000 });
}

beforeAll(async () => {
  cluster = await startLocalCluster();
}, 60_000);

afterEach(() => {
  for (const req of openRequests) req.destroy();
  openRequests.clear();
});

afterAll(async () => {
  await cluster?.dispose();
});

describe('owner-reference garbage collection', () => {
  const NS = 'e2e-gc';
  const path = (name: string): string => `${cms(NS)}/${name}`;
  const secretPath = (name: string): string => `/api/v1/namespaces/${NS}/secrets/${name}`;

  /** An owner ConfigMap with a ConfigMap and a Secret depending on it. */
  async function family(prefix: string, dependentMeta: Partial<Meta> = {}): Promise<Obj> {
    const owner = await create(cms(NS), configMap(`${prefix}-owner`));
    await create(cms(NS), configMap(`${prefix}-cm`, { ...dependentMeta, ownerReferences: [ownerRef(owner, { blockOwnerDeletion: true })] }));
    await create(`/api/v1/namespaces/${NS}/secrets`, secret(`${prefix}-secret`, { ownerReferences: [ownerRef(owner)] }));
    return owner;
  }

  beforeAll(async () => {
    await createNamespace(NS);
  });

  it('background (the default): deleting the owner collects its dependents', async () => {
    await family('bg');
    expect(await run(['delete', 'configmap', 'bg-owner', '-n', NS])).toMatchObject({ code: 0, stdout: 'configmap "bg-owner" deleted\n' });
    expect(await get(path('bg-owner'))).toBeUndefined();
    await gone(path('bg-cm'));
    await gone(secretPath('bg-secret'));
  });

  it('foreground: the owner waits, marked, until a blocking dependent held by its own finalizer is gone', async () => {
    await family('fg', { finalizers: ['example.com/hold'] });
    const deleted = await run(['delete', 'configmap', 'fg-owner', '-n', NS, '--cascade=foreground', '--wait=false']);
    expect(deleted).toMatchObject({ code: 0, stdout: 'configmap "fg-owner" deleted\n' });
    const marked = await getOk(path('fg-owner'));
    expect(marked.metadata.deletionTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(marked.metadata.finalizers).toEqual(['foregroundDeletion']);
    await gone(secretPath('fg-secret'));
    const held = await waitFor(async () => ((await getOk(path('fg-cm'))).metadata.deletionTimestamp ? getOk(path('fg-cm')) : undefined), {
      description: 'the held dependent to be marked for deletion',
      timeoutMs: WAIT_MS,
    });
    expect(held.metadata.finalizers).toEqual(['example.com/hold']);
    expect((await getOk(path('fg-owner'))).metadata.finalizers).toEqual(['foregroundDeletion']);

    const release = await call('PATCH', path('fg-cm'), [{ op: 'remove', path: '/metadata/finalizers' }], 'application/json-patch+json');
    expect(release.status).toBe(200);
    await gone(path('fg-cm'));
    await gone(path('fg-owner'));
  });

  it('orphan: the owner goes and its dependents stay, their ownerReference removed', async () => {
    await family('orphan');
    expect(await run(['delete', 'configmap', 'orphan-owner', '-n', NS, '--cascade=orphan'])).toMatchObject({ code: 0, stdout: 'configmap "orphan-owner" deleted\n' });
    await gone(path('orphan-owner'));
    const kept = [await getOk(path('orphan-cm')), await getOk(secretPath('orphan-secret'))];
    expect(kept.map((object) => ({ name: object.metadata.name, ownerReferences: object.metadata.ownerReferences }))).toEqual([
      { name: 'orphan-cm', ownerReferences: undefined },
      { name: 'orphan-secret', ownerReferences: undefined },
    ]);
  });

  it.each([
    { name: 'a name that never existed', dependent: 'stray-never', ownerName: 'never-was' },
    { name: 'a live name with another uid', dependent: 'stray-uid', ownerName: 'alive' },
  ])('collects a dependent whose only owner uid never existed ($name)', async ({ dependent, ownerName }) => {
    await call('POST', cms(NS), configMap('alive'));
    const ghost: OwnerReference = { apiVersion: 'v1', kind: 'ConfigMap', name: ownerName, uid: '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f' };
    await create(cms(NS), configMap(dependent, { ownerReferences: [ghost] }));
    await gone(path(dependent));
    expect(await get(path('alive'))).toBeDefined();
  });

  it('keeps a dependent with two owners when one is deleted, with only the other reference', async () => {
    const first = await create(cms(NS), configMap('first-owner'));
    const second = await create(cms(NS), configMap('second-owner'));
    await create(cms(NS), configMap('shared', { ownerReferences: [ownerRef(first), ownerRef(second)] }));
    expect(await run(['delete', 'configmap', 'first-owner', '-n', NS])).toMatchObject({ code: 0 });
    const stripped = await waitFor(async () => {
      const shared = await getOk(path('shared'));
      return shared.metadata.ownerReferences?.length === 1 ? shared : undefined;
    }, { description: 'the deleted owner’s reference to be removed from the shared dependent', timeoutMs: WAIT_MS });
    expect(stripped.metadata.ownerReferences).toEqual([ownerRef(second)]);
    expect(await get(path('shared'))).toBeDefined();
  });
});

describe('deletecollection over raw HTTPS', () => {
  const NS = 'e2e-collection';

  it('deletes only what the label selector matches and answers with the deleted objects', async () => {
    await createNamespace(NS);
    for (const [name, tier] of [['web-1', 'web'], ['web-2', 'web'], ['db-1', 'db']] as const) await create(cms(NS), configMap(name, { labels: { tier } }));
    const answer = await call('DELETE', `${cms(NS)}?labelSelector=tier%3Dweb`);
    expect(answer.status).toBe(200);
    const deleted = answer.json as Obj;
    expect({ apiVersion: deleted.apiVersion, kind: deleted.kind, names: names(deleted.items) }).toEqual({ apiVersion: 'v1', kind: 'ConfigMapList', names: ['web-1', 'web-2'] });
    expect(names((await getOk(cms(NS))).items)).toEqual(['db-1', 'kube-root-ca.crt']);
  });
});

describe('the watch protocol over raw HTTPS', () => {
  it.each([
    { name: 'watch=1', ns: 'e2e-watch-one', flag: 'watch=1' },
    { name: 'watch=true', ns: 'e2e-watch-true', flag: 'watch=true' },
  ])('$name from a list resourceVersion streams only later changes, in order', async ({ ns, flag }) => {
    await createNamespace(ns);
    await create(cms(ns), configMap('before'));
    const version = await listVersion(cms(ns));
    const watch = await openWatch(cluster, `${cms(ns)}?${flag}&resourceVersion=${version}`);
    expect({ status: watch.status, type: watch.headers['content-type'] }).toEqual({ status: 200, type: 'application/json' });
    await create(cms(ns), configMap('later', {}, { step: 'one' }));
    expect((await call('PATCH', `${cms(ns)}/later`, { data: { step: 'two' } }, 'application/merge-patch+json')).status).toBe(200);
    expect((await call('DELETE', `${cms(ns)}/later`)).status).toBe(200);
    const seen = await events(watch, 3, 'a create, an update and a delete');
    expect(summary(seen)).toEqual(['ADDED later', 'MODIFIED later', 'DELETED later']);
    expect(seen.map((event) => event.object.data?.['step'])).toEqual(['one', 'two', 'two']);
    const versions = seen.map((event) => Number(event.object.metadata.resourceVersion));
    expect(versions[0]).toBeGreaterThan(Number(version));
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(3);
    expect(seen.map((event) => event.object.kind)).toEqual(['ConfigMap', 'ConfigMap', 'ConfigMap']);
  });

  it('without a resourceVersion starts with a synthetic ADDED for every existing object', async () => {
    const ns = 'e2e-watch-synthetic';
    await createNamespace(ns);
    await create(cms(ns), configMap('old-1'));
    await create(cms(ns), configMap('old-2'));
    const watch = await openWatch(cluster, `${cms(ns)}?watch=true`);
    // kube-root-ca.crt: the CA bundle the controllers put into every namespace, as on Kubernetes.
    const initial = await events(watch, 3, 'the synthetic ADDED events');
    expect(summary(initial).sort()).toEqual(['ADDED kube-root-ca.crt', 'ADDED old-1', 'ADDED old-2']);
    await create(cms(ns), configMap('new-1'));
    expect(summary(await events(watch, 4, 'the later create')).slice(3)).toEqual(['ADDED new-1']);
  });

  it('with a label selector: relabelled out arrives as DELETED, relabelled in as ADDED, others not at all', async () => {
    const ns = 'e2e-watch-labels';
    await createNamespace(ns);
    const version = await listVersion(cms(ns));
    const watch = await openWatch(cluster, `${cms(ns)}?watch=true&labelSelector=tier%3Dweb&resourceVersion=${version}`);
    const relabel = async (tier: string): Promise<void> => {
      expect((await call('PATCH', `${cms(ns)}/moving`, { metadata: { labels: { tier } } }, 'application/merge-patch+json')).status).toBe(200);
    };
    await create(cms(ns), configMap('moving', { labels: { tier: 'web' } }));
    await relabel('db');
    await relabel('web');
    await create(cms(ns), configMap('elsewhere', { labels: { tier: 'db' } }));
    expect((await call('DELETE', `${cms(ns)}/moving`)).status).toBe(200);
    expect(summary(await events(watch, 4, 'the selected changes'))).toEqual(['ADDED moving', 'DELETED moving', 'ADDED moving', 'DELETED moving']);
  });

  it('sendInitialEvents=true sends the initial ADDEDs, then a BOOKMARK marking their end', async () => {
    const ns = 'e2e-watch-initial';
    await createNamespace(ns);
    await create(cms(ns), configMap('first'));
    await create(cms(ns), configMap('second'));
    const watch = await openWatch(cluster, `${cms(ns)}?watch=true&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan`);
    const seen = await events(watch, 4, 'three ADDED (with kube-root-ca.crt) and a BOOKMARK');
    expect(summary(seen.slice(0, 3)).sort()).toEqual(['ADDED first', 'ADDED kube-root-ca.crt', 'ADDED second']);
    const bookmark = seen[3];
    expect(bookmark).toMatchObject({ type: 'BOOKMARK', object: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { annotations: { 'k8s.io/initial-events-end': 'true' } } } });
    const newest = Math.max(...seen.slice(0, 3).map((event) => Number(event.object.metadata.resourceVersion)));
    expect(Number(bookmark?.object.metadata.resourceVersion)).toBeGreaterThanOrEqual(newest);
  });

  it('timeoutSeconds=1 ends the stream cleanly', async () => {
    const watch = await openWatch(cluster, `${cms('default')}?watch=true&timeoutSeconds=1&resourceVersion=${await listVersion(cms('default'))}`);
    expect(watch.status).toBe(200);
    expect(await within(watch.ended, 15_000, 'the watch to end')).toBe(true);
  });

  describe('field selectors on pods', () => {
    const NS = 'e2e-fields';
    const pods = `/api/v1/namespaces/${NS}/pods`;
    let fieldWatch: Watch;

    // Bound to nodes no kubelet runs (the local cluster's kubelet is `local`), and one left to a
    // scheduler that does not exist, so nothing but this test changes their phase or node.
    function pod(name: string, nodeName?: string): Record<string, unknown> {
      const placement = nodeName === undefined ? { schedulerName: 'e2e-none' } : { nodeName };
      return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { ...placement, containers: [{ name: 'app', image: 'nginx:1.27' }] } };
    }

    beforeAll(async () => {
      await createNamespace(NS);
      await create(pods, pod('on-a', 'node-a'));
      await create(pods, pod('on-b', 'node-b'));
      await create(pods, pod('unscheduled'));
      fieldWatch = await openWatch(cluster, `${pods}?watch=true&fieldSelector=status.phase%3DRunning&resourceVersion=${await listVersion(pods)}`);
      const running = await getOk(`${pods}/on-a`);
      const put = await call('PUT', `${pods}/on-a/status`, { ...running, status: { ...(running.status as Record<string, unknown>), phase: 'Running' } });
      expect(put.status).toBe(200);
    });

    afterAll(() => fieldWatch?.close());

    it('a field-selector watch sees a pod entering the selection as ADDED', async () => {
      const seen = await events(fieldWatch, 1, 'the pod turning Running');
      expect(seen.map((event) => ({ type: event.type, name: event.object.metadata.name, phase: (event.object.status as { phase?: string }).phase }))).toEqual([
        { type: 'ADDED', name: 'on-a', phase: 'Running' },
      ]);
    });

    it.each([
      { name: 'status.phase=Running', selector: 'status.phase%3DRunning', expected: ['on-a'] },
      { name: 'status.phase=Pending (the phase a new pod gets)', selector: 'status.phase%3DPending', expected: ['on-b', 'unscheduled'] },
      { name: 'spec.nodeName=node-a', selector: 'spec.nodeName%3Dnode-a', expected: ['on-a'] },
      { name: 'spec.nodeName= (unscheduled)', selector: 'spec.nodeName%3D', expected: ['unscheduled'] },
      { name: 'spec.nodeName!=node-a,status.phase!=Running', selector: 'spec.nodeName!%3Dnode-a,status.phase!%3DRunning', expected: ['on-b', 'unscheduled'] },
    ])('lists by $name', async ({ selector, expected }) => {
      expect(names((await getOk(`${pods}?fieldSelector=${selector}`)).items)).toEqual(expected);
    });

    it.each([
      { name: 'a list', query: 'fieldSelector=spec.dnsPolicy%3DClusterFirst' },
      { name: 'a watch', query: 'watch=1&fieldSelector=spec.dnsPolicy%3DClusterFirst' },
    ])('refuses an unsupported field in $name with 400', async ({ query }) => {
      const answer = await apiRequest(cluster, { path: `${pods}?${query}`, timeoutMs: 10_000 });
      expect(answer).toMatchObject({ status: 400, json: { kind: 'Status', status: 'Failure', reason: 'BadRequest', code: 400, message: 'field label not supported: spec.dnsPolicy' } });
    });
  });
});

describe('an expired history (a second cluster with --watch-history 100)', () => {
  const NS = 'e2e-expiry';
  let small: LocalCluster;
  let firstVersion: string;
  let continueToken: string;

  beforeAll(async () => {
    small = await startLocalCluster({ extraArgs: ['--watch-history', '100'] });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const post = async (path: string, body: unknown): Promise<void> => {
      expect((await apiRequest(small, { method: 'POST', path, body, agent })).status).toBe(201);
    };
    try {
      await post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
      await post(cms(NS), configMap('page-a'));
      await post(cms(NS), configMap('page-b'));
      const page = (await apiRequest(small, { path: `${cms(NS)}?limit=1`, agent })).json as Obj;
      firstVersion = page.metadata.resourceVersion ?? '';
      continueToken = page.metadata.continue ?? '';
      expect({ firstVersion: /^\d+$/.test(firstVersion), continued: continueToken !== '' }).toEqual({ firstVersion: true, continued: true });
      for (let i = 0; i < 150; i++) await post(cms(NS), configMap(`write-${String(i).padStart(3, '0')}`));
    } finally {
      agent.destroy();
    }
  }, 120_000);

  afterAll(async () => {
    await small?.dispose();
  });

  it('a watch from the first list’s resourceVersion gets one ERROR 410 Expired, then the stream ends', async () => {
    const watch = await openWatch(small, `${cms(NS)}?watch=true&resourceVersion=${firstVersion}`);
    expect(watch.status).toBe(200);
    expect(await within(watch.ended, WAIT_MS, 'the expired watch to end')).toBe(true);
    expect(watch.events).toHaveLength(1);
    expect(watch.events[0]).toMatchObject({ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410 } });
    const message = watch.events[0]?.object.message ?? '';
    const match = /^too old resource version: (\d+) \((\d+)\)$/.exec(message);
    expect({ message, matched: match !== null }).toEqual({ message, matched: true });
    expect(match?.[1]).toBe(firstVersion);
    expect(Number(match?.[2])).toBeGreaterThan(Number(firstVersion));
  });

  it('a list with an expired continue token is 410 Expired', async () => {
    const answer = await apiRequest(small, { path: `${cms(NS)}?limit=1&continue=${encodeURIComponent(continueToken)}` });
    expect(answer).toMatchObject({ status: 410, json: { kind: 'Status', status: 'Failure', reason: 'Expired', code: 410 } });
    expect((answer.json as Obj).message).toMatch(/^The provided continue parameter is too old to display a consistent list result\. You can start a new list without the continue parameter/);
  });
});

describe('optimistic concurrency and generation over raw HTTPS', () => {
  const NS = 'e2e-versions';
  const deployments = `/apis/apps/v1/namespaces/${NS}/deployments`;

  beforeAll(async () => {
    await createNamespace(NS);
  });

  it.each([
    { name: 'a ConfigMap', collection: cms(NS), object: configMap('contended'), change: (o: Obj): Obj => ({ ...o, data: { a: '2' } }), resource: 'configmaps "contended"' },
    {
      name: 'a Deployment',
      collection: deployments,
      object: deployment('contended'),
      change: (o: Obj): Obj => ({ ...o, spec: { ...o.spec, replicas: 2 } }),
      resource: 'deployments.apps "contended"',
    },
  ])('a PUT of $name with a stale resourceVersion is 409 Conflict', async ({ collection, object, change, resource }) => {
    const stale = await create(collection, object);
    // The Deployment controller may write the status in between: a real client re-reads and retries.
    expect((await putRetryingConflicts(`${collection}/contended`, stale, change)).status).toBe(200);
    const current = await getOk(`${collection}/contended`);
    const refused = await call('PUT', `${collection}/contended`, change(stale));
    expect(refused).toMatchObject({
      status: 409,
      json: {
        kind: 'Status',
        status: 'Failure',
        reason: 'Conflict',
        code: 409,
        message: `Operation cannot be fulfilled on ${resource}: the object has been modified; please apply your changes to the latest version and try again`,
      },
    });
    const after = await getOk(`${collection}/contended`);
    expect({ spec: after.spec, data: after.data, generation: after.metadata.generation }).toEqual({ spec: current.spec, data: current.data, generation: current.metadata.generation });
  });

  it.each([
    {
      name: 'a spec change bumps it',
      deployment: 'gen-spec',
      write: (o: Obj): [string, unknown] => ['', { ...o, spec: { ...o.spec, template: { metadata: { labels: { app: 'gen-spec' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } } } }],
      generation: 2,
    },
    { name: 'a label change does not', deployment: 'gen-label', write: (o: Obj): [string, unknown] => ['', { ...o, metadata: { ...o.metadata, labels: { app: 'gen-label', extra: 'yes' } } }], generation: 1 },
    // Kubernetes' deployment strategy: annotations are copied to ReplicaSets, so a change counts.
    { name: 'an annotation change bumps it', deployment: 'gen-note', write: (o: Obj): [string, unknown] => ['', { ...o, metadata: { ...o.metadata, annotations: { note: 'yes' } } }], generation: 2 },
    { name: 'a status write does not', deployment: 'gen-status', write: (o: Obj): [string, unknown] => ['/status', { ...o, status: { observedGeneration: 1, replicas: 1 } }], generation: 1 },
  ])('a Deployment’s metadata.generation: $name', async ({ deployment: name, write, generation }) => {
    const created = await create(deployments, deployment(name));
    expect(created.metadata.generation).toBe(1);
    const [subresource] = write(created);
    const written = await putRetryingConflicts(`${deployments}/${name}${subresource}`, created, (o) => write(o)[1]);
    expect(written.status).toBe(200);
    const stored = await getOk(`${deployments}/${name}`);
    expect(stored.metadata.generation).toBe(generation);
    expect(stored.metadata.resourceVersion).not.toBe(created.metadata.resourceVersion);
  });

  it('a ConfigMap has no generation, created or updated', async () => {
    const created = await create(cms(NS), configMap('no-generation'));
    const updated = await call('PUT', `${cms(NS)}/no-generation`, { ...created, data: { a: '2' } });
    expect({ created: created.metadata.generation, updated: (updated.json as Obj).metadata.generation, status: updated.status }).toEqual({ created: undefined, updated: undefined, status: 200 });
  });
});

interface AdmissionReview {
  request: { uid: string; object?: { metadata?: { labels?: Record<string, string> } } };
}

/** A JSONPatch that adds the label `mutated: yes`. */
function labelPatch(review: AdmissionReview): string {
  const hasLabels = review.request.object?.metadata?.labels !== undefined;
  const patch = hasLabels ? [{ op: 'add', path: '/metadata/labels/mutated', value: 'yes' }] : [{ op: 'add', path: '/metadata/labels', value: { mutated: 'yes' } }];
  return Buffer.from(JSON.stringify(patch)).toString('base64');
}

/** The answer to `review`: allowed, with a JSONPatch that adds the label `mutated: yes`. */
function labelAnswer(review: AdmissionReview): TestReply {
  const response = { uid: review.request.uid, allowed: true, patchType: 'JSONPatch', patch: labelPatch(review) };
  return { body: { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response } };
}

/** An HTTPS mutating webhook on 127.0.0.1 serving `dnsName` that labels every object it is asked about; `reviews()` are the reviews it was sent. */
async function startLabellingWebhook(dnsName: string): Promise<TestWebhook & { caBundle: string; reviews(): AdmissionReview[] }> {
  const certs = await createTestCertificates({ dnsNames: [dnsName], ipAddresses: [] });
  const hook = await startTestWebhook(certs, (body) => labelAnswer(body as AdmissionReview));
  return { ...hook, caBundle: certs.caBundle, reviews: () => hook.calls.map((call) => call.body as AdmissionReview) };
}

describe('a mutating webhook reached through a Service and its EndpointSlice', () => {
  const NS = 'e2e-hooks';
  const SERVICE = 'mutator';
  const HOOK = 'label.e2e.example.com';
  const CONFIG = '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/e2e-label';
  let webhook: Awaited<ReturnType<typeof startLabellingWebhook>>;

  beforeAll(async () => {
    webhook = await startLabellingWebhook(`${SERVICE}.${NS}.svc`);
    await createNamespace(NS, { 'e2e-hooks': 'on' });
    await create(`/api/v1/namespaces/${NS}/services`, { apiVersion: 'v1', kind: 'Service', metadata: { name: SERVICE }, spec: { ports: [{ port: 443, targetPort: webhook.port, protocol: 'TCP' }] } });
    await create(`/apis/discovery.k8s.io/v1/namespaces/${NS}/endpointslices`, {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: `${SERVICE}-slice`, labels: { 'kubernetes.io/service-name': SERVICE } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true } }],
      ports: [{ name: '', port: webhook.port, protocol: 'TCP' }],
    });
    await create('/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations', {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'MutatingWebhookConfiguration',
      metadata: { name: 'e2e-label' },
      webhooks: [
        {
          name: HOOK,
          clientConfig: { service: { namespace: NS, name: SERVICE, path: '/mutate', port: 443 }, caBundle: webhook.caBundle },
          rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['configmaps'], scope: 'Namespaced' }],
          namespaceSelector: { matchLabels: { 'e2e-hooks': 'on' } },
          admissionReviewVersions: ['v1'],
          sideEffects: 'None',
          failurePolicy: 'Fail',
          timeoutSeconds: 5,
        },
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await call('DELETE', CONFIG);
    await webhook.close();
  });

  it('labels a created ConfigMap through the JSONPatch it answers', async () => {
    const created = await create(cms(NS), configMap('labelled', { labels: { own: 'label' } }));
    expect(created.metadata.labels).toEqual({ own: 'label', mutated: 'yes' });
    expect((await getOk(`${cms(NS)}/labelled`)).metadata.labels).toEqual({ own: 'label', mutated: 'yes' });
    expect(webhook.reviews().length).toBeGreaterThanOrEqual(1);
  });

  describe('with the webhook server stopped', () => {
    beforeAll(async () => {
      await webhook.close();
    });

    it.each([
      { name: 'Ignore: the create succeeds, unlabelled', policy: 'Ignore', object: 'ignored', expected: { status: 201 }, stored: true },
      {
        name: 'Fail: the create fails with "failed calling webhook"',
        policy: 'Fail',
        object: 'failed',
        expected: {
          status: 500,
          json: {
            kind: 'Status',
            reason: 'InternalError',
            code: 500,
            message: expect.stringMatching(
              new RegExp(`^Internal error occurred: failed calling webhook "${HOOK}": failed to call webhook: Post "https://${SERVICE}\\.${NS}\\.svc:443/mutate\\?timeout=5s": dial tcp [0-9.]+:\\d+: connect: connection refused$`),
            ) as unknown,
          },
        },
        stored: false,
      },
    ])('failurePolicy $name', async ({ policy, object, expected, stored }) => {
      const patched = await call('PATCH', CONFIG, [{ op: 'replace', path: '/webhooks/0/failurePolicy', value: policy }], 'application/json-patch+json');
      expect(patched.status).toBe(200);
      const answer = await call('POST', cms(NS), configMap(object));
      expect(answer).toMatchObject(expected);
      const found = await get(`${cms(NS)}/${object}`);
      expect({ stored: found !== undefined, labels: found?.metadata.labels }).toEqual({ stored, labels: undefined });
    });
  });
});

describe('dryRun=All changes nothing', () => {
  const NS = 'e2e-dry-run';
  const object = `${cms(NS)}/dry`;

  beforeAll(async () => {
    await createNamespace(NS);
    await create(cms(NS), configMap('dry', {}, { v: '1' }));
  });

  it.each([
    { name: 'create', method: 'POST', path: `${cms(NS)}?dryRun=All`, body: configMap('dry-new', {}, { v: 'new' }), contentType: undefined, status: 201, answered: { metadata: { name: 'dry-new' }, data: { v: 'new' } } },
    { name: 'update', method: 'PUT', path: `${object}?dryRun=All`, body: configMap('dry', {}, { v: 'put' }), contentType: undefined, status: 200, answered: { metadata: { name: 'dry' }, data: { v: 'put' } } },
    {
      name: 'patch',
      method: 'PATCH',
      path: `${object}?dryRun=All`,
      body: { data: { v: 'patched' } },
      contentType: 'application/merge-patch+json',
      status: 200,
      answered: { metadata: { name: 'dry' }, data: { v: 'patched' } },
    },
    { name: 'delete', method: 'DELETE', path: `${object}?dryRun=All`, body: undefined, contentType: undefined, status: 200, answered: { kind: 'Status', status: 'Success', details: { name: 'dry', kind: 'configmaps' } } },
  ])('a dry-run $name answers as if done, and stores nothing', async ({ method, path, body, contentType, status, answered }) => {
    const before = await getOk(object);
    const answer = await call(method, path, body, contentType);
    expect({ status: answer.status, body: answer.status === status ? '' : answer.body }).toEqual({ status, body: '' });
    expect(answer.json).toMatchObject(answered);
    expect(await getOk(object)).toEqual(before);
    expect(await get(`${cms(NS)}/dry-new`)).toBeUndefined();
    expect(names((await getOk(cms(NS))).items)).toEqual(['dry', 'kube-root-ca.crt']);
  });
});

describe('Events: one store, two APIs', () => {
  const NS = 'e2e-events';

  beforeAll(async () => {
    await createNamespace(NS);
    await create(cms(NS), configMap('subject'));
  });

  it('serves an events.k8s.io/v1 Event as the core/v1 Event kubectl describe reads, and back', async () => {
    const subject = await getOk(`${cms(NS)}/subject`);
    await create(`/apis/events.k8s.io/v1/namespaces/${NS}/events`, {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name: 'subject.recorded' },
      regarding: { apiVersion: 'v1', kind: 'ConfigMap', name: 'subject', namespace: NS, uid: subject.metadata.uid },
      reason: 'Recorded',
      note: 'recorded through events.k8s.io',
      type: 'Normal',
      action: 'Record',
      reportingController: 'e2e-controller',
      reportingInstance: 'e2e-1',
      eventTime: '2026-11-26T00:00:00.000000Z',
    });
    expect(await getOk(`/api/v1/namespaces/${NS}/events/subject.recorded`)).toMatchObject({
      apiVersion: 'v1',
      kind: 'Event',
      involvedObject: { kind: 'ConfigMap', name: 'subject' },
      message: 'recorded through events.k8s.io',
      reportingComponent: 'e2e-controller',
    });
    const described = await run(['describe', 'configmap', 'subject', '-n', NS]);
    expect(described.code).toBe(0);
    expect(described.stdout).toMatch(/Normal\s+Recorded\s+.*recorded through events\.k8s\.io/);

    await create(`/api/v1/namespaces/${NS}/events`, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'subject.core' },
      involvedObject: { apiVersion: 'v1', kind: 'ConfigMap', name: 'subject', namespace: NS, uid: subject.metadata.uid },
      reason: 'Core',
      message: 'recorded through core/v1',
      type: 'Warning',
      source: { component: 'e2e' },
    });
    expect(await getOk(`/apis/events.k8s.io/v1/namespaces/${NS}/events/subject.core`)).toMatchObject({
      apiVersion: 'events.k8s.io/v1',
      regarding: { kind: 'ConfigMap', name: 'subject' },
      note: 'recorded through core/v1',
      deprecatedSource: { component: 'e2e' },
    });
    const listed = await call('GET', `/apis/events.k8s.io/v1/namespaces/${NS}/events?fieldSelector=regarding.name%3Dsubject`);
    expect((listed.json as { items: Obj[] }).items.map((e) => e.metadata.name).sort()).toEqual(['subject.core', 'subject.recorded']);
  });

  it('stores a Secret’s stringData in data, base64', async () => {
    await create(`/api/v1/namespaces/${NS}/secrets`, secret('with-string-data'));
    expect(await getOk(`/api/v1/namespaces/${NS}/secrets/with-string-data`)).toMatchObject({ data: { key: 'dmFsdWU=' }, type: 'Opaque' });
    expect((await getOk(`/api/v1/namespaces/${NS}/secrets/with-string-data`) as Obj & { stringData?: unknown }).stringData).toBeUndefined();
  });
});
