import { buildImages, COMPONENTS, ContainerPlatform, GATEWAY_PORT, podMetrics, reportedVersion, SYSTEM_NAMESPACE, TAG, total, type Component } from './container-platform.js';
import { waitFor, WORKSPACE_ROOT } from '@ebb/testing';
import path from 'node:path';
import { closedLoop, closeGatewayClient, gatewayGetFresh, steadyLoad } from '../serving/gateway-client.js';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Issue 9: Ebb installed from its images as a platform engineer installs it, and operated like a
 * platform. nats-server and the local cluster start from their images with testcontainers; then
 * `kubectl apply -k deploy/overlays/e2e`, whose pods the local cluster runs as Docker containers
 * of Ebb's images (container-platform.ts). On it: a Knative Service answering through the
 * gateway, each component's ServiceAccount held to its role, each component scaled on its own,
 * each upgraded to a rebuilt `:next` image under 50 requests/s without a failed request, and
 * chaos: replicas killed with `docker kill` under load, the controller leader killed, NATS
 * restarted. One file, one platform: the suites share fixed ports (deploy/overlays/e2e).
 */
const NEXT = 'next';
/** The user's Services live here. */
const NS = 'default';

let platform: ContainerPlatform;

beforeAll(async () => {
  await buildImages(TAG);
  platform = await ContainerPlatform.start();
}, 300_000);

afterAll(async () => {
  closeGatewayClient();
  await platform?.stop();
}, 120_000);

/** A Knative Service of the echo image whose template is `revision`, with `traffic` when given. */
function serviceManifest(name: string, revision: { name: string; annotations: Record<string, string> }, traffic?: { revisionName: string; percent: number }[]): string {
  return JSON.stringify({
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: { name, namespace: NS },
    spec: {
      template: { metadata: { name: revision.name, annotations: revision.annotations }, spec: { containers: [{ image: `ebb/echo:${TAG}` }] } },
      ...(traffic === undefined ? {} : { traffic }),
    },
  });
}

async function serviceReady(name: string): Promise<void> {
  await platform.ok(['wait', `ksvc/${name}`, '-n', NS, '--for=condition=Ready', '--timeout=120s']);
}

/** GET through the gateway's LoadBalancer for a Service's host. */
function viaGateway(service: string, path = '/'): Promise<{ status: number; body: string }> {
  // A new connection each time, so that the LoadBalancer may pick another gateway replica.
  return gatewayGetFresh(GATEWAY_PORT, `${service}.${NS}.localhost`, path);
}

describe('install from nothing', () => {
  it('kubectl apply -k deploy/overlays/e2e: every component Available, each pod a Docker container of its image', async () => {
    const applied = await platform.kubectl(['apply', '-k', path.join(WORKSPACE_ROOT, 'deploy', 'overlays', 'e2e')]);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    await platform.ok(['wait', 'deployment', '--all', '-n', SYSTEM_NAMESPACE, '--for=condition=Available', '--timeout=180s']);
    for (const component of COMPONENTS) {
      const [pod, ...others] = await platform.settled(component, 1, `ebb/${component}:${TAG}`);
      expect(others).toEqual([]);
      expect(pod?.containerID).toMatch(/^docker:\/\/[0-9a-f]{64}$/);
      expect(await reportedVersion(pod!, component)).toBe(TAG);
    }
  }, 300_000);

  it('makes a Knative Service Ready that answers through the gateway', async () => {
    await platform.ok(['apply', '-f', '-'], { input: serviceManifest('hello', { name: 'hello-00001', annotations: {} }) });
    await serviceReady('hello');
    const url = await platform.ok(['get', 'ksvc', 'hello', '-n', NS, '-o', 'jsonpath={.status.url}']);
    expect(url).toBe(`http://hello.${NS}.localhost`);
    const answer = await viaGateway('hello', '/installed?from=nothing');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ method: 'GET', path: '/installed', query: { from: 'nothing' } });
    const [pod] = await platform.pods('serving.knative.dev/service=hello', NS);
    expect(pod?.containerID).toMatch(/^docker:\/\//);
  }, 180_000);
});

