import type { EventRecorder } from '@ebb/kube';
import { waitFor } from '@ebb/testing';
import { encodePodPorts, POD_PORTS_ANNOTATION } from '@ebb/workloads';
import { ApiException, type KubeConfig, type V1EndpointSlice, type V1Pod, type V1Service } from '@kubernetes/client-node';
import { pino } from 'pino';
import { EndpointSliceController } from './endpointslice-controller.js';
import { FakeInformer } from './fake-informer.spec-support.js';
import { COLLECTIONS, type InformerFactory } from './informers.js';

/** The API server's slices; its watch events reach the informer at once, or when released. */
class FakeSliceApi {
  readonly calls: string[] = [];
  readonly server = new Map<string, V1EndpointSlice>();
  holdEvents = false;
  failures: number[] = [];
  private readonly held: (() => void)[] = [];
  private revision = 100;
  private created = 0;

  constructor(private readonly informer: FakeInformer<V1EndpointSlice>) {}

  release(): void {
    this.holdEvents = false;
    for (const deliver of this.held.splice(0)) deliver();
  }

  createNamespacedEndpointSlice({ namespace, body }: { namespace: string; body: V1EndpointSlice }): Promise<V1EndpointSlice> {
    const name = `${body.metadata?.generateName ?? ''}${this.created++}`;
    return this.store('create', { ...body, metadata: { ...body.metadata, name, namespace } });
  }

  replaceNamespacedEndpointSlice({ name, body }: { name: string; namespace: string; body: V1EndpointSlice }): Promise<V1EndpointSlice> {
    const current = this.server.get(name);
    if (current === undefined) return Promise.reject(new ApiException(404, 'not found', {}, {}));
    if (current.metadata?.resourceVersion !== body.metadata?.resourceVersion) return Promise.reject(new ApiException(409, 'conflict', {}, {}));
    return this.store('update', body);
  }

  deleteNamespacedEndpointSlice({ name }: { name: string; namespace: string }): Promise<object> {
    const current = this.server.get(name);
    if (current === undefined) return Promise.reject(new ApiException(404, 'not found', {}, {}));
    this.calls.push(`delete ${name}`);
    this.server.delete(name);
    this.deliver(() => this.informer.remove(current));
    return Promise.resolve({});
  }

  private store(verb: string, slice: V1EndpointSlice): Promise<V1EndpointSlice> {
    const failure = this.failures.shift();
    if (failure !== undefined) return Promise.reject(new ApiException(failure, `injected ${failure}`, {}, {}));
    const stored = { ...slice, metadata: { ...slice.metadata, resourceVersion: String(++this.revision) } };
    const name = stored.metadata.name ?? '';
    this.calls.push(`${verb} ${name}`);
    this.server.set(name, stored);
    this.deliver(() => this.informer.set(stored));
    return Promise.resolve(stored);
  }

  private deliver(event: () => void): void {
    if (this.holdEvents) this.held.push(event);
    else event();
  }
}

interface PodOptions {
  readonly ready?: boolean;
  readonly labels?: Record<string, string>;
  readonly mapped?: number;
  readonly deleting?: boolean;
  readonly restarts?: number;
}

function pod(name: string, ip: string, options: PodOptions = {}): V1Pod {
  const annotations: Record<string, string> = options.mapped === undefined ? {} : { [POD_PORTS_ANNOTATION]: encodePodPorts({ '8080/TCP': options.mapped }) };
  const deleting = options.deleting === true ? { deletionTimestamp: '2026-01-01T00:00:00Z' as unknown as Date } : {};
  return {
    metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: options.labels ?? { app: 'web' }, annotations, ...deleting },
    spec: { nodeName: 'local', containers: [{ name: 'app', ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }] }] },
    status: {
      phase: 'Running',
      podIP: ip,
      conditions: [{ type: 'Ready', status: options.ready === false ? 'False' : 'True' }],
      containerStatuses: [{ name: 'app', image: 'x', imageID: '', ready: options.ready !== false, restartCount: options.restarts ?? 0 }],
    },
  };
}

function service(name = 'web', selector: Record<string, string> | null = { app: 'web' }): V1Service {
  return { metadata: { name, namespace: 'default', uid: `uid-${name}` }, spec: { ...(selector === null ? {} : { selector }), ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] } };
}

interface Harness {
  readonly controller: EndpointSliceController;
  readonly services: FakeInformer<V1Service>;
  readonly pods: FakeInformer<V1Pod>;
  readonly api: FakeSliceApi;
  readonly events: string[];
}

function harness(): Harness {
  const services = new FakeInformer<V1Service>();
  const pods = new FakeInformer<V1Pod>();
  const slices = new FakeInformer<V1EndpointSlice>();
  const api = new FakeSliceApi(slices);
  const events: string[] = [];
  const byPath: Record<string, unknown> = { [COLLECTIONS.services]: services, [COLLECTIONS.pods]: pods, [COLLECTIONS.endpointSlices]: slices};
  const controller = new EndpointSliceController({
    kubeConfig: { makeApiClient: () => api } as unknown as KubeConfig,
    informers: { informer: (path: string) => byPath[path] } as unknown as InformerFactory,
    events: { record: (_o: unknown, type: string, reason: string) => events.push(`${type} ${reason}`) } as unknown as EventRecorder,
    logger: pino({ level: 'silent' }),
    clock: () => new Date('2026-01-01T00:00:00Z'),
  });
  return { controller, services, pods, api, events };
}

