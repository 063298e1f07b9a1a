// Unit spec of the Istio translator's reconcile (ISTIO.md §3–§5) over in-memory stand-ins for its
// dependencies: a Map-backed store per Istio kind (lister + writer), a prober whose readiness the
// test sets and that records what it was asked, an event sink, Secrets and gateway Services in
// memory. Each case reconciles an Ingress (ISTIO.md §6 Examples A and D and variants) and checks
// the VirtualServices, Gateways and Secret copies left in the stores and the Ingress status.
import {
  markLoadBalancerReady,
  markNetworkConfigured,
  type Condition,
  type Gateway,
  type Ingress,
  type IngressStatus,
  type VirtualService,
} from '@ebb/api';
import { defaultIstioConfig, parseIstioConfig, type IstioConfig } from '@ebb/config';
import type { KubeObjectLike, ReconcileContext } from '@ebb/kube';
import { createCa, createServingCert } from '@ebb/pki';
import { pino } from 'pino';
import { ingressHash } from '../routing-table/ingress-hash.js';
import { IstioIngressReconciler, isIstioClass, type ChildStore, type IstioIngressConfig, type SecretAccess } from './istio-ingress.reconciler.js';
import type { ProbeTarget } from './resources/probe-targets.js';
import type { SecretLike } from './resources/secret.js';

const NOW = new Date('2026-01-02T03:04:05Z');
const NAME = 'reconciling-ingress';
const NS = 'test-ns';
const KEY = `${NS}/${NAME}`;
const UID = '8a3b2c1d-0000-4000-8000-000000000001';
const CLASS_KEY = 'networking.knative.dev/ingress.class';
const ISTIO_CLASS = 'istio.ingress.networking.knative.dev';
const INGRESS_LABEL = 'networking.internal.knative.dev/ingress';
const SHARED_EXTERNAL = 'knative-serving/knative-ingress-gateway';
const SHARED_LOCAL = 'knative-serving/knative-local-gateway';
const PUBLIC_LB = 'istio-ingressgateway.istio-system.svc.cluster.local';
const PRIVATE_LB = 'knative-local-gateway.istio-system.svc.cluster.local';
/** The per-Ingress Gateway on istio-system/istio-ingressgateway (adler32 of that key: 3797421420). */
const PER_INGRESS_GATEWAY = `${NAME}-3797421420`;
const GATEWAY_SERVICE = 'istio-system/istio-ingressgateway';
const TARGETS: readonly ProbeTarget[] = [{ url: 'http://host-tls.example.com:80/healthz', address: '10.0.0.7', port: 8080 }];

const split = (serviceName: string, percent: number) => ({ serviceNamespace: NS, serviceName, servicePort: 80, percent });

/** ISTIO.md §6 Example A (net-istio's `ing("reconciling-ingress")`), generation 1; `spec` entries replace its own. */
function exampleA(spec: Partial<NonNullable<Ingress['spec']>> = {}, meta: Partial<NonNullable<Ingress['metadata']>> = {}): Ingress {
  const paths = [{ splits: [split('test-service', 100)] }];
  return {
    apiVersion: 'networking.internal.knative.dev/v1alpha1',
    kind: 'Ingress',
    metadata: {
      name: NAME,
      namespace: NS,
      uid: UID,
      generation: 1,
      labels: { 'serving.knative.dev/route': 'test-route', 'serving.knative.dev/routeNamespace': NS },
      annotations: { [CLASS_KEY]: ISTIO_CLASS },
      ...meta,
    },
    spec: {
      httpOption: 'Enabled',
      rules: [
        { hosts: ['host-tls.example.com'], visibility: 'ExternalIP', http: { paths } },
        { hosts: ['host-tls.test-ns.svc.cluster.local'], visibility: 'ClusterLocal', http: { paths } },
      ],
      ...spec,
    },
  };
}

/** Example D: Example A with external TLS for host-tls.example.com from the Secret `<namespace>/secret0`. */
function exampleD(secretNamespace: string, httpOption: 'Enabled' | 'Redirected' = 'Enabled', meta: Partial<NonNullable<Ingress['metadata']>> = {}): Ingress {
  return exampleA({ httpOption, tls: [{ hosts: ['host-tls.example.com'], secretName: 'secret0', secretNamespace }] }, meta);
}

