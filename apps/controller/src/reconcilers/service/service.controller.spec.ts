// Wiring of the Service and Configuration controllers, run for real (the @ebb/kube Controller
// runtime, work queues, status writes) over in-memory loopback kinds: a new Service gets its
// Configuration, Route and first Revision; when the Revision and the Route turn Ready (played by
// the test, standing in for their controllers), the child events reach the owners and the
// Service turns Ready with the Route's URL.
import type { Configuration, Revision, Route, Service } from '@ebb/api';
import { ALWAYS_LEADER } from '@ebb/kube';
import { waitFor } from '@ebb/testing';
import { pino } from 'pino';
import { configurationController } from '../configuration/configuration.controller.js';
import type { ConfigSource, ControllerClients, ControllerDeps, ControllerInformers, RunnableController } from '../deps.js';
import { LoopbackKind, servingType } from './loopback.spec-support.js';
import { RecordingEvents } from '../testing/reconcile-context.spec-support.js';
import { serviceController } from './service.controller.js';

const URL = 'http://hello.default.example.com';

function world(): {
  services: LoopbackKind<Service>;
  configurations: LoopbackKind<Configuration>;
  revisions: LoopbackKind<Revision>;
  routes: LoopbackKind<Route>;
  deps: ControllerDeps;
  events: RecordingEvents;
} {
  const services = new LoopbackKind<Service>(servingType('Service', 'services'), [
    {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      metadata: { name: 'hello', namespace: 'default', uid: 'svc-uid', generation: 1 },
      spec: { template: { spec: { containers: [{ image: 'ghcr.io/knative/helloworld-go' }] } }, traffic: [{ percent: 100, latestRevision: true }] },
    },
  ]);
  const configurations = new LoopbackKind<Configuration>(servingType('Configuration', 'configurations'));
  const revisions = new LoopbackKind<Revision>(servingType('Revision', 'revisions'));
  const routes = new LoopbackKind<Route>(servingType('Route', 'routes'));
  const events = new RecordingEvents();
  const informers = {
    services: services.asInformer(),
    configurations: configurations.asInformer(),
    revisions: revisions.asInformer(),
    routes: routes.asInformer(),
  } as unknown as ControllerInformers;
  const clients = {
    services: services.asClient(),
    configurations: configurations.asClient(),
    revisions: revisions.asClient(),
    routes: routes.asClient(),
  } as unknown as ControllerClients;
  const config = { current: () => ({}), onChange: () => undefined } as unknown as ConfigSource;
  const decisions = { get: () => undefined, onChange: () => undefined };
  const deps: ControllerDeps = { informers, clients, config, events, logger: pino({ level: 'silent' }), leader: ALWAYS_LEADER, decisions, system: { namespace: 'ebb-system', activatorService: 'activator' } };
  return { services, configurations, revisions, routes, deps, events };
}

describe('serviceController + configurationController wiring', () => {
  const running: RunnableController[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map(async (c) => c.stop()));
  });

  it('creates the children and rolls their readiness up to the Service', async () => {
    const w = world();
    running.push(serviceController(w.deps), configurationController(w.deps));
    for (const controller of running) controller.start();

    const revision = await waitFor(() => w.revisions.get('hello-00001', 'default'), { description: 'the first Revision' });
    expect(revision.metadata?.labels?.['serving.knative.dev/service']).toBe('hello');
    expect(w.routes.get('hello', 'default')?.spec?.traffic).toEqual([{ percent: 100, latestRevision: true, configurationName: 'hello' }]);

    // The Revision turns Ready: the Revision event must reach its Configuration.
    await w.revisions.updateStatus({ ...revision, status: { observedGeneration: 1, conditions: [{ type: 'Ready', status: 'True' }] } });
    await waitFor(() => w.configurations.get('hello', 'default')?.status?.latestReadyRevisionName === 'hello-00001', {
      description: 'the Configuration to record its latest ready Revision',
    });

    // The Route turns Ready with the traffic migrated: the Route event must reach its Service.
    const route = w.routes.get('hello', 'default') as Route;
    await w.routes.updateStatus({
      ...route,
      status: {
        observedGeneration: 1,
        url: URL,
        traffic: [{ revisionName: 'hello-00001', latestRevision: true, percent: 100 }],
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    });
    const service = await waitFor(
      () => {
        const s = w.services.get('hello', 'default');
        return s?.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True' ? s : undefined;
      },
      { description: 'the Service to turn Ready' },
    );

    expect(service.status).toMatchObject({
      observedGeneration: 1,
      url: URL,
      latestCreatedRevisionName: 'hello-00001',
      latestReadyRevisionName: 'hello-00001',
      traffic: [{ revisionName: 'hello-00001', latestRevision: true, percent: 100 }],
    });
    expect(w.events.lines).toEqual(
      expect.arrayContaining([
        'Normal Created Created Configuration "hello"',
        'Normal Created Created Route "hello"',
        'Normal Created Created Revision "hello-00001"',
        'Normal LatestReadyUpdate LatestReadyRevisionName updated to "hello-00001"',
      ]),
    );
    expect(w.events.lines.filter((l) => l.startsWith('Warning'))).toEqual([]);
  });
});
