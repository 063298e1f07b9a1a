// Table tests of the Service status verbs: each row starts from a status, applies one verb at T1
// and spells out the whole status that must come out (API.md §6.4).
import type { Condition } from '../../core/condition.js';
import type { RouteSpec, RouteStatus } from './route.types.js';
import type { ServiceStatus } from './service.types.js';
import {
  initializeServiceConditions,
  isTrafficMigrated,
  markConfigurationNotOwned,
  markConfigurationNotReconciled,
  markRevisionNameTaken,
  markRouteNotOwned,
  markRouteNotReconciled,
  markRouteNotYetReady,
  propagateConfigurationStatus,
  propagateRouteStatus,
  type RoutePropagation,
} from './service.lifecycle.js';

const T0 = '2026-01-01T00:00:00Z';
const T1 = '2026-01-01T00:01:00Z';

type Status = 'True' | 'False' | 'Unknown';
/** A condition; `why` is [reason, message]. */
const cond = (type: string, status: Status, time = T0, ...why: [string, string] | []): Condition => ({
  type,
  status,
  lastTransitionTime: time,
  ...(why.length === 0 ? {} : { reason: why[0], message: why[1] }),
});
/** Service conditions in stored order: ConfigurationsReady, Ready, RoutesReady. */
const svc = (c: Condition, r: Condition, rt: Condition): Condition[] => [c, r, rt];
const allTrue = svc(cond('ConfigurationsReady', 'True'), cond('Ready', 'True'), cond('RoutesReady', 'True'));

const OUT_OF_DATE_CFG = 'The Configuration is still working to reflect the latest desired specification.';
const OUT_OF_DATE_RT = 'The Route is still working to reflect the latest desired specification.';
const NOT_MIGRATED = 'Traffic is not yet migrated to the latest revision.';

describe('Service status verbs', () => {
  it.each<{ name: string; before: ServiceStatus; verb: (s: ServiceStatus) => ServiceStatus; want: ServiceStatus }>([
    {
      name: 'initialize: all Unknown',
      before: {},
      verb: (s) => initializeServiceConditions(s, T1),
      want: { conditions: svc(cond('ConfigurationsReady', 'Unknown', T1), cond('Ready', 'Unknown', T1), cond('RoutesReady', 'Unknown', T1)) },
    },
    {
      name: 'configuration not owned',
      before: { conditions: allTrue },
      verb: (s) => markConfigurationNotOwned(s, 'hello', T1),
      want: {
        conditions: svc(
          cond('ConfigurationsReady', 'False', T1, 'NotOwned', 'There is an existing Configuration "hello" that we do not own.'),
          cond('Ready', 'False', T1, 'NotOwned', 'There is an existing Configuration "hello" that we do not own.'),
          cond('RoutesReady', 'True'),
        ),
      },
    },
    {
      name: 'route not owned',
      before: { conditions: allTrue },
      verb: (s) => markRouteNotOwned(s, 'hello', T1),
      want: {
        conditions: svc(
          cond('ConfigurationsReady', 'True'),
          cond('Ready', 'False', T1, 'NotOwned', 'There is an existing Route "hello" that we do not own.'),
          cond('RoutesReady', 'False', T1, 'NotOwned', 'There is an existing Route "hello" that we do not own.'),
        ),
      },
    },
    {
      name: 'configuration not reconciled',
      before: { conditions: allTrue },
      verb: (s) => markConfigurationNotReconciled(s, T1),
      want: {
        conditions: svc(
          cond('ConfigurationsReady', 'Unknown', T1, 'OutOfDate', OUT_OF_DATE_CFG),
          cond('Ready', 'Unknown', T1, 'OutOfDate', OUT_OF_DATE_CFG),
          cond('RoutesReady', 'True'),
        ),
      },
    },
    {
      name: 'route not reconciled',
      before: { conditions: allTrue },
      verb: (s) => markRouteNotReconciled(s, T1),
      want: {
        conditions: svc(
          cond('ConfigurationsReady', 'True'),
          cond('Ready', 'Unknown', T1, 'OutOfDate', OUT_OF_DATE_RT),
          cond('RoutesReady', 'Unknown', T1, 'OutOfDate', OUT_OF_DATE_RT),
        ),
      },
    },
    {
      name: 'route not yet ready',
      before: { conditions: allTrue },
      verb: (s) => markRouteNotYetReady(s, T1),
      want: {
        conditions: svc(
          cond('ConfigurationsReady', 'True'),
          cond('Ready', 'Unknown', T1, 'TrafficNotMigrated', NOT_MIGRATED),
          cond('RoutesReady', 'Unknown', T1, 'TrafficNotMigrated', NOT_MIGRATED),
        ),
      },
    },
    {
      name: 'revision name taken',
      before: { conditions: allTrue },
      verb: (s) => markRevisionNameTaken(s, 'hello-byo', T1),
      want: {
        conditions: svc(
          cond('ConfigurationsReady', 'True'),
          cond('Ready', 'False', T1, 'RevisionNameTaken', 'The revision name "hello-byo" is taken by a conflicting Revision, so traffic will not be migrated'),
          cond('RoutesReady', 'False', T1, 'RevisionNameTaken', 'The revision name "hello-byo" is taken by a conflicting Revision, so traffic will not be migrated'),
        ),
      },
    },
  ])('$name', ({ before, verb, want }) => {
    const frozen = structuredClone(before);
    expect(verb(before)).toEqual(want);
    expect(before).toEqual(frozen);
  });
});