/** A Map-backed store of one kind, standing in for an informer (lister) and the API (writer). */
class MemoryStore<T extends VirtualService | Gateway> implements ChildStore<T> {
  readonly objects = new Map<string, T>();
  readonly lister: ChildStore<T>['lister'] = {
    get: (name, namespace) => this.copy(this.objects.get(`${namespace ?? ''}/${name}`)),
    list: (namespace) => [...this.objects.values()].filter((o) => namespace === undefined || o.metadata?.namespace === namespace).map((o) => structuredClone(o)),
  };
  readonly writer: ChildStore<T>['writer'] = {
    create: (object) => {
      if (this.objects.has(keyOf(object))) return Promise.reject(new Error(`${keyOf(object)} already exists`));
      this.objects.set(keyOf(object), structuredClone(object));
      return Promise.resolve(structuredClone(object));
    },
    update: (object) => {
      if (!this.objects.has(keyOf(object))) return Promise.reject(new Error(`${keyOf(object)} not found`));
      this.objects.set(keyOf(object), structuredClone(object));
      return Promise.resolve(structuredClone(object));
    },
    delete: (namespace, name) => Promise.resolve(this.objects.delete(`${namespace ?? ''}/${name}`)),
  };

  constructor(objects: readonly T[] = []) {
    for (const object of objects) this.objects.set(keyOf(object), structuredClone(object));
  }

  /** The stored object `namespace/name`. */
  at(key: string): T | undefined {
    return this.objects.get(key);
  }

  /** The stored keys, sorted. */
  keys(): string[] {
    return [...this.objects.keys()].sort();
  }

  private copy(object: T | undefined): T | undefined {
    return object === undefined ? undefined : structuredClone(object);
  }
}