async function settled(h: Harness): Promise<void> {
  await waitFor(() => h.controller.idle(), { description: 'the controller to be idle', timeoutMs: 5000, intervalMs: 1 });
}

/** The server's slices as `name port: pod(ready)…`. */
function slicesOf(h: Harness): string[] {
  return [...h.api.server.values()].map((slice) => {
    const ports = (slice.ports ?? []).map((p) => p.port).join(',');
    const endpoints = (slice.endpoints ?? []).map((e) => `${e.targetRef?.name ?? ''}${e.conditions?.ready === true ? '' : '(not ready)'}${e.conditions?.terminating === true ? '(terminating)' : ''}`);
    return `${slice.metadata?.name ?? ''} ${ports}: ${endpoints.join(' ')}`;
  });
}

async function started(): Promise<Harness> {
  const h = harness();
  h.services.set(service());
  h.services.set(service('db', { app: 'db' }));
  for (const p of [pod('web-a', '127.0.1.1'), pod('web-b', '127.0.1.2'), pod('web-c', '127.0.1.3')]) h.pods.set(p);
  await h.controller.start();
  await settled(h);
  h.api.calls.length = 0;
  return h;
}

describe('EndpointSliceController', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.controller.stop();
    h = undefined;
  });

  it('does nothing before start, then writes one slice per Service', async () => {
    h = harness();
    h.services.set(service());
    h.services.set(service('db', { app: 'db' }));
    h.pods.set(pod('web-a', '127.0.1.1'));
    h.pods.set(pod('web-b', '127.0.1.2'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(h.api.calls).toEqual([]);
    await h.controller.start();
    await settled(h);
    expect(h.api.calls.sort()).toEqual(['create db-1', 'create web-0']);
    expect(slicesOf(h)).toEqual(['web-0 8080: web-a web-b', 'db-1 : ']);
  });

  it.each<[string, (h: Harness) => void, string[], string[]]>([
    ['a pod turning not ready updates the slice in place', (x) => x.pods.set(pod('web-b', '127.0.1.2', { ready: false })), ['update web-0'], ['web-0 8080: web-a web-b(not ready) web-c', 'db-1 : ']],
    ['a pod being deleted shows as terminating and not ready', (x) => x.pods.set(pod('web-a', '127.0.1.1', { deleting: true })), ['update web-0'], ['web-0 8080: web-a(not ready)(terminating) web-b web-c', 'db-1 : ']],
    ['a pod gone leaves the slice', (x) => x.pods.remove(pod('web-c', '127.0.1.3')), ['update web-0'], ['web-0 8080: web-a web-b', 'db-1 : ']],
    ['a pod relabelled away leaves the slice (matched before)', (x) => x.pods.set(pod('web-c', '127.0.1.3', { labels: { app: 'other' } })), ['update web-0'], ['web-0 8080: web-a web-b', 'db-1 : ']],
    [
      'a pod whose host port gets recorded moves to a slice of its port',
      (x) => x.pods.set(pod('web-b', '127.0.1.2', { mapped: 41000 })),
      ['create web-2', 'update web-0'],
      ['web-0 8080: web-a web-c', 'db-1 : ', 'web-2 41000: web-b'],
    ],
    ['a new pod of another Service touches only that one', (x) => x.pods.set(pod('db-a', '127.0.2.1', { labels: { app: 'db' } })), ['update db-1'], ['web-0 8080: web-a web-b web-c', 'db-1 8080: db-a']],
    ['a pod change that does not show in slices writes nothing', (x) => x.pods.set(pod('web-a', '127.0.1.1', { restarts: 3 })), [], ['web-0 8080: web-a web-b web-c', 'db-1 : ']],
    ['a deleted Service loses its slices', (x) => x.services.remove(service()), ['delete web-0'], ['db-1 : ']],
    ['a Service whose selector is removed loses its slices', (x) => x.services.set(service('web', null)), ['delete web-0'], ['db-1 : ']],
  ])('%s', async (_name, change, calls, slices) => {
    h = await started();
    change(h);
    await settled(h);
    expect(h.api.calls).toEqual(calls);
    expect(slicesOf(h)).toEqual(slices);
  });

  it('waits for its own writes to show in the cache instead of writing twice', async () => {
    h = harness();
    h.services.set(service());
    h.pods.set(pod('web-a', '127.0.1.1'));
    h.api.holdEvents = true;
    await h.controller.start();
    await settled(h);
    h.pods.set(pod('web-b', '127.0.1.2'));
    await settled(h);
    expect(h.api.calls).toEqual(['create web-0']);
    h.api.release();
    await settled(h);
    expect(h.api.calls).toEqual(['create web-0', 'update web-0']);
    expect(slicesOf(h)).toEqual(['web-0 8080: web-a web-b']);
  });

  it.each<[number, string[]]>([
    [409, []],
    [500, ['Warning FailedToUpdateEndpointSlices']],
  ])('retries a write that failed with %i (events: %j)', async (status, events) => {
    h = await started();
    h.api.failures.push(status);
    h.pods.set(pod('web-a', '127.0.1.1', { ready: false }));
    await settled(h);
    await waitFor(() => h?.api.calls.includes('update web-0'), { description: 'the retried update', timeoutMs: 5000, intervalMs: 1 });
    expect(h.events).toEqual(events);
    expect(slicesOf(h)).toEqual(['web-0 8080: web-a(not ready) web-b web-c', 'db-1 : ']);
  });
});
