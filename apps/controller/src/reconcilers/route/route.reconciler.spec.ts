// Reconciler table for the Route: each row states the world before (FakeKind caches), the
// Route, and what must happen — the writes per kind, the Route's status and the Events.
import { EBB_INGRESS_CLASS, type Condition, type Configuration, type Ingress, type Revision, type Route, type RouteStatus, type TrafficTarget } from '@ebb/api';
import { parseDomainConfig } from '@ebb/config';
import { KubeApiError, type KubeObjectLike, type ReconcileContext } from '@ebb/kube';
import type { V1Service } from '@kubernetes/client-node';
import { pino } from 'pino';
import type { ServingConfig } from '../deps.js';
import { FakeKind } from '../testing/fake-kind.js';
import { defaultServingConfig } from '../testing/reconcile-context.spec-support.js';
import { routeHosts } from './domains.js';
import { makeIngress } from './resources/ingress.js';
import { makePlaceholderService } from './resources/placeholder-service.js';
import { RouteReconciler, type MetadataPatcher } from './route.reconciler.js';
import { resolveTraffic } from './traffic.js';

const NOW = '2026-01-01T00:00:10Z';
const BEFORE = '2025-12-31T00:00:00Z';
const GATEWAY = 'ebb-gateway.ebb-system.svc.cluster.local';
const parsedDomain = parseDomainConfig({ 'example.com': '' });
const defaults = defaultServingConfig();
const config: ServingConfig = {
  ...defaults,
  network: { ...defaults.network, ingressClass: EBB_INGRESS_CLASS },
  domain: parsedDomain.ok ? parsedDomain.config : defaults.domain,
};

// ---- fixtures -------------------------------------------------------------------------------

const readyConditions = (status: Condition['status']): Condition[] => [{ type: 'Ready', status }];
const configuration: Configuration = {
  metadata: { name: 'hello', namespace: 'default', generation: 2, labels: { 'serving.knative.dev/service': 'hello' } },
  status: { observedGeneration: 2, latestReadyRevisionName: 'hello-00002', latestCreatedRevisionName: 'hello-00002', conditions: readyConditions('True') },
};
const revision = (name: string, ready: Condition['status'] = 'True'): Revision => ({
  metadata: { name, namespace: 'default', generation: 1, labels: { 'serving.knative.dev/configuration': 'hello', 'serving.knative.dev/service': 'hello' } },
  spec: { containers: [{ image: 'ko://hello' }] },
  status: { observedGeneration: 1, conditions: readyConditions(ready) },
});
const revisions = [revision('hello-00001'), revision('hello-00002'), revision('hello-00003', 'Unknown')];

const LATEST: TrafficTarget = { configurationName: 'hello', latestRevision: true, percent: 100 };
const route = (traffic: TrafficTarget[], status?: RouteStatus): Route => ({
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Route',
  metadata: { name: 'hello', namespace: 'default', uid: 'uid-route', generation: 1, labels: { 'serving.knative.dev/service': 'hello' } },
  spec: { traffic },
  ...(status === undefined ? {} : { status }),
});

/** The Ingress and placeholders a route reconciled earlier left behind (via the builders), Ingress Ready. */
function programmed(r: Route): { ingress: Ingress; services: V1Service[] } {
  const hosts = routeHosts(r, config);
  const traffic = resolveTraffic(r, { configurations: new FakeKind([configuration]), revisions: new FakeKind(revisions) });
  if (!hosts.ok || !traffic.ok) throw new Error('fixture does not resolve');
  const built = makeIngress(r, traffic.targets, hosts.hosts, { networkConfig: config.network });
  const ingress: Ingress = {
    ...built,
    metadata: { ...built.metadata, uid: 'uid-ingress', generation: 1, resourceVersion: '7' },
    status: {
      observedGeneration: 1,
      conditions: [{ type: 'Ready', status: 'True' }],
      publicLoadBalancer: { ingress: [{ domainInternal: GATEWAY }] },
      privateLoadBalancer: { ingress: [{ domainInternal: GATEWAY }] },
    },
  };
  const names = [...traffic.targets.keys()].sort();
  const services = names.map((n) => makePlaceholderService(r, n === '' ? hosts.hosts : (hosts.hosts.tags.get(n) ?? hosts.hosts), ingress));
  return { ingress, services };
}

