import { createCa, createServingCert } from '@ebb/pki';
import { waitFor } from '@ebb/testing';
import { request } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { closeGatewayClient, gatewayGet, servingRevision, steadyLoad } from './gateway-client.js';
import { LocalPlatform } from './local-platform.js';

/**
 * Issue 11's networking-istio on `ebb up --istio` (deploy/overlays/local-istio): Routes get the
 * Istio ingress class, the networking app's translator writes Knative's VirtualServices and
 * probes the gateway pods through them, and Ebb's gateway — standing in for Istio's ingress
 * gateway, which cannot run here — serves requests from those VirtualServices alone. A Service
 * becomes Ready with `<name>-ingress` and `<name>-mesh`; the objects pass the Istio CRD schemas;
 * a 50/50 split shows in the weights and in 1,000 answers; a tag gets its own host route;
 * deleting a Service takes its Istio objects with it; an Ingress with TLS gets its own Gateway and
 * its Secret copied beside the gateway pods; and switching config-network back to Ebb's
 * own class moves a Route without a failed request under 20 requests/s, and so does switching it
 * to the Istio class again.
 */
const NS = 'default';
const SERVICE = 'web';
const HOST = `${SERVICE}.${NS}.localhost`;
const ISTIO_CLASS = 'istio.ingress.networking.knative.dev';
const EBB_CLASS = 'ebb.ingress.networking.knative.dev';
const INGRESS_GATEWAY = 'ebb-system/knative-ingress-gateway';
const LOCAL_GATEWAY = 'ebb-system/knative-local-gateway';

interface StringMatch {
  exact?: string;
  prefix?: string;
}
interface VirtualService {
  metadata: { name: string; namespace: string; labels?: Record<string, string>; annotations?: Record<string, string>; ownerReferences?: { kind: string; name: string; controller?: boolean }[] };
  spec: {
    hosts: string[];
    gateways: string[];
    http: {
      match: { gateways?: string[]; authority?: StringMatch; headers?: Record<string, StringMatch> }[];
      route: { destination: { host: string; port?: { number?: number } }; weight?: number; headers?: { request?: { set?: Record<string, string> } } }[];
      headers?: { request?: { set?: Record<string, string> } };
    }[];
  };
}
interface Ingress {
  metadata: { annotations?: Record<string, string> };
  status?: { conditions?: { type: string; status: string }[]; publicLoadBalancer?: unknown; privateLoadBalancer?: unknown };
}

let platform: LocalPlatform;

beforeAll(async () => {
  platform = await LocalPlatform.start({ example: false, images: ['echo'], istio: true });
}, 420_000);

afterAll(async () => {
  closeGatewayClient();
  await platform?.stop();
}, 200_000);

const revisionName = (n: number): string => `${SERVICE}-${String(n).padStart(5, '0')}`;

/** The VirtualServices made for the Ingress `name`, by name. */
async function virtualServices(name: string): Promise<Map<string, VirtualService>> {
  const list = await platform.json<{ items: VirtualService[] }>(['get', 'virtualservices.networking.istio.io', '-n', NS, '-l', `networking.internal.knative.dev/ingress=${name}`]);
  return new Map(list.items.map((vs) => [vs.metadata.name, vs]));
}

/** The routes of a VirtualService for requests (not probes) on `host` through `gateway`: destination host → weight. */
function weightsFor(vs: VirtualService | undefined, host: string, gateway: string): Record<string, number> | undefined {
  const route = vs?.spec.http.find((r) => r.match.some((m) => m.headers === undefined && m.authority?.prefix === host && (m.gateways ?? []).includes(gateway)));
  return route === undefined ? undefined : Object.fromEntries(route.route.map((d) => [d.destination.host, d.weight ?? 0]));
}

