import { apiRequest, freePort, kubectl, startLocalCluster, waitFor, WORKSPACE_ROOT, type KubectlResult, type LocalCluster } from '@ebb/testing';
import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { startAppProcess, type AppProcess } from './support/app-process.js';
import { servedCertificate } from './support/https-client.js';

/**
 * deploy/: what `kubectl kustomize` makes of base and the overlays local, local-istio, e2e and production (service accounts, probes on
 * the admin port, resources, ports, webhook configurations, the local images and patches), then
 * the base applied to a real local cluster: each component's RBAC checked with its own
 * service-account token (`kubectl auth can-i`; networking's also with components/istio), and two webhook processes running with the
 * webhook's token racing on the empty certificate Secret, patching the caBundle (again after it
 * is cleared) and denying a bad Service through the API server with Knative's message.
 */
const NS = 'ebb-system';
const APPS = ['controller', 'activator', 'autoscaler', 'networking', 'webhook'] as const;
const ADMIN_PORTS: Record<(typeof APPS)[number], number> = { controller: 8081, activator: 8082, autoscaler: 8083, networking: 8084, webhook: 8085 };
const CONFIGURATIONS = [
  { kind: 'mutatingwebhookconfiguration', name: 'webhook.serving.knative.dev', path: '/defaulting' },
  { kind: 'validatingwebhookconfiguration', name: 'validation.webhook.serving.knative.dev', path: '/resource-validation' },
  { kind: 'validatingwebhookconfiguration', name: 'config.webhook.serving.knative.dev', path: '/config-validation' },
] as const;

interface Obj {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
  webhooks?: Record<string, unknown>[];
}
interface Port {
  name: string;
  containerPort: number;
}
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { fieldRef?: { fieldPath: string } };
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env: EnvVar[];
  ports: Port[];
  readinessProbe: { httpGet: { path: string; port: string } };
  livenessProbe: { httpGet: { path: string; port: string } };
  resources: { requests: Record<string, string>; limits: Record<string, string> };
  securityContext?: Record<string, unknown>;
}
interface PodSpec {
  serviceAccountName?: string;
  terminationGracePeriodSeconds: number;
  containers: Container[];
  securityContext?: Record<string, unknown>;
  affinity?: Record<string, unknown>;
}

/** Runs `kubectl kustomize <dir>` (offline) and parses its documents. */
function kustomize(dir: string): Promise<Obj[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('kubectl', ['kustomize', path.join(WORKSPACE_ROOT, dir)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(parseAllDocuments(stdout).map((d) => d.toJS() as Obj)) : reject(new Error(`kubectl kustomize ${dir}: ${code}\n${stderr}`))));
  });
}

const find = (objects: Obj[], kind: string, name: string): Obj => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (found === undefined) throw new Error(`no ${kind} ${name}`);
  return found;
};
const podSpec = (deployment: Obj): PodSpec => (deployment.spec as { template: { spec: PodSpec } }).template.spec;
const container = (deployment: Obj): Container => podSpec(deployment).containers[0] as Container;
const env = (deployment: Obj, name: string): EnvVar | undefined => container(deployment).env.find((e) => e.name === name);

