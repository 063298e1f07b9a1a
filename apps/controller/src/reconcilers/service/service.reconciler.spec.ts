// Reconcile table of the Service reconciler (Knative service_test.go style): each row states the
// Service, its children and Revisions before, what fails, and the creates, updates, status and
// Events that must follow (API.md §4.3, §5, §6.4).
import type { Condition, Configuration, Revision, Route, Service, ServiceStatus, TrafficTarget } from '@ebb/api';
import { KubeApiError } from '@ebb/kube';
import { FakeKind } from '../testing/fake-kind.js';
import { reconcileContext } from '../testing/reconcile-context.spec-support.js';
import { ServiceReconciler } from './service.reconciler.js';

const NOW = new Date('2026-02-01T10:00:00.000Z');
const TN = '2026-02-01T10:00:00Z';
const T0 = '2026-01-01T00:00:00Z';
const URL = 'http://hello.default.example.com';
const ADDRESS = { url: 'http://hello.default.svc.cluster.local' };
const spec = { containers: [{ image: 'ghcr.io/knative/helloworld-go' }] };

type Status = 'True' | 'False' | 'Unknown';
/** A condition; `why` is [reason, message]. */
const cond = (type: string, status: Status, time = T0, ...why: [string, string] | []): Condition => ({
  type,
  status,
  lastTransitionTime: time,
  ...(why.length === 0 ? {} : { reason: why[0], message: why[1] }),
});
const ready = (status: Status, ...why: [string, string] | []): Condition => cond('Ready', status, T0, ...why);
/** Service conditions in stored order. */
const svcConditions = (c: Condition, r: Condition, rt: Condition): Condition[] => [c, r, rt];
const ALL_TRUE = svcConditions(cond('ConfigurationsReady', 'True'), cond('Ready', 'True'), cond('RoutesReady', 'True'));

const CFG_OUT_OF_DATE: [string, string] = ['OutOfDate', 'The Configuration is still working to reflect the latest desired specification.'];
const RT_OUT_OF_DATE: [string, string] = ['OutOfDate', 'The Route is still working to reflect the latest desired specification.'];
const NOT_MIGRATED: [string, string] = ['TrafficNotMigrated', 'Traffic is not yet migrated to the latest revision.'];

const svcOwner = { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'hello', uid: 'svc-uid', controller: true, blockOwnerDeletion: true };
const foreignOwner = { ...svcOwner, name: 'other', uid: 'other-uid' };
const cfgOwner = { apiVersion: 'serving.knative.dev/v1', kind: 'Configuration', name: 'hello', uid: 'uid-hello', controller: true, blockOwnerDeletion: true };

const DEFAULT_TRAFFIC: TrafficTarget[] = [{ percent: 100, latestRevision: true }];

interface ServiceOptions {
  readonly generation?: number;
  readonly status?: ServiceStatus;
  readonly templateName?: string;
  readonly traffic?: TrafficTarget[];
}

function service(options: ServiceOptions = {}): Service {
  const template = { ...(options.templateName === undefined ? {} : { metadata: { name: options.templateName } }), spec };
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: { name: 'hello', namespace: 'default', uid: 'svc-uid', generation: options.generation ?? 1, labels: { team: 'a' }, annotations: { 'serving.knative.dev/creator': 'alice' } },
    spec: { template, traffic: options.traffic ?? DEFAULT_TRAFFIC },
    ...(options.status === undefined ? {} : { status: options.status }),
  };
}

/** The Configuration of `service` as the API server holds it (resourceVersion '100' before, '101'+ once written). */
function configuration(svc: Service, status?: Configuration['status'], extra: { generation?: number; owner?: typeof svcOwner; resourceVersion?: string } = {}): Configuration {
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Configuration',
    metadata: {
      name: 'hello',
      namespace: 'default',
      uid: 'uid-hello',
      generation: extra.generation ?? 1,
      creationTimestamp: T0,
      resourceVersion: extra.resourceVersion ?? '100',
      labels: { team: 'a', 'serving.knative.dev/service': 'hello', 'serving.knative.dev/serviceUID': 'svc-uid' },
      annotations: { 'serving.knative.dev/creator': 'alice', 'serving.knative.dev/routes': 'hello' },
      ownerReferences: [extra.owner ?? svcOwner],
    },
    spec: { template: structuredClone(svc.spec?.template) },
    ...(status === undefined ? {} : { status }),
  };
}

