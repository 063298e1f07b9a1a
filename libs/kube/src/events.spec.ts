import type { KubernetesObject } from '@kubernetes/client-node';
import { kubeConfigFor } from './client.js';
import { EventRecorder, eventName, involvedObjectOf } from './events.js';
import { FakeApiServer, type CannedResponse, type RecordedRequest } from './testing/fake-api-server.js';
import { captureLogger, type LogLine } from './testing/support.js';

const POD: KubernetesObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'shop', uid: 'uid-1', resourceVersion: '7' },
};
const NODE: KubernetesObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'local', uid: 'uid-n' } };
const T0 = Date.parse('2026-11-26T03:00:00.250Z');

interface Harness {
  readonly server: FakeApiServer;
  readonly recorder: EventRecorder;
  readonly lines: LogLine[];
  /** Moves the recorder's clock. */
  readonly advance: (ms: number) => void;
  readonly writes: () => RecordedRequest[];
}

const servers: FakeApiServer[] = [];

async function harness(respond?: (request: RecordedRequest) => CannedResponse | undefined): Promise<Harness> {
  const server = await FakeApiServer.start('/unused');
  servers.push(server);
  server.respond = respond ?? ((r) => ({ status: r.method === 'POST' ? 201 : 200, body: r.body }));
  const { logger, lines } = captureLogger();
  let now = T0;
  const kubeConfig = kubeConfigFor({ server: server.url, caPem: '', token: 't' });
  const recorder = new EventRecorder(kubeConfig, { component: 'deployment-controller', host: 'local' }, logger, () => new Date(now));
  return {
    server,
    recorder,
    lines,
    advance: (ms) => {
      now += ms;
    },
    writes: () => server.requests.filter((r) => r.method !== 'GET'),
  };
}

afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

describe('eventName', () => {
  it.each([
    { name: 'web-1', nanos: 1_764_126_000_250_000_000n, want: 'web-1.187b6f401fee9280' },
    { name: 'a', nanos: 255n, want: 'a.ff' },
  ])('$name at $nanos ns is $want', ({ name, nanos, want }) => {
    expect(eventName(name, nanos)).toBe(want);
  });
});

describe('involvedObjectOf', () => {
  it.each([
    { name: 'namespaced', object: POD, want: { apiVersion: 'v1', kind: 'Pod', name: 'web-1', namespace: 'shop', uid: 'uid-1', resourceVersion: '7' } },
    { name: 'cluster-scoped', object: NODE, want: { apiVersion: 'v1', kind: 'Node', name: 'local', uid: 'uid-n' } },
  ])('$name', ({ object, want }) => {
    expect(involvedObjectOf(object)).toEqual(want);
  });
});

describe('EventRecorder', () => {
  it('creates an Event in the object namespace as client-go does', async () => {
    const h = await harness();
    h.recorder.record(POD, 'Normal', 'Scheduled', 'Successfully assigned shop/web-1 to local');
    await h.recorder.flush();
    const [create] = h.writes();
    expect(create?.path).toBe('/api/v1/namespaces/shop/events');
    expect(create?.body).toEqual({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: eventName('web-1', BigInt(T0) * 1_000_000n), namespace: 'shop' },
      involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'web-1', namespace: 'shop', uid: 'uid-1', resourceVersion: '7' },
      type: 'Normal',
      reason: 'Scheduled',
      message: 'Successfully assigned shop/web-1 to local',
      count: 1,
      firstTimestamp: '2026-11-26T03:00:00Z',
      lastTimestamp: '2026-11-26T03:00:00Z',
      source: { component: 'deployment-controller', host: 'local' },
      reportingComponent: 'deployment-controller',
      reportingInstance: 'local',
    });
  });

  it('puts Events about cluster-scoped objects in default', async () => {
    const h = await harness();
    h.recorder.record(NODE, 'Warning', 'NodeNotReady', 'not ready');
    await h.recorder.flush();
    expect(h.writes().map((r) => r.path)).toEqual(['/api/v1/namespaces/default/events']);
  });

  it('patches count and lastTimestamp for identical repeats within 10 minutes', async () => {
    const h = await harness();
    h.recorder.record(POD, 'Warning', 'BackOff', 'Back-off restarting failed container');
    h.advance(60_000);
    h.recorder.record(POD, 'Warning', 'BackOff', 'Back-off restarting failed container');
    h.advance(60_000);
    h.recorder.record(POD, 'Warning', 'BackOff', 'Back-off restarting failed container');
    await h.recorder.flush();
    const name = eventName('web-1', BigInt(T0) * 1_000_000n);
    expect(h.writes().map((r) => [r.method, r.path, r.contentType])).toEqual([
      ['POST', '/api/v1/namespaces/shop/events', 'application/json'],
      ['PATCH', `/api/v1/namespaces/shop/events/${name}`, 'application/merge-patch+json'],
      ['PATCH', `/api/v1/namespaces/shop/events/${name}`, 'application/merge-patch+json'],
    ]);
    expect(h.writes().slice(1).map((r) => r.body)).toEqual([
      { count: 2, lastTimestamp: '2026-11-26T03:01:00Z', message: 'Back-off restarting failed container' },
      { count: 3, lastTimestamp: '2026-11-26T03:02:00Z', message: 'Back-off restarting failed container' },
    ]);
  });

  it.each([
    { name: 'another message', second: { reason: 'BackOff', message: 'other' }, afterMs: 1000 },
    { name: 'another reason', second: { reason: 'Failed', message: 'same' }, afterMs: 1000 },
    { name: 'the same after 10 minutes', second: { reason: 'BackOff', message: 'same' }, afterMs: 10 * 60_000 + 1000 },
  ])('creates a new Event for $name', async ({ second, afterMs }) => {
    const h = await harness();
    h.recorder.record(POD, 'Warning', 'BackOff', 'same');
    h.advance(afterMs);
    h.recorder.record(POD, 'Warning', second.reason, second.message);
    await h.recorder.flush();
    expect(h.writes().map((r) => r.method)).toEqual(['POST', 'POST']);
  });

  it('creates the Event again when the one to patch is gone', async () => {
    const h = await harness((r) => (r.method === 'PATCH' ? { status: 404, body: { kind: 'Status', code: 404, reason: 'NotFound' } } : { status: 201, body: r.body }));
    h.recorder.record(POD, 'Normal', 'Pulled', 'image present');
    h.advance(1000);
    h.recorder.record(POD, 'Normal', 'Pulled', 'image present');
    await h.recorder.flush();
    expect(h.writes().map((r) => r.method)).toEqual(['POST', 'PATCH', 'POST']);
  });

  it('logs a failed write and carries on', async () => {
    const h = await harness(() => ({ status: 403, body: { kind: 'Status', code: 403, reason: 'Forbidden', message: 'events is forbidden' } }));
    h.recorder.record(POD, 'Normal', 'Started', 'started');
    await h.recorder.flush();
    const warning = h.lines.find((l) => l.msg === 'could not record event');
    expect(warning?.['reason']).toBe('Started');
    expect((warning?.['err'] as { message?: string } | undefined)?.message).toBe('events is forbidden');
  });
});