describe("each component's ServiceAccount is held to its role", () => {
  /** A request each component's role allows, and one outside it (deploy/README.md's RBAC table). */
  const ROLES: Record<Component, { allowed: string; denied: string }> = {
    controller: { allowed: '/apis/apps/v1/deployments', denied: `/api/v1/namespaces/${SYSTEM_NAMESPACE}/secrets` },
    autoscaler: { allowed: '/apis/autoscaling.internal.knative.dev/v1alpha1/podautoscalers', denied: '/apis/serving.knative.dev/v1/revisions' },
    activator: { allowed: '/apis/serving.knative.dev/v1/revisions', denied: '/apis/apps/v1/deployments' },
    networking: { allowed: '/apis/networking.internal.knative.dev/v1alpha1/ingresses', denied: '/apis/apps/v1/deployments' },
    // It may read its own Secret by name, not list the namespace's.
    webhook: { allowed: `/api/v1/namespaces/${SYSTEM_NAMESPACE}/secrets/webhook-certs`, denied: `/api/v1/namespaces/${SYSTEM_NAMESPACE}/secrets` },
  };

  it.each(COMPONENTS)('%s: 403 outside its role, 200 inside it', async (component) => {
    const token = (await platform.ok(['create', 'token', component, '-n', SYSTEM_NAMESPACE])).trim();
    const as = (apiPath: string) => platform.kubectl(['--token', token, '-v=6', 'get', '--raw', apiPath]);
    const allowed = await as(ROLES[component].allowed);
    expect(allowed.stderr).toContain(`GET https://127.0.0.1:${platform.apiPort}${ROLES[component].allowed} 200 OK`);
    expect(allowed.code).toBe(0);
    const denied = await as(ROLES[component].denied);
    expect(denied.stderr).toContain(`GET https://127.0.0.1:${platform.apiPort}${ROLES[component].denied} 403 Forbidden`);
    expect(denied.stderr).toContain(`User "system:serviceaccount:${SYSTEM_NAMESPACE}:${component}" cannot`);
    expect(denied.code).toBe(1);
  }, 60_000);
});

describe('each data-plane component scales on its own', () => {
  beforeAll(async () => {
    // Target burst capacity -1 keeps the activator in the path of every request (proxy mode).
    await platform.ok(['apply', '-f', '-'], { input: serviceManifest('proxied', { name: 'proxied-00001', annotations: { 'autoscaling.knative.dev/target-burst-capacity': '-1' } }) });
    await serviceReady('proxied');
    expect(await platform.ok(['get', 'serverlessservice', 'proxied-00001', '-n', NS, '-o', 'jsonpath={.spec.mode}'])).toBe('Proxy');
  }, 180_000);

  it.each([
    { component: 'activator' as const, metric: 'ebb_activator_requests_total' },
    { component: 'networking' as const, metric: 'ebb_gateway_requests_total' },
  ])('kubectl scale deploy/$component --replicas=3: three replicas share the load ($metric > 0 on each)', async ({ component, metric }) => {
    await platform.ok(['scale', `deploy/${component}`, '-n', SYSTEM_NAMESPACE, '--replicas=3']);
    try {
      const pods = await platform.settled(component, 3, `ebb/${component}:${TAG}`);
      // The load balancer, gateways and activators learn of the new replicas from EndpointSlices.
      const counts = await waitFor(
        async () => {
          for (let i = 0; i < 30; i += 1) expect((await viaGateway('proxied')).status).toBe(200);
          const each = await Promise.all(pods.map(async (pod) => total(await podMetrics(pod, component), metric)));
          return each.every((count) => count > 0) ? each : undefined;
        },
        { description: `every ${component} replica counting requests of the proxy-mode revision`, timeoutMs: 60_000, intervalMs: 500 },
      );
      expect(counts).toHaveLength(3);
    } finally {
      await platform.ok(['scale', `deploy/${component}`, '-n', SYSTEM_NAMESPACE, '--replicas=1']);
      await platform.settled(component, 1, `ebb/${component}:${TAG}`);
    }
  }, 240_000);
});