/** The Ingress `name` is of the Istio class and Ready with net-istio's load balancers (the stand-in's Services). */
async function expectIstioReady(name: string): Promise<void> {
  const ingress = await platform.json<Ingress>(['get', 'ingresses.networking.internal.knative.dev', name, '-n', NS]);
  expect(ingress.metadata.annotations?.['networking.knative.dev/ingress.class']).toBe(ISTIO_CLASS);
  expect(ingress.status?.conditions?.map((c) => `${c.type}=${c.status}`).sort()).toEqual(['LoadBalancerReady=True', 'NetworkConfigured=True', 'Ready=True']);
  expect(ingress.status?.publicLoadBalancer).toEqual({ ingress: [{ domainInternal: 'istio-ingressgateway.ebb-system.svc.cluster.local' }] });
  expect(ingress.status?.privateLoadBalancer).toEqual({ ingress: [{ domainInternal: 'knative-local-gateway.ebb-system.svc.cluster.local' }] });
}

/** The Service `name` has exactly its two VirtualServices, owned by its Ingress, with their hosts, gateways and all traffic to `revision`. */
async function expectVirtualServices(name: string, revision: string): Promise<void> {
  const vs = await virtualServices(name);
  expect([...vs.keys()].sort()).toEqual([`${name}-ingress`, `${name}-mesh`]);
  const external = vs.get(`${name}-ingress`);
  const mesh = vs.get(`${name}-mesh`);
  const local = [`${name}.${NS}`, `${name}.${NS}.svc`, `${name}.${NS}.svc.cluster.local`];
  expect(external?.spec.hosts).toEqual([...local, `${name}.${NS}.localhost`].sort());
  expect(external?.spec.gateways).toEqual([INGRESS_GATEWAY, LOCAL_GATEWAY]);
  expect(mesh?.spec.hosts).toEqual(local);
  expect(mesh?.spec.gateways).toEqual(['mesh']);
  for (const each of [external, mesh]) {
    expect(each?.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'Ingress', name, controller: true })]);
    expect(each?.metadata.annotations?.['networking.knative.dev/ingress.class']).toBe(ISTIO_CLASS);
  }
  const all = { [`${revision}.${NS}.svc.cluster.local`]: 100 };
  expect(weightsFor(external, `${name}.${NS}.localhost`, INGRESS_GATEWAY)).toEqual(all);
  expect(weightsFor(external, `${name}.${NS}`, LOCAL_GATEWAY)).toEqual(all);
  expect(weightsFor(mesh, `${name}.${NS}`, 'mesh')).toEqual(all);
}