describe('propagateConfigurationStatus', () => {
  const initial: ServiceStatus = {
    latestReadyRevisionName: 'old',
    conditions: svc(cond('ConfigurationsReady', 'Unknown'), cond('Ready', 'Unknown'), cond('RoutesReady', 'True')),
  };
  it.each<{ name: string; configuration: ServiceStatus | undefined; want: ServiceStatus }>([
    {
      name: 'Ready True → ConfigurationsReady True, names copied',
      configuration: { latestCreatedRevisionName: 'hello-00001', latestReadyRevisionName: 'hello-00001', conditions: [cond('Ready', 'True')] },
      want: {
        latestCreatedRevisionName: 'hello-00001',
        latestReadyRevisionName: 'hello-00001',
        conditions: svc(cond('ConfigurationsReady', 'True', T1), cond('Ready', 'True', T1), cond('RoutesReady', 'True')),
      },
    },
    {
      name: 'Ready False → ConfigurationsReady False with its reason/message',
      configuration: {
        latestCreatedRevisionName: 'hello-00001',
        conditions: [cond('Ready', 'False', T0, 'RevisionFailed', 'Revision "hello-00001" failed with message: boom.')],
      },
      want: {
        latestCreatedRevisionName: 'hello-00001',
        conditions: svc(
          cond('ConfigurationsReady', 'False', T1, 'RevisionFailed', 'Revision "hello-00001" failed with message: boom.'),
          cond('Ready', 'False', T1, 'RevisionFailed', 'Revision "hello-00001" failed with message: boom.'),
          cond('RoutesReady', 'True'),
        ),
      },
    },
    {
      name: 'Ready Unknown → ConfigurationsReady Unknown (no reason)',
      configuration: { latestCreatedRevisionName: 'hello-00002', latestReadyRevisionName: 'hello-00001', conditions: [cond('Ready', 'Unknown')] },
      want: {
        latestCreatedRevisionName: 'hello-00002',
        latestReadyRevisionName: 'hello-00001',
        conditions: svc(cond('ConfigurationsReady', 'Unknown'), cond('Ready', 'Unknown'), cond('RoutesReady', 'True')),
      },
    },
    {
      name: 'no Ready condition → names copied, conditions untouched',
      configuration: { latestCreatedRevisionName: 'hello-00001' },
      want: { latestCreatedRevisionName: 'hello-00001', conditions: initial.conditions },
    },
  ])('$name', ({ configuration, want }) => {
    expect(propagateConfigurationStatus(initial, configuration, T1)).toEqual(want);
  });
});