describe('each component upgraded under load', () => {
  const RATE = 50;
  const SPLIT = 'split';

  beforeAll(async () => {
    await buildImages(NEXT, COMPONENTS);
    // Two revisions with half the traffic each: one with the activator always in its path
    // (proxy mode), one served by its pods directly once they are up (serve mode).
    const keep = { 'autoscaling.knative.dev/min-scale': '1' };
    await platform.ok(['apply', '-f', '-'], { input: serviceManifest(SPLIT, { name: `${SPLIT}-proxy`, annotations: { ...keep, 'autoscaling.knative.dev/target-burst-capacity': '-1' } }) });
    await serviceReady(SPLIT);
    const traffic = [
      { revisionName: `${SPLIT}-proxy`, percent: 50 },
      { revisionName: `${SPLIT}-serve`, percent: 50 },
    ];
    await platform.ok(['apply', '-f', '-'], { input: serviceManifest(SPLIT, { name: `${SPLIT}-serve`, annotations: { ...keep, 'autoscaling.knative.dev/target-burst-capacity': '0' } }, traffic) });
    await serviceReady(SPLIT);
    for (const [revision, mode] of [
      [`${SPLIT}-proxy`, 'Proxy'],
      [`${SPLIT}-serve`, 'Serve'],
    ]) {
      await waitFor(async () => (await platform.ok(['get', 'serverlessservice', revision!, '-n', NS, '-o', 'jsonpath={.spec.mode}'])) === mode, { description: `${revision} in ${mode} mode`, timeoutMs: 60_000 });
    }
  }, 300_000);

  it.each(COMPONENTS)('kubectl set image deploy/%s to :next: 0 failed requests, and it reports the new version', async (component) => {
    const load = steadyLoad(GATEWAY_PORT, `${SPLIT}.${NS}.localhost`, RATE);
    let report;
    try {
      await sleep(2000);
      await platform.ok(['set', 'image', `deploy/${component}`, '-n', SYSTEM_NAMESPACE, `${component}=ebb/${component}:${NEXT}`]);
      await platform.ok(['rollout', 'status', `deploy/${component}`, '-n', SYSTEM_NAMESPACE, '--timeout=180s']);
      // Until the old pod has drained and is gone, and a moment after.
      await platform.settled(component, 1, `ebb/${component}:${NEXT}`);
      await sleep(2000);
    } finally {
      report = await load.stop();
    }
    expect(report.failures).toEqual([]);
    expect(report.ok).toBe(report.sent);
    // Both halves of the traffic flowed: through the activator and straight to the pods.
    expect(report.byRevision.get(`${SPLIT}-proxy`)).toBeGreaterThan(report.sent / 4);
    expect(report.byRevision.get(`${SPLIT}-serve`)).toBeGreaterThan(report.sent / 4);
    for (const pod of await platform.componentPods(component)) expect(await reportedVersion(pod, component)).toBe(NEXT);
  }, 300_000);
});