/** The Route of `service` as the API server holds it. */
function route(traffic: TrafficTarget[], status?: Route['status'], extra: { generation?: number; owner?: typeof svcOwner; resourceVersion?: string } = {}): Route {
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Route',
    metadata: {
      name: 'hello',
      namespace: 'default',
      uid: 'uid-hello',
      generation: extra.generation ?? 1,
      creationTimestamp: T0,
      resourceVersion: extra.resourceVersion ?? '100',
      labels: { team: 'a', 'serving.knative.dev/service': 'hello' },
      annotations: { 'serving.knative.dev/creator': 'alice' },
      ownerReferences: [extra.owner ?? svcOwner],
    },
    spec: { traffic },
    ...(status === undefined ? {} : { status }),
  };
}

/** A Revision named `name` controlled by `owner`, of configuration generation `generation`. */
function revision(name: string, generation: number, owner = cfgOwner): Revision {
  return {
    metadata: {
      name,
      namespace: 'default',
      labels: { 'serving.knative.dev/configuration': owner.name, 'serving.knative.dev/configurationGeneration': String(generation) },
      ownerReferences: [owner],
    },
    spec,
  };
}

const ROUTE_TRAFFIC: TrafficTarget[] = [{ percent: 100, latestRevision: true, configurationName: 'hello' }];
const READY_CFG_STATUS = { observedGeneration: 1, latestCreatedRevisionName: 'hello-00001', latestReadyRevisionName: 'hello-00001', conditions: [ready('True')] };
const MIGRATED = [{ revisionName: 'hello-00001', latestRevision: true, percent: 100 }];
const READY_ROUTE_STATUS = { observedGeneration: 1, url: URL, address: ADDRESS, traffic: MIGRATED, conditions: [ready('True')] };
const READY_SVC_STATUS: ServiceStatus = {
  observedGeneration: 1,
  latestCreatedRevisionName: 'hello-00001',
  latestReadyRevisionName: 'hello-00001',
  url: URL,
  address: ADDRESS,
  traffic: MIGRATED,
  conditions: ALL_TRUE,
};

/** Stamps of the fake API server on a created object (uid, generation 1, resourceVersion). */
function createdStamps<T extends Configuration | Route>(object: T, resourceVersion: string): T {
  const { status: _status, ...rest } = object;
  return { ...rest, metadata: { ...object.metadata, resourceVersion } } as T;
}

interface Row {
  readonly name: string;
  readonly service: Service;
  readonly configurations?: Configuration[];
  readonly routes?: Route[];
  readonly revisions?: Revision[];
  readonly fail?: { readonly kind: 'configurations' | 'routes'; readonly verb: 'create' | 'update'; readonly error: Error };
  readonly wantConfigurationCreates?: Configuration[];
  readonly wantConfigurationUpdates?: Configuration[];
  readonly wantRouteCreates?: Route[];
  readonly wantRouteUpdates?: Route[];
  readonly wantStatus: ServiceStatus;
  readonly wantEvents?: string[];
  readonly wantError?: string;
}

const drifted = configuration(service(), READY_CFG_STATUS);
drifted.spec = { template: { spec: { containers: [{ image: 'tampered' }] } } };
drifted.metadata = { ...drifted.metadata, labels: { ...drifted.metadata?.labels, extra: 'x' }, annotations: { 'serving.knative.dev/routes': 'hello,other' } };