describe('kubectl kustomize deploy/base', () => {
  let base: Obj[];
  beforeAll(async () => {
    base = await kustomize('deploy/base');
  });

  it('puts every namespaced object in ebb-system and labels everything part-of ebb', () => {
    const namespaced = base.filter((o) => !['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'].includes(o.kind));
    expect(new Set(namespaced.map((o) => o.metadata.namespace))).toEqual(new Set([NS]));
    expect(base.filter((o) => o.metadata.labels?.['app.kubernetes.io/part-of'] !== 'ebb').map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
    expect(base.filter((o) => o.kind === 'ConfigMap').map((o) => o.metadata.name).sort()).toEqual(
      ['config-autoscaler', 'config-defaults', 'config-deployment', 'config-domain', 'config-features', 'config-gc', 'config-logging', 'config-network', 'config-observability'],
    );
    expect(find(base, 'ConfigMap', 'config-network').data?.['ingress-class']).toBe('ebb.ingress.networking.knative.dev');
  });

  it.each(APPS)('runs %s with its own service account, admin probes, resources and a grace period beyond the drain', (app) => {
    const deployment = find(base, 'Deployment', app);
    expect(deployment.metadata.labels).toEqual({ 'app.kubernetes.io/name': app, 'app.kubernetes.io/part-of': 'ebb' });
    expect(deployment.spec?.['replicas']).toBe(1);
    expect(podSpec(deployment).serviceAccountName).toBe(app);
    expect(find(base, 'ServiceAccount', app).metadata.namespace).toBe(NS);
    expect(podSpec(deployment).terminationGracePeriodSeconds).toBeGreaterThan(10);
    const c = container(deployment);
    expect(c.image).toBe(`ebb/${app}`);
    expect(c.ports).toContainEqual({ name: 'admin', containerPort: ADMIN_PORTS[app] });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'admin' });
    expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'admin' });
    expect(Object.keys(c.resources.requests).sort()).toEqual(['cpu', 'memory']);
    expect(Object.keys(c.resources.limits).sort()).toEqual(['cpu', 'memory']);
    expect(env(deployment, 'EBB_SYSTEM_NAMESPACE')).toEqual({ name: 'EBB_SYSTEM_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } });
    expect(env(deployment, 'EBB_NATS_URL')?.value).toBe(app === 'webhook' ? undefined : 'nats://nats.ebb-system.svc.cluster.local:4222');
    // The data plane finds itself among its Service's endpoints (activator shares, early end of the drain).
    if (app === 'activator' || app === 'networking') expect(env(deployment, 'POD_IP')).toEqual({ name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } });
  });

  it.each(APPS)('runs %s as nonroot on a read-only root, spread over nodes, one pod down at a time', (app) => {
    const deployment = find(base, 'Deployment', app);
    expect(podSpec(deployment).securityContext).toEqual({ runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container(deployment).securityContext).toEqual({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(podSpec(deployment).affinity).toEqual({
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { 'app.kubernetes.io/name': app } } } }],
      },
    });
    const budget = find(base, 'PodDisruptionBudget', app);
    expect(budget.metadata.namespace).toBe(NS);
    expect(budget.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': app } } });
  });

  it.each([
    { name: 'networking', ports: [{ name: 'http', containerPort: 8080 }, { name: 'admin', containerPort: 8084 }], service: { name: 'http', port: 80, targetPort: 'http' } },
    { name: 'webhook', ports: [{ name: 'https', containerPort: 8443 }, { name: 'admin', containerPort: 8085 }], service: { name: 'https', port: 443, targetPort: 'https' } },
    { name: 'activator', ports: [{ name: 'http', containerPort: 8012 }, { name: 'admin', containerPort: 8082 }], service: { name: 'http', port: 80, targetPort: 'http' } },
  ])('declares the serving port of $name first and exposes it with a Service', ({ name, ports, service }) => {
    expect(container(find(base, 'Deployment', name)).ports).toEqual(ports);
    expect(find(base, 'Service', name).spec).toEqual({ selector: { 'app.kubernetes.io/name': name }, ports: [service] });
  });

  it('keeps the webhook certificates in the Secret webhook-certs', () => {
    expect(env(find(base, 'Deployment', 'webhook'), 'EBB_WEBHOOK_CERT_SECRET')?.value).toBe('webhook-certs');
    expect(find(base, 'Secret', 'webhook-certs').data).toBeUndefined();
  });

  it.each(CONFIGURATIONS)('ships $name calling $path on the webhook Service, failing closed, without caBundle', ({ kind, name, path: hookPath }) => {
    const configuration = find(base, kind === 'mutatingwebhookconfiguration' ? 'MutatingWebhookConfiguration' : 'ValidatingWebhookConfiguration', name);
    expect(configuration.webhooks).toHaveLength(1);
    expect(configuration.webhooks?.[0]).toMatchObject({
      name,
      admissionReviewVersions: ['v1'],
      clientConfig: { service: { name: 'webhook', namespace: NS, path: hookPath, port: 443 } },
      sideEffects: 'None',
      failurePolicy: 'Fail',
    });
    expect(configuration.webhooks?.[0]?.['clientConfig']).not.toHaveProperty('caBundle');
  });
});

