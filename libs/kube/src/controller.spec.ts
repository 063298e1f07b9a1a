import type { KubeConfig } from '@kubernetes/client-node';
import { KubeApiError, kubeConfigFor } from './client.js';
import { Controller, enqueueControllerOwner, handleAll, semanticEqual } from './controller.js';
import { Informer } from './informer.js';
import type { KubeObjectLike } from './object.js';
import type { LeaderGate, ReconcileContext, ReconcileResult } from './reconciler.js';
import { ResourceClient, type ResourceType } from './resource-client.js';
import { FakeApiServer, type RecordedRequest } from './testing/fake-api-server.js';
import { captureLogger, until, type LogLine } from './testing/support.js';

const WIDGETS: ResourceType = { group: 'example.dev', version: 'v1', plural: 'widgets', kind: 'Widget', namespaced: true };
const PATH = '/apis/example.dev/v1/widgets';
const NOW = new Date('2024-05-01T10:00:00Z');

interface Widget extends KubeObjectLike {
  spec?: { size?: number };
  status?: Record<string, unknown>;
}

function widget(name: string, status?: Record<string, unknown>, size = 1): Widget {
  return { apiVersion: 'example.dev/v1', kind: 'Widget', metadata: { name, namespace: 'default', uid: `uid-${name}` }, spec: { size }, ...(status === undefined ? {} : { status }) };
}