const c = (type: string, status: Condition['status'], reason?: string, message?: string): Condition => ({
  type,
  status,
  lastTransitionTime: NOW,
  ...(reason === undefined ? {} : { reason }),
  ...(message === undefined ? {} : { message }),
});
const NOT_CONFIGURED = ['IngressNotConfigured', 'Ingress has not yet been reconciled.'] as const;
const TLS = c('CertificateProvisioned', 'True', 'TLSNotEnabled', 'external-domain-tls is not enabled');
const ADDRESS = { url: 'http://hello.default.svc.cluster.local' };
const URL = 'http://hello.default.example.com';
const readyStatus = (traffic: TrafficTarget[]): RouteStatus => ({
  observedGeneration: 1,
  url: URL,
  address: ADDRESS,
  traffic,
  conditions: [c('AllTrafficAssigned', 'True'), TLS, c('IngressReady', 'True'), c('Ready', 'True')].map((x) => ({ ...x, lastTransitionTime: BEFORE })),
});

// ---- the table ------------------------------------------------------------------------------

interface Row {
  readonly name: string;
  readonly route: Route;
  readonly ingresses?: Ingress[];
  readonly services?: V1Service[];
  readonly prepare?: (world: World) => void;
  /** Names written per verb: `<kind>:<verb>:<name>`. */
  readonly wantWrites: string[];
  readonly wantStatus: RouteStatus;
  readonly wantEvents: string[];
  readonly wantError?: string;
  /** Extra checks on the world after the reconcile. */
  readonly check?: (world: World) => void;
}

interface World {
  readonly ingresses: FakeKind<Ingress>;
  readonly services: FakeKind<V1Service>;
}

const OTHER_OWNER = { apiVersion: 'example.com/v1', kind: 'Thing', name: 'x', uid: 'uid-other', controller: true };
const steady = programmed(route([LATEST]));
const split = route([
  { revisionName: 'hello-00001', latestRevision: false, percent: 80 },
  { configurationName: 'hello', latestRevision: true, percent: 20 },
]);
const tagged = route([LATEST, { tag: 'old', revisionName: 'hello-00001', latestRevision: false, percent: 0 }]);
const oldStatus: RouteStatus = readyStatus([{ revisionName: 'hello-00001', latestRevision: false, percent: 100 }]);
const oldWorld = programmed(route([{ revisionName: 'hello-00001', latestRevision: false, percent: 100 }]));

