import { Inject, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { Writable } from 'node:stream';
import { assertNodeVersion, startApp, type AppSpec, type RunningApp } from './bootstrap.js';
import type { BaseConfig } from './env.js';
import { ReadinessService } from './readiness.service.js';

/** A dependency whose health the test switches. */
const dependency = { up: true, closed: false };

class FakeDependency implements OnModuleInit {
  constructor(@Inject(ReadinessService) private readonly readiness: ReadinessService) {}
  onModuleInit(): void {
    this.readiness.register('fake', () => dependency.up);
  }
  onModuleDestroy(): void {
    dependency.closed = true;
  }
}

@Module({ providers: [FakeDependency] })
class TestModule {}

const logLines: Record<string, unknown>[] = [];
const logDestination = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString('utf8').trim().split('\n')) logLines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  },
});

const spec: AppSpec<BaseConfig> = {
  component: 'test-app',
  parseConfig: () => ({ adminHost: '127.0.0.1', adminPort: 0, logLevel: 'info', drainSeconds: 0.3 }),
  rootModule: (): DynamicModule => ({ module: TestModule }),
};

async function get(app: RunningApp, path: string): Promise<{ status: number; type: string | null; body: string }> {
  const response = await fetch(`${app.adminUrl}${path}`);
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
}

describe('startApp', () => {
  let app: RunningApp;

  beforeEach(async () => {
    dependency.up = true;
    dependency.closed = false;
    app = await startApp(spec, spec.parseConfig({}), { logDestination });
  });

  afterEach(async () => {
    await app.shutdown('test over');
  });

  it('serves /healthz', async () => {
    await expect(get(app, '/healthz')).resolves.toMatchObject({ status: 200, body: '{"status":"ok"}' });
  });

  it('answers /readyz from the registered checks', async () => {
    await expect(get(app, '/readyz')).resolves.toMatchObject({ status: 200, body: '{"ready":true,"draining":false,"checks":{"fake":true}}' });
    dependency.up = false;
    const notReady = await get(app, '/readyz');
    expect(notReady.status).toBe(503);
    expect(JSON.parse(notReady.body)).toMatchObject({ ready: false, checks: { fake: false } });
  });

  it('serves Prometheus text with process metrics', async () => {
    const metrics = await get(app, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(metrics.body).toMatch(/^process_cpu_user_seconds_total /m);
  });

  it('logs JSON lines that carry the component', () => {
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.every((line) => line['component'] === 'test-app')).toBe(true);
    expect(logLines.some((line) => line['msg'] === 'started')).toBe(true);
  });

  it('on shutdown answers 503 while draining, then closes its modules', async () => {
    const stopping = app.shutdown('SIGTERM');
    const during = await get(app, '/readyz');
    expect(during.status).toBe(503);
    expect(JSON.parse(during.body)).toMatchObject({ draining: true });
    expect(dependency.closed).toBe(false);
    await stopping;
    expect(dependency.closed).toBe(true);
    await expect(fetch(`${app.adminUrl}/healthz`)).rejects.toThrow();
  });

  it('cuts the drain short on a second call', async () => {
    await app.shutdown('test over');
    const slow = await startApp(spec, { ...spec.parseConfig({}), drainSeconds: 3600 }, { logDestination });
    const first = slow.shutdown('SIGTERM');
    const second = slow.shutdown('SIGINT');
    await expect(Promise.all([first, second])).resolves.toEqual([undefined, undefined]);
  });
});

describe('assertNodeVersion', () => {
  it.each(['24.21.0', '26.1.0'])('accepts Node %s', (version) => {
    expect(() => assertNodeVersion(version)).not.toThrow();
  });

  it('refuses an older Node with a clear message', () => {
    expect(() => assertNodeVersion('20.20.2')).toThrow('Ebb needs Node 24 or newer, this is Node 20.20.2');
  });
});