/** A gate the test flips. */
class ManualGate implements LeaderGate {
  private readonly listeners = new Set<(leading: boolean) => void>();
  constructor(private leading: boolean) {}
  isLeader(): boolean {
    return this.leading;
  }
  onChange(listener: (leading: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  set(leading: boolean): void {
    this.leading = leading;
    for (const listener of this.listeners) listener(leading);
  }
}

/** Lets queued work (which starts on setImmediate) run. */
async function turns(count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

type ReconcileFn = (object: Widget, context: ReconcileContext) => ReconcileResult | void | Promise<ReconcileResult | void>;

interface Harness {
  readonly server: FakeApiServer;
  readonly controller: Controller<Widget>;
  readonly reconciled: { name: string; status: unknown; now: Date }[];
  readonly events: string[];
  readonly lines: LogLine[];
  readonly informer: Informer<Widget>;
  readonly statusWrites: () => RecordedRequest[];
  /** Resolves once every key queued before it has been handled (the queue is FIFO with one worker). */
  readonly flush: () => Promise<void>;
}

/** An object whose reconciles only mark progress (see Harness.flush). */
const SENTINEL = 'sentinel';

const open: { server: FakeApiServer; informer: Informer<Widget>; controller: Controller<Widget> }[] = [];

afterEach(async () => {
  for (const h of open.splice(0)) {
    await h.controller.stop();
    h.informer.stop();
    await h.server.close();
  }
});

/** Answers status PUTs by storing the object (so the watch sees the write), GETs from the store. */
function storeBacked(server: FakeApiServer, respond?: (request: RecordedRequest) => { status: number; body: unknown } | undefined): void {
  server.respond = (request): { status: number; body: unknown } | undefined => {
    const canned = respond?.(request);
    if (canned !== undefined) return canned;
    if (request.method === 'PUT' && request.path.endsWith('/status')) return { status: 200, body: server.put(request.body as Widget) };
    return undefined;
  };
}

async function harness(reconcile: ReconcileFn, options: { gate?: LeaderGate; seed?: Widget[]; respond?: (r: RecordedRequest) => { status: number; body: unknown } | undefined } = {}): Promise<Harness> {
  const server = await FakeApiServer.start(PATH);
  for (const object of [...(options.seed ?? []), widget(SENTINEL)]) server.put(object);
  storeBacked(server, options.respond);
  const { logger, lines } = captureLogger();
  const kubeConfig: KubeConfig = kubeConfigFor({ server: server.url, caPem: '', token: 't' });
  const informer = new Informer<Widget>(kubeConfig, { path: PATH, initialBackoffMs: 5, maxBackoffMs: 10 }, logger);
  const reconciled: Harness['reconciled'] = [];
  const events: string[] = [];
  let sentinels = 0;
  const controller = new Controller<Widget>({
    name: 'widget',
    informer,
    client: new ResourceClient<Widget>(kubeConfig, WIDGETS),
    reconciler: {
      reconcile: async (object, context) => {
        if (object.metadata?.name === SENTINEL) {
          sentinels += 1;
          return undefined;
        }
        reconciled.push({ name: object.metadata?.name ?? '', status: structuredClone(object.status), now: context.now });
        const result = await reconcile(object, context);
        return result;
      },
    },
    events: { record: (object, type, reason, message) => events.push(`${object.kind ?? ''}/${object.metadata?.name ?? ''} ${type} ${reason}: ${message}`) },
    logger,
    clock: () => NOW,
    concurrency: 1,
    retryBaseDelayMs: 2,
    retryMaxDelayMs: 10,
    ...(options.gate === undefined ? {} : { leader: options.gate }),
  });
  open.push({ server, informer, controller });
  await informer.start();
  controller.start();
  const statusWrites = (): RecordedRequest[] => server.requests.filter((r) => r.method === 'PUT' && r.path.endsWith('/status'));
  const flush = async (): Promise<void> => {
    const before = sentinels;
    controller.enqueueKey(`default/${SENTINEL}`);
    await until(() => sentinels > before);
  };
  return { server, controller, informer, reconciled, events, lines, statusWrites, flush };
}

describe('Controller', () => {
  it('reconciles a copy with the clock and a keyed logger, and writes a changed status once', async () => {
    const h = await harness(
      (object, context) => {
        object.status = { observedSize: object.spec?.size, ready: true };
        context.logger.info('reconciling');
        return undefined;
      },
      { seed: [widget('a')] },
    );
    await until(() => h.reconciled.length >= 2);
    await h.flush();
    expect(h.lines.some((line) => line.msg === 'reconciling' && line['key'] === 'default/a' && line['controller'] === 'widget')).toBe(true);
    expect(h.reconciled[0]).toEqual({ name: 'a', status: undefined, now: NOW });
    expect(h.reconciled[1]?.status).toEqual({ observedSize: 1, ready: true });
    const writes = h.statusWrites();
    expect(writes.map((w) => [w.path, (w.body as Widget).status, (w.body as Widget).metadata?.resourceVersion])).toEqual([
      ['/apis/example.dev/v1/namespaces/default/widgets/a/status', { observedSize: 1, ready: true }, '2'],
    ]);
    expect(h.events).toEqual([]);
  });

  it('writes nothing when the status only differs in key order or undefined members', async () => {
    const h = await harness(
      (object) => {
        object.status = { conditions: [{ type: 'Ready', status: 'True' }], observedGeneration: 1, extra: undefined };
      },
      { seed: [widget('a', { observedGeneration: 1, conditions: [{ status: 'True', type: 'Ready' }] })] },
    );
    await until(() => h.reconciled.length === 1);
    h.controller.enqueueKey('default/a');
    await until(() => h.reconciled.length === 2);
    await h.flush();
    expect(h.statusWrites()).toEqual([]);
  });

  it('fills apiVersion and kind from the resource type when list items lack them', async () => {
    const bare: Widget = { metadata: { name: 'bare', namespace: 'default' } };
    const seen: (string | undefined)[] = [];
    const h = await harness(
      (object) => {
        seen.push(`${object.apiVersion ?? ''} ${object.kind ?? ''}`);
        throw new Error('boom');
      },
      { seed: [bare] },
    );
    await until(() => h.events.length >= 1);
    expect(seen[0]).toBe('example.dev/v1 Widget');
    expect(h.events[0]).toBe('Widget/bare Warning InternalError: boom');
  });

  it('on a 409 re-reads the object and writes the new status onto the fresh copy', async () => {
    let conflicts = 0;
    const h = await harness(
      (object) => {
        object.status = { phase: 'Ready' };
      },
      {
        seed: [widget('a', { phase: 'Pending' })],
        respond: (request) => {
          if (request.method === 'PUT' && conflicts === 0) {
            conflicts += 1;
            return { status: 409, body: { kind: 'Status', code: 409, reason: 'Conflict', message: 'the object has been modified' } };
          }
          if (request.method === 'GET' && request.path === '/apis/example.dev/v1/namespaces/default/widgets/a') {
            return { status: 200, body: { ...widget('a', { phase: 'Pending', note: 'fresh' }, 7), metadata: { name: 'a', namespace: 'default', resourceVersion: '99' } } };
          }
          return undefined;
        },
      },
    );
    await until(() => h.statusWrites().length === 2);
    const second = h.statusWrites()[1]?.body as Widget;
    expect([second.metadata?.resourceVersion, second.spec, second.status]).toEqual(['99', { size: 7 }, { phase: 'Ready' }]);
    expect(h.events).toEqual([]);
  });

  it('skips the retry when the fresh copy already has the new status', async () => {
    const h = await harness(
      (object) => {
        object.status = { phase: 'Ready' };
      },
      {
        seed: [widget('a', { phase: 'Pending' })],
        respond: (request) => {
          if (request.method === 'PUT') return { status: 409, body: { kind: 'Status', code: 409, reason: 'Conflict', message: 'modified' } };
          if (request.method === 'GET' && request.path.endsWith('/widgets/a')) return { status: 200, body: widget('a', { phase: 'Ready' }) };
          return undefined;
        },
      },
    );
    await until(() => h.reconciled.length === 1);
    await h.flush();
    const writes = h.server.requests.filter((r) => r.path.startsWith('/apis/example.dev/v1/namespaces/')).map((r) => `${r.method} ${r.path}`);
    expect(writes).toEqual(['PUT /apis/example.dev/v1/namespaces/default/widgets/a/status', 'GET /apis/example.dev/v1/namespaces/default/widgets/a']);
    expect(h.events).toEqual([]);
  });

  it('records a Warning InternalError and retries with backoff when reconcile throws', async () => {
    let calls = 0;
    const h = await harness(
      (object) => {
        calls += 1;
        if (calls < 3) throw new Error(`broken ${calls}`);
        object.status = { ok: true };
      },
      { seed: [widget('a')] },
    );
    await until(() => h.statusWrites().length === 1);
    expect(h.events).toEqual(['Widget/a Warning InternalError: broken 1', 'Widget/a Warning InternalError: broken 2']);
    expect(h.lines.filter((line) => line.level === 50).map((line) => line.msg)).toEqual(['reconcile failed: broken 1', 'reconcile failed: broken 2']);
  });

  it('still writes the status a failing reconcile set, then reports the failure', async () => {
    let calls = 0;
    const h = await harness(
      (object) => {
        calls += 1;
        object.status = { phase: 'Failed' };
        if (calls === 1) throw new Error('image not found');
      },
      { seed: [widget('a')] },
    );
    await until(() => h.statusWrites().length === 1 && h.events.length === 1);
    expect((h.statusWrites()[0]?.body as Widget).status).toEqual({ phase: 'Failed' });
    expect(h.events).toEqual(['Widget/a Warning InternalError: image not found']);
  });

  it('records a Warning with the API message when the status write fails', async () => {
    const h = await harness(
      (object) => {
        object.status = { phase: 'Ready' };
      },
      {
        seed: [widget('a')],
        respond: (request) => (request.method === 'PUT' ? { status: 422, body: { kind: 'Status', code: 422, reason: 'Invalid', message: 'status.phase: Invalid value' } } : undefined),
      },
    );
    await until(() => h.events.length >= 2);
    expect(h.events.slice(0, 2)).toEqual(['Widget/a Warning InternalError: status.phase: Invalid value', 'Widget/a Warning InternalError: status.phase: Invalid value']);
  });

  it('requeues a reconcile that throws a 409 quietly: no Event, no error log', async () => {
    let calls = 0;
    const h = await harness(
      () => {
        calls += 1;
        if (calls === 1) throw new KubeApiError(409, 'Conflict', 'deployments "x": the object has been modified');
      },
      { seed: [widget('a')] },
    );
    await until(() => calls === 2);
    await h.flush();
    expect(h.events).toEqual([]);
    expect(h.lines.filter((line) => line.level >= 40)).toEqual([]);
    expect(h.lines.some((line) => line.level === 20 && line.msg === 'conflict; requeueing')).toBe(true);
  });

  it('reconciles again after requeueAfterMs', async () => {
    const h = await harness(() => ({ requeueAfterMs: 5 }), { seed: [widget('a')] });
    await until(() => h.reconciled.length >= 3);
    expect(h.reconciled.every((r) => r.name === 'a')).toBe(true);
  });

  it('treats a key whose object is gone as done', async () => {
    const h = await harness(() => undefined, { seed: [widget('a')] });
    await until(() => h.reconciled.length === 1);
    h.controller.enqueueKey('default/gone');
    h.controller.enqueueKey('default/a');
    await until(() => h.reconciled.length === 2);
    expect(h.reconciled.map((r) => r.name)).toEqual(['a', 'a']);
  });

  it('enqueues on informer add and update', async () => {
    const h = await harness(() => undefined);
    h.server.put(widget('b'));
    await until(() => h.reconciled.length === 1);
    h.server.put(widget('b', undefined, 2));
    await until(() => h.reconciled.length === 2);
    expect(h.reconciled.map((r) => r.name)).toEqual(['b', 'b']);
  });

  it('does not reconcile while not leading; on gaining leadership reconciles every cached object and kept key', async () => {
    const gate = new ManualGate(false);
    const h = await harness(() => undefined, { gate, seed: [widget('a'), widget('b')] });
    h.controller.enqueueKey('default/a');
    h.server.put(widget('c'));
    await until(() => h.informer.get('c', 'default') !== undefined);
    await turns(3);
    expect(h.reconciled).toEqual([]);
    gate.set(true);
    await until(() => h.reconciled.length === 3);
    await h.flush();
    expect(h.reconciled.map((r) => r.name).sort()).toEqual(['a', 'b', 'c']);
    gate.set(false);
    h.controller.enqueueKey('default/b');
    const updated = h.server.put(widget('a', undefined, 5));
    await until(() => h.informer.get('a', 'default')?.metadata?.resourceVersion === updated.metadata?.resourceVersion);
    await turns(3);
    expect(h.reconciled).toHaveLength(3);
    gate.set(true);
    await until(() => h.reconciled.length === 6);
    await h.flush();
    expect(h.reconciled.slice(3).map((r) => r.name).sort()).toEqual(['a', 'b', 'c']);
  });
});

describe('semanticEqual', () => {
  it.each([
    { name: 'same primitives', a: 1, b: 1, want: true },
    { name: 'different primitives', a: 1, b: '1', want: false },
    { name: 'key order ignored', a: { x: 1, y: { p: [1, 2], q: 'z' } }, b: { y: { q: 'z', p: [1, 2] }, x: 1 }, want: true },
    { name: 'array order matters', a: [1, 2], b: [2, 1], want: false },
    { name: 'undefined members ignored', a: { x: 1, y: undefined }, b: { x: 1 }, want: true },
    { name: 'missing member', a: { x: 1, y: 2 }, b: { x: 1 }, want: false },
    { name: 'null is not an empty object', a: null, b: {}, want: false },
    { name: 'undefined vs empty object', a: undefined, b: {}, want: false },
    { name: 'array vs object', a: [], b: {}, want: false },
    { name: 'dates by time', a: new Date(5), b: new Date(5), want: true },
  ])('$name', ({ a, b, want }) => {
    expect(semanticEqual(a, b)).toBe(want);
    expect(semanticEqual(b, a)).toBe(want);
  });
});

describe('enqueueControllerOwner', () => {
  const owner = (apiVersion: string, kind: string, controller: boolean | undefined): { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean } => ({
    apiVersion,
    kind,
    name: 'parent',
    uid: 'u1',
    ...(controller === undefined ? {} : { controller }),
  });
  it.each([
    { name: 'controller owner of the kind', refs: [owner('serving.knative.dev/v1', 'Configuration', true)], want: ['ns1/parent'] },
    { name: 'other version of the group', refs: [owner('serving.knative.dev/v2', 'Configuration', true)], want: ['ns1/parent'] },
    { name: 'owner but not controller', refs: [owner('serving.knative.dev/v1', 'Configuration', false)], want: [] },
    { name: 'controller flag missing', refs: [owner('serving.knative.dev/v1', 'Configuration', undefined)], want: [] },
    { name: 'other kind', refs: [owner('serving.knative.dev/v1', 'Route', true)], want: [] },
    { name: 'other group', refs: [owner('apps/v1', 'Configuration', true)], want: [] },
    { name: 'core group is not a match', refs: [owner('v1', 'Configuration', true)], want: [] },
    { name: 'non-controller first, controller second', refs: [owner('serving.knative.dev/v1', 'Configuration', false), owner('serving.knative.dev/v1', 'Configuration', true)], want: ['ns1/parent'] },
    { name: 'no owners', refs: undefined, want: [] },
  ])('$name', ({ refs, want }) => {
    const keys: string[] = [];
    const handler = enqueueControllerOwner({ enqueueKey: (key) => keys.push(key) }, { group: 'serving.knative.dev', kind: 'Configuration' });
    handler({ metadata: { name: 'child', namespace: 'ns1', ...(refs === undefined ? {} : { ownerReferences: refs }) } });
    expect(keys).toEqual(want);
  });

  it('matches core-group owners with group ""', () => {
    const keys: string[] = [];
    const handler = enqueueControllerOwner({ enqueueKey: (key) => keys.push(key) }, { group: '', kind: 'Service' });
    handler({ metadata: { name: 'slice', namespace: 'ns', ownerReferences: [owner('v1', 'Service', true)] } });
    expect(keys).toEqual(['ns/parent']);
  });
});

describe('handleAll', () => {
  it('registers the handler for add, update and delete', () => {
    const registered: string[] = [];
    const handler = (): void => undefined;
    handleAll<KubeObjectLike>({ on: (event, h) => registered.push(`${event}:${h === handler ? 'same' : 'other'}`) }, handler);
    expect(registered).toEqual(['add:same', 'update:same', 'delete:same']);
  });
});