const rows: Row[] = [
  {
    name: 'new route: creates the Ingress and the placeholder, IngressReady waits for the Ingress',
    route: route([LATEST]),
    wantWrites: ['Ingress:create:hello', 'Service:create:hello'],
    wantStatus: {
      observedGeneration: 1,
      url: URL,
      address: ADDRESS,
      traffic: [{ revisionName: 'hello-00002', latestRevision: true, percent: 100 }],
      conditions: [c('AllTrafficAssigned', 'True'), TLS, c('IngressReady', 'Unknown', ...NOT_CONFIGURED), c('Ready', 'Unknown', ...NOT_CONFIGURED)],
    },
    wantEvents: ['Normal Created Created Ingress "hello"', 'Normal Created Created placeholder service "hello"'],
    check: (world) => {
      const [ingress] = world.ingresses.written('create');
      expect(ingress?.spec).toEqual(steady.ingress.spec);
      expect(ingress?.metadata?.ownerReferences).toEqual([
        { apiVersion: 'serving.knative.dev/v1', kind: 'Route', name: 'hello', uid: 'uid-route', controller: true, blockOwnerDeletion: true },
      ]);
      expect(world.services.written('create')[0]?.spec?.externalName).toBe('hello.default.example.com');
    },
  },
  {
    name: 'steady state: no writes, Ready True',
    route: route([LATEST], readyStatus([{ revisionName: 'hello-00002', latestRevision: true, percent: 100 }])),
    ingresses: [steady.ingress],
    services: steady.services.map((s) => ({ ...s, metadata: { ...s.metadata, uid: 'uid-svc' } })),
    wantWrites: [],
    wantStatus: readyStatus([{ revisionName: 'hello-00002', latestRevision: true, percent: 100 }]),
    wantEvents: [],
  },
  {
    name: 'Ingress not owned: IngressReady False NotOwned, error',
    route: route([LATEST]),
    ingresses: [{ ...steady.ingress, metadata: { ...steady.ingress.metadata, ownerReferences: [OTHER_OWNER] } }],
    wantWrites: [],
    wantStatus: {
      observedGeneration: 1,
      url: URL,
      address: ADDRESS,
      traffic: [{ revisionName: 'hello-00002', latestRevision: true, percent: 100 }],
      conditions: [
        c('AllTrafficAssigned', 'True'),
        TLS,
        c('IngressReady', 'False', 'NotOwned', 'There is an existing Ingress "hello" that we do not own.'),
        c('Ready', 'False', 'NotOwned', 'There is an existing Ingress "hello" that we do not own.'),
      ],
    },
    wantEvents: [],
    wantError: 'route: "hello" does not own Ingress: "hello"',
  },
  {
    name: 'placeholder Service not owned: IngressReady False NotOwned, error',
    route: route([LATEST]),
    ingresses: [steady.ingress],
    services: steady.services.map((s) => ({ ...s, metadata: { ...s.metadata, ownerReferences: [OTHER_OWNER] } })),
    wantWrites: [],
    wantStatus: {
      observedGeneration: 1,
      url: URL,
      address: ADDRESS,
      traffic: [{ revisionName: 'hello-00002', latestRevision: true, percent: 100 }],
      conditions: [
        c('AllTrafficAssigned', 'True'),
        TLS,
        c('IngressReady', 'False', 'NotOwned', 'There is an existing placeholder Service "hello" that we do not own.'),
        c('Ready', 'False', 'NotOwned', 'There is an existing placeholder Service "hello" that we do not own.'),
      ],
    },
    wantEvents: [],
    wantError: 'route: "hello" does not own Service: "hello"',
  },
  {
    name: 'pinned revision not ready: previous Ingress and status.traffic kept, AllTrafficAssigned Unknown',
    route: route([{ revisionName: 'hello-00003', latestRevision: false, percent: 100 }], oldStatus),
    ingresses: [oldWorld.ingress],
    services: oldWorld.services,
    wantWrites: [],
    wantStatus: {
      ...oldStatus,
      conditions: [
        c('AllTrafficAssigned', 'Unknown', 'RevisionMissing', 'Revision "hello-00003" is not yet ready.'),
        { ...TLS, lastTransitionTime: BEFORE },
        { ...c('IngressReady', 'True'), lastTransitionTime: BEFORE },
        c('Ready', 'Unknown', 'RevisionMissing', 'Revision "hello-00003" is not yet ready.'),
      ],
    },
    wantEvents: [],
    check: (world) => expect(world.ingresses.get('hello', 'default')).toEqual(oldWorld.ingress),
  },
  {
    name: '80/20 split: Ingress updated with both splits (new generation: not configured yet), status.traffic in spec order',
    route: split,
    ingresses: [steady.ingress],
    services: steady.services,
    wantWrites: ['Ingress:update:hello'],
    wantStatus: {
      observedGeneration: 1,
      url: URL,
      address: ADDRESS,
      traffic: [
        { revisionName: 'hello-00001', latestRevision: false, percent: 80 },
        { revisionName: 'hello-00002', latestRevision: true, percent: 20 },
      ],
      conditions: [c('AllTrafficAssigned', 'True'), TLS, c('IngressReady', 'Unknown', ...NOT_CONFIGURED), c('Ready', 'Unknown', ...NOT_CONFIGURED)],
    },
    wantEvents: ['Normal Updated Updated Ingress "hello"'],
    check: (world) => {
      const [updated] = world.ingresses.written('update');
      expect(updated?.spec).toEqual(programmed(split).ingress.spec);
      expect(updated?.metadata?.uid).toBe('uid-ingress');
      expect(updated?.metadata?.generation).toBe(2);
      expect(updated?.status).toEqual(steady.ingress.status);
    },
  },
  {
    name: 'tag: Ingress updated, tag placeholder created, tagged status entry has its URL',
    route: tagged,
    ingresses: [steady.ingress],
    services: steady.services,
    wantWrites: ['Ingress:update:hello', 'Service:create:old-hello'],
    wantStatus: {
      observedGeneration: 1,
      url: URL,
      address: ADDRESS,
      traffic: [
        { revisionName: 'hello-00002', latestRevision: true, percent: 100 },
        { tag: 'old', revisionName: 'hello-00001', latestRevision: false, percent: 0, url: 'http://old-hello.default.example.com' },
      ],
      conditions: [c('AllTrafficAssigned', 'True'), TLS, c('IngressReady', 'Unknown', ...NOT_CONFIGURED), c('Ready', 'Unknown', ...NOT_CONFIGURED)],
    },
    wantEvents: ['Normal Updated Updated Ingress "hello"', 'Normal Created Created placeholder service "old-hello"'],
    check: (world) => {
      expect(world.ingresses.written('update')[0]?.spec).toEqual(programmed(tagged).ingress.spec);
      expect(world.services.written('create')[0]).toMatchObject({ metadata: { name: 'old-hello' }, spec: { externalName: GATEWAY } });
    },
  },
  {
    name: 'tag removed: its placeholder deleted',
    route: route([LATEST], readyStatus([{ revisionName: 'hello-00002', latestRevision: true, percent: 100 }])),
    ingresses: [steady.ingress],
    services: programmed(tagged).services,
    wantWrites: ['Service:delete:old-hello'],
    wantStatus: readyStatus([{ revisionName: 'hello-00002', latestRevision: true, percent: 100 }]),
    wantEvents: [],
  },
  {
    name: 'create conflict: CreationFailed event and the error',
    route: route([LATEST]),
    prepare: (world) => world.ingresses.failNext('create'),
    wantWrites: [],
    wantStatus: {
      observedGeneration: 1,
      url: URL,
      address: ADDRESS,
      traffic: [{ revisionName: 'hello-00002', latestRevision: true, percent: 100 }],
      conditions: [c('AllTrafficAssigned', 'True'), TLS, c('IngressReady', 'Unknown'), c('Ready', 'Unknown')],
    },
    wantEvents: ['Warning CreationFailed Failed to create Ingress: the object has been modified'],
    wantError: 'the object has been modified',
  },
  {
    name: 'placeholder update: Ingress load balancer now known',
    route: route([LATEST]),
    ingresses: [steady.ingress],
    services: [makePlaceholderService(route([LATEST]), { external: undefined, clusterLocal: [], host: 'hello.default.example.com', serviceName: 'hello' }, undefined)],
    wantWrites: ['Service:update:hello'],
    wantStatus: {
      ...readyStatus([{ revisionName: 'hello-00002', latestRevision: true, percent: 100 }]),
      conditions: [c('AllTrafficAssigned', 'True'), TLS, c('IngressReady', 'True'), c('Ready', 'True')],
    },
    wantEvents: ['Normal Updated Updated placeholder service "hello"'],
    check: (world) => expect(world.services.written('update')[0]?.spec?.externalName).toBe(GATEWAY),
  },
  {
    name: 'bad domain template result: AllTrafficAssigned False ErrorConfig, nothing written',
    route: { ...route([LATEST]), metadata: { ...route([LATEST]).metadata, name: 'Hello' } },
    wantWrites: [],
    wantStatus: {
      observedGeneration: 1,
      conditions: [
        c(
          'AllTrafficAssigned',
          'False',
          'ErrorConfig',
          "invalid domain name \"Hello.default.svc.cluster.local\": url: Invalid value: \"Hello.default.svc.cluster.local\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
        ),
        c('CertificateProvisioned', 'Unknown'),
        c('IngressReady', 'Unknown'),
        c(
          'Ready',
          'False',
          'ErrorConfig',
          "invalid domain name \"Hello.default.svc.cluster.local\": url: Invalid value: \"Hello.default.svc.cluster.local\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
        ),
      ],
    },
    wantEvents: [],
  },
];

