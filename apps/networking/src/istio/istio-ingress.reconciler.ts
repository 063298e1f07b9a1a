// The Istio translator's reconcile (net-istio `pkg/reconciler/ingress/ingress.go`, ISTIO.md §3–5):
// for an Ingress of the Istio class, default its spec; when it has TLS (or `httpOption:
// Redirected`), read the Secrets its TLS names, copy them next to the gateway pods and write its
// own Gateways (and the shared wildcard-certificate ones); then write the VirtualServices
// (`<name>-mesh`, `<name>-ingress`, probe routes inserted) naming those gateways — creating,
// updating and deleting what this Ingress controls — mark NetworkConfigured and, once every
// gateway pod answers the probe with the new hash, LoadBalancerReady with net-istio's addresses.
// An object of that name this Ingress does not control is an error, as is any failed read or
// write: LoadBalancerReady False `ReconcileVirtualServiceFailed`, Ready `ReconcileIngressFailed`,
// and the runtime's Warning Event. Mesh-only config (no gateways): just the mesh VirtualService.
// An Ingress of another class gets nothing from here, and the VirtualServices and Gateways made
// for it while it was of the Istio class are deleted.
import {
  AnnotationAliases,
  firstKey,
  isIngressReady,
  ISTIO_INGRESS_CLASS,
  markLoadBalancerNotReady,
  markNetworkConfigured,
  semanticEqual,
  type Gateway,
  type Ingress,
  type IngressStatus,
  type VirtualService,
} from '@ebb/api';
import { gatewaysEnabled, type IstioConfig } from '@ebb/config';
import { reconcileChild, type EventSink, type Informer, type KubeObjectLike, type ReconcileContext, type Reconciler, type ResourceClient } from '@ebb/kube';
import { defaultIngressSpec, ingressHash } from '../routing-table/ingress-hash.js';
import { httpServerWanted, ingressTLSForVisibility, makeIngressGateways, makeWildcardGateways, type GatewayService } from './resources/gateway.js';
import { externalGatewayServices, loadBalancerServices, NO_PER_INGRESS_GATEWAYS, virtualServiceGatewayNames, type PerIngressGateways } from './resources/gateway-selection.js';
import type { ProbeTarget } from './resources/probe-targets.js';
import { categorizeSecrets, certDnsNames, secretCopies, type IngressTLS, type SecretLike, type TLSSecret } from './resources/secret.js';
import { loadBalancerAddresses, markIngressReconcileFailed, markIstioLoadBalancerReady, markVirtualServiceFailed, type LoadBalancerAddresses } from './resources/status.js';
import { hasIstioIngressClass, makeVirtualServices, staleChildren } from './resources/virtual-service.js';

/** The objects of one kind this reconciler keeps in line. */
export interface ChildStore<T extends VirtualService | Gateway> {
  readonly lister: Pick<Informer<T>, 'get' | 'list'>;
  readonly writer: Pick<ResourceClient<T>, 'create' | 'update' | 'delete'>;
}

/** The Secrets an Ingress' TLS names, and the copies of them beside the gateways. */
export interface SecretAccess {
  get(namespace: string, name: string): Promise<SecretLike | undefined>;
  /** Creates the copy, or updates it when its data, type, labels or annotations differ. */
  apply(copy: SecretLike): Promise<void>;
}

/** The config a reconcile reads. */
export interface IstioIngressConfig {
  readonly istio: IstioConfig;
  /** config-network `cluster-local-domain-tls` is Enabled. */
  readonly clusterLocalTls: boolean;
}

/** What the reconciler reads and writes besides the Ingress. */
export interface IstioIngressDeps {
  /** The current config (the last good parse of each map). */
  readonly config: () => IstioIngressConfig;
  readonly virtualServices: ChildStore<VirtualService>;
  readonly gateways: ChildStore<Gateway>;
  readonly secrets: SecretAccess;
  /** The Service `namespace/name` (for a per-Ingress Gateway's selector), undefined when missing. */
  readonly service: (namespace: string, name: string) => { readonly spec?: { readonly selector?: Record<string, string> } } | undefined;
  /** The gateway pods to probe for an Ingress (see probe-targets.ts). */
  readonly probeTargets: (ingress: Ingress, config: IstioConfig) => readonly ProbeTarget[];
  readonly prober: { isReady(key: string, hash: string, targets: readonly ProbeTarget[]): boolean; cancel(key: string): void };
}

/** Whether the Istio translator serves an Ingress: its ingress class annotation is Istio's. */
export function isIstioClass(ingress: Ingress): boolean {
  return firstKey(ingress.metadata?.annotations, AnnotationAliases.IngressClass)?.value === ISTIO_INGRESS_CLASS;
}

/** Whether the Ingress' status names these load balancers (a Ready another class wrote does not). */
function sameLoadBalancers(ingress: Ingress, addresses: LoadBalancerAddresses): boolean {
  return semanticEqual(ingress.status?.publicLoadBalancer?.ingress, addresses.public) && semanticEqual(ingress.status?.privateLoadBalancer?.ingress, addresses.private);
}