const rows: Row[] = [
  {
    name: 'new Service → creates its Configuration and Route, both OutOfDate',
    service: service(),
    wantConfigurationCreates: [createdStamps(configuration(service()), '101')],
    wantRouteCreates: [createdStamps(route(ROUTE_TRAFFIC), '101')],
    wantStatus: {
      observedGeneration: 1,
      conditions: svcConditions(cond('ConfigurationsReady', 'Unknown', TN, ...CFG_OUT_OF_DATE), cond('Ready', 'Unknown', TN, ...RT_OUT_OF_DATE), cond('RoutesReady', 'Unknown', TN, ...RT_OUT_OF_DATE)),
    },
    wantEvents: ['Normal Created Created Configuration "hello"', 'Normal Created Created Route "hello"'],
  },
  {
    name: 'steady state → no writes, no events, status unchanged',
    service: service({ status: READY_SVC_STATUS }),
    configurations: [configuration(service(), READY_CFG_STATUS)],
    routes: [route(ROUTE_TRAFFIC, READY_ROUTE_STATUS)],
    wantStatus: READY_SVC_STATUS,
  },
  {
    name: 'children ready → statuses rolled up, Ready True',
    service: service({ status: { observedGeneration: 1, conditions: svcConditions(cond('ConfigurationsReady', 'Unknown'), cond('Ready', 'Unknown'), cond('RoutesReady', 'Unknown')) } }),
    configurations: [configuration(service(), READY_CFG_STATUS)],
    routes: [route(ROUTE_TRAFFIC, READY_ROUTE_STATUS)],
    wantStatus: { ...READY_SVC_STATUS, conditions: svcConditions(cond('ConfigurationsReady', 'True', TN), cond('Ready', 'True', TN), cond('RoutesReady', 'True', TN)) },
  },
  {
    name: 'Route ready but traffic still on the previous Revision → RoutesReady Unknown TrafficNotMigrated',
    service: service({ status: READY_SVC_STATUS }),
    configurations: [configuration(service(), { ...READY_CFG_STATUS, latestCreatedRevisionName: 'hello-00002', latestReadyRevisionName: 'hello-00002' })],
    routes: [route(ROUTE_TRAFFIC, READY_ROUTE_STATUS)],
    wantStatus: {
      ...READY_SVC_STATUS,
      latestCreatedRevisionName: 'hello-00002',
      latestReadyRevisionName: 'hello-00002',
      conditions: svcConditions(cond('ConfigurationsReady', 'True'), cond('Ready', 'Unknown', TN, ...NOT_MIGRATED), cond('RoutesReady', 'Unknown', TN, ...NOT_MIGRATED)),
    },
  },
  {
    name: 'newer Revision failed → ConfigurationsReady False with its reason, traffic stays on the latest ready one',
    service: service({ status: READY_SVC_STATUS }),
    configurations: [
      configuration(service(), {
        observedGeneration: 1,
        latestCreatedRevisionName: 'hello-00002',
        latestReadyRevisionName: 'hello-00001',
        conditions: [ready('False', 'RevisionFailed', 'Revision "hello-00002" failed with message: boom.')],
      }),
    ],
    routes: [route(ROUTE_TRAFFIC, READY_ROUTE_STATUS)],
    wantStatus: {
      ...READY_SVC_STATUS,
      latestCreatedRevisionName: 'hello-00002',
      conditions: svcConditions(
        cond('ConfigurationsReady', 'False', TN, 'RevisionFailed', 'Revision "hello-00002" failed with message: boom.'),
        cond('Ready', 'False', TN, 'RevisionFailed', 'Revision "hello-00002" failed with message: boom.'),
        cond('RoutesReady', 'True'),
      ),
    },
  },
  {
    name: 'drift in the Configuration (spec, labels, annotations) → overwritten, routes list kept',
    service: service({ status: READY_SVC_STATUS }),
    configurations: [drifted],
    routes: [route(ROUTE_TRAFFIC, READY_ROUTE_STATUS)],
    wantConfigurationUpdates: [
      (() => {
        const want = configuration(service(), READY_CFG_STATUS, { generation: 2, resourceVersion: '101' });
        want.metadata = { ...want.metadata, annotations: { 'serving.knative.dev/creator': 'alice', 'serving.knative.dev/routes': 'hello,other' } };
        return want;
      })(),
    ],
    // The API server bumped the Configuration's generation: not observed yet.
    wantStatus: {
      ...READY_SVC_STATUS,
      conditions: svcConditions(cond('ConfigurationsReady', 'Unknown', TN, ...CFG_OUT_OF_DATE), cond('Ready', 'Unknown', TN, ...CFG_OUT_OF_DATE), cond('RoutesReady', 'True')),
    },
    wantEvents: ['Normal Updated Updated Configuration "hello"'],
  },
  {
    name: 'drift in the Route (traffic, extra label) → overwritten',
    service: service({ status: READY_SVC_STATUS }),
    configurations: [configuration(service(), READY_CFG_STATUS)],
    routes: [
      (() => {
        const r = route([{ revisionName: 'hello-00001', percent: 100 }], READY_ROUTE_STATUS);
        r.metadata = { ...r.metadata, labels: { ...r.metadata?.labels, extra: 'x' } };
        return r;
      })(),
    ],
    wantRouteUpdates: [route(ROUTE_TRAFFIC, READY_ROUTE_STATUS, { generation: 2, resourceVersion: '101' })],
    // The API server bumped the Route's generation: not observed yet.
    wantStatus: {
      ...READY_SVC_STATUS,
      conditions: svcConditions(cond('ConfigurationsReady', 'True'), cond('Ready', 'Unknown', TN, ...RT_OUT_OF_DATE), cond('RoutesReady', 'Unknown', TN, ...RT_OUT_OF_DATE)),
    },
    wantEvents: ['Normal Updated Updated Route "hello"'],
  },
  {
    name: 'Configuration not owned → ConfigurationsReady False NotOwned, error, Route untouched',
    service: service({ status: READY_SVC_STATUS }),
    configurations: [configuration(service(), READY_CFG_STATUS, { owner: foreignOwner })],
    routes: [route(ROUTE_TRAFFIC, READY_ROUTE_STATUS)],
    wantStatus: {
      ...READY_SVC_STATUS,
      conditions: svcConditions(
        cond('ConfigurationsReady', 'False', TN, 'NotOwned', 'There is an existing Configuration "hello" that we do not own.'),
        cond('Ready', 'False', TN, 'NotOwned', 'There is an existing Configuration "hello" that we do not own.'),
        cond('RoutesReady', 'True'),
      ),
    },
    wantError: 'service: "hello" does not own configuration: "hello"',
  },
  {
    name: 'Route not owned → RoutesReady False NotOwned, error',
    service: service({ status: READY_SVC_STATUS }),
    configurations: [configuration(service(), READY_CFG_STATUS)],
    routes: [route(ROUTE_TRAFFIC, READY_ROUTE_STATUS, { owner: foreignOwner })],
    wantStatus: {
      ...READY_SVC_STATUS,
      conditions: svcConditions(
        cond('ConfigurationsReady', 'True'),
        cond('Ready', 'False', TN, 'NotOwned', 'There is an existing Route "hello" that we do not own.'),
        cond('RoutesReady', 'False', TN, 'NotOwned', 'There is an existing Route "hello" that we do not own.'),
      ),
    },
    wantError: 'service: "hello" does not own route: "hello"',
  },
  {
    name: 'new Service generation → Configuration OutOfDate (its generation not observed), Route still rolled up',
    service: service({ generation: 2, status: READY_SVC_STATUS }),
    configurations: [configuration(service(), READY_CFG_STATUS, { generation: 2 })],
    routes: [route(ROUTE_TRAFFIC, READY_ROUTE_STATUS)],
    wantStatus: {
      ...READY_SVC_STATUS,
      observedGeneration: 2,
      conditions: svcConditions(cond('ConfigurationsReady', 'Unknown', TN, ...CFG_OUT_OF_DATE), cond('Ready', 'Unknown', TN, ...CFG_OUT_OF_DATE), cond('RoutesReady', 'True')),
    },
  },
  {
    name: 'BYO name not yet reconciled by the Configuration → Route not reprogrammed',
    service: service({ generation: 2, templateName: 'hello-byo', traffic: [{ revisionName: 'hello-byo', latestRevision: false, percent: 100 }], status: READY_SVC_STATUS }),
    configurations: [configuration(service({ templateName: 'hello-byo' }), READY_CFG_STATUS, { generation: 2 })],
    routes: [route(ROUTE_TRAFFIC, READY_ROUTE_STATUS)],
    wantStatus: {
      ...READY_SVC_STATUS,
      observedGeneration: 2,
      conditions: svcConditions(cond('ConfigurationsReady', 'Unknown', TN, ...CFG_OUT_OF_DATE), cond('Ready', 'Unknown', TN, ...CFG_OUT_OF_DATE), cond('RoutesReady', 'True')),
    },
  },
  {
    name: 'BYO name taken by a conflicting Revision → RoutesReady False RevisionNameTaken, Route not reprogrammed',
    service: service({ generation: 2, templateName: 'hello-byo', traffic: [{ revisionName: 'hello-byo', latestRevision: false, percent: 100 }], status: READY_SVC_STATUS }),
    configurations: [
      configuration(
        service({ templateName: 'hello-byo' }),
        {
          observedGeneration: 2,
          latestCreatedRevisionName: 'hello-00001',
          latestReadyRevisionName: 'hello-00001',
          conditions: [ready('False', 'RevisionFailed', 'Revision creation failed with message: revisions.serving.knative.dev "hello-byo" already exists.')],
        },
        { generation: 2 },
      ),
    ],
    routes: [route(ROUTE_TRAFFIC, READY_ROUTE_STATUS)],
    revisions: [revision('hello-byo', 1, { ...cfgOwner, name: 'other', uid: 'other-uid' })],
    wantStatus: {
      ...READY_SVC_STATUS,
      observedGeneration: 2,
      conditions: svcConditions(
        cond('ConfigurationsReady', 'False', TN, 'RevisionFailed', 'Revision creation failed with message: revisions.serving.knative.dev "hello-byo" already exists.'),
        cond('Ready', 'False', TN, 'RevisionNameTaken', 'The revision name "hello-byo" is taken by a conflicting Revision, so traffic will not be migrated'),
        cond('RoutesReady', 'False', TN, 'RevisionNameTaken', 'The revision name "hello-byo" is taken by a conflicting Revision, so traffic will not be migrated'),
      ),
    },
  },
  {
    name: 'BYO Revision made by our Configuration → Route reprogrammed to it',
    service: service({ generation: 2, templateName: 'hello-byo', traffic: [{ revisionName: 'hello-byo', latestRevision: false, percent: 100 }], status: READY_SVC_STATUS }),
    configurations: [
      configuration(
        service({ templateName: 'hello-byo' }),
        { observedGeneration: 2, latestCreatedRevisionName: 'hello-byo', latestReadyRevisionName: 'hello-00001', conditions: [ready('Unknown')] },
        { generation: 2 },
      ),
    ],
    routes: [route(ROUTE_TRAFFIC, READY_ROUTE_STATUS)],
    revisions: [revision('hello-byo', 2)],
    wantRouteUpdates: [route([{ revisionName: 'hello-byo', latestRevision: false, percent: 100 }], READY_ROUTE_STATUS, { generation: 2, resourceVersion: '101' })],
    wantStatus: {
      ...READY_SVC_STATUS,
      observedGeneration: 2,
      latestCreatedRevisionName: 'hello-byo',
      conditions: svcConditions(cond('ConfigurationsReady', 'Unknown', TN), cond('Ready', 'Unknown', TN, ...RT_OUT_OF_DATE), cond('RoutesReady', 'Unknown', TN, ...RT_OUT_OF_DATE)),
    },
    wantEvents: ['Normal Updated Updated Route "hello"'],
  },
  {
    name: 'BYO Revision not in the cache yet and not recorded by the Configuration → Route not reprogrammed',
    service: service({ generation: 2, templateName: 'hello-byo', traffic: [{ revisionName: 'hello-byo', latestRevision: false, percent: 100 }], status: READY_SVC_STATUS }),
    configurations: [configuration(service({ templateName: 'hello-byo' }), { ...READY_CFG_STATUS, observedGeneration: 2 }, { generation: 2 })],
    routes: [route(ROUTE_TRAFFIC, READY_ROUTE_STATUS)],
    wantStatus: { ...READY_SVC_STATUS, observedGeneration: 2 },
  },
  {
    name: 'Service being deleted → nothing done',
    service: (() => {
      const s = service({ status: READY_SVC_STATUS });
      s.metadata = { ...s.metadata, deletionTimestamp: TN };
      return s;
    })(),
    wantStatus: READY_SVC_STATUS,
  },
  {
    name: 'create conflict (409) on the Configuration → the 409 requeues quietly, nothing else',
    service: service(),
    fail: { kind: 'configurations', verb: 'create', error: new KubeApiError(409, 'AlreadyExists', 'configurations.serving.knative.dev "hello" already exists') },
    wantStatus: {
      observedGeneration: 1,
      conditions: svcConditions(cond('ConfigurationsReady', 'Unknown', TN), cond('Ready', 'Unknown', TN, 'NewObservedGenFailure', 'unsuccessfully observed a new generation'), cond('RoutesReady', 'Unknown', TN)),
    },
    wantError: 'configurations.serving.knative.dev "hello" already exists',
  },
  {
    name: 'Route create fails (500) → Warning CreationFailed, error',
    service: service({ status: READY_SVC_STATUS }),
    configurations: [configuration(service(), READY_CFG_STATUS)],
    fail: { kind: 'routes', verb: 'create', error: new KubeApiError(500, 'InternalError', 'etcd is down') },
    wantStatus: READY_SVC_STATUS,
    wantEvents: ['Warning CreationFailed Failed to create Route "hello": etcd is down'],
    wantError: 'failed to create Route: etcd is down',
  },
  {
    name: 'Configuration update conflict (409) → error, status rolled up from nothing new',
    service: service({ status: READY_SVC_STATUS }),
    configurations: [drifted],
    routes: [route(ROUTE_TRAFFIC, READY_ROUTE_STATUS)],
    fail: { kind: 'configurations', verb: 'update', error: new KubeApiError(409, 'Conflict', 'the object has been modified') },
    wantStatus: READY_SVC_STATUS,
    wantError: 'the object has been modified',
  },
];