describe('kubectl kustomize deploy/overlays/local', () => {
  let local: Obj[];
  beforeAll(async () => {
    local = await kustomize('deploy/overlays/local');
  });

  it.each(APPS)('runs %s from dev.local on its pod IP, reaching NATS on 127.0.0.1', (app) => {
    const deployment = find(local, 'Deployment', app);
    expect(container(deployment).image).toBe(`dev.local/ebb/${app}:dev`);
    expect(deployment.spec).toMatchObject({ template: { metadata: { annotations: { 'local.ebb.dev/port-mapping': 'pod-ip' } } } });
    const names = container(deployment).env.map((e) => e.name);
    expect(names.indexOf('POD_IP')).toBeLessThan(names.indexOf('EBB_ADMIN_HOST'));
    expect(env(deployment, 'POD_IP')).toEqual({ name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } });
    for (const name of ['EBB_ADMIN_HOST', 'EBB_GATEWAY_HOST', 'EBB_WEBHOOK_HOST', 'EBB_ACTIVATOR_HOST']) expect(env(deployment, name)?.value).toBe('$(POD_IP)');
    expect(container(deployment).env.filter((e) => e.name === 'EBB_NATS_URL')).toEqual([{ name: 'EBB_NATS_URL', value: 'nats://127.0.0.1:4222' }]);
  });

  it("runs the host's nats-server with JetStream on the pod IP, in the emptyDir folder", () => {
    const nats = find(local, 'Deployment', 'nats');
    expect(container(nats).command).toEqual(['/bin/sh', '-c', 'PATH="$PATH:/usr/sbin" exec nats-server -js -a "$POD_IP" -p 4222 -sd "${EBB_VOLUME_DATA:-/data}"']);
    expect(container(nats).args).toBeUndefined();
    expect(nats.spec).toMatchObject({ template: { metadata: { annotations: { 'local.ebb.dev/port-mapping': 'pod-ip' } }, spec: { volumes: [{ name: 'data', emptyDir: {} }] } } });
  });

  it.each([
    { name: 'nats', port: { name: 'client', port: 4222, targetPort: 'client' } },
    { name: 'networking', port: { name: 'http', port: 8080, targetPort: 'http' } },
  ])('opens the $name Service as a LoadBalancer', ({ name, port }) => {
    expect(find(local, 'Service', name).spec).toMatchObject({ type: 'LoadBalancer', ports: [port] });
  });

  it('serves routes as <name>.<namespace>.localhost', () => {
    expect(find(local, 'ConfigMap', 'config-domain').data).toMatchObject({ localhost: '' });
  });
});

describe('kubectl kustomize deploy/overlays/production', () => {
  let production: Obj[];
  let base: Obj[];
  beforeAll(async () => {
    [production, base] = await Promise.all([kustomize('deploy/overlays/production'), kustomize('deploy/base')]);
  });

  it.each(APPS)('runs two %s replicas from an image pinned by digest', (app) => {
    const deployment = find(production, 'Deployment', app);
    expect(deployment.spec?.['replicas']).toBe(2);
    expect(container(deployment).image).toMatch(new RegExp(`^registry\\.example\\.com/ebb/${app}@sha256:[0-9a-f]{64}$`));
  });

  it('splits revisions between the two autoscalers by two bucket Leases', () => {
    expect(env(find(production, 'Deployment', 'autoscaler'), 'EBB_AUTOSCALER_BUCKETS')).toEqual({ name: 'EBB_AUTOSCALER_BUCKETS', value: '2' });
  });

  it('adds NATS and changes nothing else of the base but replicas, images and the bucket count', () => {
    expect(find(production, 'Deployment', 'nats').spec?.['replicas']).toBe(1);
    const names = (objects: Obj[]): string[] => objects.map((o) => `${o.kind}/${o.metadata.name}`).sort();
    expect(names(production)).toEqual(names([...base, find(production, 'Deployment', 'nats'), find(production, 'Service', 'nats')]));
  });
});

describe('kubectl kustomize deploy/overlays/e2e', () => {
  let e2e: Obj[];
  beforeAll(async () => {
    e2e = await kustomize('deploy/overlays/e2e');
  });

  it.each(APPS)('runs %s from ebb/%s:e2e on its pod IP, as nonroot with a read-only root', (app) => {
    const deployment = find(e2e, 'Deployment', app);
    expect(container(deployment).image).toBe(`ebb/${app}:e2e`);
    expect(deployment.spec).toMatchObject({ template: { metadata: { annotations: { 'local.ebb.dev/port-mapping': 'pod-ip' } }, spec: { securityContext: { runAsNonRoot: true, runAsUser: 65532 } } } });
    expect(container(deployment)).toMatchObject({ securityContext: { readOnlyRootFilesystem: true } });
    for (const name of ['EBB_ADMIN_HOST', 'EBB_GATEWAY_HOST', 'EBB_WEBHOOK_HOST', 'EBB_ACTIVATOR_HOST']) expect(env(deployment, name)?.value).toBe('$(POD_IP)');
    expect(container(deployment).env.filter((e) => e.name === 'EBB_NATS_URL')).toEqual(app === 'webhook' ? [] : [{ name: 'EBB_NATS_URL', value: 'nats://127.0.0.1:14222' }]);
  });

  it("has no NATS of its own, opens the gateway on 18080 and serves routes on localhost", () => {
    expect(e2e.filter((o) => o.metadata.name === 'nats')).toEqual([]);
    expect(find(e2e, 'Service', 'networking').spec).toMatchObject({ type: 'LoadBalancer', ports: [{ name: 'http', port: 18080, targetPort: 'http' }] });
    expect(find(e2e, 'ConfigMap', 'config-domain').data).toMatchObject({ localhost: '' });
  });
});