function keyOf(object: KubeObjectLike): string {
  return `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
}

/** A prober whose answer the test sets; it records what it was asked. */
class FakeProber {
  ready = false;
  readonly asked: { key: string; hash: string; targets: readonly ProbeTarget[] }[] = [];
  readonly cancelled: string[] = [];

  isReady(key: string, hash: string, targets: readonly ProbeTarget[]): boolean {
    this.asked.push({ key, hash, targets });
    return this.ready;
  }

  cancel(key: string): void {
    this.cancelled.push(key);
  }
}

/** Secrets in memory; the copies applied are recorded. */
class MemorySecrets implements SecretAccess {
  readonly applied: SecretLike[] = [];
  constructor(private readonly secrets: readonly SecretLike[]) {}

  get(namespace: string, name: string): Promise<SecretLike | undefined> {
    return Promise.resolve(this.secrets.find((s) => s.metadata?.namespace === namespace && s.metadata?.name === name));
  }

  apply(copy: SecretLike): Promise<void> {
    this.applied.push(copy);
    return Promise.resolve();
  }
}

/** What one case starts from. */
interface World {
  istio?: IstioConfig;
  clusterLocalTls?: boolean;
  virtualServices?: VirtualService[];
  gateways?: Gateway[];
  secrets?: SecretLike[];
  /** Gateway Services by `namespace/name` with their selectors (default: istio-system/istio-ingressgateway). */
  services?: Record<string, Record<string, string>>;
  ready?: boolean;
}

/** The reconciler over in-memory deps holding `world`, with a context recording events. */
function setup(world: World = {}) {
  const config: IstioIngressConfig = { istio: world.istio ?? defaultIstioConfig('knative-serving'), clusterLocalTls: world.clusterLocalTls ?? false };
  const virtualServices = new MemoryStore<VirtualService>(world.virtualServices);
  const gateways = new MemoryStore<Gateway>(world.gateways);
  const secrets = new MemorySecrets(world.secrets ?? []);
  const prober = new FakeProber();
  prober.ready = world.ready ?? false;
  const services = world.services ?? { [GATEWAY_SERVICE]: { istio: 'ingressgateway' } };
  const reconciler = new IstioIngressReconciler({
    config: () => config,
    virtualServices,
    gateways,
    secrets,
    service: (namespace, name) => {
      const selector = services[`${namespace}/${name}`];
      return selector === undefined ? undefined : { spec: { selector } };
    },
    probeTargets: () => TARGETS,
    prober,
  });
  const events: string[] = [];
  const ctx: ReconcileContext = {
    now: NOW,
    logger: pino({ level: 'silent' }),
    events: { record: (_object, type, reason, message) => events.push(`${type} ${reason} ${message}`) },
  };
  return { reconciler, virtualServices, gateways, secrets, prober, events, ctx };
}

/** The condition of `type` in a status. */
function condition(status: IngressStatus | undefined, type: string): Condition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/** The status, reason of each condition: `{ Ready: 'True', LoadBalancerReady: 'Unknown Uninitialized', … }`. */
function conditionsOf(status: IngressStatus | undefined): Record<string, string> {
  return Object.fromEntries((status?.conditions ?? []).map((c) => [c.type, [c.status, c.reason].filter((s) => (s ?? '') !== '').join(' ')]));
}

/** A status Ready for generation 1 with the given public load balancer. */
function readyStatus(publicLb: string): IngressStatus {
  const configured = markNetworkConfigured({}, NOW);
  return { ...markLoadBalancerReady(configured, [{ domainInternal: publicLb }], [{ domainInternal: PRIVATE_LB }], NOW), observedGeneration: 1 };
}

/** A controller reference to someone else. */
const FOREIGN_OWNER = { apiVersion: 'v1', kind: 'ConfigMap', name: 'someone', uid: 'someone-else', controller: true, blockOwnerDeletion: true };
/** The controller reference to the Ingress. */
const INGRESS_OWNER = { apiVersion: 'networking.internal.knative.dev/v1alpha1', kind: 'Ingress', name: NAME, uid: UID, controller: true, blockOwnerDeletion: true };

/** A VirtualService in the Ingress namespace with these labels and owner. */
function existingVs(name: string, labels: Record<string, string>, owner: typeof INGRESS_OWNER | typeof FOREIGN_OWNER): VirtualService {
  return { apiVersion: 'networking.istio.io/v1beta1', kind: 'VirtualService', metadata: { name, namespace: NS, labels, ownerReferences: [owner] }, spec: { hosts: ['old.example.com'] } };
}

/** A per-Ingress Gateway in the Ingress namespace, labelled for it and controlled by it. */
function existingGateway(name: string): Gateway {
  return { apiVersion: 'networking.istio.io/v1beta1', kind: 'Gateway', metadata: { name, namespace: NS, labels: { [INGRESS_LABEL]: NAME }, ownerReferences: [INGRESS_OWNER] }, spec: { servers: [] } };
}

/** The gateways of every match of every route of a VirtualService, in order. */
function matchGateways(vs: VirtualService | undefined): string[][] {
  return (vs?.spec?.http ?? []).flatMap((route) => (route.match ?? []).map((m) => m.gateways ?? []));
}

describe('isIstioClass', () => {
  it.each<{ name: string; annotations: Record<string, string> | undefined; want: boolean }>([
    { name: 'the Istio class', annotations: { [CLASS_KEY]: ISTIO_CLASS }, want: true },
    { name: "Ebb's own class", annotations: { [CLASS_KEY]: 'ebb.ingress.networking.knative.dev' }, want: false },
    { name: 'no annotations', annotations: undefined, want: false },
  ])('$name → $want', ({ annotations, want }) => {
    expect(isIstioClass({ metadata: { name: NAME, ...(annotations === undefined ? {} : { annotations }) } })).toBe(want);
  });
});

describe('IstioIngressReconciler: Example A, default config', () => {
  /** Example A reconciled once with the prober not ready. */
  async function reconcileExampleA() {
    const world = setup();
    const ingress = exampleA();
    await world.reconciler.reconcile(ingress, world.ctx);
    return { ...world, ingress };
  }

  it('creates <name>-ingress: all hosts expanded, the shared gateways, controlled by the Ingress', async () => {
    const { virtualServices } = await reconcileExampleA();
    expect(virtualServices.keys()).toEqual([`${NS}/${NAME}-ingress`, `${NS}/${NAME}-mesh`]);
    const vs = virtualServices.at(`${NS}/${NAME}-ingress`);
    expect(vs?.spec?.hosts).toEqual(['host-tls.example.com', 'host-tls.test-ns', 'host-tls.test-ns.svc', 'host-tls.test-ns.svc.cluster.local']);
    expect(vs?.spec?.gateways).toEqual([SHARED_EXTERNAL, SHARED_LOCAL]);
    expect(vs?.metadata?.ownerReferences).toEqual([INGRESS_OWNER]);
    expect(vs?.metadata?.labels?.[INGRESS_LABEL]).toBe(NAME);
  });

  it('creates <name>-mesh: the cluster-local host forms on the mesh gateway, controlled by the Ingress', async () => {
    const { virtualServices } = await reconcileExampleA();
    const vs = virtualServices.at(`${NS}/${NAME}-mesh`);
    expect(vs?.spec?.hosts).toEqual(['host-tls.test-ns', 'host-tls.test-ns.svc', 'host-tls.test-ns.svc.cluster.local']);
    expect(vs?.spec?.gateways).toEqual(['mesh']);
    expect(vs?.metadata?.ownerReferences?.[0]?.uid).toBe(UID);
  });

  it('writes no Gateway and copies no Secret; records a Normal Created event per VirtualService', async () => {
    const { gateways, secrets, events } = await reconcileExampleA();
    expect(gateways.keys()).toEqual([]);
    expect(secrets.applied).toEqual([]);
    expect(events).toEqual([`Normal Created Created VirtualService "${NAME}-mesh"`, `Normal Created Created VirtualService "${NAME}-ingress"`]);
  });

  it('marks NetworkConfigured and, while the prober says not ready, LoadBalancerReady Unknown Uninitialized', async () => {
    const { ingress } = await reconcileExampleA();
    expect(conditionsOf(ingress.status)).toEqual({ NetworkConfigured: 'True', LoadBalancerReady: 'Unknown Uninitialized', Ready: 'Unknown Uninitialized' });
    expect(condition(ingress.status, 'LoadBalancerReady')?.message).toBe('Waiting for load balancer to be ready');
    expect(ingress.status?.observedGeneration).toBe(1);
  });

  it('asks the prober with the Ingress key, its hash and the gateway pods', async () => {
    const { prober } = await reconcileExampleA();
    expect(prober.asked).toEqual([{ key: KEY, hash: ingressHash(exampleA()), targets: TARGETS }]);
    expect(prober.asked[0]?.hash).toBe('a60946a43f4ed91f795f5e6de021a74b133c5a32bdfa1bf015e5832dff38ec6a');
  });

  it('once the prober says ready: LoadBalancerReady True with net-istio addresses, Ready True', async () => {
    const { reconciler, ctx } = setup({ ready: true });
    const ingress = exampleA();
    await reconciler.reconcile(ingress, ctx);
    expect(conditionsOf(ingress.status)).toEqual({ NetworkConfigured: 'True', LoadBalancerReady: 'True', Ready: 'True' });
    expect(ingress.status?.publicLoadBalancer).toEqual({ ingress: [{ domainInternal: PUBLIC_LB }] });
    expect(ingress.status?.privateLoadBalancer).toEqual({ ingress: [{ domainInternal: PRIVATE_LB }] });
    expect(ingress.status?.observedGeneration).toBe(1);
  });

  it('already Ready for its generation with these load balancers: the prober is not asked', async () => {
    const { reconciler, prober, ctx } = setup({ ready: false });
    const ingress = { ...exampleA(), status: readyStatus(PUBLIC_LB) };
    await reconciler.reconcile(ingress, ctx);
    expect(prober.asked).toEqual([]);
    expect(conditionsOf(ingress.status)).toEqual({ NetworkConfigured: 'True', LoadBalancerReady: 'True', Ready: 'True' });
    expect(ingress.status?.publicLoadBalancer).toEqual({ ingress: [{ domainInternal: PUBLIC_LB }] });
  });

  it("Ready for its generation but with another load balancer (moved from Ebb's class): the prober is asked", async () => {
    const { reconciler, prober, ctx } = setup({ ready: false });
    const ingress = { ...exampleA(), status: readyStatus('networking.ebb-system.svc.cluster.local') };
    await reconciler.reconcile(ingress, ctx);
    expect(prober.asked.map((a) => a.key)).toEqual([KEY]);
    expect(conditionsOf(ingress.status)).toEqual({ NetworkConfigured: 'True', LoadBalancerReady: 'Unknown Uninitialized', Ready: 'Unknown Uninitialized' });
  });

  it('Ready for an older generation: the prober is asked', async () => {
    const { reconciler, prober, ctx } = setup({ ready: false });
    const ingress = { ...exampleA({}, { generation: 2 }), status: readyStatus(PUBLIC_LB) };
    await reconciler.reconcile(ingress, ctx);
    expect(prober.asked.map((a) => a.key)).toEqual([KEY]);
    expect(ingress.status?.observedGeneration).toBe(2);
  });

  it('needs no gateway Service when the Ingress gets no Gateway of its own (net-istio reads it only for TLS or Redirected)', async () => {
    const { reconciler, virtualServices, ctx } = setup({ services: {} });
    const ingress = exampleA();
    await expect(reconciler.reconcile(ingress, ctx)).resolves.toBeUndefined();
    expect(virtualServices.keys()).toEqual([`${NS}/${NAME}-ingress`, `${NS}/${NAME}-mesh`]);
  });

  it('an Ingress being deleted gets nothing written and the prober is not asked', async () => {
    const { reconciler, virtualServices, prober, ctx } = setup();
    const ingress = exampleA({}, { deletionTimestamp: '2026-01-02T03:00:00Z' });
    await reconciler.reconcile(ingress, ctx);
    expect(virtualServices.keys()).toEqual([]);
    expect(prober.asked).toEqual([]);
    expect(ingress.status).toBeUndefined();
  });
});

describe('IstioIngressReconciler: what this Ingress owns', () => {
  it('refuses a VirtualService of that name another owner controls', async () => {
    const foreign = existingVs(`${NAME}-ingress`, {}, FOREIGN_OWNER);
    const { reconciler, virtualServices, ctx } = setup({ virtualServices: [foreign] });
    const ingress = exampleA();
    await expect(reconciler.reconcile(ingress, ctx)).rejects.toThrow(`ingress: "${NAME}" does not own VirtualService: "${NAME}-ingress"`);

    const lb = condition(ingress.status, 'LoadBalancerReady');
    expect({ status: lb?.status, reason: lb?.reason }).toEqual({ status: 'False', reason: 'ReconcileVirtualServiceFailed' });
    expect(lb?.message).toContain('does not own VirtualService');
    const ready = condition(ingress.status, 'Ready');
    expect(ready?.status).not.toBe('True');
    expect({ reason: ready?.reason, message: ready?.message }).toEqual({ reason: 'ReconcileIngressFailed', message: 'Ingress reconciliation failed' });
    expect(virtualServices.at(`${NS}/${NAME}-ingress`)).toEqual(foreign);
  });

  it('deletes a stale VirtualService it controls and labelled for it; keeps one another owner controls', async () => {
    const stale = existingVs(`${NAME}-old`, { [INGRESS_LABEL]: NAME }, INGRESS_OWNER);
    const legacy = existingVs(`${NAME}-legacy`, { 'serving.knative.dev/route': 'test-route' }, INGRESS_OWNER);
    const foreign = existingVs(`${NAME}-foreign`, { [INGRESS_LABEL]: NAME }, FOREIGN_OWNER);
    const unlabelled = existingVs(`${NAME}-unlabelled`, {}, INGRESS_OWNER);
    const { reconciler, virtualServices, ctx } = setup({ virtualServices: [stale, legacy, foreign, unlabelled] });
    await reconciler.reconcile(exampleA(), ctx);
    expect(virtualServices.keys()).toEqual([`${NS}/${NAME}-foreign`, `${NS}/${NAME}-ingress`, `${NS}/${NAME}-mesh`, `${NS}/${NAME}-unlabelled`]);
  });

  it.each<[string, Record<string, string>]>([
    ['no ingress class annotation', {}],
    ["Ebb's class", { [CLASS_KEY]: 'ebb.ingress.networking.knative.dev' }],
  ])('an Ingress of another class (%s): what was made for it is deleted, probing cancelled, status untouched', async (_name, annotations) => {
    const own = [existingVs(`${NAME}-ingress`, { [INGRESS_LABEL]: NAME }, INGRESS_OWNER), existingVs(`${NAME}-mesh`, { [INGRESS_LABEL]: NAME }, INGRESS_OWNER)];
    const foreign = existingVs('other-ingress', { [INGRESS_LABEL]: 'other' }, FOREIGN_OWNER);
    const { reconciler, virtualServices, gateways, prober, events, ctx } = setup({ virtualServices: [...own, foreign], gateways: [existingGateway(PER_INGRESS_GATEWAY)], ready: true });
    const status = readyStatus('networking.ebb-system.svc.cluster.local');
    const ingress = { ...exampleA({}, { annotations }), status: structuredClone(status) };
    await reconciler.reconcile(ingress, ctx);
    expect(virtualServices.keys()).toEqual([`${NS}/other-ingress`]);
    expect(gateways.keys()).toEqual([]);
    expect(prober.cancelled).toEqual([KEY]);
    expect(prober.asked).toEqual([]);
    expect(ingress.status).toEqual(status);
    expect(events).toEqual([]);
  });

  it('updates the VirtualServices when the split changes, with a Normal Updated event', async () => {
    const { reconciler, virtualServices, events, ctx } = setup();
    await reconciler.reconcile(exampleA(), ctx);
    events.length = 0;
    const paths = [{ splits: [split('test-service', 90), split('test-service-2', 10)] }];
    const changed = exampleA(
      {
        rules: [
          { hosts: ['host-tls.example.com'], visibility: 'ExternalIP', http: { paths } },
          { hosts: ['host-tls.test-ns.svc.cluster.local'], visibility: 'ClusterLocal', http: { paths } },
        ],
      },
      { generation: 2 },
    );
    await reconciler.reconcile(changed, ctx);

    const routes = virtualServices.at(`${NS}/${NAME}-ingress`)?.spec?.http ?? [];
    expect(routes).toHaveLength(4);
    for (const route of routes) {
      expect(route.route?.map((r) => [r.destination?.host, r.weight])).toEqual([
        ['test-service.test-ns.svc.cluster.local', 90],
        ['test-service-2.test-ns.svc.cluster.local', 10],
      ]);
    }
    expect(routes[0]?.headers?.request?.set).toEqual({ 'K-Network-Hash': ingressHash(changed) });
    expect(events).toEqual([`Normal Updated Updated VirtualService "${NAME}-mesh"`, `Normal Updated Updated VirtualService "${NAME}-ingress"`]);
  });

  it('leaves VirtualServices that are current alone (no event)', async () => {
    const { reconciler, events, ctx } = setup();
    await reconciler.reconcile(exampleA(), ctx);
    events.length = 0;
    await reconciler.reconcile(exampleA(), ctx);
    expect(events).toEqual([]);
  });
});

describe('IstioIngressReconciler: mesh-only config', () => {
  function meshOnly(): IstioConfig {
    const parsed = parseIstioConfig({ 'external-gateways': '[]', 'local-gateways': '[]' }, 'knative-serving');
    if (!parsed.ok) throw new Error('the mesh-only config parses');
    return parsed.config;
  }

  it('writes only <name>-mesh (leftovers deleted), meshOnly load balancers, Ready without probing', async () => {
    const leftover = existingVs(`${NAME}-ingress`, { [INGRESS_LABEL]: NAME }, INGRESS_OWNER);
    const { reconciler, virtualServices, gateways, prober, ctx } = setup({ istio: meshOnly(), services: {}, virtualServices: [leftover], gateways: [existingGateway(PER_INGRESS_GATEWAY)] });
    const ingress = exampleA();
    await reconciler.reconcile(ingress, ctx);

    expect(virtualServices.keys()).toEqual([`${NS}/${NAME}-mesh`]);
    expect(virtualServices.at(`${NS}/${NAME}-mesh`)?.spec?.hosts).toEqual(['host-tls.test-ns.svc.cluster.local']);
    expect(gateways.keys()).toEqual([]);
    expect(prober.asked).toEqual([]);
    expect(conditionsOf(ingress.status)).toEqual({ NetworkConfigured: 'True', LoadBalancerReady: 'True', Ready: 'True' });
    expect(ingress.status?.publicLoadBalancer).toEqual({ ingress: [{ meshOnly: true }] });
    expect(ingress.status?.privateLoadBalancer).toEqual({ ingress: [{ meshOnly: true }] });
  });
});

describe('IstioIngressReconciler: httpOption Redirected without TLS', () => {
  it('writes a per-Ingress Gateway with the redirecting HTTP server and routes external matches through it; dropping Redirected deletes it', async () => {
    const { reconciler, virtualServices, gateways, ctx } = setup({ services: { [GATEWAY_SERVICE]: { istio: 'ingressgateway' } } });
    await reconciler.reconcile(exampleA({ httpOption: 'Redirected' }), ctx);

    expect(gateways.keys()).toEqual([`${NS}/${PER_INGRESS_GATEWAY}`]);
    expect(gateways.at(`${NS}/${PER_INGRESS_GATEWAY}`)).toEqual({
      apiVersion: 'networking.istio.io/v1beta1',
      kind: 'Gateway',
      metadata: { name: PER_INGRESS_GATEWAY, namespace: NS, labels: { [INGRESS_LABEL]: NAME }, ownerReferences: [INGRESS_OWNER] },
      spec: {
        selector: { istio: 'ingressgateway' },
        servers: [{ hosts: ['host-tls.example.com'], port: { name: 'http-server', number: 80, protocol: 'HTTP' }, tls: { httpsRedirect: true } }],
      },
    });
    const redirected = virtualServices.at(`${NS}/${NAME}-ingress`);
    expect(redirected?.spec?.gateways).toEqual([SHARED_LOCAL, `${NS}/${PER_INGRESS_GATEWAY}`]);
    expect(matchGateways(redirected)).toEqual([[`${NS}/${PER_INGRESS_GATEWAY}`], [`${NS}/${PER_INGRESS_GATEWAY}`], [SHARED_LOCAL], [SHARED_LOCAL]]);

    await reconciler.reconcile(exampleA({ httpOption: 'Enabled' }, { generation: 2 }), ctx);
    expect(gateways.keys()).toEqual([]);
    expect(virtualServices.at(`${NS}/${NAME}-ingress`)?.spec?.gateways).toEqual([SHARED_EXTERNAL, SHARED_LOCAL]);
  });

  it('rejects, naming the gateway Service, when that Service is missing', async () => {
    const { reconciler, virtualServices, ctx } = setup({ services: {} });
    const ingress = exampleA({ httpOption: 'Redirected' });
    await expect(reconciler.reconcile(ingress, ctx)).rejects.toThrow(`failed to get gateway Service "${GATEWAY_SERVICE}": not found`);
    expect(condition(ingress.status, 'LoadBalancerReady')?.reason).toBe('ReconcileVirtualServiceFailed');
    expect(virtualServices.keys()).toEqual([]);
  });
});

describe('IstioIngressReconciler: external TLS (Example D)', () => {
  /** The certificate (for host-tls.example.com) the test Secrets hold, made in beforeAll. */
  let certPem = '';

  beforeAll(async () => {
    const validity = { now: new Date(), lifetimeMs: 3_600_000 };
    const ca = await createCa('test-ca', validity);
    certPem = (await createServingCert(ca, { dnsNames: ['host-tls.example.com'], ipAddresses: [] }, validity)).certPem;
  });

  function tlsSecret(namespace: string, uid: string): SecretLike {
    return {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'secret0', namespace, uid },
      type: 'kubernetes.io/tls',
      data: { 'tls.crt': Buffer.from(certPem).toString('base64'), 'tls.key': Buffer.from('key').toString('base64') },
    };
  }

  const TLS_SERVICES = { [GATEWAY_SERVICE]: { istio: 'ingress' } };
  const httpServer = { hosts: ['host-tls.example.com'], port: { name: 'http-server', number: 80, protocol: 'HTTP' } };
  const tlsServer = (credentialName: string) => ({
    hosts: ['host-tls.example.com'],
    port: { name: `${NS}/${NAME}:0`, number: 443, protocol: 'HTTPS' },
    tls: { mode: 'SIMPLE', credentialName },
  });

  it('the Secret beside the gateway pods: Gateway test-ns/reconciling-ingress-3797421420 with the TLS and HTTP servers, no copy', async () => {
    const { reconciler, virtualServices, gateways, secrets, ctx } = setup({ services: TLS_SERVICES, secrets: [tlsSecret('istio-system', 'secret0-uid')] });
    const ingress = exampleD('istio-system');
    await reconciler.reconcile(ingress, ctx);

    expect(gateways.keys()).toEqual([`${NS}/${PER_INGRESS_GATEWAY}`]);
    expect(gateways.at(`${NS}/${PER_INGRESS_GATEWAY}`)).toEqual({
      apiVersion: 'networking.istio.io/v1beta1',
      kind: 'Gateway',
      metadata: { name: PER_INGRESS_GATEWAY, namespace: NS, labels: { [INGRESS_LABEL]: NAME }, ownerReferences: [INGRESS_OWNER] },
      spec: { selector: { istio: 'ingress' }, servers: [tlsServer('secret0'), httpServer] },
    });
    expect(secrets.applied).toEqual([]);
    expect(virtualServices.at(`${NS}/${NAME}-ingress`)?.spec?.gateways).toEqual([SHARED_LOCAL, `${NS}/${PER_INGRESS_GATEWAY}`]);
    expect(conditionsOf(ingress.status).NetworkConfigured).toBe('True');
  });

  it('the Secret in the Ingress namespace: copied into istio-system as <ingress>-<originUID>, the TLS server uses the copy', async () => {
    const { reconciler, gateways, secrets, ctx } = setup({ services: TLS_SERVICES, secrets: [tlsSecret(NS, 'secret0-uid')] });
    await reconciler.reconcile(exampleD(NS), ctx);

    expect(secrets.applied).toHaveLength(1);
    const [copy] = secrets.applied;
    expect(copy?.metadata).toMatchObject({
      name: `${NAME}-secret0-uid`,
      namespace: 'istio-system',
      labels: { 'networking.internal.knative.dev/originSecretName': 'secret0', 'networking.internal.knative.dev/originSecretNamespace': NS },
    });
    expect({ type: copy?.type, data: copy?.data }).toEqual({ type: 'kubernetes.io/tls', data: tlsSecret(NS, 'secret0-uid').data });
    expect(gateways.at(`${NS}/${PER_INGRESS_GATEWAY}`)?.spec?.servers).toEqual([tlsServer(`${NAME}-secret0-uid`), httpServer]);
  });

  it('Redirected → Enabled: the HTTP server of the Gateway stops redirecting', async () => {
    const { reconciler, gateways, ctx } = setup({ services: TLS_SERVICES, secrets: [tlsSecret('istio-system', 'secret0-uid')] });
    await reconciler.reconcile(exampleD('istio-system', 'Redirected'), ctx);
    expect(gateways.at(`${NS}/${PER_INGRESS_GATEWAY}`)?.spec?.servers).toEqual([tlsServer('secret0'), { ...httpServer, tls: { httpsRedirect: true } }]);

    await reconciler.reconcile(exampleD('istio-system', 'Enabled', { generation: 2 }), ctx);
    expect(gateways.at(`${NS}/${PER_INGRESS_GATEWAY}`)?.spec?.servers).toEqual([tlsServer('secret0'), httpServer]);
  });

  it('rejects when the TLS Secret does not exist: LoadBalancerReady False', async () => {
    const { reconciler, virtualServices, gateways, ctx } = setup({ services: TLS_SERVICES, secrets: [] });
    const ingress = exampleD('istio-system');
    await expect(reconciler.reconcile(ingress, ctx)).rejects.toThrow('failed to get Secret "istio-system/secret0": not found');
    const lb = condition(ingress.status, 'LoadBalancerReady');
    expect({ status: lb?.status, reason: lb?.reason, message: lb?.message }).toEqual({
      status: 'False',
      reason: 'ReconcileVirtualServiceFailed',
      message: 'failed to get Secret "istio-system/secret0": not found',
    });
    expect(condition(ingress.status, 'Ready')?.reason).toBe('ReconcileIngressFailed');
    expect([...virtualServices.keys(), ...gateways.keys()]).toEqual([]);
  });
});