/** A labeler client that records each patch as `<name> <patch JSON>`. */
function recordingPatcher(patches: string[]): MetadataPatcher {
  return {
    patch: (_namespace, name, patch) => {
      patches.push(`${name} ${JSON.stringify(patch)}`);
      return Promise.resolve({});
    },
  };
}

function writesOf(kind: string, fake: FakeKind<KubeObjectLike>): string[] {
  return fake.writes.map((w) => `${kind}:${w.verb}:${w.object.metadata?.name ?? ''}`);
}

describe('RouteReconciler', () => {
  it.each(rows)('$name', async (row) => {
    const world: World = { ingresses: new FakeKind(row.ingresses ?? []), services: new FakeKind(row.services ?? []) };
    row.prepare?.(world);
    const reconciler = new RouteReconciler({
      configurations: new FakeKind([configuration]),
      revisions: new FakeKind(revisions),
      labeler: { configurations: recordingPatcher([]), revisions: recordingPatcher([]) },
      ingresses: { lister: world.ingresses, writer: world.ingresses },
      k8sServices: { lister: world.services, writer: world.services },
      config: { current: () => config },
    });
    const events: string[] = [];
    const ctx: ReconcileContext = {
      now: new Date(NOW),
      logger: pino({ level: 'silent' }),
      events: { record: (_object, type, reason, message) => events.push(`${type} ${reason} ${message}`) },
    };
    const object = structuredClone(row.route);
    const run = reconciler.reconcile(object, ctx);
    if (row.wantError === undefined) await run;
    else await expect(run).rejects.toThrow(row.wantError);
    expect([...writesOf('Ingress', world.ingresses as FakeKind<KubeObjectLike>), ...writesOf('Service', world.services as FakeKind<KubeObjectLike>)]).toEqual(row.wantWrites);
    expect(object.status).toEqual(row.wantStatus);
    expect(events).toEqual(row.wantEvents);
    row.check?.(world);
  });

  it('a failed create surfaces the API error unchanged', async () => {
    const ingresses = new FakeKind<Ingress>();
    const error = new KubeApiError(500, 'InternalError', 'etcd is down');
    ingresses.failNext('create', error);
    const reconciler = new RouteReconciler({
      configurations: new FakeKind([configuration]),
      revisions: new FakeKind(revisions),
      labeler: { configurations: recordingPatcher([]), revisions: recordingPatcher([]) },
      ingresses: { lister: ingresses, writer: ingresses },
      k8sServices: { lister: new FakeKind<V1Service>(), writer: new FakeKind<V1Service>() },
      config: { current: () => config },
    });
    const ctx: ReconcileContext = { now: new Date(NOW), logger: pino({ level: 'silent' }), events: { record: () => undefined } };
    await expect(reconciler.reconcile(route([LATEST]), ctx)).rejects.toBe(error);
  });
});