/** `kind namespace/name` of an object. */
const idOf = (o: Obj): string => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;

describe('kubectl kustomize deploy/overlays/local-istio', () => {
  let istio: Obj[];
  let local: Obj[];
  beforeAll(async () => {
    [istio, local] = await Promise.all([kustomize('deploy/overlays/local-istio'), kustomize('deploy/overlays/local')]);
  });

  it("is the local overlay plus Istio's CRDs, Knative's Gateways, config-istio, the translator's RBAC and the gateway stand-in's Services", () => {
    const before = new Set(local.map(idOf));
    expect(istio.filter((o) => !before.has(idOf(o))).map(idOf).sort()).toEqual([
      'ClusterRole /ebb-networking-istio',
      'ClusterRoleBinding /ebb-networking-istio',
      'ConfigMap ebb-system/config-istio',
      'CustomResourceDefinition /gateways.networking.istio.io',
      'CustomResourceDefinition /virtualservices.networking.istio.io',
      'Gateway ebb-system/knative-ingress-gateway',
      'Gateway ebb-system/knative-local-gateway',
      'Service ebb-system/istio-ingressgateway',
      'Service ebb-system/knative-local-gateway',
    ]);
    expect(istio.filter((o) => o.metadata.namespace === 'istio-system')).toEqual([]);
  });

  it('puts Routes on the Istio class and names the stand-in Services in config-istio', () => {
    expect(find(istio, 'ConfigMap', 'config-network').data?.['ingress-class']).toBe('istio.ingress.networking.knative.dev');
    const data = find(istio, 'ConfigMap', 'config-istio').data ?? {};
    expect(parseAllDocuments(data['external-gateways'] ?? '')[0]?.toJS()).toEqual([{ name: 'knative-ingress-gateway', namespace: NS, service: 'istio-ingressgateway.ebb-system.svc.cluster.local' }]);
    expect(parseAllDocuments(data['local-gateways'] ?? '')[0]?.toJS()).toEqual([{ name: 'knative-local-gateway', namespace: NS, service: 'knative-local-gateway.ebb-system.svc.cluster.local' }]);
  });

  it('runs the translator, and the gateway as both of Knative\'s Gateways behind a Service their selector finds', () => {
    const networking = find(istio, 'Deployment', 'networking');
    expect(env(networking, 'EBB_ISTIO_INGRESS')?.value).toBe('true');
    expect(env(networking, 'EBB_GATEWAY_ISTIO_GATEWAYS')?.value).toBe('ebb-system/knative-ingress-gateway,ebb-system/knative-local-gateway');
    const service = find(istio, 'Service', 'istio-ingressgateway');
    expect(service.metadata.labels).toMatchObject({ istio: 'ingressgateway' });
    expect(service.spec).toMatchObject({ selector: { 'app.kubernetes.io/name': 'networking' }, ports: [{ port: 80, targetPort: 'http' }, { port: 8081, targetPort: 'http' }] });
    for (const name of ['knative-ingress-gateway', 'knative-local-gateway']) expect(find(istio, 'Gateway', name).spec).toMatchObject({ selector: { istio: 'ingressgateway' } });
  });

  it("ships Knative's two shared Gateways and the local gateway Service as net-istio does (ISTIO.md §2), in ebb-system", async () => {
    const shipped = parseAllDocuments(await readFile(path.join(WORKSPACE_ROOT, 'deploy/components/istio/gateways.yaml'), 'utf8')).map((d) => d.toJS() as Obj);
    const server = (port: number): unknown => ({ port: { number: port, name: 'http', protocol: 'HTTP' }, hosts: ['*'] });
    expect(shipped.map((o) => ({ kind: o.kind, apiVersion: o.apiVersion, ns: o.metadata.namespace, name: o.metadata.name, spec: o.spec }))).toEqual([
      { kind: 'Gateway', apiVersion: 'networking.istio.io/v1beta1', ns: NS, name: 'knative-ingress-gateway', spec: { selector: { istio: 'ingressgateway' }, servers: [server(80)] } },
      { kind: 'Gateway', apiVersion: 'networking.istio.io/v1beta1', ns: NS, name: 'knative-local-gateway', spec: { selector: { istio: 'ingressgateway' }, servers: [server(8081)] } },
      {
        kind: 'Service',
        apiVersion: 'v1',
        ns: 'istio-system',
        name: 'knative-local-gateway',
        spec: { type: 'ClusterIP', selector: { istio: 'ingressgateway' }, ports: [{ name: 'http2', port: 80, targetPort: 8081 }, { name: 'https', port: 443, targetPort: 8444 }] },
      },
    ]);
    expect(shipped[2]?.metadata.labels).toMatchObject({ 'experimental.istio.io/disable-gateway-port-translation': 'true' });
  });

  it('leaves everything else as the local overlay has it', () => {
    const changed = istio.filter((o) => local.some((l) => idOf(l) === idOf(o) && JSON.stringify(l) !== JSON.stringify(o))).map(idOf);
    expect(changed.sort()).toEqual(['ConfigMap ebb-system/config-network', 'Deployment ebb-system/networking']);
  });
});