/** The fakes of a row, its failure injected. */
function world(row: Row): { configurations: FakeKind<Configuration>; routes: FakeKind<Route>; revisions: FakeKind<Revision> } {
  const configurations = new FakeKind<Configuration>(row.configurations ?? []);
  const routes = new FakeKind<Route>(row.routes ?? []);
  const revisions = new FakeKind<Revision>(row.revisions ?? []);
  if (row.fail !== undefined) (row.fail.kind === 'configurations' ? configurations : routes).failNext(row.fail.verb, row.fail.error);
  return { configurations, routes, revisions };
}

/** What a row expects, with the defaults filled in (no writes, no events). */
function wanted(row: Row): Required<Pick<Row, 'wantConfigurationCreates' | 'wantConfigurationUpdates' | 'wantRouteCreates' | 'wantRouteUpdates' | 'wantEvents'>> {
  return {
    wantConfigurationCreates: row.wantConfigurationCreates ?? [],
    wantConfigurationUpdates: row.wantConfigurationUpdates ?? [],
    wantRouteCreates: row.wantRouteCreates ?? [],
    wantRouteUpdates: row.wantRouteUpdates ?? [],
    wantEvents: row.wantEvents ?? [],
  };
}

describe('ServiceReconciler', () => {
  it.each(rows)('$name', async (row) => {
    const { configurations, routes, revisions } = world(row);
    const want = wanted(row);
    const reconciler = new ServiceReconciler({ configurations, configurationWriter: configurations, routes, routeWriter: routes, revisions });
    const object = structuredClone(row.service);
    const { ctx, events } = reconcileContext(NOW);

    const run = reconciler.reconcile(object, ctx);
    if (row.wantError === undefined) await run;
    else await expect(run).rejects.toThrow(row.wantError);

    expect(configurations.written('create')).toEqual(want.wantConfigurationCreates);
    expect(configurations.written('update')).toEqual(want.wantConfigurationUpdates);
    expect(routes.written('create')).toEqual(want.wantRouteCreates);
    expect(routes.written('update')).toEqual(want.wantRouteUpdates);
    expect([...configurations.written('delete'), ...routes.written('delete'), ...revisions.writes.map((w) => w.object)]).toEqual([]);
    expect(object.status).toEqual(row.wantStatus);
    expect(events.lines).toEqual(want.wantEvents);
    expect({ ...object, status: undefined }).toEqual({ ...row.service, status: undefined });
  });
});
