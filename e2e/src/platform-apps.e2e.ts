import { freePort, NatsServer, parsePrometheusText, sharedClusterWithCrds, waitFor } from '@ebb/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runToExit, startAppProcess, type AppProcess } from './support/app-process.js';

/**
 * Each platform app, started from its bundle as its own process against a real nats-server and
 * a local cluster with the CRDs (the controller's and the gateway's informers must sync before
 * they are ready): the admin surface, readiness that follows NATS, graceful shutdown and refusal
 * of bad settings.
 */
const NATS_APPS = ['controller', 'activator', 'autoscaler', 'networking'];
const ALL_APPS = [...NATS_APPS, 'webhook'];
const DRAIN_SECONDS = 2;

let nats: NatsServer;
let certDir: string;
const cluster = sharedClusterWithCrds();
const running: AppProcess[] = [];

/** Starts an app; without a drain period unless the test is about draining, so teardown is quick. */
async function start(app: string, drainSeconds = 0): Promise<AppProcess> {
  const handle = await startAppProcess(app, {
    EBB_NATS_URL: nats.url,
    EBB_DRAIN_SECONDS: String(drainSeconds),
    EBB_LOG_LEVEL: 'info',
    // Read by the webhook only: its HTTPS port and certificates, away from the defaults (8443, /var/run).
    EBB_WEBHOOK_HOST: '127.0.0.1',
    EBB_WEBHOOK_PORT: String(await freePort()),
    EBB_WEBHOOK_CERT_DIR: certDir,
    // Read by the controller and networking: the cluster, with their Leases in `default`.
    KUBECONFIG: (await cluster.get()).kubeconfigPath,
    EBB_SYSTEM_NAMESPACE: 'default',
  });
  running.push(handle);
  return handle;
}

beforeAll(async () => {
  await cluster.get();
  nats = await NatsServer.start();
  certDir = mkdtempSync(path.join(tmpdir(), 'ebb-platform-certs-'));
});

afterEach(async () => {
  await nats.restart();
  await Promise.all(running.splice(0).map((app) => app.stop()));
});

afterAll(async () => {
  await nats.dispose();
  await cluster.dispose();
  rmSync(certDir, { recursive: true, force: true });
});

describe.each(ALL_APPS)('%s, run from its bundle', (name) => {
  it('serves /healthz, /readyz and Prometheus /metrics with process metrics', async () => {
    const app = await start(name);
    expect(await app.status('/healthz')).toBe(200);
    await waitFor(async () => (await app.status('/readyz')) === 200, { description: `${name} ready` });

    const metrics = await app.get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const names = new Set(parsePrometheusText(await metrics.text()).map((sample) => sample.name));
    expect([...names].filter((n) => n.startsWith('process_'))).toEqual(
      expect.arrayContaining(['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'process_start_time_seconds']),
    );
  });

  it('writes JSON log lines that carry its component', async () => {
    const app = await start(name);
    const lines = app.output().trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => line['component'] === name && typeof line['level'] === 'string')).toBe(true);
  });

  it('on SIGTERM answers /readyz 503 while it drains, then exits 0', async () => {
    const app = await start(name, DRAIN_SECONDS);
    await waitFor(async () => (await app.status('/readyz')) === 200, { description: `${name} ready` });
    app.child.kill('SIGTERM');
    await waitFor(async () => (await app.status('/readyz')) === 503, { description: `${name} draining`, timeoutMs: DRAIN_SECONDS * 1000 });
    expect(await app.status('/healthz')).toBe(200);
    const exit = await waitFor(() => (app.child.exitCode === null ? undefined : app.child.exitCode), {
      description: `${name} to exit after its drain period`,
      timeoutMs: (DRAIN_SECONDS + 10) * 1000,
    });
    expect(exit).toBe(0);
    expect(app.output()).toContain('"msg":"draining: /readyz now answers 503"');
  });

  it('exits 2 naming EBB_ADMIN_PORT when it is not a number', async () => {
    const result = await runToExit(name, { EBB_ADMIN_PORT: 'abc', EBB_NATS_URL: nats.url });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('EBB_ADMIN_PORT');
    expect(JSON.parse(result.stderr.trim().split('\n')[0] ?? '')).toMatchObject({ level: 'fatal', component: name });
  });
});

describe.each(NATS_APPS)('%s and NATS', (name) => {
  it('is not ready within 5 s of nats-server stopping, and ready again after it restarts', async () => {
    const app = await start(name);
    await waitFor(async () => (await app.status('/readyz')) === 200, { description: `${name} ready` });
    await nats.stop();
    await waitFor(async () => (await app.status('/readyz')) === 503, { description: `${name} not ready without NATS`, timeoutMs: 5000 });
    expect(await app.status('/healthz')).toBe(200);
    await nats.restart();
    await waitFor(async () => (await app.status('/readyz')) === 200, { description: `${name} ready after NATS restarted`, timeoutMs: 15_000 });
  });

  it('exits 2 naming EBB_NATS_URL when it does not parse', async () => {
    const result = await runToExit(name, { EBB_NATS_URL: 'http:/nowhere' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('EBB_NATS_URL');
  });
});