describe('RouteReconciler as the labeler', () => {
  const active = (routes: string) => ({ labels: { 'serving.knative.dev/routingState': 'active' }, annotations: { 'serving.knative.dev/routes': routes, 'serving.knative.dev/routingStateModified': NOW } });
  const STAMPED = { 'serving.knative.dev/routingStateModified': NOW };

  async function label(r: Route, world: { revisions: Revision[]; configurations?: Configuration[] }): Promise<{ revisions: string[]; configurations: string[] }> {
    const patched = { revisions: [] as string[], configurations: [] as string[] };
    const ingresses = new FakeKind<Ingress>();
    const services = new FakeKind<V1Service>();
    const reconciler = new RouteReconciler({
      configurations: new FakeKind(world.configurations ?? [configuration]),
      revisions: new FakeKind(world.revisions),
      labeler: { configurations: recordingPatcher(patched.configurations), revisions: recordingPatcher(patched.revisions) },
      ingresses: { lister: ingresses, writer: ingresses },
      k8sServices: { lister: services, writer: services },
      config: { current: () => config },
    });
    await reconciler.reconcile(structuredClone(r), { now: new Date(NOW), logger: pino({ level: 'silent' }), events: { record: () => undefined } });
    return patched;
  }

  it('marks every revision the traffic references (a tagged 0 % one too) active, and their configuration routed', async () => {
    const patched = await label(tagged, { revisions });
    expect(patched.revisions).toEqual([
      `hello-00001 ${JSON.stringify({ metadata: { labels: { 'serving.knative.dev/routingState': 'active' }, annotations: { 'serving.knative.dev/routes': 'hello', ...STAMPED } } })}`,
      `hello-00002 ${JSON.stringify({ metadata: { labels: { 'serving.knative.dev/routingState': 'active' }, annotations: { 'serving.knative.dev/routes': 'hello', ...STAMPED } } })}`,
    ]);
    expect(patched.configurations).toEqual([`hello ${JSON.stringify({ metadata: { annotations: { 'serving.knative.dev/routes': 'hello' } } })}`]);
  });

  it('puts a revision the route let go in reserve, and leaves revisions already right alone', async () => {
    const world = {
      revisions: [
        { ...revision('hello-00001'), metadata: { ...revision('hello-00001').metadata, ...active('hello') } },
        { ...revision('hello-00002'), metadata: { ...revision('hello-00002').metadata, ...active('hello') } },
      ],
      configurations: [{ ...configuration, metadata: { ...configuration.metadata, annotations: { 'serving.knative.dev/routes': 'hello' } } }],
    };
    const patched = await label(route([LATEST]), world);
    expect(patched.revisions).toEqual([`hello-00001 ${JSON.stringify({ metadata: { labels: { 'serving.knative.dev/routingState': 'reserve' }, annotations: { 'serving.knative.dev/routes': null, ...STAMPED } } })}`]);
    expect(patched.configurations).toEqual([]);
  });

  it('labels nothing while the traffic does not resolve', async () => {
    const patched = await label(route([{ revisionName: 'hello-00009', percent: 100 }]), { revisions });
    expect(patched).toEqual({ revisions: [], configurations: [] });
  });
});