/** Sends `count` GETs (8 at a time) to `host` and counts the revisions that answered (`<status>` for a non-200). */
async function revisionsServing(host: string, count: number): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  let next = 0;
  const worker = async (): Promise<void> => {
    for (; next < count; ) {
      next += 1;
      const answer = await gatewayGet(platform.port, host);
      const key = answer.status === 200 ? servingRevision(answer.body) : `${answer.status}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return seen;
}

/** One GET with extra headers; status and the K-Network-Hash answer header. */
function probe(host: string, headers: Record<string, string>): Promise<{ status: number; hash: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: platform.port, path: '/healthz', headers: { host, ...headers }, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, hash: res.headers['k-network-hash'] as string | undefined }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('a Service on the Istio class', () => {
  it('becomes Ready through the Istio translator, with its -ingress and -mesh VirtualServices', async () => {
    await platform.ebb(['service', 'create', SERVICE, '--image', 'dev.local/echo']);
    await expectIstioReady(SERVICE);
    await expectVirtualServices(SERVICE, revisionName(1));
    const answer = await gatewayGet(platform.port, HOST);
    expect({ status: answer.status, revision: servingRevision(answer.body) }).toEqual({ status: 200, revision: revisionName(1) });
    // Ready came from the prober: both Gateways' servers (ports 80 and 8081 of istio-ingressgateway) answered with the hash.
    const logs = (await platform.ok(['logs', '-n', 'ebb-system', 'deploy/networking'])).split('\n').filter((line) => line.includes('every gateway pod serves the ingress'));
    expect(logs.map((line) => JSON.parse(line) as { ingress: string; targets: number }).filter((entry) => entry.ingress === `${NS}/${SERVICE}`)).toContainEqual(expect.objectContaining({ targets: 2 }));
  }, 120_000);

  it("answers Knative's probe through the VirtualService's probe route with the Ingress hash", async () => {
    const external = (await virtualServices(SERVICE)).get(`${SERVICE}-ingress`);
    const probeRoute = external?.spec.http.find((r) => r.match.some((m) => m.headers?.['K-Network-Hash']?.exact === 'override' && m.authority?.prefix === HOST));
    const hash = probeRoute?.headers?.request?.set?.['K-Network-Hash'];
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const headers = { 'K-Network-Probe': 'probe', 'K-Network-Hash': 'override', 'User-Agent': 'Knative-Ingress-Probe' };
    expect(await probe(`${HOST}:80`, headers)).toEqual({ status: 200, hash });
    expect((await probe('nobody.default.localhost:80', headers)).status).toBe(404);
  });

  it('writes objects that kubectl apply accepts against the Istio CRD schemas, which refuse a malformed one', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ebb-istio-'));
    try {
      const objects = [...(await virtualServices(SERVICE)).values()].map((vs) => ({
        apiVersion: 'networking.istio.io/v1beta1',
        kind: 'VirtualService',
        metadata: { name: `copy-${vs.metadata.name}`, namespace: NS, labels: { copy: 'true' } },
        spec: vs.spec,
      }));
      const good = path.join(dir, 'good.json');
      await writeFile(good, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
      const applied = await platform.kubectl(['apply', '-f', good]);
      expect({ code: applied.code, stderr: applied.stderr }).toEqual({ code: 0, stderr: '' });
      expect(applied.stdout).toContain(`virtualservice.networking.istio.io/copy-${SERVICE}-ingress created`);
      await platform.ok(['delete', 'virtualservices.networking.istio.io', '-n', NS, '-l', 'copy=true']);

      const bad = path.join(dir, 'bad.json');
      const first = objects[0] as { spec: { http: { route: { weight?: unknown }[] }[] } };
      const broken = structuredClone(first);
      (broken.spec.http[0] as { route: { weight?: unknown }[] }).route[0] = { ...(broken.spec.http[0]?.route[0] ?? {}), weight: 'fifty' };
      await writeFile(bad, JSON.stringify(broken));
      const refused = await platform.kubectl(['apply', '-f', bad]);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toMatch(/spec\.http\[0\]\.route\[0\]\.weight: Invalid value: "string"/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('shows a 50/50 split in the VirtualService weights and within ±5 % over 1,000 answers', async () => {
    await platform.ebb(['service', 'update', SERVICE, '--env', 'VERSION=2']);
    await platform.ebb(['service', 'update', SERVICE, '--traffic', `${revisionName(1)}=50`, '--traffic', `${revisionName(2)}=50`]);
    const want = { [`${revisionName(1)}.${NS}.svc.cluster.local`]: 50, [`${revisionName(2)}.${NS}.svc.cluster.local`]: 50 };
    await waitFor(async () => JSON.stringify(weightsFor((await virtualServices(SERVICE)).get(`${SERVICE}-ingress`), HOST, INGRESS_GATEWAY)) === JSON.stringify(want), {
      description: 'the -ingress VirtualService at 50/50',
      timeoutMs: 30_000,
    });
    const seen = await revisionsServing(HOST, 1000);
    expect([...seen.keys()].sort()).toEqual([revisionName(1), revisionName(2)]);
    for (const n of [1, 2]) {
      expect(seen.get(revisionName(n))).toBeGreaterThanOrEqual(450);
      expect(seen.get(revisionName(n))).toBeLessThanOrEqual(550);
    }
  }, 120_000);

  it('gives a tag its own host route', async () => {
    await platform.ebb(['service', 'update', SERVICE, '--tag', `${revisionName(1)}=old`]);
    const tagHost = `old-${SERVICE}.${NS}.localhost`;
    const external = (await virtualServices(SERVICE)).get(`${SERVICE}-ingress`);
    expect(external?.spec.hosts).toContain(tagHost);
    expect(weightsFor(external, tagHost, INGRESS_GATEWAY)).toEqual({ [`${revisionName(1)}.${NS}.svc.cluster.local`]: 100 });
    expect([...(await revisionsServing(tagHost, 50)).entries()]).toEqual([[revisionName(1), 50]]);
  }, 60_000);

  it('removes every Istio object with the Service', async () => {
    const gone = 'gone';
    await platform.ebb(['service', 'create', gone, '--image', 'dev.local/echo']);
    expect([...(await virtualServices(gone)).keys()].sort()).toEqual([`${gone}-ingress`, `${gone}-mesh`]);
    await platform.ebb(['service', 'delete', gone]);
    await waitFor(async () => (await platform.ok(['get', 'virtualservices.networking.istio.io,gateways.networking.istio.io', '-n', NS, '-l', `networking.internal.knative.dev/ingress=${gone}`, '-o', 'name'])).trim() === '', {
      description: `no VirtualService or Gateway of ${gone} left`,
      timeoutMs: 30_000,
    });
    expect((await virtualServices(SERVICE)).size).toBe(2);
  }, 90_000);
});

describe('an Istio-class Ingress with TLS and httpOption Redirected', () => {
  it('gets its own Gateway (TLS and redirecting HTTP servers) with the Secret copied beside the gateway, and its VirtualService uses it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ebb-istio-tls-'));
    try {
      const validity = { now: new Date(), lifetimeMs: 3_600_000 };
      const cert = await createServingCert(await createCa('ebb-istio-e2e', validity), { dnsNames: ['secure.example.com'], ipAddresses: [] }, validity);
      await writeFile(path.join(dir, 'tls.crt'), cert.certPem);
      await writeFile(path.join(dir, 'tls.key'), cert.keyPem);
      await platform.ok(['create', 'secret', 'tls', 'secure-cert', '-n', NS, `--cert=${path.join(dir, 'tls.crt')}`, `--key=${path.join(dir, 'tls.key')}`]);
      const secretUid = (await platform.json<{ metadata: { uid: string } }>(['get', 'secret', 'secure-cert', '-n', NS])).metadata.uid;
      const ingress = {
        apiVersion: 'networking.internal.knative.dev/v1alpha1',
        kind: 'Ingress',
        metadata: { name: 'secure', namespace: NS, annotations: { 'networking.knative.dev/ingress.class': ISTIO_CLASS } },
        spec: {
          httpOption: 'Redirected',
          tls: [{ hosts: ['secure.example.com'], secretName: 'secure-cert', secretNamespace: NS }],
          rules: [{ hosts: ['secure.example.com'], visibility: 'ExternalIP', http: { paths: [{ splits: [{ serviceNamespace: NS, serviceName: revisionName(1), servicePort: 80, percent: 100 }] }] } }],
        },
      };
      await writeFile(path.join(dir, 'ingress.json'), JSON.stringify(ingress));
      await platform.ok(['apply', '-f', path.join(dir, 'ingress.json')]);

      const copy = `secure-${secretUid}`;
      const gateway = await waitFor(
        async () => (await platform.json<{ items: { metadata: { name: string }; spec: unknown }[] }>(['get', 'gateways.networking.istio.io', '-n', NS, '-l', 'networking.internal.knative.dev/ingress=secure'])).items[0],
        { description: 'the per-Ingress Gateway of secure', timeoutMs: 30_000 },
      );
      expect(gateway.metadata.name).toMatch(/^secure-\d+$/);
      expect(gateway.spec).toEqual({
        selector: { 'app.kubernetes.io/name': 'networking' },
        servers: [
          { hosts: ['secure.example.com'], port: { name: `${NS}/secure:0`, number: 443, protocol: 'HTTPS' }, tls: { mode: 'SIMPLE', credentialName: copy } },
          { hosts: ['secure.example.com'], port: { name: 'http-server', number: 80, protocol: 'HTTP' }, tls: { httpsRedirect: true } },
        ],
      });
      const copied = await platform.json<{ type: string; metadata: { labels: Record<string, string> } }>(['get', 'secret', copy, '-n', 'ebb-system']);
      expect(copied.type).toBe('kubernetes.io/tls');
      expect(copied.metadata.labels).toMatchObject({ 'networking.internal.knative.dev/originSecretName': 'secure-cert', 'networking.internal.knative.dev/originSecretNamespace': NS });
      const vs = (await virtualServices('secure')).get('secure-ingress');
      expect(vs?.spec.gateways).toEqual([`${NS}/${gateway.metadata.name}`]);

      await platform.ok(['delete', 'ingresses.networking.internal.knative.dev', 'secure', '-n', NS]);
      await waitFor(async () => (await platform.ok(['get', 'virtualservices.networking.istio.io,gateways.networking.istio.io', '-n', NS, '-l', 'networking.internal.knative.dev/ingress=secure', '-o', 'name'])).trim() === '', {
        description: 'the Gateway and VirtualServices of secure gone with it',
        timeoutMs: 30_000,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);
});

describe('switching config-network ingress-class back to the built-in gateway', () => {
  it('moves the Route without a failed request under 20 requests/s', async () => {
    const load = steadyLoad(platform.port, HOST, 20);
    await sleep(3000);
    await platform.ok(['patch', 'configmap', 'config-network', '-n', 'ebb-system', '--type', 'merge', '-p', JSON.stringify({ data: { 'ingress-class': EBB_CLASS } })]);
    await waitFor(async () => (await platform.json<Ingress>(['get', 'ingresses.networking.internal.knative.dev', SERVICE, '-n', NS])).metadata.annotations?.['networking.knative.dev/ingress.class'] === EBB_CLASS, {
      description: 'the Ingress on the built-in class',
      timeoutMs: 30_000,
    });
    await waitFor(async () => (await virtualServices(SERVICE)).size === 0, { description: 'its VirtualServices deleted', timeoutMs: 30_000 });
    await sleep(3000);
    const report = await load.stop();
    expect(report.failures).toEqual([]);
    expect(report.ok).toBeGreaterThan(100);
    expect([...report.byRevision.keys()].sort()).toEqual([revisionName(1), revisionName(2)]);
    const ingress = await platform.json<Ingress>(['get', 'ingresses.networking.internal.knative.dev', SERVICE, '-n', NS]);
    expect(ingress.status?.publicLoadBalancer).toEqual({ ingress: [{ domainInternal: 'networking.ebb-system.svc.cluster.local' }] });
  }, 120_000);

  it('and back to the Istio class, also without a failed request: the built-in gateway serves until the translator marks it Ready', async () => {
    const load = steadyLoad(platform.port, HOST, 20);
    await sleep(2000);
    await platform.ok(['patch', 'configmap', 'config-network', '-n', 'ebb-system', '--type', 'merge', '-p', JSON.stringify({ data: { 'ingress-class': ISTIO_CLASS } })]);
    await waitFor(
      async () => JSON.stringify((await platform.json<Ingress>(['get', 'ingresses.networking.internal.knative.dev', SERVICE, '-n', NS])).status?.publicLoadBalancer) === JSON.stringify({ ingress: [{ domainInternal: 'istio-ingressgateway.ebb-system.svc.cluster.local' }] }),
      { description: 'the Ingress Ready under the Istio class', timeoutMs: 30_000 },
    );
    await sleep(3000);
    const report = await load.stop();
    expect(report.failures).toEqual([]);
    expect(report.ok).toBeGreaterThan(60);
    await expectIstioReady(SERVICE);
    expect([...(await virtualServices(SERVICE)).keys()].sort()).toEqual([`${SERVICE}-ingress`, `${SERVICE}-mesh`]);
  }, 120_000);
});
