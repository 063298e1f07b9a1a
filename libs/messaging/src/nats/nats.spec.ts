import { Test, type TestingModule } from '@nestjs/testing';
import { createLogger, ObservabilityModule, ReadinessService } from '@ebb/observability';
import { captureJsonLines, NatsServer, waitFor } from '@ebb/testing';
import { Kvm } from '@nats-io/kv';
import { Registry } from 'prom-client';
import type { ScaleDecision, Stat } from '../messages.js';
import { subjects } from '../subjects.js';
import { DECISIONS_BUCKET, DecisionStore, type StoredDecision } from './decision-store.service.js';
import { MessageBus } from './message-bus.service.js';
import { NatsConnectionService } from './nats-connection.service.js';
import { NatsModule } from './nats.module.js';

/** One app's worth of NATS wiring, with its log lines and metrics at hand. */
interface Peer {
  readonly module: TestingModule;
  readonly nats: NatsConnectionService;
  readonly bus: MessageBus;
  readonly store: DecisionStore;
  readonly registry: Registry;
  readonly logs: Record<string, unknown>[];
}

async function peer(servers: string[], name: string): Promise<Peer> {
  const { stream: destination, lines: logs } = captureJsonLines();
  const registry = new Registry();
  const module = await Test.createTestingModule({
    imports: [
      ObservabilityModule.forRoot({ logger: createLogger({ component: name, level: 'info', destination }), registry }),
      NatsModule.forRoot({ servers, name }),
    ],
  }).compile();
  await module.init();
  return { module, nats: module.get(NatsConnectionService), bus: module.get(MessageBus), store: module.get(DecisionStore), registry, logs };
}

const stat = (requestCount: number): Stat => ({
  v: 1,
  instance: 'gateway-1',
  averageConcurrency: 1,
  requestCount,
  averageProxiedConcurrency: 0,
  proxiedRequestCount: 0,
  windowSeconds: 1,
  timestamp: Date.now(),
});

const decision = (desiredScale: number): ScaleDecision => ({
  v: 1,
  desiredScale,
  excessBurstCapacity: 0,
  panic: false,
  observedStableValue: desiredScale * 10,
  observedPanicValue: desiredScale * 10,
  reason: `scale to ${desiredScale}`,
  timestamp: 1_764_000_000_000 + desiredScale,
});

async function malformedCount(registry: Registry, subject: string): Promise<number> {
  const metric = registry.getSingleMetric('ebb_messaging_malformed_messages_total');
  const values = (await metric?.get())?.values ?? [];
  return values.find((v) => v.labels['subject'] === subject)?.value ?? 0;
}