describe('RouteReconciler with a rollout duration', () => {
  const ROLLOUT = 'networking.internal.knative.dev/rollout';
  const rolling = (r: Route): Route => ({ ...r, metadata: { ...r.metadata, annotations: { 'serving.knative.dev/rollout-duration': '20s' } } });
  /** The Ingress serving hello-00001 at 100 %, Ready, with its rollout state. */
  function servingOld(rollout: object): Ingress {
    const { ingress } = programmed(route([{ revisionName: 'hello-00001', latestRevision: false, percent: 100 }]));
    return { ...ingress, metadata: { ...ingress.metadata, annotations: { ...ingress.metadata?.annotations, [ROLLOUT]: JSON.stringify(rollout) } } };
  }
  const start = { configurations: [{ configurationName: 'hello', percent: 100, revisions: [{ revisionName: 'hello-00001', percent: 100 }], stepParams: {} }] };
  const splitsOf = (ingress: Ingress): string[] => (ingress.spec?.rules?.[0]?.http?.paths[0]?.splits ?? []).map((split) => `${split.serviceName}=${split.percent}`);
  const rolloutOf = (ingress: Ingress): unknown => JSON.parse(ingress.metadata?.annotations?.[ROLLOUT] ?? '{}');

  async function reconcile(r: Route, ingress: Ingress, now = NOW): Promise<{ result: unknown; route: Route; ingresses: FakeKind<Ingress> }> {
    const ingresses = new FakeKind([ingress]);
    const services = new FakeKind<V1Service>();
    const reconciler = new RouteReconciler({
      configurations: new FakeKind([configuration]),
      revisions: new FakeKind(revisions),
      labeler: { configurations: recordingPatcher([]), revisions: recordingPatcher([]) },
      ingresses: { lister: ingresses, writer: ingresses },
      k8sServices: { lister: services, writer: services },
      config: { current: () => config },
    });
    const object = structuredClone(r);
    const result = await reconciler.reconcile(object, { now: new Date(now), logger: pino({ level: 'silent' }), events: { record: () => undefined } });
    return { result, route: object, ingresses };
  }

  it('starts a new latest revision at 1 %: the Ingress, its rollout state and status.traffic carry the split, IngressReady RolloutInProgress', async () => {
    const { result, route: reconciled, ingresses } = await reconcile(rolling(route([LATEST])), servingOld(start));
    const written = ingresses.written('update')[0] as Ingress;
    expect(splitsOf(written)).toEqual(['hello-00001=99', 'hello-00002=1']);
    expect(rolloutOf(written)).toEqual({
      configurations: [{ configurationName: 'hello', percent: 100, revisions: [{ revisionName: 'hello-00001', percent: 99 }, { revisionName: 'hello-00002', percent: 1 }], stepParams: { startTime: Date.parse(NOW) } }],
    });
    expect(reconciled.status?.traffic).toEqual([
      { revisionName: 'hello-00001', latestRevision: true, percent: 99 },
      { revisionName: 'hello-00002', latestRevision: true, percent: 1 },
    ]);
    expect(reconciled.status?.conditions?.find((x) => x.type === 'IngressReady')).toMatchObject({ status: 'Unknown', reason: 'RolloutInProgress' });
    // No step time before the Ingress with the first step is Ready.
    expect(result).toBeUndefined();
  });

  it('fixes the steps once that Ingress is Ready and asks to come back at the next step', async () => {
    const first = await reconcile(rolling(route([LATEST])), servingOld(start));
    const programmedFirst = first.ingresses.written('update')[0] as Ingress;
    const ready: Ingress = { ...programmedFirst, status: { ...programmedFirst.status, observedGeneration: programmedFirst.metadata?.generation ?? 0, conditions: [{ type: 'Ready', status: 'True' }] } };
    const later = new Date(Date.parse(NOW) + 1000).toISOString();
    const second = await reconcile(rolling(route([LATEST])), ready, later);
    // 1 s to become Ready, 19 s left: 19 steps of 5 %, one a second.
    expect(second.result).toEqual({ requeueAfterMs: 1000 });
    const state = rolloutOf(second.ingresses.written('update')[0] as Ingress) as { configurations: { stepParams: object }[] };
    expect(state.configurations[0]?.stepParams).toEqual({ startTime: Date.parse(NOW), stepSize: 5, stepDuration: 1000, nextStepTime: Date.parse(NOW) + 2000 });
  });
});
