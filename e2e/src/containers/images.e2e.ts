import { EbbContainer, stopAll } from './ebb-container.js';
import { connect } from '@nats-io/transport-node';
import { freePort, httpGet, kubectl, waitFor } from '@ebb/testing';
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Wait, type StartedTestContainer } from 'testcontainers';
import { requireDockerEngine } from '../support/docker-engine.js';

/**
 * Issue 9's images, run with testcontainers as the platform runs them: `tools/images/build.mjs`
 * (what `npm run images` runs after building the bundles) builds ebb/node-runtime, the six app
 * images and ebb/nats. Each runs as user 65532 with a read-only root filesystem and host
 * networking: nats-server and the local cluster start from their images, and every platform
 * app, pointed at them, turns ready, serves /metrics and exits 0 on SIGTERM.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const TAG = 'e2e';
const APPS = ['controller', 'activator', 'autoscaler', 'networking', 'webhook'] as const;
const NONROOT = '65532:65532';
const run = promisify(execFile);

interface ImageConfig {
  Config: { User: string; Entrypoint: string[] | null; Labels: Record<string, string> | null };
  Size: number;
}

async function inspectImage(ref: string): Promise<ImageConfig> {
  const { stdout } = await run('docker', ['image', 'inspect', ref]);
  return (JSON.parse(stdout) as ImageConfig[])[0] as ImageConfig;
}

/** GET with a short timeout; status 0 while the app does not answer yet. */
function get(url: string): Promise<{ status: number; body: string }> {
  return httpGet(url, 2000).catch(() => ({ status: 0, body: '' }));
}

const started: StartedTestContainer[] = [];
let dataDir: string;
let nats: StartedTestContainer;
let natsPort: number;

beforeAll(async () => {
  await requireDockerEngine();
  await run(process.execPath, [path.join(ROOT, 'tools', 'images', 'build.mjs'), '--tag', TAG], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  dataDir = mkdtempSync(path.join(tmpdir(), 'ebb-images-e2e-'));
  // The local cluster's container runs as 65532 and writes its data here.
  chmodSync(dataDir, 0o777);
}, 240_000);

afterAll(async () => {
  await stopAll(started);
  if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

describe('the images', () => {
  it.each([...APPS, 'local-cluster', 'nats'])('ebb/%s runs as the non-root user 65532', async (name) => {
    const image = await inspectImage(`ebb/${name}:${TAG}`);
    expect(image.Config.User).toBe(NONROOT);
    expect(image.Config.Entrypoint).toEqual(name === 'nats' ? ['/nats-server'] : ['/node', '/app/main.js']);
    if (name !== 'nats') expect(image.Config.Labels).toMatchObject({ 'org.opencontainers.image.title': `ebb-${name}`, 'org.opencontainers.image.version': TAG });
  });

  it('keeps the node runtime, with the production dependencies, in one layer the app images share', async () => {
    const runtime = await inspectImage(`ebb/node-runtime:${TAG}`);
    for (const app of APPS) {
      const image = await inspectImage(`ebb/${app}:${TAG}`);
      // One small layer on top: the bundle.
      expect(image.Size - runtime.Size).toBeLessThan(5_000_000);
    }
    expect((await inspectImage(`ebb/nats:${TAG}`)).Size).toBeLessThan(40_000_000);
  });
});

describe('running them read-only, as the platform does', () => {
  it('starts nats-server from ebb/nats with JetStream on a tmpfs', async () => {
    natsPort = await freePort();
    nats = await new EbbContainer(`ebb/nats:${TAG}`)
      .withTmpFs({ '/data': 'uid=65532' })
      .withCommand(['--jetstream', '--store_dir', '/data', '-a', '127.0.0.1', '-p', String(natsPort)])
      .withWaitStrategy(Wait.forLogMessage('Server is ready'))
      .start();
    started.push(nats);
    const client = await connect({ servers: `nats://127.0.0.1:${natsPort}` });
    try {
      const received = new Promise<string>((resolve) => client.subscribe('images.e2e', { max: 1, callback: (_error, msg) => resolve(msg.string()) }));
      client.publish('images.e2e', 'hello');
      expect(await received).toBe('hello');
    } finally {
      await client.close();
    }
  });

  it('starts the local cluster from ebb/local-cluster, writing only its data volume', async () => {
    const port = await freePort();
    const container = await new EbbContainer(`ebb/local-cluster:${TAG}`)
      .withBindMounts([{ source: dataDir, target: '/data', mode: 'rw' }])
      .withCommand(['--data-dir', '/data', '--port', String(port), '--docker', 'never'])
      .withWaitStrategy(Wait.forLogMessage('"msg":"ready"'))
      .withStartupTimeout(60_000)
      .start();
    started.push(container);
    const cluster = { kubeconfigPath: path.join(dataDir, 'kubeconfig'), cacheDir: path.join(dataDir, 'kubectl-cache') };
    const applied = await kubectl(cluster, ['apply', '-f', path.join(ROOT, 'deploy', 'base', '100-namespace.yaml'), '-f', path.join(ROOT, 'deploy', 'base', 'crds'), '-f', path.join(ROOT, 'deploy', 'base', 'config')]);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
  });

  it('runs every platform app from its image: ready, with metrics, and a clean exit on SIGTERM', async () => {
    const apps = await Promise.all(
      APPS.map(async (app) => {
        const admin = await freePort();
        const container = new EbbContainer(`ebb/${app}:${TAG}`)
          .withBindMounts([{ source: dataDir, target: '/data', mode: 'ro' }])
          .withEnvironment({
            KUBECONFIG: '/data/kubeconfig',
            EBB_NATS_URL: `nats://127.0.0.1:${natsPort}`,
            EBB_ADMIN_PORT: String(admin),
            EBB_ADMIN_HOST: '127.0.0.1',
            // After SIGTERM an app keeps serving, /readyz at 503, for this long (10 s by default).
            EBB_DRAIN_SECONDS: '1',
            EBB_GATEWAY_PORT: String(await freePort()),
            EBB_ACTIVATOR_PORT: String(await freePort()),
            EBB_WEBHOOK_PORT: String(await freePort()),
          })
          // The webhook keeps its certificates in a folder: a volume in a pod, a tmpfs here.
          .withTmpFs(app === 'webhook' ? { '/var/run/ebb/webhook-certs': 'uid=65532' } : {});
        const running = await container.start();
        started.push(running);
        return { app, admin, running };
      }),
    );
    for (const { app, admin } of apps) {
      const ready = await waitFor(async () => ((await get(`http://127.0.0.1:${admin}/readyz`)).status === 200 ? true : undefined), { description: `${app} ready`, timeoutMs: 60_000, intervalMs: 250 });
      expect(ready).toBe(true);
      expect((await get(`http://127.0.0.1:${admin}/metrics`)).body).toContain('process_cpu_seconds_total');
    }
    const exits = await Promise.all(
      apps.map(async ({ app, running }) => {
        await running.stop({ timeout: 15_000, remove: false });
        const { stdout } = await run('docker', ['inspect', '--format', '{{.State.ExitCode}} {{.State.OOMKilled}}', running.getId()]);
        await run('docker', ['rm', '-f', running.getId()]);
        return `${app} ${stdout.trim()}`;
      }),
    );
    expect(exits).toEqual(APPS.map((app) => `${app} 0 false`));
  }, 180_000);
});