describe('chaos, with two replicas of each data-plane component and of the controller', () => {
  const RATE = 50;
  const SPLIT = 'split';
  const HA: readonly Component[] = ['activator', 'networking', 'controller'];

  beforeAll(async () => {
    for (const component of HA) await platform.ok(['scale', `deploy/${component}`, '-n', SYSTEM_NAMESPACE, '--replicas=2']);
    for (const component of HA) await platform.settled(component, 2, `ebb/${component}:${NEXT}`);
  }, 300_000);

  it.each(['activator', 'networking'] as const)('docker kill of one %s replica under 50 req/s: no failed request', async (component) => {
    const [victim] = await platform.componentPods(component);
    // A connection the dead replica held dies with it: the client sends such a request again,
    // as Knative's HA tests do; an HTTP error status is a failure.
    const load = steadyLoad(GATEWAY_PORT, `${SPLIT}.${NS}.localhost`, RATE, { connectionRetries: 3 });
    let report;
    try {
      await sleep(2000);
      await platform.kill(victim!);
      // The kubelet restarts the killed container; then both replicas serve again.
      await waitFor(
        async () => {
          const pods = await platform.componentPods(component);
          return pods.length === 2 && pods.every((pod) => pod.ready) && pods.some((pod) => pod.name === victim!.name && pod.restartCount > 0);
        },
        { description: `${component} ${victim!.name} restarted and both replicas ready`, timeoutMs: 120_000, intervalMs: 250 },
      );
      await sleep(2000);
    } finally {
      report = await load.stop();
    }
    console.log(`${component} killed: ${report.ok}/${report.sent} answered 200; connection errors sent again: ${report.resent.length} ${JSON.stringify(report.resent)}`);
    expect(report.failures).toEqual([]);
    expect(report.ok).toBe(report.sent);
  }, 240_000);

  it('docker kill of the controller leader: a standby leads within 15 s, and a Service created right after becomes Ready', async () => {
    const holder = async (): Promise<string> => ((JSON.parse(await platform.ok(['get', 'lease', 'controller', '-n', SYSTEM_NAMESPACE, '-o', 'json'])) as { spec?: { holderIdentity?: string } }).spec?.holderIdentity ?? '');
    const leader = await holder();
    const pods = await platform.componentPods('controller');
    const leaderPod = pods.find((pod) => leader.startsWith(`${pod.name}_`));
    expect(leaderPod).toBeDefined();
    const killedAt = Date.now();
    await platform.kill(leaderPod!);
    // Whoever comes next (the standby, or the killed pod's restarted container under a new identity).
    const next = await waitFor(
      async () => {
        const now = await holder();
        return now !== '' && now !== leader ? now : undefined;
      },
      { description: 'a new holder of the controller Lease', timeoutMs: 15_000, intervalMs: 100 },
    );
    console.log(`controller leader ${leader} killed; ${next} leads after ${Date.now() - killedAt} ms`);
    await platform.ok(['apply', '-f', '-'], { input: serviceManifest('after-failover', { name: 'after-failover-00001', annotations: {} }) });
    await serviceReady('after-failover');
    expect((await viaGateway('after-failover', '/after')).status).toBe(200);
  }, 180_000);

  it('restarting the NATS container: serving goes on without a failed request, and scaling resumes', async () => {
    // One pod with a target of 1 concurrent request: 4 concurrent slow clients need about 4.
    await platform.ok(['apply', '-f', '-'], { input: serviceManifest('scaler', { name: 'scaler-00001', annotations: { 'autoscaling.knative.dev/target': '1', 'autoscaling.knative.dev/min-scale': '1' } }) });
    await serviceReady('scaler');
    const load = steadyLoad(GATEWAY_PORT, `${SPLIT}.${NS}.localhost`, RATE);
    let report;
    try {
      await sleep(1000);
      await platform.natsContainer.restart({ timeout: 10_000 });
      await sleep(5000);
    } finally {
      report = await load.stop();
    }
    expect(report.failures).toEqual([]);
    expect(report.ok).toBe(report.sent);
    const clients = closedLoop(GATEWAY_PORT, `scaler.${NS}.localhost`, 4, '/?delay=300');
    try {
      const replicas = await waitFor(
        async () => {
          const ready = Number(await platform.ok(['get', 'deployment', 'scaler-00001-deployment', '-n', NS, '-o', 'jsonpath={.status.readyReplicas}']));
          return ready >= 2 ? ready : undefined;
        },
        { description: 'scaler-00001 scaled out after the NATS restart', timeoutMs: 90_000, intervalMs: 500 },
      );
      expect(replicas).toBeGreaterThanOrEqual(2);
    } finally {
      expect((await clients.stop()).failures).toEqual([]);
    }
  }, 240_000);
});