/** Whether the Ingress gets Gateways of its own (§5): TLS that applies, or its own HTTP server; only then are the gateway Services and Secrets read. */
function needsOwnGateways(ingress: Ingress, clusterLocalTls: boolean): boolean {
  const tls = ingressTLSForVisibility(ingress, 'ExternalIP').length > 0 || (clusterLocalTls && ingressTLSForVisibility(ingress, 'ClusterLocal').length > 0);
  return tls || httpServerWanted(ingress);
}

/** Whether the Ingress' deletion has begun (its children go with it, through their owner references). */
function isBeingDeleted(ingress: Ingress): boolean {
  return (ingress.metadata?.deletionTimestamp ?? '') !== '';
}

function generationOf(ingress: Ingress): number {
  return ingress.metadata?.generation ?? 0;
}

function keyOf(ingress: Ingress): string {
  return `${ingress.metadata?.namespace ?? ''}/${ingress.metadata?.name ?? ''}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Reconciles Ingresses of the Istio class into Istio objects. */
export class IstioIngressReconciler implements Reconciler<Ingress> {
  constructor(private readonly deps: IstioIngressDeps) {}

  async reconcile(ingress: Ingress, context: ReconcileContext): Promise<void> {
    if (!isIstioClass(ingress)) return this.forget(ingress);
    if (isBeingDeleted(ingress)) return;
    const config = this.deps.config();
    const defaulted: Ingress = { ...ingress, spec: defaultIngressSpec(ingress.spec) };
    const addresses = this.addresses(defaulted, config.istio);
    const wasReady = isIngressReady(ingress) && sameLoadBalancers(ingress, addresses);
    const status = ingress.status ?? {};
    try {
      await this.applyAll(defaulted, config, context.events);
    } catch (error) {
      ingress.status = markIngressReconcileFailed(markVirtualServiceFailed(status, messageOf(error), context.now), context.now);
      throw error;
    }
    const configured = markNetworkConfigured(status, context.now);
    const probed = wasReady ? configured : this.loadBalancerStatus({ ...defaulted, status: configured }, { config: config.istio, addresses }, context.now);
    ingress.status = { ...probed, observedGeneration: generationOf(ingress) };
  }

  /** Not (or no longer) of the Istio class: stop probing it and delete what was made for it. */
  private async forget(ingress: Ingress): Promise<void> {
    this.deps.prober.cancel(keyOf(ingress));
    await this.deleteStale(this.deps.virtualServices, ingress, []);
    await this.deleteStale(this.deps.gateways, ingress, []);
  }

  /** Gateways (and Secret copies) first, then the VirtualServices that name them; the stale ones deleted. */
  private async applyAll(ingress: Ingress, config: IstioIngressConfig, events: EventSink): Promise<void> {
    const perIngress = gatewaysEnabled(config.istio) ? await this.perIngressGateways(ingress, config) : { ...NO_PER_INGRESS_GATEWAYS, secrets: [] };
    const gateways = [...perIngress.external, ...perIngress.clusterLocal];
    for (const gateway of gateways) await this.applyChild(this.deps.gateways, { kind: 'Gateway', desired: gateway, owner: ingress }, events);
    for (const gateway of perIngress.wildcard) await this.applyWildcardGateway(gateway, perIngress.secrets, events);
    await this.deleteStale(this.deps.gateways, ingress, gateways);
    const names = virtualServiceGatewayNames(config.istio, ingress, perIngress);
    const desired = makeVirtualServices(ingress, names, { localGatewaysConfigured: config.istio.localGateways.length > 0 }).filter(hasIstioIngressClass);
    for (const vs of desired) await this.applyChild(this.deps.virtualServices, { kind: 'VirtualService', desired: vs, owner: ingress }, events);
    await this.deleteStale(this.deps.virtualServices, ingress, desired);
  }

  /** The Ingress' own Gateways (§5), with the Secrets their TLS servers use copied beside the gateway pods. */
  private async perIngressGateways(ingress: Ingress, config: IstioIngressConfig): Promise<PerIngressGateways & { secrets: TLSSecret[] }> {
    if (!needsOwnGateways(ingress, config.clusterLocalTls)) return { ...NO_PER_INGRESS_GATEWAYS, secrets: [] };
    const services = this.gatewayServices(ingress, config.istio);
    const secrets = await this.tlsSecrets(ingress, config.clusterLocalTls);
    for (const copy of secretCopies({ ingress, secrets, gatewayNamespaces: [...new Set(services.map((s) => s.namespace))] })) await this.deps.secrets.apply(copy);
    const made = makeIngressGateways({ ingress, gatewayServices: services, secrets, clusterLocalTLS: config.clusterLocalTls });
    const wildcard = makeWildcardGateways({ secrets: categorizeSecrets(secrets).wildcard.filter((s) => this.usedByExternalTLS(ingress, s)), gatewayServices: services });
    return { ...made, wildcard, secrets };
  }

  private usedByExternalTLS(ingress: Ingress, secret: TLSSecret): boolean {
    const key = `${secret.secret.metadata?.namespace ?? ''}/${secret.secret.metadata?.name ?? ''}`;
    return ingressTLSForVisibility(ingress, 'ExternalIP').some((tls) => `${tls.secretNamespace ?? ''}/${tls.secretName ?? ''}` === key);
  }

  /** The selected external gateways' Services with their pod selectors; a missing Service is an error. */
  private gatewayServices(ingress: Ingress, config: IstioConfig): GatewayService[] {
    return externalGatewayServices(config, ingress).map(({ namespace, name }) => {
      const service = this.deps.service(namespace, name);
      if (service === undefined) throw new Error(`failed to get gateway Service "${namespace}/${name}": not found`);
      return { namespace, name, ...(service.spec?.selector === undefined ? {} : { selector: service.spec.selector }) };
    });
  }

  /** The Secrets the TLS entries that apply name (external; cluster-local when enabled), with their certificates' DNS SANs. */
  private async tlsSecrets(ingress: Ingress, clusterLocalTls: boolean): Promise<TLSSecret[]> {
    const entries: IngressTLS[] = [...ingressTLSForVisibility(ingress, 'ExternalIP'), ...(clusterLocalTls ? ingressTLSForVisibility(ingress, 'ClusterLocal') : [])];
    const keys = [...new Set(entries.map((tls) => `${tls.secretNamespace ?? ''}/${tls.secretName ?? ''}`))];
    const found: TLSSecret[] = [];
    for (const key of keys) {
      const [namespace = '', name = ''] = key.split('/');
      const secret = await this.deps.secrets.get(namespace, name);
      if (secret === undefined) throw new Error(`failed to get Secret "${key}": not found`);
      found.push({ secret, dnsNames: certDnsNames(secret) });
    }
    return found;
  }

  /** A shared wildcard-certificate Gateway, controlled by its Secret (in the Gateway's namespace). */
  private async applyWildcardGateway(gateway: Gateway, secrets: readonly TLSSecret[], events: EventSink): Promise<void> {
    const { namespace, ownerReferences } = gateway.metadata ?? {};
    const secret = secrets.find((s) => s.secret.metadata?.namespace === namespace && s.secret.metadata?.name === ownerReferences?.[0]?.name)?.secret;
    if (secret === undefined) throw new Error(`the wildcard Gateway "${gateway.metadata?.name ?? ''}" names no Secret of this Ingress`);
    await this.applyChild(this.deps.gateways, { kind: 'Gateway', desired: gateway, owner: { ...secret, kind: 'Secret' } }, events);
  }

  /** Creates or updates one child; one of that name `owner` does not control is an error (NotOwned). */
  private async applyChild<T extends VirtualService | Gateway>(store: ChildStore<T>, child: { kind: string; desired: T; owner: KubeObjectLike }, events: EventSink): Promise<void> {
    const owner = { kind: child.owner.kind ?? '', name: child.owner.metadata?.name ?? '', object: child.owner };
    const outcome = await reconcileChild({ kind: child.kind, lister: store.lister, writer: store.writer, desired: child.desired, owner, exactSpec: true }, events);
    if (outcome.state === 'not-owned') throw new Error(`${owner.kind.toLowerCase()}: "${owner.name}" does not own ${child.kind}: "${child.desired.metadata?.name ?? ''}"`);
  }

  /** Deletes what this Ingress controls among the objects labelled for it that are not in `desired`. */
  private async deleteStale<T extends VirtualService | Gateway>(store: ChildStore<T>, ingress: Ingress, desired: readonly T[]): Promise<void> {
    const namespace = ingress.metadata?.namespace ?? '';
    for (const object of staleChildren(store.lister.list(namespace), desired, ingress)) await store.writer.delete(namespace, object.metadata?.name ?? '');
  }

  /** The load balancers net-istio reports (§3.5; mesh-only: `meshOnly` for both). */
  private addresses(ingress: Ingress, config: IstioConfig): LoadBalancerAddresses {
    if (!gatewaysEnabled(config)) return loadBalancerAddresses(undefined, undefined);
    const services = loadBalancerServices(config, ingress);
    return loadBalancerAddresses(services.external, services.local);
  }

  /** LoadBalancerReady once every gateway pod serves the Ingress' hash (mesh-only: at once), else Unknown. */
  private loadBalancerStatus(ingress: Ingress, at: { config: IstioConfig; addresses: LoadBalancerAddresses }, now: Date): IngressStatus {
    const status = ingress.status ?? {};
    const ready = !gatewaysEnabled(at.config) || this.deps.prober.isReady(keyOf(ingress), ingressHash(ingress), this.deps.probeTargets(ingress, at.config));
    return ready ? markIstioLoadBalancerReady(status, at.addresses, now) : markLoadBalancerNotReady(status, now);
  }
}