describe('messaging against a real nats-server', () => {
  let server: NatsServer;
  const peers: Peer[] = [];
  const connected = async (servers = [server.url], name = 'test'): Promise<Peer> => {
    const p = await peer(servers, name);
    peers.push(p);
    await p.nats.connection();
    return p;
  };

  beforeAll(async () => {
    server = await NatsServer.start();
  });

  afterEach(async () => {
    await server.restart();
    await Promise.all(peers.splice(0).map((p) => p.module.close()));
  });

  afterAll(async () => {
    await server.dispose();
  });

  it('reports readiness from the connection: lost when the server stops, back after it restarts', async () => {
    const app = await connected();
    const readiness = app.module.get(ReadinessService);
    await expect(readiness.evaluate()).resolves.toMatchObject({ ready: true, checks: { nats: true } });

    await server.stop();
    await waitFor(async () => !(await readiness.evaluate()).ready, { description: 'not ready after the server stopped', timeoutMs: 5000 });
    await server.restart();
    await waitFor(async () => (await readiness.evaluate()).ready, { description: 'ready after the server restarted', timeoutMs: 15_000 });

    const messages = app.logs.map((l) => l['msg']);
    expect(messages).toEqual(expect.arrayContaining(['NATS connected', 'NATS connection lost: reconnecting', 'NATS reconnected']));
  });

  it('delivers to a subscriber connected before a server restart what is published after it', async () => {
    const subscriber = await connected(undefined, 'subscriber');
    const publisher = await connected(undefined, 'publisher');
    const received: number[] = [];
    subscriber.bus.subscribe(subjects.allMetrics, 'stat', (message) => {
      received.push(message.requestCount);
    });

    await server.stop();
    await server.restart();
    await waitFor(() => subscriber.nats.connected && publisher.nats.connected, { description: 'both reconnected', timeoutMs: 15_000 });

    let sent = 1000;
    await waitFor(
      () => {
        publisher.bus.publish(subjects.metrics('default', 'hello-00001'), 'stat', stat(++sent));
        return received.some((n) => n > 1000);
      },
      { description: 'a message published after the restart', timeoutMs: 10_000, intervalMs: 100 },
    );
  });

  it('makes a subscription asked for before NATS was reachable once it is', async () => {
    await server.stop();
    const early = await peer([server.url], 'early');
    peers.push(early);
    const received: number[] = [];
    early.bus.subscribe(subjects.allMetrics, 'stat', (message) => {
      received.push(message.requestCount);
    });
    await server.restart();
    const publisher = await connected(undefined, 'publisher');
    await early.nats.connection();
    await waitFor(
      () => {
        publisher.bus.publish(subjects.metrics('default', 'r'), 'stat', stat(42));
        return received.includes(42);
      },
      { description: 'the message on the late subscription', timeoutMs: 15_000, intervalMs: 100 },
    );
  });

  it('opens a new connection and subscribes again when its connection is closed under it', async () => {
    const app = await connected(undefined, 'victim');
    const received: number[] = [];
    app.bus.subscribe(subjects.allMetrics, 'stat', (message) => {
      received.push(message.requestCount);
    });
    const first = await app.nats.connection();
    await first.close();
    const second = await waitFor(() => app.nats.current(), { description: 'a new connection', timeoutMs: 10_000 });
    expect(second).not.toBe(first);
    await waitFor(
      () => {
        app.bus.publish(subjects.metrics('default', 'r'), 'stat', stat(9));
        return received.includes(9);
      },
      { description: 'the message on the new connection', timeoutMs: 10_000, intervalMs: 100 },
    );
    expect(app.logs.some((l) => l['msg'] === 'NATS connection closed unexpectedly: connecting again')).toBe(true);
  });

  it('counts a malformed message and never hands it to the handler', async () => {
    const app = await connected();
    const handled: Stat[] = [];
    app.bus.subscribe(subjects.allMetrics, 'stat', (message) => {
      handled.push(message);
    });
    const nc = await app.nats.connection();
    const subject = subjects.metrics('default', 'hello-00001');
    nc.publish(subject, new TextEncoder().encode('{"v":1,"instance":'));
    nc.publish(subject, new TextEncoder().encode(JSON.stringify({ ...stat(1), v: 2 })));
    app.bus.publish(subject, 'stat', stat(7));

    await waitFor(() => handled.length === 1, { description: 'the valid message' });
    await nc.flush();
    expect(handled.map((m) => m.requestCount)).toEqual([7]);
    await waitFor(async () => (await malformedCount(app.registry, subjects.allMetrics)) === 2, { description: 'two malformed counted' });
    expect(app.logs.some((l) => l['msg'] === 'dropped a malformed message' && l['subject'] === subjects.allMetrics)).toBe(true);
  });

  it('keeps a subscription alive when its handler throws', async () => {
    const app = await connected();
    const seen: number[] = [];
    app.bus.subscribe(subjects.allPokes, 'poke', (message) => {
      seen.push(message.bufferedRequests);
      if (message.bufferedRequests === 1) throw new Error('handler bug');
    });
    const poke = (bufferedRequests: number): boolean =>
      app.bus.publish(subjects.poke('default', 'r'), 'poke', { v: 1, instance: 'activator-1', bufferedRequests, timestamp: Date.now() });
    poke(1);
    poke(2);
    await waitFor(() => seen.length === 2, { description: 'both pokes' });
    expect(app.logs.some((l) => l['msg'] === 'message handler failed')).toBe(true);
  });

  it('keeps the last decision per revision in the KV bucket', async () => {
    const app = await connected();
    await app.store.put('default', 'hello-00001', decision(1));
    await app.store.put('default', 'hello-00001', decision(3));
    await expect(app.store.get('default', 'hello-00001')).resolves.toEqual(decision(3));
    await expect(app.store.get('default', 'missing-00001')).resolves.toBeUndefined();
  });

  it('forgets a deleted revision, and deleting an absent one is a no-op', async () => {
    const app = await connected();
    await app.store.put('default', 'gone-00001', decision(2));
    await app.store.delete('default', 'gone-00001');
    await expect(app.store.get('default', 'gone-00001')).resolves.toBeUndefined();
    await expect(app.store.delete('default', 'never-00001')).resolves.toBeUndefined();
    expect(await malformedCount(app.registry, `$KV.${DECISIONS_BUCKET}.>`)).toBe(0);
  });

  it('gives a watcher started after a put the last value, then what follows', async () => {
    const writer = await connected(undefined, 'autoscaler');
    await writer.store.put('team-a', 'api-00002', decision(2));
    await writer.store.put('team-a', 'api-00002', decision(5));

    const reader = await connected(undefined, 'controller');
    const watch = await reader.store.watch();
    const seen: StoredDecision[] = [];
    const done = (async () => {
      for await (const stored of watch) if (stored.namespace === 'team-a') seen.push(stored);
    })();
    await waitFor(() => seen.length >= 1, { description: 'the last value' });
    expect(seen[0]).toMatchObject({ namespace: 'team-a', revision: 'api-00002', decision: { desiredScale: 5 } });

    await writer.store.put('team-a', 'api-00002', decision(6));
    await waitFor(() => seen.length === 2, { description: 'the update' });
    expect(seen.map((s) => s.decision.desiredScale)).toEqual([5, 6]);
    watch.stop();
    await done;
  });

  it('counts a malformed stored decision and skips it', async () => {
    const app = await connected();
    const kv = await new Kvm(await app.nats.connection()).create(DECISIONS_BUCKET, { history: 1 });
    await kv.put('default.broken-00001', new TextEncoder().encode('not json'));
    await expect(app.store.get('default', 'broken-00001')).resolves.toBeUndefined();
    expect(await malformedCount(app.registry, `$KV.${DECISIONS_BUCKET}.>`)).toBe(1);
  });

  it('stays alive and not ready while no server answers, drops publishes, and closes cleanly', async () => {
    const app = await peer(['nats://127.0.0.1:1'], 'lonely');
    peers.push(app);
    await waitFor(() => app.logs.some((l) => l['msg'] === 'NATS connect failed: retrying'), { description: 'a failed attempt' });
    await expect(app.module.get(ReadinessService).evaluate()).resolves.toMatchObject({ ready: false, checks: { nats: false } });
    expect(app.bus.publish(subjects.metrics('a', 'b'), 'stat', stat(1))).toBe(false);
  });
});