describe('deploy/base on a local cluster', () => {
  let cluster: LocalCluster;
  let dir: string;
  const tokens = new Map<string, string>();
  const webhooks: AppProcess[] = [];

  const run = (args: readonly string[], input?: string): Promise<KubectlResult> => kubectl(cluster, args, input === undefined ? {} : { input });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ebb-deploy-e2e-'));
    cluster = await startLocalCluster();
    // Everything but the Deployments: their images are not there, and the webhook runs below
    // as processes of this test.
    const objects = (await kustomize('deploy/base')).filter((o) => o.kind !== 'Deployment');
    const applied = await run(['apply', '-f', '-'], objects.map((o) => stringify(o)).join('---\n'));
    expect(applied).toMatchObject({ code: 0, stderr: '' });
    for (const app of APPS) {
      const issued = await apiRequest(cluster, {
        method: 'POST',
        path: `/api/v1/namespaces/${NS}/serviceaccounts/${app}/token`,
        body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } },
      });
      expect(issued.status).toBe(201);
      tokens.set(app, (issued.json as { status: { token: string } }).status.token);
    }
  }, 60_000);

  afterAll(async () => {
    await Promise.all(webhooks.map((w) => w.stop()));
    await cluster?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  /** Each component's `kubectl auth can-i` answers with its own token: every row `[verb, resource…, expected]`. */
  const RBAC: Record<(typeof APPS)[number], readonly (readonly [string, boolean])[]> = {
    controller: [
      ['create configurations.serving.knative.dev -n default', true],
      ['update services.serving.knative.dev -n default', true],
      ['create services.serving.knative.dev -n default', false],
      ['update revisions.serving.knative.dev --subresource=status -n default', true],
      ['patch podautoscalers.autoscaling.internal.knative.dev --subresource=status -n default', true],
      ['create ingresses.networking.internal.knative.dev -n default', true],
      ['update ingresses.networking.internal.knative.dev --subresource=status -n default', false],
      ['update serverlessservices.networking.internal.knative.dev -n default', true],
      ['patch serverlessservices.networking.internal.knative.dev --subresource=status -n default', true],
      ['watch endpointslices.discovery.k8s.io -n default', true],
      ['update endpointslices.discovery.k8s.io -n default', false],
      ['create deployments.apps -n default', true],
      ['delete services -n default', true],
      ['watch pods -n default', true],
      ['create pods -n default', false],
      ['get secrets -n default', false],
      ['get secrets -n ebb-system', false],
      ['watch configmaps -n ebb-system', true],
      ['watch configmaps -n default', false],
      ['update leases.coordination.k8s.io -n ebb-system', true],
      ['update leases.coordination.k8s.io -n default', false],
      ['create events -n default', true],
    ],
    networking: [
      ['watch ingresses.networking.internal.knative.dev -n default', true],
      ['patch ingresses.networking.internal.knative.dev --subresource=status -n default', true],
      ['update ingresses.networking.internal.knative.dev -n default', false],
      ['list endpointslices.discovery.k8s.io -n default', true],
      ['watch revisions.serving.knative.dev -n default', true],
      ['watch serverlessservices.networking.internal.knative.dev -n default', true],
      ['update serverlessservices.networking.internal.knative.dev -n default', false],
      ['create leases.coordination.k8s.io -n ebb-system', true],
      ['get secrets -n ebb-system', false],
      ['update services.serving.knative.dev -n default', false],
    ],
    webhook: [
      ['get secret/webhook-certs -n ebb-system', true],
      ['update secret/webhook-certs -n ebb-system', true],
      ['create secrets -n ebb-system', true],
      ['get secret/other -n ebb-system', false],
      ['list secrets -n ebb-system', false],
      ['create secrets -n default', false],
      ['patch mutatingwebhookconfiguration/webhook.serving.knative.dev', true],
      ['update validatingwebhookconfiguration/config.webhook.serving.knative.dev', true],
      ['patch validatingwebhookconfiguration/someone-elses', false],
      ['watch validatingwebhookconfigurations', true],
      ['create mutatingwebhookconfigurations', false],
      ['watch configmaps -n ebb-system', true],
      ['get configmaps -n default', false],
    ],
    autoscaler: [
      ['watch podautoscalers.autoscaling.internal.knative.dev -n default', true],
      ['update podautoscalers.autoscaling.internal.knative.dev -n default', false],
      ['watch endpointslices.discovery.k8s.io -n default', true],
      ['update endpointslices.discovery.k8s.io -n default', false],
      ['create leases.coordination.k8s.io -n ebb-system', true],
      ['watch configmaps -n ebb-system', true],
      ['get secrets -n ebb-system', false],
    ],
    activator: [
      ['watch revisions.serving.knative.dev -n default', true],
      ['watch endpointslices.discovery.k8s.io -n default', true],
      ['update revisions.serving.knative.dev -n default', false],
      ['list pods -n default', false],
      ['watch configmaps -n ebb-system', true],
      ['create events -n default', false],
    ],
  };

  it.each(APPS.map((app) => ({ name: app, rows: RBAC[app] })))('RBAC: $name may do what it needs and nothing else it was checked for', async ({ name, rows }) => {
    const ask = async ([command]: readonly [string, boolean]): Promise<[string, boolean]> => {
      const result = await run(['--token', tokens.get(name) ?? '', 'auth', 'can-i', ...command.split(' ')]);
      expect([0, 1]).toContain(result.code);
      return [command, result.stdout === 'yes\n'];
    };
    // One kubectl at a time: parallel ones share the discovery cache, and one that reads it while
    // another rewrites it cannot map a CRD's resource and asks about the wrong one.
    const answers: [string, boolean][] = [];
    for (const row of rows) answers.push(await ask(row));
    expect(Object.fromEntries(answers)).toEqual(Object.fromEntries(rows));
  });

  it("RBAC: with components/istio, networking may also write Istio's Gateways and VirtualServices, read Services and the Secrets TLS names", async () => {
    const istio = (await kustomize('deploy/overlays/local-istio')).filter(
      (o) => (o.kind === 'CustomResourceDefinition' && o.metadata.name.endsWith('.networking.istio.io')) || o.metadata.name === 'ebb-networking-istio',
    );
    expect(await run(['apply', '-f', '-'], istio.map((o) => stringify(o)).join('---\n'))).toMatchObject({ code: 0 });
    const rows: (readonly [string, boolean])[] = [
      ['create virtualservices.networking.istio.io -n default', true],
      ['update gateways.networking.istio.io -n default', true],
      ['delete virtualservices.networking.istio.io -n default', true],
      ['watch gateways.networking.istio.io -n ebb-system', true],
      ['patch virtualservices.networking.istio.io -n default', false],
      ['watch services -n istio-system', true],
      ['create services -n default', false],
      ['get secrets -n default', true],
      ['create secrets -n istio-system', true],
      ['list secrets -n default', false],
      ['delete secrets -n istio-system', false],
      ['update ingresses.networking.internal.knative.dev -n default', false],
    ];
    const answers: [string, boolean][] = [];
    for (const [command] of rows) {
      const result = await run(['--token', tokens.get('networking') ?? '', 'auth', 'can-i', ...command.split(' ')]);
      answers.push([command, result.stdout === 'yes\n']);
    }
    expect(Object.fromEntries(answers)).toEqual(Object.fromEntries(rows));
  });

  describe('two webhooks with the webhook service account', () => {
    let ca: string;
    const ports: number[] = [];

    beforeAll(async () => {
      const kubeconfig = path.join(dir, 'webhook.kubeconfig');
      const user = { name: 'webhook', user: { token: tokens.get('webhook') } };
      const clusterEntry = { name: 'local', cluster: { server: cluster.url, 'certificate-authority-data': Buffer.from(cluster.caPem).toString('base64') } };
      await writeFile(kubeconfig, stringify({ apiVersion: 'v1', kind: 'Config', clusters: [clusterEntry], users: [user], contexts: [{ name: 'webhook', context: { cluster: 'local', user: 'webhook' } }], 'current-context': 'webhook' }));
      ports.push(await freePort(), await freePort());
      const start = (port: number): Promise<AppProcess> =>
        startAppProcess('webhook', { EBB_WEBHOOK_HOST: '127.0.0.1', EBB_WEBHOOK_PORT: String(port), EBB_WEBHOOK_CERT_SECRET: 'webhook-certs', KUBECONFIG: kubeconfig, EBB_DRAIN_SECONDS: '0' });
      webhooks.push(...(await Promise.all(ports.map(start))));
      for (const webhook of webhooks) await waitFor(async () => (await webhook.status('/readyz')) === 200, { description: 'webhook ready', timeoutMs: 20_000 });
    }, 60_000);

    it('fill the empty Secret once and both serve its certificate for webhook.ebb-system.svc', async () => {
      const secret = JSON.parse((await run(['get', 'secret', 'webhook-certs', '-n', NS, '-o', 'json'])).stdout) as { data: Record<string, string> };
      expect(Object.keys(secret.data).sort()).toEqual(['ca-cert.pem', 'ca-key.pem', 'server-cert.pem', 'server-key.pem']);
      ca = Buffer.from(secret.data['ca-cert.pem'] ?? '', 'base64').toString('utf8');
      const stored = new X509Certificate(Buffer.from(secret.data['server-cert.pem'] ?? '', 'base64').toString('utf8'));
      for (const port of ports) {
        const served = await servedCertificate(port, ca, 'webhook.ebb-system.svc');
        expect(served.fingerprint256).toBe(stored.fingerprint256);
      }
      expect(stored.subjectAltName).toContain('DNS:webhook.ebb-system.svc.cluster.local');
      expect(webhooks.map((w) => w.output()).join('').match(/"msg":"webhook certificates written"/g)).toHaveLength(1);
    });

    it.each(CONFIGURATIONS)('patch the caBundle of $name', async ({ kind, name }) => {
      const bundle = Buffer.from(ca).toString('base64');
      await waitFor(async () => (await run(['get', kind, name, '-o', 'jsonpath={.webhooks[0].clientConfig.caBundle}'])).stdout === bundle, { description: `${name} caBundle`, timeoutMs: 20_000 });
    });

    it('deny a Service with containerConcurrency -1 through kubectl apply, storing nothing', async () => {
      // The API server dials webhook.ebb-system.svc:443 at an endpoint of the Service: the first process.
      expect(await run(['patch', 'service', 'webhook', '-n', NS, '--type', 'json', '-p', '[{"op":"remove","path":"/spec/selector"}]'])).toMatchObject({ code: 0 });
      const slice = {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { name: 'webhook-process', namespace: NS, labels: { 'kubernetes.io/service-name': 'webhook' } },
        addressType: 'IPv4',
        endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true } }],
        ports: [{ name: 'https', port: ports[0], protocol: 'TCP' }],
      };
      expect(await run(['apply', '-f', '-'], JSON.stringify(slice))).toMatchObject({ code: 0 });
      const bad = {
        apiVersion: 'serving.knative.dev/v1',
        kind: 'Service',
        metadata: { name: 'bad', namespace: 'default' },
        spec: { template: { spec: { containerConcurrency: -1, containers: [{ image: 'dev.local/hello' }] } } },
      };
      const denied = await run(['apply', '-f', '-'], JSON.stringify(bad));
      expect(denied.code).toBe(1);
      expect(denied.stderr).toBe(
        'Error from server (BadRequest): error when creating "STDIN": admission webhook "validation.webhook.serving.knative.dev" denied the request: ' +
          'validation failed: expected 0 <= -1 <= 1000: spec.template.spec.containerConcurrency\n',
      );
      expect(await run(['get', 'ksvc', 'bad', '-n', 'default'])).toMatchObject({ code: 1, stderr: 'Error from server (NotFound): services.serving.knative.dev "bad" not found\n' });
    });

    it('default a good Service and deny a bad config-autoscaler', async () => {
      const good = { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'good', namespace: 'default' }, spec: { template: { spec: { containers: [{ image: 'dev.local/hello' }] } } } };
      expect(await run(['apply', '-f', '-'], JSON.stringify(good))).toMatchObject({ code: 0 });
      expect((await run(['get', 'ksvc', 'good', '-n', 'default', '-o', 'jsonpath={.spec.template.spec.containers[0].name} {.spec.traffic[0].percent}'])).stdout).toBe('user-container 100');
      expect(await run(['delete', 'ksvc', 'good', '-n', 'default'])).toMatchObject({ code: 0 });
      const patched = await run(['patch', 'configmap', 'config-autoscaler', '-n', NS, '--type', 'merge', '-p', '{"data":{"stable-window":"-1s"}}']);
      expect(patched.code).toBe(1);
      expect(patched.stderr).toContain('admission webhook "config.webhook.serving.knative.dev" denied the request');
      expect(patched.stderr).toContain('stable-window');
    });

    it('put the caBundle back when someone clears it', async () => {
      const cleared = await run(['patch', 'mutatingwebhookconfiguration', 'webhook.serving.knative.dev', '--type', 'json', '-p', '[{"op":"replace","path":"/webhooks/0/clientConfig/caBundle","value":""}]']);
      expect(cleared).toMatchObject({ code: 0 });
      const bundle = Buffer.from(ca).toString('base64');
      await waitFor(async () => (await run(['get', 'mutatingwebhookconfiguration', 'webhook.serving.knative.dev', '-o', 'jsonpath={.webhooks[0].clientConfig.caBundle}'])).stdout === bundle, {
        description: 'caBundle restored',
        timeoutMs: 20_000,
      });
    });

    it('logged no warning or error on the way (no 403, no failed patch)', () => {
      const complaints = webhooks.flatMap((w) => w.output().split('\n')).filter((line) => /"level":"(warn|error|fatal)"/.test(line));
      expect(complaints).toEqual([]);
    });

    it('give way to the webhook Deployment of overlays/local, which reuses the Secret and answers the API server through the Service', async () => {
      await Promise.all(webhooks.splice(0).map((w) => w.stop()));
      expect(await run(['delete', 'endpointslice', 'webhook-process', '-n', NS])).toMatchObject({ code: 0 });
      expect(await run(['patch', 'service', 'webhook', '-n', NS, '--type', 'merge', '-p', '{"spec":{"selector":{"app.kubernetes.io/name":"webhook"}}}'])).toMatchObject({ code: 0 });
      // As overlays/local has it, but run from the built bundle with this Node (an image the
      // local cluster does not have, with a command, runs as a process).
      const deployment = find(await kustomize('deploy/overlays/local'), 'Deployment', 'webhook');
      Object.assign(container(deployment), { image: 'e2e.local/node', command: [process.execPath, path.join(WORKSPACE_ROOT, 'dist', 'apps', 'webhook', 'main.js')] });
      expect(await run(['apply', '-f', '-'], JSON.stringify(deployment))).toMatchObject({ code: 0 });
      expect(await run(['rollout', 'status', 'deployment/webhook', '-n', NS, '--timeout=60s'], undefined)).toMatchObject({ code: 0 });
      const bad = { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'bad', namespace: 'default' }, spec: { template: { spec: { containerConcurrency: -1, containers: [{ image: 'dev.local/hello' }] } } } };
      const denied = await run(['apply', '-f', '-'], JSON.stringify(bad));
      expect(denied).toMatchObject({ code: 1, stderr: expect.stringContaining('denied the request: validation failed: expected 0 <= -1 <= 1000: spec.template.spec.containerConcurrency') as unknown });
      const logs = (await run(['logs', 'deployment/webhook', '-n', NS])).stdout;
      expect(logs).toContain('"msg":"admission server listening"');
      expect(logs).not.toContain('"msg":"webhook certificates written"');
      expect(logs).not.toMatch(/"level":"(warn|error|fatal)"/);
    }, 90_000);
  });
});