describe('propagateRouteStatus', () => {
  const URL = 'http://hello.default.example.com';
  const spec: RouteSpec = { traffic: [{ configurationName: 'hello', latestRevision: true, percent: 100 }] };
  const migrated: RouteStatus['traffic'] = [{ revisionName: 'hello-00001', latestRevision: true, percent: 100 }];
  const initial: ServiceStatus = {
    latestReadyRevisionName: 'hello-00001',
    url: 'http://stale',
    conditions: svc(cond('ConfigurationsReady', 'True'), cond('Ready', 'Unknown'), cond('RoutesReady', 'Unknown')),
  };
  const configuration = { name: 'hello', latestReadyRevisionName: 'hello-00001' };

  it.each<{ name: string; route: RoutePropagation['route']; want: ServiceStatus }>([
    {
      name: 'Ready and migrated → RoutesReady True; url, address, traffic copied',
      route: { spec, status: { url: URL, address: { url: 'http://hello.default.svc.cluster.local' }, traffic: migrated, conditions: [cond('Ready', 'True')] } },
      want: {
        latestReadyRevisionName: 'hello-00001',
        url: URL,
        address: { url: 'http://hello.default.svc.cluster.local' },
        traffic: migrated,
        conditions: svc(cond('ConfigurationsReady', 'True'), cond('Ready', 'True', T1), cond('RoutesReady', 'True', T1)),
      },
    },
    {
      name: 'Ready but traffic still on the old revision → TrafficNotMigrated',
      route: { spec, status: { url: URL, traffic: [{ revisionName: 'hello-00000', latestRevision: true, percent: 100 }], conditions: [cond('Ready', 'True')] } },
      want: {
        latestReadyRevisionName: 'hello-00001',
        url: URL,
        traffic: [{ revisionName: 'hello-00000', latestRevision: true, percent: 100 }],
        conditions: svc(
          cond('ConfigurationsReady', 'True'),
          cond('Ready', 'Unknown', T1, 'TrafficNotMigrated', NOT_MIGRATED),
          cond('RoutesReady', 'Unknown', T1, 'TrafficNotMigrated', NOT_MIGRATED),
        ),
      },
    },
    {
      name: 'Ready False → RoutesReady False with its reason/message; missing fields removed',
      route: { spec, status: { conditions: [cond('Ready', 'False', T0, 'RevisionMissing', 'Configuration "hello" does not have any ready Revision.')] } },
      want: {
        latestReadyRevisionName: 'hello-00001',
        conditions: svc(
          cond('ConfigurationsReady', 'True'),
          cond('Ready', 'False', T1, 'RevisionMissing', 'Configuration "hello" does not have any ready Revision.'),
          cond('RoutesReady', 'False', T1, 'RevisionMissing', 'Configuration "hello" does not have any ready Revision.'),
        ),
      },
    },
    {
      name: 'Ready Unknown → RoutesReady Unknown with its reason/message',
      route: { spec, status: { url: URL, conditions: [cond('Ready', 'Unknown', T0, 'IngressNotConfigured', 'Ingress has not yet been reconciled.')] } },
      want: {
        latestReadyRevisionName: 'hello-00001',
        url: URL,
        conditions: svc(
          cond('ConfigurationsReady', 'True'),
          cond('Ready', 'Unknown', T1, 'IngressNotConfigured', 'Ingress has not yet been reconciled.'),
          cond('RoutesReady', 'Unknown', T1, 'IngressNotConfigured', 'Ingress has not yet been reconciled.'),
        ),
      },
    },
  ])('$name', ({ route, want }) => {
    expect(propagateRouteStatus(initial, { route, configuration }, T1)).toEqual(want);
  });
});

describe('isTrafficMigrated', () => {
  const configuration = { name: 'hello', latestReadyRevisionName: 'hello-00002' };
  it.each<{ name: string; spec: RouteSpec['traffic']; status: RouteStatus['traffic']; want: boolean }>([
    { name: 'both empty', spec: undefined, status: undefined, want: true },
    { name: 'lengths differ', spec: [{ configurationName: 'hello', percent: 100 }], status: [], want: false },
    {
      name: 'config target resolved, url and latestRevision ignored',
      spec: [{ configurationName: 'hello', latestRevision: true, percent: 100, tag: 'current' }],
      status: [{ revisionName: 'hello-00002', latestRevision: false, percent: 100, tag: 'current', url: 'http://current-hello.default.example.com' }],
      want: true,
    },
    {
      name: 'pinned + floating split',
      spec: [
        { revisionName: 'hello-00001', latestRevision: false, percent: 50 },
        { configurationName: 'hello', latestRevision: true, percent: 50 },
      ],
      status: [
        { revisionName: 'hello-00001', latestRevision: false, percent: 50 },
        { revisionName: 'hello-00002', latestRevision: true, percent: 50 },
      ],
      want: true,
    },
    {
      name: 'percent differs',
      spec: [{ configurationName: 'hello', percent: 100 }],
      status: [{ revisionName: 'hello-00002', percent: 90 }],
      want: false,
    },
    {
      name: 'tag differs',
      spec: [{ configurationName: 'hello', percent: 100, tag: 'a' }],
      status: [{ revisionName: 'hello-00002', percent: 100 }],
      want: false,
    },
  ])('$name', ({ spec, status, want }) => {
    expect(isTrafficMigrated({ route: { spec: { traffic: spec }, status: { traffic: status } }, configuration })).toBe(want);
  });
});
